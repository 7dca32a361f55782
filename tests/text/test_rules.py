"""The language rules as pure functions of neighbours, and items measured on running totals.

Each test cites the section of docs/text-engine.md ("The rules", and clreq) that it checks. Items are built
from hand-made units (10-pt type: an ideograph 10 pt, a full-width mark 10 pt with a 5-pt blank half).
"""

from __future__ import annotations

import dataclasses

import pytest

from layout.model.style import Align, Kinsoku, PunctStyle, TextStyle
from layout.text import break_params
from layout.text.classes import C
from layout.text.items import build_items
from layout.text.kinsoku import may_break
from layout.text.spacing import (
    Side,
    Squeeze,
    blank_side,
    cjk_latin_space,
    line_end_cut,
    space_shrink,
    space_stretch,
    squeeze,
)
from layout.text.units import Unit, Units

PARAMS = break_params(TextStyle("test", 10.0, 15.0, indent=0.0))


def test_may_break_by_level() -> None:
    """§3 / clreq 3.1.7: not before a stop or a closing mark, not after an opening one, at every level;
    middle dots only from `normal`, dividing marks only in `strict`; a space always allows a break."""
    for level in Kinsoku:
        assert may_break(C.IDEO, C.IDEO, level)
        assert not may_break(C.IDEO, C.PAUSE, level)
        assert not may_break(C.IDEO, C.CLOSE, level)
        assert not may_break(C.OPEN, C.IDEO, level)
        assert may_break(C.SPACE, C.PAUSE, level) and may_break(C.OPEN, C.SPACE, level)
    assert may_break(C.IDEO, C.MIDDLE, Kinsoku.LOOSE) and not may_break(C.IDEO, C.MIDDLE, Kinsoku.NORMAL)
    assert may_break(C.IDEO, C.DIVIDE, Kinsoku.NORMAL) and not may_break(C.IDEO, C.DIVIDE, Kinsoku.STRICT)
    assert may_break(C.PREFIX, C.IDEO, Kinsoku.LOOSE) and not may_break(C.PREFIX, C.IDEO, Kinsoku.NORMAL)


def test_adjacent_marks_lose_one_blank() -> None:
    """§4 / clreq 3.1.6.2: 。” and ”（ lose the first mark's right blank, （“ the second's left blank."""
    assert squeeze(Side.RIGHT, Side.RIGHT) is Squeeze.BEFORE_RIGHT  # 。”
    assert squeeze(Side.RIGHT, Side.LEFT) is Squeeze.BEFORE_RIGHT  # ”（ keeps the （'s blank
    assert squeeze(Side.LEFT, Side.LEFT) is Squeeze.AFTER_LEFT  # （“
    assert squeeze(Side.LEFT, Side.RIGHT) is Squeeze.NONE  # （） encloses nothing to squeeze
    assert squeeze(Side.NONE, Side.RIGHT) is Squeeze.NONE


def test_only_full_width_marks_have_a_blank() -> None:
    """§4: a full-width mark carries its blank half; a half-width one (开明, a Latin font) has none."""
    assert blank_side(C.OPEN, 10.0, 10.0) is Side.LEFT
    assert blank_side(C.PAUSE, 10.0, 10.0) is Side.RIGHT
    assert blank_side(C.CLOSE, 5.0, 10.0) is Side.NONE
    assert blank_side(C.IDEO, 10.0, 10.0) is Side.NONE


def test_cjk_latin_space() -> None:
    """§5 / clreq 3.2.1: between an ideograph and a Latin word, not next to punctuation."""
    assert cjk_latin_space(C.IDEO, False, C.LATIN, True)
    assert cjk_latin_space(C.LATIN, True, C.ITER, False)
    assert not cjk_latin_space(C.PAUSE, False, C.LATIN, True)
    assert not cjk_latin_space(C.LATIN, True, C.LATIN, True)


