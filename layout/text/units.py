"""Text → units: the indivisible pieces the breaker places (an ideograph, a mark, ——, a word, a number).

Each unit knows its characters, advances (pt), the blank of a punctuation mark that may be compressed
(and on which side), its class at both edges for 禁则, and whether it is Latin (for CJK–Latin spacing).
`make_units` also says which units are not a lone ideograph (`Units.special`): the items are built
around those.

Latin text (docs/text-engine.md §5a): a word is cut into pieces where a line may break inside it — after its
own hyphens (`debian-edu-` / `router`), at soft hyphens (U+00AD) and at the dictionary's hyphenation
points (pyphen; words of 6+ letters, 2 letters before and 3 after, not all capitals) — the pieces
after the first are `rigid` (the glue before them never stretches) and a piece followed by a
discretionary hyphen carries that hyphen's width. A URL or an e-mail address comes as rigid parts that
break after `/ . ? _` and before `- # & = @`, never with a hyphen and never spread apart — never before `.`
or `?`, nor after `-`: a line would open with a stop mark, or end like a hyphenated word. Spaces between a
Chinese character and a Latin word, and before a closing or pause mark, are dropped: the CJK–Latin space
is the rule's, not the source's. U+2028 is a forced line break.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from layout.model.style import PunctStyle
from layout.model.text import Metrics
from layout.text.classes import C, cls
from layout.text.hyphen import Hyphenator, hyphenator
from layout.text.spacing import Side, blank_side
from layout.text.vertical import tcy_number, upright_acronym

# A Latin word or a number with its decimal point, separators, sign and unit; a URL; a dividing mark.
_LATIN_RUN = re.compile(
    r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+"  # URL
    r"|[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]"
    r"(?:[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff'’_@&+\u00ad]|[.,:∶\-–—/](?=[A-Za-z0-9]))*"
    r"[%‰℃°′″％]?"
)
_DIVIDE_PAIR = re.compile(r"——|……|⋯⋯|――")
URL_BREAKS = "/.?_"  # a URL part too wide for any line is cut after one of these
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+\Z")
_URL_PIECES = re.compile(r"[-#&=@]?[^-/.?_#&=@]*[/.?_]*")  # breaks after / . ? _, before - # & = @
HYPHEN_MIN_WORD, HYPHEN_LEFT, HYPHEN_RIGHT = 6, 2, 3


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
    hyphen: float = 0.0  # a discretionary hyphen follows: its width, pt (added when a line ends here)
    soft: bool = False  # a line may end after it, but only to save a loose line (a hyphenation point, the
    # dash of a number range: 2025— / 2026)
    rigid: bool = False  # continues the word (or URL) before it: the glue before it never stretches
    forced: bool = False  # U+2028: a line ends here

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
    if combining or c in (C.SPACE, C.BREAK) or _may_start_run(ch, c):
        return _Seen(None, False, c, adv, font, False, combining)
    fields = ((adv,), (font,), c, c, *_blanks(c, adv, size), c is C.LATIN, False, False, 0.0, (), 0.0, False, False,
              False)
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


@lru_cache(maxsize=64)
def lone_table(metrics: Metrics, size: float) -> dict[str, tuple[object, ...]]:
    """The characters of `char_table` whose unit is a lone ideograph, each with its unit's fields after
    `start` (`make_units` reads them first: most of a Chinese paragraph)."""
    return {}


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """What decides a paragraph's units besides its text: the size, the fonts (and a second chain for
    the bold ranges), the punctuation style and the language whose hyphenation dictionary is used."""

    size: float
    metrics: Metrics
    punct: PunctStyle
    lang: str = ""  # pyphen language (en_US …); "" = no dictionary hyphenation
    bold: tuple[tuple[int, int], ...] = ()  # text ranges set with `bold_metrics`
    bold_metrics: Metrics | None = None


def make_units(text: str, start: int, size: float, metrics: Metrics, punct: PunctStyle,
               spec: UnitSpec | None = None) -> Units:
    """The units of text[start:], range by range (a bold range is read in its own font chain)."""
    spec = spec or UnitSpec(size, metrics, punct)
    units: list[Unit] = []
    special: list[int] = []
    for lo, hi, chain in _ranges(text, start, spec):
        _fill(text, lo, hi, chain, spec, units, special)
    if punct is PunctStyle.KAIMING:
        units = [_kaiming(u) for u in units]
    elif punct is PunctStyle.NONE:  # 不压缩 (Taiwan, Hong Kong: docs/text-engine.md rule-13): no blank to give up
        units = [u._replace(blank_left=0.0, blank_right=0.0) if u.blank_left or u.blank_right else u for u in units]
    return Units(tuple(units), tuple(special))


def _ranges(text: str, start: int, spec: UnitSpec) -> list[tuple[int, int, Metrics]]:
    """text[start:] as ranges of one font chain each."""
    if not spec.bold or spec.bold_metrics is None:
        return [(start, len(text), spec.metrics)]
    out: list[tuple[int, int, Metrics]] = []
    i = start
    for lo, hi in sorted(spec.bold):
        lo, hi = max(lo, start), min(hi, len(text))
        if hi <= lo:
            continue
        if i < lo:
            out.append((i, lo, spec.metrics))
        out.append((lo, hi, spec.bold_metrics))
        i = hi
    if i < len(text):
        out.append((i, len(text), spec.metrics))
    return out


def _fill(text: str, i: int, end: int, metrics: Metrics, spec: UnitSpec, units: list[Unit],
          special: list[int]) -> None:
    """Append the units of text[i:end], read in `metrics`."""
    seen = char_table(metrics, spec.size)
    lone = lone_table(metrics, spec.size)
    append = units.append
    nxt = i  # where the next unit starts (a unit of several characters, a dropped space)
    for k, ch in enumerate(text[i:end], i):
        if k < nxt:
            continue
        rest = lone.get(ch)
        if rest is not None:  # the common case: a lone ideograph, one em
            append(new_unit(Unit, (k,) + rest))  # noqa: RUF005 (concatenation is faster)
            continue
        nxt = _one(text, k, end, metrics, spec, units, special, seen, lone)


def _one(text: str, i: int, end: int, metrics: Metrics, spec: UnitSpec, units: list[Unit], special: list[int],
         seen: dict[str, _Seen], lone: dict[str, tuple[object, ...]]) -> int:
    """Append the unit(s) starting at text[i] (or add it to the unit before); return where the next starts."""
    ch = text[i]
    info = seen.get(ch)
    if info is None:
        info = seen[ch] = _see(ch, spec.size, metrics)
    fields = info.fields
    if fields is not None:  # one ideograph, one em (or one mark)
        if info.lone:
            lone[ch] = (ch, *fields)
        else:
            special.append(len(units))
        units.append(new_unit(Unit, (i, ch) + fields))  # noqa: RUF005 (concatenation is faster)
        return i + 1
    if info.combining and units:  # a combining mark stays with its base character
        if not special or special[-1] != len(units) - 1:
            special.append(len(units) - 1)  # no longer a lone ideograph
        last = units[-1]
        units[-1] = last._replace(chars=last.chars + ch, advances=(*last.advances, info.advance),
                                  fonts=(*last.fonts, info.font),
                                  missing=(*last.missing, i) if info.missing else last.missing)
        return i + 1
    if info.cls is C.SPACE and _noise(text, i):
        return i + 1  # a space the rules replace (CJK–Latin) or that only separates a mark: not set
    special.append(len(units))
    return _other(text, i, end, info, metrics, spec, units, special)


def _noise(text: str, i: int) -> bool:
    """A space between a Chinese character and a Latin word (either way), or before a closing or pause
    mark, or after an opening one (docs/text-engine.md §5, §5a): the source's spacing, which the rules replace."""
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k = i
    while k + 1 < len(text) and text[k + 1] in " \t":
        k += 1
    before = cls(text[j - 1]) if j > 0 else C.SPACE
    after = cls(text[k + 1]) if k + 1 < len(text) else C.SPACE
    if after in (C.CLOSE, C.PAUSE) or before is C.OPEN:
        return True
    cjk = (C.IDEO, C.ITER, C.OTHER)
    return (before in cjk and after is C.LATIN) or (before is C.LATIN and after in cjk)


