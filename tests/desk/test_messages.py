"""The rough edges a newcomer hit, each message checked exactly: a missing edition folder, schema errors in
the plan's words, warnings with file:line, control characters, a style typo, an article without its
opening `---`, `source:` in `layout check`, and each command's own --help examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.errors import LayoutError
from layout.run.pipeline import lay_out
from layout.source.edition import load_edition
from tests.conftest import ARTICLE_B, PLAN, SAMPLE, MakeEdition


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    assert info.value.exit_code == 2
    return [d.format().replace(str(folder) + "/", "") for d in info.value.diagnostics]


# --- a missing edition folder -----------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "render", "watch", "serve", "proof"])
def test_a_typo_in_the_edition_folder_names_it_and_offers_the_right_one(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SAMPLE, tmp_path / "myedition")
    (tmp_path / "notes").mkdir()  # a folder that is not an edition is never suggested
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [command, "myeditio"])
    assert result.exit_code == 2, result.output
    assert result.output == ("error: the edition folder 'myeditio' does not exist (did you mean 'myedition'?)\n"
                             "  hint: edition folders in this folder: myedition\n")
    assert not (tmp_path / "out").exists()


def test_a_folder_without_a_plan_is_named_itself(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["check", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert result.output.startswith(f"{tmp_path / 'empty'}: error: no edition.yaml in {tmp_path / 'empty'}\n")
    assert "`layout init DIR` starts one" in result.output


def test_the_plan_file_itself_is_accepted_as_the_edition(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "e")
    assert load_edition(tmp_path / "e" / "edition.yaml").folder == str((tmp_path / "e").resolve())


# --- schema errors in the plan's words ---------------------------------------------------------------------

def test_at_without_lines_says_so_at_the_box_with_1_based_page_and_box(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("{col: 5, span: 4, line: 11, lines: 20}", "{col: 5, span: 4, line: 11}")
    assert errors_of(make_edition(plan)) == [
        "edition.yaml:14:13: error: page 1, box 3 (story dashuju): its place `at` has col, span, line but no lines\n"
        "  hint: give all four: at: {col: 5, span: 4, line: 11, lines: …}"]


def test_at_mixing_grid_and_lengths(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("{col: 5, span: 4, line: 11, lines: 20}", "{col: 5, span: 4, line: 11, width: 30mm}")
    (msg,) = errors_of(make_edition(plan))
    assert msg.startswith("edition.yaml:14:13: error: page 1, box 3 (story dashuju): its place mixes grid keys "
                          "(col, span, line) with lengths (width)\n  hint: use one of the two: at: {col: 1,")


def test_a_box_without_at_and_a_column_counted_from_0(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("      - story: dashuju\n        at: {col: 5, span: 4, line: 11, lines: 20}\n",
                        "      - story: dashuju\n")
    plan = plan.replace("{col: 1, span: 4, line: 11, lines: 20}", "{col: 0, span: 4, line: 11, lines: 20}")
    assert errors_of(make_edition(plan)) == [
        "edition.yaml:11:19: error: page 1, box 2 (story jieneng): 'at.col' must be at least 1, got 0\n"
        "  hint: grid columns and lines, pages and text columns are counted from 1",
        "edition.yaml:13:9: error: page 1, box 3 (story dashuju) has no 'at'\n"
        "  hint: add at: {col: 1, span: 4, line: 12, lines: 30} (grid) or at: {x: 10mm, y: 20mm, width: 100mm, "
        "height: 50mm}"]


def test_a_page_without_a_number_is_counted_by_its_place(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("  - page: 1\n    boxes:", "  - boxes:")
    assert errors_of(make_edition(plan)) == [
        "edition.yaml:6:5: error: page entry 1 has no 'page'\n  hint: add `page: N`, the page number (版次)"]


def test_top_level_messages_are_kept(make_edition: MakeEdition) -> None:
    assert errors_of(make_edition(PLAN.replace("issue: 28122\n", ""))) == [
        "edition.yaml:1:1: error: the plan has no 'issue'\n  hint: add `issue: N`, the issue number printed in "
        "the masthead"]
    assert errors_of(make_edition(PLAN.replace("issue: 28122", "issue: 第28122号"))) == [
        "edition.yaml:3:8: error: 'issue' must be integer, got '第28122号'"]


def test_an_enum_value_with_a_suggestion(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("      - story: dashuju\n", "      - rule: horizantal\n").replace(
        "      - rule: horizantal\n        at: {col: 5, span: 4, line: 11, lines: 20}\n        columns: 4\n",
        "      - rule: horizantal\n        at: {col: 5, span: 4, line: 11, lines: 20}\n")
    (msg, *_rest) = errors_of(make_edition(plan))
    assert msg == ("edition.yaml:13:15: error: page 1, box 3 (rule horizantal): 'rule' must be one of horizontal, "
                   "vertical, got 'horizantal' (did you mean 'horizontal'?)")


# --- warnings with file:line:col ---------------------------------------------------------------------------

def test_every_layout_warning_names_the_plan_line_of_its_box(make_edition: MakeEdition) -> None:
    paragraph = "北方大数据交易中心大楼投入使用，数据要素市场建设加快推进。" * 3
    long = ARTICLE_B + "\n" + "\n\n".join(paragraph for _ in range(12))
    folder = make_edition(articles={"jieneng": long, "dashuju": ARTICLE_B})
    laid = lay_out(load_edition(folder), allow_overset=True)
    texts = [d.format().replace(str(folder) + "/", "") for d in laid.warnings]
    assert any("empty grid lines at its foot" in t for t in texts)  # dashuju's box is too tall for it
    assert any("overset: story 'jieneng'" in t for t in texts)
    for d in laid.warnings:
        assert d.file == str(folder / "edition.yaml") and d.line and d.col, d.format()
    foot = next(t for t in texts if "empty grid lines at its foot" in t)
    assert foot.startswith("edition.yaml:13:9: warning: dashuju: box 'p1.story.dashuju' on page 1 has ")


# --- control characters, styles, articles -----------------------------------------------------------------

def test_control_characters_from_the_input_are_shown_not_sent(make_edition: MakeEdition) -> None:
    (msg,) = errors_of(make_edition(PLAN.replace("story: jieneng", 'story: "jie\\e[2Jneng\\u202e"')))
    assert "unknown story 'jie\\x1b[2Jneng\\u202e'" in msg
    assert "\x1b" not in msg and "\u202e" not in msg


def test_a_style_typo_lists_the_editions_own_styles(make_edition: MakeEdition) -> None:
    folder = make_edition(PLAN.replace("style: tianjin-daily", "style: mien"))
    (folder / "styles").mkdir()
    (folder / "styles" / "mine.yaml").write_text("extends: tianjin-daily\nname: 我的日报\n", encoding="utf-8")
    (msg,) = errors_of(folder)
    assert msg.startswith("edition.yaml:1:8: error: unknown style 'mien' (did you mean 'mine'?)")
    assert "hint: styles available: beifang-wanbao, mine, taibei-ribao, tianjin-daily" in msg


def test_an_article_without_its_opening_dashes_is_told_so(make_edition: MakeEdition) -> None:
    folder = make_edition(articles={"jieneng": "title: 节能降碳\n---\n正文。\n", "dashuju": ARTICLE_B})
    (msg,) = errors_of(folder)
    assert msg.startswith("articles/jieneng.md:1:1: error: the front matter has no opening '---'")
    assert "has no title" not in msg


# --- source: and help ----------------------------------------------------------------------------------------

def test_check_lists_each_storys_source(make_edition: MakeEdition) -> None:
    folder = make_edition(articles={"jieneng": ARTICLE_B.replace("---\n本报讯", "source: 新华社\n---\n本报讯"),
                                    "dashuju": ARTICLE_B})
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    summary = [line for line in result.output.splitlines() if "lines needed" in line]
    assert summary[0].endswith("; fits; source 新华社") and "source" not in summary[1]


HELP_FIRST_EXAMPLE = {
    "render": "layout render seeds/tianjin-daily-2026-04-23", "check": "layout check seeds/",
    "proof": "layout proof seeds/tianjin-daily-2026-04-23 --boxes", "watch": "layout watch seeds/",
    "diff": "layout diff before.pdf after.pdf", "serve": "layout serve seeds/", "init": "layout init my-edition",
    "preflight": "layout preflight out/", "normalize": "layout normalize seeds/", "fonts": "layout fonts",
}


@pytest.mark.parametrize("command", sorted(HELP_FIRST_EXAMPLE))
def test_each_command_has_its_own_examples(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    examples = result.output.split("Examples:\n", 1)[1].strip().splitlines()
    assert examples[0].strip().startswith(HELP_FIRST_EXAMPLE[command]), examples
    mine = [line for line in examples if line.strip().startswith("layout ")]
    assert mine and all(line.strip().startswith(f"layout {command}") for line in mine), examples
