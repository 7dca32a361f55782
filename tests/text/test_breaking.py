"""The line breaker, exact, with the square test font: size 10 pt, so 1 em = 10 pt; 13-em lines.

Each test cites the section of docs/text-engine.md ("The rules", and clreq) that it checks.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from layout.model.style import Align, Kinsoku, PunctStyle, TextStyle
from layout.model.text import BrokenParagraph
from layout.text import break_paragraph
from tests.support.squarefont import METRICS

STYLE = TextStyle(font="test", size=10.0, leading=15.0, indent=0.0)
W = 130.0  # 13 em
IDEOS = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳"


def ideos(n: int, offset: int = 0) -> str:
    return "".join(IDEOS[(i + offset) % len(IDEOS)] for i in range(n))


def brk(text: str, measure: float = W, **style: object) -> BrokenParagraph:
    return break_paragraph(text, dataclasses.replace(STYLE, **style), measure, METRICS)  # type: ignore[arg-type]


def texts(text: str, measure: float = W, **style: object) -> list[str]:
    return [ln.text for ln in brk(text, measure, **style).lines]


def xs(text: str, line: int = 0, **style: object) -> list[float]:
    return [round(g.x, 4) for g in brk(text, **style).lines[line].glyphs]


def test_plain_ideographs_sit_on_the_grid() -> None:
    """§1/§6: a full line of ideographs needs no adjustment: positions are multiples of 1 em."""
    text = ideos(26)
    assert texts(text) == [ideos(13), ideos(13, 13)]
    assert xs(text) == [10.0 * i for i in range(13)]


def test_push_in_when_the_14th_character_is_a_stop() -> None:
    """§3 先挤进: 。 may not start a line; compressing the line's ， and the final 。 fits it in."""
    text = "天地玄黄宇，宙洪荒日月盈昃。辰宿"
    lines = brk(text).lines
    assert [ln.text for ln in lines] == ["天地玄黄宇，宙洪荒日月盈昃。", "辰宿"]
    # ， and 。 are each set at ½ em: 12 ideographs + 2 half marks = 13 em exactly
    assert [round(g.x, 4) for g in lines[0].glyphs] == [0, 10, 20, 30, 40, 50, 55, 65, 75, 85, 95, 105, 115, 125]


def test_push_out_when_push_in_cannot_fit() -> None:
    """§3 后推出: 13 ideographs then 。 — nothing to compress, so the 13th ideograph goes down with the 。."""
    text = ideos(13) + "。" + ideos(3)
    lines = brk(text).lines
    assert [ln.text for ln in lines] == [ideos(12), ideos(1, 12) + "。" + ideos(3)]
    gap = 10 / 11  # the 12 ideographs are spread evenly to the full measure
    assert [round(g.x, 4) for g in lines[0].glyphs] == [round(i * (10 + gap), 4) for i in range(12)]
    assert lines[0].glyphs[-1].x + 10 == pytest.approx(W)


def test_stop_and_closing_quote_pushed_in_together() -> None:
    """§3/§4: 。” as 13th and 14th: the pair is 1.5 em, and ½ em at the line end, so both fit."""
    text = ideos(12) + "。”" + ideos(2)
    lines = brk(text).lines
    assert lines[0].text == ideos(12) + "。”"
    assert [round(g.x, 4) for g in lines[0].glyphs][-2:] == [120, 125]


def test_push_out_of_two_marks() -> None:
    """§3: 13 ideographs then 。”: neither mark may start a line and both cannot be pushed in, so the
    13th ideograph goes down with them."""
    text = ideos(13) + "。”" + ideos(2)
    assert texts(text) == [ideos(12), ideos(1, 12) + "。”" + ideos(2)]


def test_dash_never_straddles_the_line_end() -> None:
    """§3: —— is one unbreakable 2-em unit: it moves to the next line whole."""
    text = ideos(12) + "——" + ideos(3)
    lines = texts(text)
    assert lines == [ideos(12), "——" + ideos(3)]


def test_number_with_unit_stays_whole_at_the_line_end() -> None:
    """§3 never split: 16.3% is one unit (digits ½ em each here)."""
    text = ideos(11) + "16.3%" + ideos(5)
    lines = texts(text)
    assert lines[0] == ideos(11)
    assert lines[1].startswith("16.3%")


