"""Latin words, URLs and numbers in narrow columns (docs/text-engine.md §5a), exact with the square test font:
ideographs 1 em (10 pt), ASCII letters and marks ½ em (5 pt), the space ¼ em. Columns of 13 em (130 pt)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from layout.model.style import Align, TextStyle
from layout.model.text import BrokenParagraph
from layout.text import break_paragraph, normalize
from tests.support.squarefont import METRICS

STYLE = TextStyle(font="test", size=10.0, leading=15.0, indent=0.0)
W = 130.0


def brk(text: str, measure: float = W, **style: object) -> BrokenParagraph:
    return break_paragraph(text, dataclasses.replace(STYLE, **style), measure, METRICS)  # type: ignore[arg-type]


def texts(text: str, measure: float = W, **style: object) -> list[str]:
    return [ln.text for ln in brk(text, measure, **style).lines]


def gaps(line_glyphs: list[tuple[str, float]]) -> list[float]:
    return [round(b[1] - a[1], 3) for a, b in itertools.pairwise(line_glyphs)]


def test_a_long_word_hyphenates_rather_than_leave_the_line_loose() -> None:
    """'Multilingual' (12 letters, 60 pt) does not fit after 8 ideographs (80 pt): it hyphenates at a
    dictionary point (Mul-ti-lin-gual) and the hyphen is drawn, not part of the text."""
    result = brk("天地玄黄宇宙洪荒Multilingual网页")
    first = result.lines[0]
    assert first.text.endswith("-") and first.glyphs[-1].src == -1
    assert first.text in ("天地玄黄宇宙洪荒Multi-", "天地玄黄宇宙洪荒Mul-", "天地玄黄宇宙洪荒Multilin-")
    assert "".join(g.text for ln in result.lines for g in ln.glyphs if g.src >= 0) == "天地玄黄宇宙洪荒Multilingual网页"
    assert not [p for p in result.problems if p.kind == "loose"]


def test_no_hyphenation_of_short_words_capitals_numbers_or_when_the_style_says_so() -> None:
    for word in ("Debian", "GNU", "GeoGebra", "1234567890"):
        lines = texts("天地玄黄宇宙洪荒日月" + word + "网页", 120)
        assert not any(ln.endswith("-") for ln in lines), (word, lines)
    assert not any(ln.endswith("-") for ln in texts("天地玄黄宇宙洪荒Multilingual网页", hyphenate=""))


def test_a_compound_breaks_after_its_own_hyphen_without_adding_one() -> None:
    lines = texts("使用软件包debian-edu-router-config配置", 100)
    assert lines[0].endswith("-") and "".join(lines) == "使用软件包debian-edu-router-config配置"
    assert all(g.src >= 0 for ln in brk("使用软件包debian-edu-router-config配置", 100).lines for g in ln.glyphs
               if g.text == "-")  # the hyphens are the word's own


def test_a_soft_hyphen_is_invisible_unless_a_line_ends_there() -> None:
    word = "infor\u00admation"
    one = brk("见" + word, 200)
    assert one.lines[0].text == "见information"  # not drawn inside a line
    two = brk("天地玄黄宇宙洪荒日" + word, W, hyphenate="")  # 90 + ¼ em + 25 + the hyphen's 5 = 122.5 pt
    assert two.lines[0].text == "天地玄黄宇宙洪荒日infor-" and two.lines[1].text == "mation"


def test_urls_break_at_their_break_points_and_are_never_spread() -> None:
    """A URL breaks after / . ? and before # & = @ — never spaced out: inside it only letter-spacing
    (at most 0.1 em) may open it up."""
    result = brk("可以访问https://www.debian.org/distrib/下载", 100)
    lines = [ln.text for ln in result.lines]
    assert "".join(lines) == "可以访问https://www.debian.org/distrib/下载"
    for ln in result.lines:
        url = [(g.text, g.x) for g in ln.glyphs if g.text.isascii()]
        assert all(d <= 5.0 + 0.1 * 10 + 1e-6 for d in gaps(url)), (ln.text, gaps(url))
    assert not any(ln.startswith((".", "?")) for ln in lines)


def test_an_email_address_breaks_before_the_at_sign() -> None:
    lines = texts("请写信到debian-edu@lists.debian.org求助", 100)
    assert "".join(lines) == "请写信到debian-edu@lists.debian.org求助"
    assert any(ln.startswith("@") for ln in lines[1:]) or any(ln.endswith(".") for ln in lines)


def test_no_break_before_a_comma_even_after_a_space_in_the_source() -> None:
    """UAX #14: , . ; : ! ? ) never start a line, spaces or not; the space before the comma is noise."""
    text = "天地玄黄宇宙洪荒日月盈Debian , Ubuntu"
    lines = texts(text, 130)
    assert not any(ln.startswith(",") for ln in lines)
    assert "Debian," in "".join(lines)