def _other(text: str, i: int, end: int, info: _Seen, metrics: Metrics, spec: UnitSpec, units: list[Unit],
           special: list[int]) -> int:
    """Append the unit(s) starting at text[i] that are not a lone ideograph; return where the next starts."""
    c, adv, font, size = info.cls, info.advance, info.font, spec.size
    ch = text[i]
    m = None
    if c is C.DIVIDE:
        m = _DIVIDE_PAIR.match(text, i, end)
    elif _may_start_run(ch, c):
        m = _LATIN_RUN.match(text, i, end)
    if m and m.end() > i:
        chars = m.group()
        if c is C.DIVIDE:
            advs, fonts, miss = _glyphs(chars, size, metrics)
            units.append(Unit(i, chars, advs, fonts, c, c, 0.0, 0.0, False, False,
                              missing=tuple(i + k for k in miss)))
            return m.end()
        return _latin_run(chars, i, metrics, spec, units, special)
    bl, br = _blanks(c, adv, size)
    if c is C.SPACE and ch != "\u3000":  # the ideographic space keeps its full width: a deliberate 1-em gap
        adv = size / 2 if _cjk_around(text, i) else adv
    if c is C.BREAK:
        adv = 0.0
    units.append(Unit(i, ch, (adv,), (font,), c, c, bl, br, c is C.LATIN, c in (C.SPACE, C.BREAK),
                      missing=(i,) if info.missing else (), forced=c is C.BREAK))
    return i + 1


