"""How wide each gap between two units is: data tables and small pure functions of the neighbours.

The spacing half of the language rules (the break half is `kinsoku.py`); like SILE's `languages/ja`
`intercharacterspace`, `stretchability` and `shrinkability`, but with the widths of our marks: a
full-width mark carries its compressible blank inside its 1-em advance. `items.build_items` asks these
about each kind of gap once; the breaker and the setter only add up what they answered.
"""

from __future__ import annotations

from enum import Enum

from layout.model.style import PunctStyle
from layout.text.classes import C


class Side(Enum):
    """Where a full-width mark keeps its compressible blank half (docs/text-engine.md §4, clreq 3.1.6.1)."""

    NONE = 0
    LEFT = 1  # opening brackets and quotes: ink in the right half
    RIGHT = 2  # closing brackets, pause/stop marks: ink in the left half (Simplified Chinese)


# docs/text-engine.md §4 / clreq 3.1.6.1: only a full-width glyph of these classes has a blank half to give;
# 开明 (`units._kaiming`) sets brackets half-width, with no blank left.
BLANK_SIDE: dict[C, Side] = {C.OPEN: Side.LEFT, C.CLOSE: Side.RIGHT, C.PAUSE: Side.RIGHT}
FULL_WIDTH = 0.99  # a mark at least this many em wide is full-width and has a blank half


def blank_side(c: C, advance: float, size: float) -> Side:
    """The side of a mark of class `c`, `advance` pt wide at `size` pt, that holds a compressible blank."""
    return BLANK_SIDE.get(c, Side.NONE) if advance >= size * FULL_WIDTH else Side.NONE


class Squeeze(Enum):
    """Which blank two adjacent marks lose (docs/text-engine.md §4 "adjacent marks", clreq 3.1.6.2)."""

    NONE = 0
    BEFORE_RIGHT = 1  # 。” 》， ”（ : the first mark's right blank (”（ keeps the （'s: one half-blank stays)
    AFTER_LEFT = 2  # （“ : the second mark's left blank


def squeeze(before: Side, after: Side) -> Squeeze:
    """Two marks side by side take 1.5 em, not 2: the blank between them goes (only within a line)."""
    if before is Side.RIGHT and after is not Side.NONE:
        return Squeeze.BEFORE_RIGHT
    if before is Side.LEFT and after is Side.LEFT:
        return Squeeze.AFTER_LEFT
    return Squeeze.NONE


# docs/text-engine.md §5 / clreq 3.2.1: the classes that take a CJK–Latin space next to a Latin word or number
# (ideographs, iteration marks and other symbols set like ideographs; never punctuation).
SPACED: frozenset[C] = frozenset({C.IDEO, C.ITER, C.OTHER})


def cjk_latin_space(before: C, before_latin: bool, after: C, after_latin: bool) -> bool:
    """Is there a CJK–Latin space between a unit ending in `before` and one starting with `after`?

    (`*_latin`: the unit is a Latin word, number or URL part.) §5: between an ideograph and a Latin
    letter or digit, none between a digit/letter and CJK punctuation. The space is `latin_space` em."""
    return (before_latin and after in SPACED) or (after_latin and before in SPACED)


def space_shrink(space: float, size: float) -> float:
    """How much a CJK–Latin space may give up when a line is pushed in: down to ⅛ em (§5, clreq 3.2.1)."""
    return max(0.0, space - size / 8)


def space_stretch(latin_space: float, latin_space_max: float, size: float, gaps: int) -> float:
    """How much `gaps` CJK–Latin spaces may grow together: each up to `latin_space_max` em (§5a, §6 (3)).
    Inter-character spacing, the next stretch, is unbounded: it takes whatever is left (§6 (2))."""
    return gaps * (latin_space_max - latin_space) * size


def line_end_cut(blank_right: float, punct: PunctStyle) -> float:
    """行末半角 (§4): a mark that ends a line loses its right blank; the other styles keep it."""
    return blank_right if punct is PunctStyle.HALF_AT_END else 0.0
