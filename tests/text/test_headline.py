"""Headline blocks through the line breaker, exact with the square test font (ideographs 1 em, ASCII ½ em):
sizes, phrase marks, breaks where no marks are given, word spaces, 禁则 and whole grid lines (§7)."""

from __future__ import annotations

import pytest

from layout.infra.paths import STYLES
from layout.model.article import Article
from layout.model.paper import HeadPart
from layout.style.load import load_style
from layout.text.headline import fit_part, head_block, mark
from tests.support.squarefont import METRICS

SCALE = HeadPart("test", (42.0, 36.0, 26.0, 22.0, 16.0), 2)


def texts(text: str, width: float, gap: str = "") -> tuple[float, list[str], bool]:
    size, lines, fitted = fit_part(text, SCALE, width, METRICS, gap)
    return size, [ln.text for ln in lines], fitted


def test_the_largest_size_that_fits_one_line() -> None:
    """9 ideographs in 330 pt: 36 pt (324) fits one line, 42 pt (378) would not; the line is centred."""
    size, lines, fitted = fit_part("市委常委会召开会议", SCALE, 330, METRICS)
    assert (size, [ln.text for ln in lines], fitted) == (36.0, ["市委常委会召开会议"], True)
    assert [round(g.x, 3) for g in lines[0].glyphs] == [3.0 + 36 * i for i in range(9)]


def test_phrase_marks_are_the_only_breaks_when_given() -> None:
    """One line is preferred at any size (19 × 16 = 304 pt fits 330); when no size holds one line (250 pt),
    two lines broken at the space, at the largest size that fits (10 × 22 = 220)."""
    head = "更高水平更高质量做好 节能降碳工作的意见"
    assert texts(head, 330) == (16.0, ["更高水平更高质量做好节能降碳工作的意见"], True)
    assert texts(head, 250) == (22.0, ["更高水平更高质量做好", "节能降碳工作的意见"], True)
    assert texts("更高水平|更高质量做好节能降碳工作的意见", 250)[1][0] == "更高水平"  # `|` too, never printed


def test_without_marks_a_head_breaks_evenly_and_after_a_pause_mark() -> None:
    """18 ideographs in 220 pt: at 22 pt two lines of 9 (not 10 + 8); with a comma, after the comma."""
    assert texts("一栋楼就是一个产业园一栋楼就是一个产业", 220)[1] == ["一栋楼就是一个产业园", "一栋楼就是一个产业"]
    size, lines, _ = texts("京津冀协同发展，成果持续惠及于民生", 220)
    assert lines == ["京津冀协同发展，", "成果持续惠及于民生"] and size == 22.0


def test_a_break_never_leaves_a_mark_at_a_line_start_or_one_character_alone() -> None:
    for text in ("一栋楼就是一个产业园，就是一个产业园区", "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往。"):
        _size, lines, _fitted = texts(text, 200)
        assert all(ln[0] not in "，。、；：！？）”" for ln in lines[1:]), lines
        assert all(len(ln) > 1 for ln in lines), lines


def test_latin_word_spaces_are_kept_and_cjk_latin_spacing_added() -> None:
    marked = mark("什么是 Debian GNU/Linux", "")
    assert marked.text == "什么是Debian GNU/Linux" and marked.word == (9,) and marked.phrase == (3,)
    _size, lines, _ = fit_part("什么是 Debian GNU/Linux", SCALE, 500, METRICS, "")
    glyphs = lines[0].glyphs
    n, g = next(x for x in glyphs if x.text == "n"), next(x for x in glyphs if x.text == "G")
    assert g.x - (n.x + 21) > 0  # a word space between them (ASCII is ½ em: 21 pt at 42 pt)
    shi, d = glyphs[2], glyphs[3]
    assert d.x - (shi.x + 42) == pytest.approx(42 / 4)  # ¼ em CJK–Latin space, not a dropped or wide gap


def test_a_kicker_phrase_mark_shows_as_a_full_width_gap() -> None:
    _size, lines, _ = fit_part("中共中央办公厅 国务院办公厅关于", SCALE, 1000, METRICS, "\u3000")
    glyphs = lines[0].glyphs
    assert glyphs[7].x - glyphs[6].x == pytest.approx(2 * 42)  # 厅, a 1-em gap, 国


def test_a_head_that_cannot_fit_is_reported_and_the_block_takes_whole_grid_lines() -> None:
    size, lines, fitted = texts("一栋楼就是一个产业园就是一个产业园", 100)
    assert not fitted and size == 16.0 and "".join(lines) == "一栋楼就是一个产业园就是一个产业园"
    style = load_style(STYLES / "tianjin-daily.yaml")
    article = Article(slug="x", path="x.md", title="市委常委会召开会议", kicker="引题文字", subtitle="副题文字 第二句")
    block = head_block(article, 495.0, style, lambda _role: METRICS)
    assert block.grid_lines >= 4 and not block.problems
    assert all(0 < hl.baseline <= block.grid_lines * style.grid.line for hl in block.lines)
    narrow = head_block(Article(slug="y", path="y.md", title="一栋楼就是一个产业园就是一个产业园"), 60.0, style,
                        lambda _role: METRICS)
    assert narrow.problems and "does not fit 2 line(s)" in narrow.problems[0]