def _latin_run(chars: str, i: int, metrics: Metrics, spec: UnitSpec, units: list[Unit], special: list[int]) -> int:
    """A Latin word, number, URL or e-mail address as one or more pieces (see the module's description)."""
    url = "://" in chars or chars.startswith("www.") or bool(_EMAIL.match(chars))
    hyphen = (metrics.lookup("-") or ("", 0.33))[1] * spec.size
    pieces = _url_pieces(chars) if url else _word_pieces(chars, spec.lang)
    for n, (piece, disc) in enumerate(pieces):
        advs, fonts, miss = _glyphs(piece, spec.size, metrics)
        advs = tuple(0.0 if piece[k] == "\u00ad" else a for k, a in enumerate(advs))  # a soft hyphen is invisible
        if upright_acronym(chars, metrics):  # vertical text: each capital upright in its em cell
            advs = tuple(spec.size for _a in advs)
        elif tcy_number(chars, metrics):  # vertical text: a 纵中横 number fills one em cell
            advs = tuple(spec.size / len(advs) for _a in advs)
        if n:
            special.append(len(units))
        units.append(Unit(i, piece, advs, fonts, cls(piece[0]), cls(piece[-1]), 0.0, 0.0, True, False, url=url,
                          missing=tuple(i + k for k in miss if piece[k] != "\u00ad"),
                          hyphen=hyphen if disc else 0.0, soft=disc is not False, rigid=n > 0))
        i += len(piece)
    return i


def _url_pieces(chars: str) -> list[tuple[str, bool | None]]:
    """A URL or e-mail address cut after / . ? _ and before - # & = @ (the scheme's // stays whole)."""
    head = chars.index("://") + 3 if "://" in chars else 0
    parts = [chars[:head]] if head else []
    parts += [p for p in _URL_PIECES.findall(chars, head) if p]
    return [(p, False) for p in parts]


def _word_pieces(chars: str, lang: str) -> list[tuple[str, bool | None]]:
    """A word cut after its own hyphens (a break that adds nothing), at its soft hyphens and — when it has
    none — at its dictionary hyphenation points (breaks that add a hyphen); a range of numbers after its
    dash. (piece, True: a hyphen follows / None: a soft break without a hyphen follows / False: neither)."""
    out: list[tuple[str, bool | None]] = []
    if re.fullmatch(r"\d[\d.,]*[—–]\d[\d.,]*", chars):  # a range of numbers: it may break after its dash
        head, tail = re.split(r"(?<=[—–])", chars, maxsplit=1)
        return [(head, None), (tail, False)]
    for compound in re.split(r"(?<=-)(?=[^\W\d_])", chars):
        softs = compound.split("\u00ad")
        for k, soft in enumerate(softs):
            syllables = _hyphenate(soft, lang) if len(softs) == 1 else [soft]
            for m, piece in enumerate(syllables):
                if m < len(syllables) - 1:
                    out.append((piece, True))  # a dictionary hyphenation point
                elif k < len(softs) - 1:
                    out.append((piece + "\u00ad", True))  # a soft hyphen follows (kept, drawn only if used)
                else:
                    out.append((piece, False))
    return [(p, d) for p, d in out if p]


def _hyphenate(word: str, lang: str) -> list[str]:
    """Dictionary hyphenation points of a plain word of 6+ letters (lower case, or capitalised)."""
    if not lang or len(word) < HYPHEN_MIN_WORD or not word.isalpha() or not word[1:].islower():
        return [word]  # too short, not a plain word, or a name in capitals or CamelCase (GNU, GeoGebra)
    positions = _dictionary(lang).positions(word)
    bounds = [0, *[p for p in positions if HYPHEN_LEFT <= p <= len(word) - HYPHEN_RIGHT], len(word)]
    return [word[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _dictionary(lang: str) -> Hyphenator:
    """(read at the first word to hyphenate: a render from stored lines needs none)"""
    return hyphenator(lang, HYPHEN_LEFT, HYPHEN_RIGHT)


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
