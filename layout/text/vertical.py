"""Vertical text (竖排): how each character stands in a column, and the metrics a vertical line is broken with.

The same breaker sets vertical lines (the line length is the column's height): only the advances differ
(`VerticalMetrics`). What is drawn how (docs/text-engine.md, "Vertical text"):

- upright (UAX #50 Vertical_Orientation U, Tu, Tr): ideographs, kana, full-width forms and CJK marks, in
  the font's vertical forms (`vert`), one per cell;
- 纵中横 (tate-chu-yoko): a number of up to `TCY_DIGITS` digits set horizontally, side by side in one em
  cell (each digit is ½ em down the column), squeezed to at most 1 em across, centred on the column axis;
- turned (UAX #50 R): Latin words and longer numbers, rotated 90° clockwise;
- an acronym of up to `ACRONYM_CAPITALS` capitals (a Latin word of nothing else) stands upright, one
  capital per em cell (clreq; the breaker gives each capital 1 em, `units._latin_run`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from layout.model.text import Glyph, Line, Metrics

TCY_DIGITS = 2  # numbers of up to this many digits are set 纵中横 (clreq; 3 by option)
DIGIT_ADVANCE = 0.5  # em down the column per digit: a 2-digit 纵中横 pair fills one em cell
ACRONYM_CAPITALS = 3  # an all-capital word of up to this many letters stands upright, one per cell

# UAX #50 Vertical_Orientation, the ranges that are not R (rotated), as far as a Chinese newspaper meets them
# (Unicode 15, VerticalOrientation.txt, abridged): (first, last) code points, inclusive.
UPRIGHT_RANGES = (
    (0x00A7, 0x00A7), (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x00B1, 0x00B1), (0x00BC, 0x00BE),
    (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x02EA, 0x02EB), (0x1100, 0x11FF), (0x2016, 0x2016),
    (0x2020, 0x2021), (0x2030, 0x2031), (0x203B, 0x203C), (0x2042, 0x2042), (0x2047, 0x2049),
    (0x2051, 0x2051), (0x2100, 0x2101), (0x2103, 0x2109), (0x2160, 0x2189), (0x2460, 0x24FF),
    (0x25A0, 0x27BF), (0x2E80, 0xA4CF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xE000, 0xFAFF),
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF01, 0xFF60), (0xFFE0, 0xFFE7), (0x1F000, 0x1FAFF),
    (0x20000, 0x3FFFD),
)
# UAX #50 R, although Chinese setting turns them to run down the column by the font's vertical forms
# (GB/T 15834—2011 §5.2: the dash and the ellipsis run vertically; “”‘’ become ﹃﹄﹁﹂)
VERTICAL_FORMS = frozenset("—―…‥“”‘’·")


def upright(ch: str) -> bool:
    """Does the character stand upright in a vertical line (UAX #50 U, Tu, Tr; the marks above)?"""
    if ch in VERTICAL_FORMS:
        return True
    cp = ord(ch[0])
    return any(lo <= cp <= hi for lo, hi in UPRIGHT_RANGES)


@dataclass(frozen=True, slots=True)
class VerticalMetrics:
    """A face chain's metrics for vertical lines: digits ½ em down the column (two fill a 纵中横 cell);
    everything else as horizontally (an upright CJK character's cell is its em; a turned word's length
    is its width)."""

    base: Metrics
    tcy_digits: int = TCY_DIGITS  # numbers of up to this many digits are set 纵中横: 1 em down the column

    def lookup(self, ch: str) -> tuple[str, float] | None:
        found = self.base.lookup(ch)
        if found is not None and "0" <= ch <= "9":
            return found[0], DIGIT_ADVANCE
        return found

    def identity(self) -> tuple[str, ...]:
        ident = getattr(self.base, "identity", None)
        return (f"vertical tcy{self.tcy_digits}", *ident()) if callable(ident) else ("vertical",)


def tcy_number(word: str, metrics: Metrics) -> bool:
    """In a vertical line: is this Latin run (a maximal run of Latin characters) a 纵中横 number? Its digits
    then share one em down the column."""
    return (isinstance(metrics, VerticalMetrics) and 0 < len(word) <= metrics.tcy_digits and word.isascii()
            and word.isdigit())


def upright_acronym(word: str, metrics: Metrics) -> bool:
    """In a vertical line: is this Latin word (a maximal run of Latin characters) an acronym set upright?"""
    return (isinstance(metrics, VerticalMetrics) and 0 < len(word) <= ACRONYM_CAPITALS and word.isascii()
            and word.isalpha() and word.isupper())


class Orient(StrEnum):
    UPRIGHT = "upright"
    TCY = "tcy"  # 纵中横: the digits side by side in one cell
    TURNED = "turned"


@dataclass(frozen=True, slots=True)
class Cell:
    """Glyphs drawn one way: an upright character, a 纵中横 number, or a turned glyph."""

    orient: Orient
    glyphs: tuple[Glyph, ...]


def _digit(g: Glyph) -> bool:
    return len(g.text) == 1 and "0" <= g.text <= "9"


def _number_runs(glyphs: tuple[Glyph, ...]) -> list[tuple[int, int]]:
    """(first, end) index ranges of maximal runs of digits adjacent in the source text."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(glyphs):
        if not _digit(glyphs[i]):
            i += 1
            continue
        j = i + 1
        while j < len(glyphs) and _digit(glyphs[j]) and glyphs[j].src == glyphs[j - 1].src + 1:
            j += 1
        out.append((i, j))
        i = j
    return out


def _latin_neighbour(glyphs: tuple[Glyph, ...], i: int, j: int) -> bool:
    """Is the number part of a Latin word (a letter or a decimal point right beside it)?"""
    before = glyphs[i - 1] if i > 0 and glyphs[i - 1].src == glyphs[i].src - 1 else None
    after = glyphs[j] if j < len(glyphs) and glyphs[j].src == glyphs[j - 1].src + 1 else None
    return any(g is not None and g.text.isascii() and (g.text.isalpha() or g.text in ".,%")
               for g in (before, after))


def _acronyms(glyphs: tuple[Glyph, ...]) -> set[int]:
    """Indices of the glyphs of upright acronyms: maximal runs of ASCII characters adjacent in the source
    that are 1 to `ACRONYM_CAPITALS` capitals and nothing else (the breaker's test, `upright_acronym`)."""
    out: set[int] = set()
    i = 0
    while i < len(glyphs):
        j = i + 1
        if glyphs[i].text.isascii():
            while j < len(glyphs) and glyphs[j].text.isascii() and glyphs[j].src == glyphs[j - 1].src + 1:
                j += 1
            word = "".join(g.text for g in glyphs[i:j])
            if 0 < len(word) <= ACRONYM_CAPITALS and word.isalpha() and word.isupper():
                out.update(range(i, j))
        i = j
    return out


def cells(line: Line, tcy_digits: int = TCY_DIGITS) -> list[Cell]:
    """The line's glyphs (spaces dropped) grouped by how they stand, in reading order."""
    glyphs = tuple(g for g in line.glyphs if not g.text.isspace())
    tcy = {i: j for i, j in _number_runs(glyphs) if j - i <= tcy_digits and not _latin_neighbour(glyphs, i, j)}
    acronym = _acronyms(glyphs)
    out: list[Cell] = []
    i = 0
    while i < len(glyphs):
        if i in tcy:
            out.append(Cell(Orient.TCY, glyphs[i:tcy[i]]))
            i = tcy[i]
            continue
        g = glyphs[i]
        out.append(Cell(Orient.UPRIGHT if i in acronym or upright(g.text) else Orient.TURNED, (g,)))
        i += 1
    return out