def test_url_longer_than_the_measure_breaks_only_at_break_points() -> None:
    """§2/§3: a URL may break only after / . - (and ? & =); lines stay justified; nothing is lost."""
    url = "https://example.com/aaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbb"
    result = brk("见" + url + "。")
    assert "".join(ln.text for ln in result.lines) == "见" + url + "。"
    # total fit: the two short lines share the slack (first fit would leave the second 45 pt short)
    assert [ln.text for ln in result.lines] == ["见https://example.", "com/aaaaaaaaaaaaaaaa/", "bbbbbbbbbbbbbbbbbbbb。"]
    # a line holding one part of a URL cannot be justified without spacing the URL out: it stays short,
    # letter-spaced at most 0.05 em, and is reported loose
    assert {p.kind.value for p in result.problems} == {"loose"}
    first = result.lines[0]
    assert first.glyphs[-1].x + 5.0 == pytest.approx(W)  # justified: the URL's parts are spread apart


def test_a_url_part_wider_than_the_line_is_cut_and_reported() -> None:
    """§3: when no break point is left, the part is cut and the forced break reported."""
    url = "https://example.com/" + "a" * 40
    result = brk(url)
    assert "".join(ln.text for ln in result.lines) == url
    assert [p.kind for p in result.problems if p.kind != "loose"] == ["overfull"]


def test_adjacent_marks_take_one_and_a_half_em() -> None:
    """§4: 。” together take 1.5 em (the blank between them is removed)."""
    assert xs("天。”地", align=Align.JUSTIFY) == [0, 10, 15, 25]


def test_closing_then_opening_keeps_one_half_blank() -> None:
    """§4: ”（ keeps one half-blank: 1.5 em for the pair."""
    assert xs("天”（地）") == [0, 10, 15, 25, 35]


def test_cjk_latin_quarter_em_space() -> None:
    """§5: ¼ em between an ideograph and Latin letters or digits, none next to CJK punctuation."""
    assert xs("天ab地") == [0, 12.5, 17.5, 25]
    assert xs("天，ab") == [0, 10, 20, 25]


def test_cjk_latin_space_stretches_before_inter_character_spacing() -> None:
    """§6 (3): CJK–Latin spaces stretch first (to ½ em), then the rest is spread between characters."""
    text = ideos(10) + "ab" + ideos(1, 10) + ideos(4)  # 11 ideographs + 1 em of Latin + 2 spaces = 12.5 em
    first = brk(text).lines[0]
    assert first.text == ideos(10) + "ab" + ideos(1, 10)
    positions = [round(g.x, 4) for g in first.glyphs]
    assert positions[10] == 105  # 10 em of ideographs, then a ½-em space before "ab"
    assert positions[12] == 120  # "ab" is 1 em, then ½ em again
    assert first.glyphs[-1].x + 10 == pytest.approx(W)


def test_no_single_character_last_line() -> None:
    """§3 孤字不成行: the last line may not hold one character (plus its mark): one comes down."""
    text = ideos(14) + "。"
    lines = texts(text)
    assert lines == [ideos(12), ideos(2, 12) + "。"]


def test_first_line_indent_two_em() -> None:
    """§7: first-line indent 2 em."""
    lines = brk(ideos(20), indent=2.0).lines
    assert lines[0].text == ideos(11)
    assert lines[0].glyphs[0].x == 20.0


def test_resume_mid_paragraph_without_indent() -> None:
    """§7/§8: a story continued after a jump resumes mid-paragraph without the indent."""
    text = ideos(30)
    result = break_paragraph(text, dataclasses.replace(STYLE, indent=2.0), W, METRICS, start=11, first_indent=False)
    assert result.lines[0].start == 11
    assert result.lines[0].text == ideos(13, 11)
    assert result.lines[0].glyphs[0].x == 0.0 and result.lines[0].glyphs[0].src == 11


