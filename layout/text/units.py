"""Text → units: the indivisible pieces the breaker places (an ideograph, a mark, ——, a word, a number).

Each unit knows its characters, advances (pt), the blank of a punctuation mark that may be compressed
(and on which side), its class at both edges for 禁则, and whether it is Latin (for CJK–Latin spacing).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from layout.model.style import PunctStyle
from layout.model.text import Metrics
from layout.text.classes import C, cls

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


def make_units(text: str, start: int, size: float, metrics: Metrics, punct: PunctStyle) -> list[Unit]:
    units: list[Unit] = []
    append = units.append
    seen: dict[str, tuple[C, float, str, bool]] = {}  # per call: class, advance, font, missing
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        info = seen.get(ch)
        if info is None:
            found = metrics.lookup(ch)
            info = seen[ch] = (cls(ch), found[1] * size if found else size, found[0] if found else "", found is None)
        c, adv, font, missing = info
        if units and unicodedata.combining(ch):  # a combining mark stays with its base character
            last = units[-1]
            units[-1] = last._replace(chars=last.chars + ch, advances=(*last.advances, adv),
                                      fonts=(*last.fonts, font),
                                      missing=(*last.missing, i) if missing else last.missing)
            i += 1
            continue
        if c is C.IDEO and not missing:  # the common case: one ideograph, one em
            append(new_unit(Unit, (i, ch, (adv,), (font,), c, c, 0.0, 0.0, False, False, False, 0.0, ())))
            i += 1
            continue
        m = None
        if c is C.DIVIDE:
            m = _DIVIDE_PAIR.match(text, i)
        elif c in (C.LATIN, C.PREFIX, C.CONNECT, C.POSTFIX) and ch.isascii() and ch not in "%$#/-":
            m = _LATIN_RUN.match(text, i)
        if m and m.end() > i:
            chars = m.group()
            latin = c is not C.DIVIDE
            url = latin and ("://" in chars or chars.startswith("www."))
            # a URL is set as parts that each end at a break point (/ . - ? & =): it may break there,
            # and a justified line may open up between the parts
            for part in (_URL_PARTS.findall(chars) if url else [chars]):
                advs, fonts, miss = _glyphs(part, size, metrics)
                append(Unit(i, part, advs, fonts, cls(part[0]), cls(part[-1]), 0.0, 0.0, latin, False,
                            url=url, missing=tuple(i + k for k in miss)))
                i += len(part)
            continue
        bl = br = 0.0
        full = adv >= size * 0.99
        if c is C.OPEN and full:
            bl = adv / 2
        elif c in (C.CLOSE, C.PAUSE) and full:
            br = adv / 2
        if c is C.SPACE:
            adv = size / 2 if ch == "\u3000" or _cjk_around(text, i) else adv
        append(Unit(i, ch, (adv,), (font,), c, c, bl, br, c is C.LATIN, c is C.SPACE,
                    missing=(i,) if missing else ()))
        i += 1
    if punct is PunctStyle.KAIMING:
        units = [_kaiming(u) for u in units]
    return units


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
