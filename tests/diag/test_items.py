"""The rough edges of issue 30, each fixed: grid lines and text lines said apart, a mistyped photo path blamed
on the article's line with a did-you-mean, one severity for overset in check and render, `--pages` beyond the
plan blamed on the option, hints naming a line name its file, and the 报眉's hint giving the first free line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from layout.desk.reports.copyfit import copyfit_table, grid_lines, overset_words
from layout.errors import LayoutError
from layout.model.flow import BoxFit, StoryFit
from layout.source.edition import load_edition
from tests.conftest import ARTICLE_B, PLAN, MakeEdition

TINY = PLAN.replace("{col: 1, span: 4, line: 11, lines: 20}", "{col: 1, span: 4, line: 11, lines: 5}")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_grid_lines_round_a_shortfall_up_and_a_surplus_down() -> None:
    assert [grid_lines(n, 4) for n in (-1, -4, -5, 0, 3, 4, 42)] == [-1, -1, -2, 0, 0, 1, 10]
    fit = StoryFit("s", 100, (BoxFit("b", 1, 12, 12, 90, 13, 3),), 77, 6, "x", ())
    assert overset_words(fit) == "77 characters (6 text lines: +2 grid lines or more)"


def test_the_copyfit_table_says_text_lines_and_grid_lines_apart() -> None:
    fit = StoryFit("s", 100, (BoxFit("b", 1, 80, 38, 400, 13, 4),), 0, 0, "", ())
    table = copyfit_table((fit,))
    head, _rule, row = table.splitlines()[:3]
    assert head.split()[4:] == ["text", "lines", "avail", "±text", "±grid", "±chars"]
    assert row.split()[-3:] == ["+42", "+10", "+546"]
    assert "text lines are summed over a box's columns" in table


def test_overset_says_how_many_grid_lines_and_which_lines_value(make_edition: MakeEdition) -> None:
    code, out = run("render", str(make_edition(TINY)), "-o", str(make_edition(TINY).parent / "out"))
    assert code == 1
    assert "text lines: +" in out and "grid lines or more" in out
    assert "hint: make the box " in out and "(`lines: " in out


def test_overset_is_an_error_in_check_as_in_render(make_edition: MakeEdition) -> None:
    folder = make_edition(TINY)
    code, out = run("check", str(folder))
    assert code == 1 and "error: overset: story 'jieneng'" in out and "warning: overset" not in out
    code, out = run("check", str(folder), "--allow-overset")
    assert code == 0 and "warning: overset: story 'jieneng'" in out


def test_pages_beyond_the_plan_is_blamed_on_the_option(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, out = run("render", str(make_edition()), "-o", str(tmp_path / "o"), "--pages", "3")
    assert code == 2
    assert out.startswith("error: --pages 3: no page 3 in this edition ("), out


PHOTO_ARTICLE = """\
---
title: 海河
photos:
  - id: haihe
    caption: 海河两岸
    credit: 本报记者 摄
    file: images/haihe.jpeg
---
正文。
"""
PHOTO_PLAN = PLAN + """\
      - image: jieneng/haihe
        at: {col: 1, span: 4, line: 31, lines: 10}
"""


def test_a_mistyped_photo_path_is_blamed_on_the_articles_line_with_a_did_you_mean(make_edition: MakeEdition) -> None:
    folder = make_edition(PHOTO_PLAN, {"jieneng": PHOTO_ARTICLE, "dashuju": ARTICLE_B})
    (folder / "images").mkdir()
    Image.new("RGB", (40, 30)).save(folder / "images" / "haihe.jpg")
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    d = info.value.diagnostics[0]
    assert (d.file, d.line, d.col) == (str(folder / "articles" / "jieneng.md"), 7, 11)
    assert d.message == "missing image file 'images/haihe.jpeg'"
    assert d.hint is not None and d.hint.startswith("did you mean 'images/haihe.jpg'? ")
    assert d.hint.endswith("(placed by edition.yaml line 16)")


def test_the_folio_hint_names_the_first_free_line_and_that_line_works(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("      - masthead: true\n        at: {col: 1, span: 8, line: 1, lines: 9}\n",
                        "      - story: dashuju\n        at: {col: 1, span: 2, line: 2, lines: 5}\n")
    plan = plan.replace("      - story: dashuju\n        at: {col: 5", "      - rule: horizontal\n        at: {col: 5")
    with pytest.raises(LayoutError) as info:
        load_edition(make_edition(plan))
    assert info.value.diagnostics[0].hint == "start it at line 4 or lower, or put a masthead on this page"
    load_edition(make_edition(plan.replace("line: 2, lines: 5", "line: 4, lines: 5")))  # no error


def test_lengths_are_said_in_the_unit_the_user_wrote(make_edition: MakeEdition) -> None:
    from layout.model.lengths import show_length, unit_written

    assert unit_written("120mm") == "mm" and unit_written(12) == "pt" and show_length(340.1574803, "mm") == "120mm"
    plan = PLAN + "      - rule: horizontal\n        at: {x: 10mm, y: 400mm, width: 400mm, height: 1mm}\n"
    with pytest.raises(LayoutError) as info:
        load_edition(make_edition(plan))
    msg = info.value.diagnostics[0].message
    assert msg.startswith("box off the page: x 10mm, y 400mm, 400mm × 1mm on a "), msg
    assert "pt" not in msg
