"""Vertical lines set exactly, with the square test font (an ideograph is 1 em, a digit or Latin letter
½ em, marks have their ink in one half): a column of characters, a 纵中横 pair, a turned word, 禁则 at a
column's end. Size 10 pt, a column 15 pt wide whose left edge is at x = 100 (its axis at 107.5) and whose
top is at y = 50. docs/text-engine.md, "Vertical text"."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.compose.vertical import vertical_runs
from layout.flow.paras import vertical_style
from layout.model.page import TextRun
from layout.model.style import TextStyle
from layout.text import break_paragraph
from layout.text.vertical import Orient, VerticalMetrics, cells, upright
from tests.support.squarefont import METRICS

SIZE, PITCH, LEFT, TOP = 10.0, 15.0, 100.0, 50.0
AXIS = LEFT + PITCH / 2
STYLE = vertical_style(TextStyle("song", SIZE, 15.0, indent=0.0))
VM = VerticalMetrics(METRICS)
FORBIDDEN_AT_START = "。，、；：？！）》」』”’"


def set_column(text: str, chars: float) -> list[list[TextRun]]:
    """`text` broken into vertical lines `chars` em long, as the text runs of each line."""
    broken = break_paragraph(text, STYLE, chars * SIZE, VM)
    return [vertical_runs(ln, LEFT, TOP, PITCH, SIZE, VM) for ln in broken.lines]


def test_a_column_of_characters_stands_on_the_axis_one_em_apart() -> None:
    (line,) = set_column("天津日报副刊", 6)
    assert [r.text for r in line] == list("天津日报副刊")
    for i, run in enumerate(line):
        assert run.x == pytest.approx(AXIS - SIZE / 2)  # a 1-em glyph centred on the axis
        assert run.y == pytest.approx(TOP + i * SIZE + 0.88 * SIZE)  # baseline: 0.88 em under the cell's top
        assert run.font == "test~v" and not run.turned  # the vertical forms of the face


def test_a_two_digit_number_is_set_across_one_em_cell() -> None:
    """纵中横: "23" horizontal, side by side, centred on the axis, in the one cell between 月 and 日."""
    (line,) = set_column("四月23日", 4)
    assert [r.text for r in line] == ["四", "月", "23", "日"]
    pair = line[2]
    assert pair.font == "test" and not pair.turned and pair.scale == 1.0
    assert pair.x == pytest.approx(AXIS - SIZE / 2)  # two ½-em digits: 1 em wide, centred
    assert pair.y == pytest.approx(TOP + 2.5 * SIZE + 0.38 * SIZE)  # the em box's middle on the cell's middle
    assert line[3].y == pytest.approx(TOP + 3 * SIZE + 0.88 * SIZE)  # the next character one em lower


def test_three_digits_are_turned_not_squeezed() -> None:
    (line,) = set_column("第123期", 3.5)
    assert [(r.text, r.turned) for r in line] == [("第", False), ("1", True), ("2", True), ("3", True),
                                                    ("期", False)]


def test_a_latin_word_is_turned_clockwise_down_the_column() -> None:
    (line,) = set_column("用abc字", 3.5)
    word = line[1:4]
    assert all(r.turned for r in word) and [r.text for r in word] == ["a", "b", "c"]
    for k, run in enumerate(word):
        assert run.x == pytest.approx(AXIS - 0.38 * SIZE)  # baseline left of the axis: the em box centred
        assert run.y == pytest.approx(TOP + SIZE + k * SIZE / 2)  # each letter its own width down the column
    assert line[4].y == pytest.approx(TOP + 2.5 * SIZE + 0.88 * SIZE)


def test_no_column_starts_with_a_closing_mark() -> None:
    """禁则 down the column: the line length is the column's height; 。 never starts a column."""
    lines = set_column("一二三四。五六七八，九十", 4)
    # 。 may not start the second column: 四 goes down with it, the first column is spaced out to its foot
    assert ["".join(r.text for r in line) for line in lines] == ["一二三", "四。五六", "七八，", "九十"]
    assert [r.y - 0.88 * SIZE - TOP for r in lines[0]] == pytest.approx([0.0, 15.0, 30.0])
    assert [r.y - 0.88 * SIZE - TOP for r in lines[1]] == pytest.approx([0.0, 10.0, 20.0, 30.0])  # 。 ½ em
    for line in lines:
        assert line[0].text not in FORBIDDEN_AT_START
        assert all(r.y - 0.88 * SIZE < TOP + 4 * SIZE for r in line)  # every cell starts inside the column


def test_orientation_table_follows_uax50() -> None:
    for ch in "天。，“”（）《》——……０Ａ한":
        assert upright(ch), ch
    for ch in "aZ19-.":
        assert not upright(ch), ch
    glyphs = break_paragraph("12年2026年", STYLE, 20 * SIZE, VM).lines[0]
    assert [c.orient for c in cells(glyphs)] == [Orient.TCY, Orient.UPRIGHT, *[Orient.TURNED] * 4, Orient.UPRIGHT]


