"""Text → units: the indivisible pieces the breaker places (an ideograph, a mark, ——, a word, a number).

Each unit knows its characters, advances (pt), the blank of a punctuation mark that may be compressed
(and on which side), its class at both edges for 禁则, and whether it is Latin (for CJK–Latin spacing).
A URL comes as parts that each end at a break point. `make_units` also says which units are not a lone
ideograph (`Units.special`): the items are built around those.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from layout.model.style import PunctStyle
from layout.model.text import Metrics
from layout.text.classes import C, cls
from layout.text.spacing import Side, blank_side

# A Latin word or a number with its decimal point, separators, sign and unit; a URL; a dividing mark.
_LATIN_RUN = re.compile(
    r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+"  # URL
    r"|[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]"
    r"(?:[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff'’_@&+]|[.,:\-–—/](?=[A-Za-z0-9]))*"
    r"[%‰℃°′″％]?"
)
_DIVIDE_PAIR = re.compile(r"——|……|⋯⋯|――")
URL_BREAKS = "/.-?&="
_URL_PARTS = re.compile(r"[^/.\-?&=]+[/.\-?&=]*|[/.\-?&=]+")


class Unit(NamedTuple):
    start: int  # index of the first character in the text
    chars: str
    advances: tuple[float, ...]  # pt per character, natural
    fonts: tuple[str, ...]
    first: C  # class of the first character (line-start rules)
    last: C  # class of the last character (line-end rules)
    blank_left: float  # compressible blank on the left (opening marks), pt
    blank_right: float  # compressible blank on the right (closing, pause/stop marks), pt
    latin: bool  # a Latin word or number (CJK–Latin spacing applies next to ideographs)
    space: bool  # a space: a break opportunity, dropped at line edges
    url: bool = False
    shift: float = 0.0  # draw the glyph this far from the unit's left edge (a half-width opening mark)
    missing: tuple[int, ...] = ()  # indices (in the text) of characters no font has

    @property
    def width(self) -> float:
        return sum(self.advances)

    @property
    def end(self) -> int:
        return self.start + len(self.chars)


def _glyphs(chars: str, size: float, metrics: Metrics) -> tuple[tuple[float, ...], tuple[str, ...], list[int]]:
    advs: list[float] = []
    fonts: list[str] = []
    missing: list[int] = []
    for i, ch in enumerate(chars):
        found = metrics.lookup(ch)
        if found is None:
            missing.append(i)
            advs.append(size)
            fonts.append("")
        else:
            fonts.append(found[0])
            advs.append(found[1] * size)
    return tuple(advs), tuple(fonts), missing


new_unit = tuple.__new__  # bypasses NamedTuple's argument handling on the hot path


class Units(NamedTuple):
    """A paragraph's units, and which of them are not a lone ideograph (one character, set by the fast
    path): only next to those can a spacing or break rule answer otherwise than between two ideographs."""

    units: tuple[Unit, ...]
    special: tuple[int, ...]  # indices of the others (marks, words, spaces, …), ascending


class _Seen(NamedTuple):
    """What `make_units` learns of a character the first time it meets it (in a font at a size)."""

    fields: tuple[object, ...] | None  # its one-character unit's fields after (start, chars), unless they
    # depend on more than the character (a space, the start of a run, a missing or a combining character)
    lone: bool  # that unit is a lone ideograph
    cls: C
    advance: float  # pt
    font: str
    missing: bool  # no font has it
    combining: bool


def _see(ch: str, size: float, metrics: Metrics) -> _Seen:
    found = metrics.lookup(ch)
    c = cls(ch)
    combining = bool(unicodedata.combining(ch))
    if found is None:
        return _Seen(None, False, c, size, "", True, combining)
    adv, font = found[1] * size, found[0]
    if combining or c is C.SPACE or _may_start_run(ch, c):
        return _Seen(None, False, c, adv, font, False, combining)
    fields = ((adv,), (font,), c, c, *_blanks(c, adv, size), c is C.LATIN, False, False, 0.0, ())
    return _Seen(fields, c is C.IDEO, c, adv, font, False, False)


def _blanks(c: C, adv: float, size: float) -> tuple[float, float]:
    """The compressible blank halves (left, right) of a one-character unit of class `c`, `adv` pt wide."""
    side = blank_side(c, adv, size)
    return adv / 2 if side is Side.LEFT else 0.0, adv / 2 if side is Side.RIGHT else 0.0


def _may_start_run(ch: str, c: C) -> bool:
    """Can a unit of several characters (——, a word, a number, a URL) start with `ch`?"""
    return c is C.DIVIDE or (c in (C.LATIN, C.PREFIX, C.CONNECT, C.POSTFIX) and ch.isascii() and ch not in "%$#/-")


@lru_cache(maxsize=64)
def char_table(metrics: Metrics, size: float) -> dict[str, _Seen]:
    """What `make_units` has learnt of each character in one font chain at one size, filled as it meets
    them: a paragraph mostly repeats characters the ones before it had."""
    return {}


def make_units(text: str, start: int, size: float, metrics: Metrics, punct: PunctStyle) -> Units:
    units: list[Unit] = []
    special: list[int] = []
    append = units.append
    seen = char_table(metrics, size)
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        info = seen.get(ch)
        if info is None:
            info = seen[ch] = _see(ch, size, metrics)
        fields = info.fields
        if fields is not None:  # the common case: one ideograph, one em (or one mark)
            if not info.lone:
                special.append(len(units))
            append(new_unit(Unit, (i, ch) + fields))  # noqa: RUF005 (concatenation is faster)
            i += 1
            continue
        if info.combining and units:  # a combining mark stays with its base character
            if not special or special[-1] != len(units) - 1:
                special.append(len(units) - 1)  # no longer a lone ideograph
            last = units[-1]
            units[-1] = last._replace(chars=last.chars + ch, advances=(*last.advances, info.advance),
                                      fonts=(*last.fonts, info.font),
                                      missing=(*last.missing, i) if info.missing else last.missing)
            i += 1
            continue
        special.append(len(units))
        i = _other(text, i, info, size, metrics, units, special)
    if punct is PunctStyle.KAIMING:
        units = [_kaiming(u) for u in units]
    return Units(tuple(units), tuple(special))


def _other(text: str, i: int, info: _Seen, size: float, metrics: Metrics, units: list[Unit],
           special: list[int]) -> int:
    """Append the unit(s) starting at text[i] that are not a lone ideograph; return where the next starts."""
    c, adv, font = info.cls, info.advance, info.font
    ch = text[i]
    m = None
    if c is C.DIVIDE:
        m = _DIVIDE_PAIR.match(text, i)
    elif _may_start_run(ch, c):
        m = _LATIN_RUN.match(text, i)
    if m and m.end() > i:
        chars = m.group()
        latin = c is not C.DIVIDE
        url = latin and ("://" in chars or chars.startswith("www."))
        # a URL is set as parts that each end at a break point (/ . - ? & =): it may break there,
        # and a justified line may open up between the parts
        for n_part, part in enumerate(_URL_PARTS.findall(chars) if url else [chars]):
            advs, fonts, miss = _glyphs(part, size, metrics)
            if n_part:
                special.append(len(units))
            units.append(Unit(i, part, advs, fonts, cls(part[0]), cls(part[-1]), 0.0, 0.0, latin, False,
                              url=url, missing=tuple(i + k for k in miss)))
            i += len(part)
        return i
    bl, br = _blanks(c, adv, size)
    if c is C.SPACE and ch != "\u3000":  # the ideographic space keeps its full width: a deliberate 1-em gap
        adv = size / 2 if _cjk_around(text, i) else adv
    units.append(Unit(i, ch, (adv,), (font,), c, c, bl, br, c is C.LATIN, c is C.SPACE,
                      missing=(i,) if info.missing else ()))
    return i + 1


def _cjk_around(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(before and after) and cls(before) in (C.IDEO, C.CLOSE, C.OPEN, C.PAUSE) \
        and cls(after) in (C.IDEO, C.OPEN, C.CLOSE)


def _kaiming(u: Unit) -> Unit:
    """开明: pause/stop marks stay full; other marks are set half-width everywhere."""
    if u.first in (C.OPEN, C.CLOSE) and (u.blank_left or u.blank_right):
        half = u.advances[0] / 2
        shift = -half if u.first is C.OPEN else 0.0
        # only the mark itself is halved: a combining mark on it keeps its own advance
        return Unit(u.start, u.chars, (half, *u.advances[1:]), u.fonts, u.first, u.last, 0.0, 0.0, False, False,
                    shift=shift, missing=u.missing)
    return u
