"""Validation of edition.yaml: schema and meaning, each error at file:line:col with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import LayoutError
from layout.source.edition import load_edition
from tests.conftest import PLAN, MakeEdition


def first_error(folder: Path) -> str:
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    assert info.value.exit_code == 2
    return info.value.diagnostics[0].format().replace(str(folder) + "/", "")


def test_the_small_edition_loads(make_edition: MakeEdition) -> None:
    edition = load_edition(make_edition())
    assert [b.name for b in edition.pages[0].boxes] == ["p1.masthead", "p1.story.jieneng", "p1.story.dashuju"]
    box = edition.pages[0].boxes[1]
    g = edition.style.grid
    assert (box.rect.x, box.rect.w, box.rect.h) == (g.left, 55 * 9.0, 20 * 13.5)
    assert edition.articles["jieneng"].paragraphs[1].text == "一、总体要求"


def test_unknown_story_with_suggestion(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("story: jieneng", "story: jienneng")))
    assert msg.startswith("edition.yaml:10:16: error: unknown story 'jienneng' (did you mean 'jieneng'?)")
    assert "hint: articles/jienneng.md does not exist" in msg


def test_unknown_key_with_suggestion(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("columns: 4\n      - story: dashuju", "colums: 4\n      - story: dashuju")
    msg = first_error(make_edition(plan))
    assert msg.startswith("edition.yaml:12:9: error: unknown key 'colums' (did you mean 'columns'?)")


def test_box_off_the_page(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("{col: 5, span: 4, line: 11", "{col: 6, span: 4, line: 11")))
    assert msg.startswith("edition.yaml:14:28: error: box off the page: columns 6–9, but the grid has 8")


def test_box_below_the_page(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("line: 11, lines: 20}\n        columns: 4\n      - story: dashuju",
                                                "line: 100, lines: 20}\n        columns: 4\n      - story: dashuju")))
    assert "error: box off the page: lines 100–119, but the grid has 106" in msg
    assert msg.startswith("edition.yaml:11:")


def test_overlapping_boxes(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("{col: 5, span: 4, line: 11", "{col: 4, span: 4, line: 11")))
    assert msg.startswith("edition.yaml:13:9: error: box 'p1.story.dashuju' overlaps box 'p1.story.jieneng' "
                          "(line 10)")


def test_story_never_placed(make_edition: MakeEdition) -> None:
    folder = make_edition()
    (folder / "articles" / "extra.md").write_text("---\ntitle: 多余\n---\n正文。\n", encoding="utf-8")
    msg = first_error(folder)
    assert msg.startswith("edition.yaml: error: story 'extra' is never placed")


def test_wrong_type(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("issue: 28122", "issue: 第28122号")))
    assert msg.startswith("edition.yaml:3:8: error: 'issue' must be integer, got '第28122号'")


def test_bad_date(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("date: 2026-04-23", "date: 2026-13-45")))
    assert msg.startswith("edition.yaml:2:7: error: '2026-13-45' is not a valid date: month must be in 1..12")
    assert "hint: write dates as YYYY-MM-DD" in msg


def test_box_with_two_kinds(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("      - story: dashuju\n", "      - story: dashuju\n        rule: horizontal\n")
    msg = first_error(make_edition(plan))
    assert msg.startswith("edition.yaml:13:9: error: a box holds exactly one of: masthead, story, headline, image, "
                          "rule, ad; this one has story, rule")


def test_tab_indentation(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("    boxes:", "\tboxes:")))
    assert msg.startswith("edition.yaml:7:1: error: malformed YAML")
    assert "hint: YAML indentation must use spaces, not tabs" in msg


def test_duplicate_key(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("issue: 28122\n", "issue: 28122\nissue: 28123\n")))
    assert msg.startswith("edition.yaml:4:1: error: duplicate key 'issue' (first given at line 3)")


def test_unclosed_quote(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("style: tianjin-daily", 'style: "tianjin-daily')))
    assert "error: malformed YAML" in msg


def test_unknown_style(make_edition: MakeEdition) -> None:
    msg = first_error(make_edition(PLAN.replace("style: tianjin-daily", "style: tianjin-dialy")))
    assert msg.startswith("edition.yaml:1:8: error: unknown style 'tianjin-dialy' (did you mean 'tianjin-daily'?)")


def test_columns_off_the_character_grid(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("columns: 4\n      - story: dashuju", "columns: 3\n      - story: dashuju")
    msg = first_error(make_edition(plan))
    assert msg.startswith("edition.yaml:12:18: error: 3 text columns do not divide this box on the character grid "
                          "(55 characters wide)")


def test_unknown_front_matter_key(make_edition: MakeEdition) -> None:
    from tests.conftest import ARTICLE_B

    folder = make_edition(articles={"jieneng": "---\ntitel: 意见\n---\n正文。\n", "dashuju": ARTICLE_B})
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    msg = info.value.diagnostics[0].format()
    assert msg.endswith("jieneng.md:2:1: error: unknown front-matter key 'titel' (did you mean 'title'?)\n"
                        "  hint: allowed keys: title, kicker, subtitle, byline, source, jump_title, photos")


def test_article_in_gbk(make_edition: MakeEdition) -> None:
    from tests.conftest import ARTICLE_B

    folder = make_edition(articles={"jieneng": "", "dashuju": ARTICLE_B})
    (folder / "articles" / "jieneng.md").write_bytes("---\ntitle: 意见\n---\n正文。\n".encode("gbk"))
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    assert "not UTF-8 text" in str(info.value) and "iconv -f gb18030 -t utf-8" in str(info.value)


def test_box_over_the_folio_of_a_page_without_masthead(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("      - masthead: true\n        at: {col: 1, span: 8, line: 1, lines: 9}\n",
                        "      - story: dashuju\n        at: {col: 1, span: 2, line: 2, lines: 5}\n")
    plan = plan.replace("      - story: dashuju\n        at: {col: 5", "      - rule: horizontal\n        at: {col: 5")
    msg = first_error(make_edition(plan))
    assert msg.startswith("edition.yaml:8:9: error: box 'p1.story.dashuju' overlaps the 报眉 of page 1 "
                          "(grid lines 1–3)")
    assert "hint: start it at line 4 or lower, or put a masthead on this page" in msg