class WideDigits:
    """The square font with 0.6-em digits (as a real Latin face may have them)."""

    def lookup(self, ch: str) -> tuple[str, float] | None:
        return ("test", 0.6) if "0" <= ch <= "9" else METRICS.lookup(ch)

    def __hash__(self) -> int:
        return 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WideDigits)


def test_a_pair_of_wide_digits_is_squeezed_into_its_one_em_cell() -> None:
    """Whatever the digits' width, a 纵中横 pair takes one em down the column and at most one across."""
    metrics = VerticalMetrics(WideDigits())
    line = break_paragraph("四月23日", STYLE, 4 * SIZE, metrics).lines[0]
    runs = vertical_runs(line, LEFT, TOP, PITCH, SIZE, metrics)
    assert [r.text for r in runs] == ["四", "月", "23", "日"]
    assert runs[2].scale == pytest.approx(1 / 1.2, abs=1e-4) and runs[2].x == pytest.approx(AXIS - SIZE / 2)
    assert runs[3].y == pytest.approx(TOP + 3 * SIZE + 0.88 * SIZE)  # the next character one em lower


def test_an_acronym_stands_upright_one_capital_per_cell() -> None:
    """Up to three capitals stand upright, each in its own em cell; a longer all-capital word is turned."""
    (line,) = set_column("用GDP字", 5)
    assert [(r.text, r.turned) for r in line] == [("用", False), ("G", False), ("D", False), ("P", False),
                                                    ("字", False)]
    for k, run in enumerate(line[1:4], 1):
        assert run.x == pytest.approx(AXIS - SIZE / 4)  # a ½-em glyph centred on the axis
        assert run.y == pytest.approx(TOP + k * SIZE + 0.88 * SIZE)
    assert line[4].y == pytest.approx(TOP + 4 * SIZE + 0.88 * SIZE)
    (long_word,) = set_column("用UNESCO字", 5)
    assert all(r.turned for r in long_word[1:7])


def test_a_lone_digit_fills_its_cell_and_three_digits_by_option() -> None:
    """A number of one digit is a 纵中横 cell of a full em too; with `tcy_digits: 3` three digits share one
    em cell, squeezed to 1 em across."""
    (line,) = set_column("第3期", 3)
    assert [r.text for r in line] == ["第", "3", "期"] and line[2].y == pytest.approx(TOP + 2 * SIZE + 0.88 * SIZE)
    assert line[1].x == pytest.approx(AXIS - SIZE / 4) and not line[1].turned
    metrics = VerticalMetrics(METRICS, tcy_digits=3)
    style = vertical_style(TextStyle("song", SIZE, 15.0, indent=0.0), 3)
    three = break_paragraph("第123期", style, 3 * SIZE, metrics).lines[0]
    runs = vertical_runs(three, LEFT, TOP, PITCH, SIZE, metrics)
    assert [r.text for r in runs] == ["第", "123", "期"]
    assert runs[1].scale == pytest.approx(1 / 1.5, abs=1e-4) and runs[1].x == pytest.approx(AXIS - SIZE / 2)
    assert runs[2].y == pytest.approx(TOP + 2 * SIZE + 0.88 * SIZE)


def test_the_digits_of_a_turned_number_are_half_an_em_each() -> None:
    metrics = VerticalMetrics(WideDigits())
    line = break_paragraph("第2026期", STYLE, 4 * SIZE, metrics).lines[0]
    runs = vertical_runs(line, LEFT, TOP, PITCH, SIZE, metrics)
    assert [r.y for r in runs[1:5]] == pytest.approx([TOP + SIZE + k * SIZE / 2 for k in range(4)])
    assert all(r.turned and r.scale == pytest.approx(0.5 / 0.6, abs=1e-4) for r in runs[1:5])
    assert runs[5].y == pytest.approx(TOP + 3 * SIZE + 0.88 * SIZE)


def test_quotation_marks_as_corner_brackets_where_the_style_says() -> None:
    """GB/T 15834: “” become ﹃﹄ in vertical text (the font's vertical forms of “”); a style with
    `corner_quotes: true` draws 「」 instead (the same cells)."""
    line = break_paragraph("他说“好”", STYLE, 5 * SIZE, VM).lines[0]
    plain = vertical_runs(line, LEFT, TOP, PITCH, SIZE, VM)
    corner = vertical_runs(line, LEFT, TOP, PITCH, SIZE, VM, corner=True)
    assert [r.text for r in plain] == ["他", "说", "“", "好", "”"] and all(r.font == "test~v" for r in plain)
    assert [r.text for r in corner] == ["他", "说", "「", "好", "」"]
    assert [(r.x, r.y) for r in corner] == [(r.x, r.y) for r in plain]


def test_corner_quotes_is_a_paragraph_style_key(tmp_path: Path) -> None:
    from layout.style.load import load_style

    style = tmp_path / "styles" / "tw.yaml"
    style.parent.mkdir()
    style.write_text("extends: tianjin-daily\nparagraphs:\n  body:\n    corner_quotes: true\n", encoding="utf-8")
    loaded = load_style(style)
    assert loaded.paragraphs.body.corner_quotes and not loaded.paragraphs.caption.corner_quotes