def test_space_shrink_and_stretch() -> None:
    """§5: the CJK–Latin space may shrink to ⅛ em and stretch to `latin_space_max`."""
    assert space_shrink(2.5, 10.0) == 1.25
    assert space_shrink(0.0, 10.0) == 0.0
    assert space_stretch(0.25, 0.5, 10.0, 2) == 5.0


def test_line_end_cut() -> None:
    """§4: 行末半角 sets a line-end mark at ½ em; 全角 and 开明 keep it."""
    assert line_end_cut(5.0, PunctStyle.HALF_AT_END) == 5.0
    assert line_end_cut(5.0, PunctStyle.FULL) == 0.0


def ideo(i: int, ch: str = "天") -> Unit:
    return Unit(i, ch, (10.0,), ("t",), C.IDEO, C.IDEO, 0.0, 0.0, False, False)


def mark(i: int, ch: str, c: C, left: float, right: float) -> Unit:
    return Unit(i, ch, (10.0,), ("t",), c, c, left, right, False, False)


def word(i: int, chars: str) -> Unit:
    return Unit(i, chars, (5.0,) * len(chars), ("t",) * len(chars), C.LATIN, C.LATIN, 0.0, 0.0, True, False)


def test_measure_counts_glue_inside_the_line_only() -> None:
    """天。”地: the pair 。” takes 1.5 em inside a line (§4); a line ending at 。 sets it at ½ em."""
    units = Units((ideo(0), mark(1, "。", C.PAUSE, 0, 5.0), mark(2, "”", C.CLOSE, 0, 5.0), ideo(3, "地")), (1, 2))
    items = build_items("天。”地", units, PARAMS)
    assert items.measure(0, 3, False).natural == 35.0
    assert items.measure(2, 3, False).natural == 20.0  # a line starting at ” keeps it whole
    assert items.breaks == [False, False, True, True]
    assert items.measure(0, 3, True).shrink == 5.0  # the ”'s blank is left to push-in
    alone = build_items("天。地", Units((ideo(0), mark(1, "。", C.PAUSE, 0, 5.0), ideo(2, "地")), (1,)), PARAMS)
    assert alone.measure(0, 1, True).natural == 15.0  # 。 at the line end: ½ em
    assert alone.measure(0, 1, False).natural == 20.0


def test_measure_cjk_latin_space_shrink_and_stretch() -> None:
    """天ab地: two ¼-em spaces, each may shrink by ⅛ em and stretch by ¼ em (§5, §6)."""
    units = Units((ideo(0), word(1, "ab"), ideo(3, "地")), (1,))
    line = build_items("天ab地", units, PARAMS).measure(0, 2, True)
    assert (line.natural, line.shrink, line.stretch, line.spaced) == (35.0, 2.5, 5.0, 2)


def test_split_returns_new_items() -> None:
    """A unit cut for being wider than the line: the head keeps its glue, the tail starts bare."""
    units = Units((ideo(0), word(1, "abcdef"), ideo(7, "地")), (1,))
    items = build_items("天abcdef地", units, PARAMS)
    cut = items.split(1, 2)
    assert [u.chars for u in cut.units] == ["天", "ab", "cdef", "地"]
    assert [u.chars for u in items.units] == ["天", "abcdef", "地"]  # unchanged
    assert cut.space == [0.0, 2.5, 0.0, 2.5]
    assert cut.measure(0, 3, False).natural == items.measure(0, 2, False).natural == 55.0


@pytest.mark.parametrize("change", [{"leading": 30.0}, {"font": "hei"}, {"bold": True}, {"latin_font": "x"}])
def test_break_params_ignore_what_the_breaker_does_not_read(change: dict[str, object]) -> None:
    style = TextStyle("song", 9.0, 13.5)
    assert break_params(dataclasses.replace(style, **change)) == break_params(style)  # type: ignore[arg-type]
    assert break_params(dataclasses.replace(style, align=Align.LEFT)) != break_params(style)