def test_justified_line_ends_exactly_at_the_measure() -> None:
    """§6: the last glyph's box ends at the measure (a compressed final mark ½ em early in ink)."""
    text = "天地玄黄，宇宙洪荒。日月盈昃辰宿列张寒来暑往，秋收冬藏闰余成岁律吕调阳。"
    for ln in brk(text).lines[:-1]:
        last = ln.glyphs[-1]
        end = last.x + (5.0 if last.text in "，。、" else 10.0)
        assert end == pytest.approx(W, abs=1e-6), ln.text


def test_kinsoku_levels() -> None:
    """§3 levels: strict keeps —— off the line start; loose lets a middle dot start a line."""
    dash = ideos(13) + "——" + ideos(2)
    assert texts(dash, kinsoku=Kinsoku.NORMAL)[1].startswith("——")
    assert texts(dash, kinsoku=Kinsoku.STRICT) == [ideos(12), ideos(1, 12) + "——" + ideos(2)]
    dot = ideos(13) + "·" + ideos(2)
    assert texts(dot, kinsoku=Kinsoku.LOOSE)[1].startswith("·")
    assert texts(dot, kinsoku=Kinsoku.NORMAL) == [ideos(12), ideos(1, 12) + "·" + ideos(2)]


def test_not_at_line_end_opening_bracket() -> None:
    """§3: an opening bracket may not end a line: it goes down with what it opens."""
    text = ideos(12) + "《" + ideos(4) + "》"
    lines = texts(text)
    assert lines[0] == ideos(12)
    assert lines[1].startswith("《")


def test_punctuation_styles() -> None:
    """§4: 全角 keeps a line-end mark full (the line is justified around it); 行末半角 halves it;
    开明 sets brackets half everywhere."""
    text = ideos(12) + "，" + ideos(5)
    half = brk(text, punctuation=PunctStyle.HALF_AT_END).lines[0]
    full = brk(text, punctuation=PunctStyle.FULL).lines[0]
    assert half.text == full.text == ideos(12) + "，"
    assert half.glyphs[-1].x == pytest.approx(125.0)  # 12 em + ½ em of spreading over 12 gaps
    assert full.glyphs[-1].x == pytest.approx(120.0)  # full-width mark: no spreading needed
    assert xs("天（地）人", punctuation=PunctStyle.KAIMING) == [0, 5, 15, 25, 30]


def test_missing_glyph_is_reported_not_dropped() -> None:
    """A character no font has is kept (1 em) and reported with its index."""
    result = brk("天😀地")
    assert result.lines[0].text == "天😀地"
    assert [(p.kind, p.index) for p in result.problems] == [("missing-glyph", 1)]


def test_source_indices_cover_the_text() -> None:
    text = "天地 玄黄，" * 9
    lines = brk(text).lines
    assert lines[0].start == 0 and lines[-1].end == len(text)
    for a, b in itertools.pairwise(lines):
        assert a.end == b.start


def test_a_combining_mark_stays_with_its_base() -> None:
    """A combining mark (here U+0301) is never separated from the character it modifies."""
    text = ideos(12) + "e\u0301" + ideos(3)
    lines = brk(text).lines
    assert lines[0].text == ideos(12)
    assert lines[1].text.startswith("e\u0301")


def test_a_combining_mark_on_a_half_width_bracket() -> None:
    """开明 halves a bracket; a combining mark on it keeps its own advance (this used to crash)."""
    result = brk("天（\u0301地）", punctuation=PunctStyle.KAIMING)
    assert result.lines[0].text == "天（\u0301地）"
    # the square font lacks U+0301: it is set 1 em wide (and reported) after the ½-em bracket
    assert [round(g.x, 4) for g in result.lines[0].glyphs] == [0, 5, 10, 25, 35]
    assert [(p.kind, p.index) for p in result.problems] == [("missing-glyph", 2)]


def test_a_last_line_ending_in_a_mark_stays_inside_the_measure() -> None:
    """§4 行末半角: the line fits 13.5 em only with its final 。 at ½ em; set right-aligned it starts at
    x = -5 today (and its box ends 5 pt past the measure when justified)."""
    line = brk(ideos(13) + "。", 135.0, align=Align.RIGHT).lines[0]
    assert line.glyphs[0].x >= 0