def test_cjk_latin_spacing_is_decided_by_the_characters_not_the_source() -> None:
    """The same ¼ em between 是 and D whether the source had a space there or not."""
    with_space = brk("什么是 Debian 系统", 300).lines[0].glyphs
    without = brk("什么是Debian系统", 300).lines[0].glyphs
    assert [round(g.x, 3) for g in with_space] == [round(g.x, 3) for g in without]
    shi, d = with_space[2], with_space[3]
    assert d.x - (shi.x + 10) == pytest.approx(2.5)


def test_word_spaces_stretch_before_the_gaps_between_characters() -> None:
    """7.5 pt of slack: the CJK–Latin space grows first (¼ → ½ em), then the two word spaces (¼ → ½ em);
    the ideographs stay on the grid."""
    result = brk("天地玄黄宇宙 Debian Edu Linux 日月盈昃", 145)
    first = result.lines[0]
    assert first.text == "天地玄黄宇宙DebianEduLinux" and not result.problems
    x = {g.src: g.x for g in first.glyphs}
    assert [x[i] for i in range(6)] == pytest.approx([0, 10, 20, 30, 40, 50])  # no gap between ideographs
    assert x[7] - (x[5] + 10) == pytest.approx(5.0)  # the CJK–Latin space at ½ em
    assert x[14] - (x[12] + 5) == pytest.approx(5.0) and x[18] - (x[16] + 5) == pytest.approx(5.0)  # word spaces
    assert x[22] + 5 == pytest.approx(145)


def test_a_dash_is_pushed_into_the_line_above_when_it_fits_compressed() -> None:
    """——/…… open a line only when pushing them in, with the line's marks compressed, is impossible."""
    text = "天，地，玄，黄，宇宙洪荒日——辰宿列张"  # 13 em, four commas with ½ em each to give, then ——
    lines = texts(text, 130)
    assert lines[0].endswith("——") and not lines[1].startswith("——"), lines
    squeezed = "天地玄黄，宇宙洪荒，日月盈——辰宿列张"  # only 1 em to give: the dash must open the next line
    assert texts(squeezed, 130)[1].startswith("——")


def test_a_line_break_in_the_source_ends_the_line_unjustified() -> None:
    result = brk("天地玄黄\u2028宇宙洪荒日月盈昃辰宿列张寒来暑往", 130)
    assert [ln.text for ln in result.lines][:2] == ["天地玄黄", "宇宙洪荒日月盈昃辰宿列张寒"]
    first = result.lines[0]
    assert [round(g.x, 3) for g in first.glyphs] == [0, 10, 20, 30]  # not spread to the measure


def test_a_byline_never_splits_a_name() -> None:
    lines = texts("■本报记者 王晓 通讯员 李明", 130, keep_words=True, align=Align.LEFT)
    assert lines == ["■本报记者王晓通讯员", "李明"]


def test_an_opening_bracket_at_a_line_start_keeps_its_full_width() -> None:
    """The punctuation style 行末半角 compresses marks at the line END only: a line-start （ keeps its
    leading blank (the rule this project follows, docs/text-engine.md)."""
    result = brk("天地玄黄宇宙洪荒日月盈昃辰（宿列张）", 130)
    second = result.lines[1]
    assert second.text.startswith("（") and second.glyphs[0].x == 0.0 and second.glyphs[1].x == pytest.approx(10)


@pytest.mark.parametrize(("raw", "expected"), [
    ('and "Debian" 12.', 'and "Debian" 12.'),  # an English phrase keeps its quotes and spaces
    ("比\"十三五\"时期", "比“十三五”时期"),
    ("我们 今天 开会", "我们今天开会"),  # stray spaces between Chinese characters go
    ("（记者 于春涛 刘国栋）", "（记者 于春涛 刘国栋）"),  # names after a role word keep theirs
    ("部分 .", "部分."),
])
def test_the_normaliser_on_mixed_text(raw: str, expected: str) -> None:
    assert normalize(raw) == expected
