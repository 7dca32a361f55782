"""Diagnostics like a compiler's (issue 30): every problem of a run at once, grouped by file in source order,
each with its source line and a marker under the span; one line each with `--diagnostic-format short`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from layout.cli import main
from layout.errors import Diagnostic, Level
from layout.infra.snippets import MAX_SHOWN, render_all, rich, width
from tests.conftest import PLAN, MakeEdition

TWO_ERRORS = PLAN.replace("story: jieneng", "story: jienng").replace(
    "at: {col: 5, span: 4, line: 11, lines: 20}", "at: {col: 5, span: 5, line: 11, lines: 20}")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_two_unrelated_errors_in_one_plan_are_both_reported_with_snippets(make_edition: MakeEdition) -> None:
    folder = make_edition(plan=TWO_ERRORS)
    code, out = run("check", str(folder))
    assert code == 2, out
    plan = f"{folder}/edition.yaml"
    assert out == (
        f"{plan}:10:16: error: unknown story 'jienng' (did you mean 'jieneng'?)\n"
        "   |\n"
        "10 |       - story: jienng\n"
        "   |                ^~~~~~\n"
        "  hint: articles/jienng.md does not exist; stories: dashuju, jieneng\n"
        f"{plan}:14:28: error: box off the page: columns 5–9, but the grid has 8\n"
        "   |\n"
        "14 |         at: {col: 5, span: 5, line: 11, lines: 20}\n"
        "   |                            ^\n"
        "  hint: col + span must be at most 9\n")


def test_short_form_is_one_line_per_problem(make_edition: MakeEdition) -> None:
    folder = make_edition(plan=TWO_ERRORS)
    code, out = run("--diagnostic-format", "short", "check", str(folder))
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert lines[0].startswith(f"{folder}/edition.yaml:10:16: error: unknown story 'jienng'")
    assert lines[0].endswith("— hint: articles/jienng.md does not exist; stories: dashuju, jieneng")
    assert lines[1].startswith(f"{folder}/edition.yaml:14:28: error: box off the page")


def test_json_keeps_its_shape_with_every_error(make_edition: MakeEdition) -> None:
    import json

    folder = make_edition(plan=TWO_ERRORS)
    result = CliRunner().invoke(main, ["check", str(folder), "--json"])
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["exit_code"] == 2
    assert [(e["line"], e["col"]) for e in data["errors"]] == [(10, 16), (14, 28)]
    assert {"level", "message", "file", "line", "col", "hint"} <= set(data["errors"][0])


def test_grouped_by_file_in_source_order_and_bounded(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x: 1\ny: 2\nz: 3\n", encoding="utf-8")
    b.write_text("k: 1\n", encoding="utf-8")
    diags = [Diagnostic(Level.ERROR, "late", str(a), 3, 1), Diagnostic(Level.ERROR, "other", str(b), 1, 1),
             Diagnostic(Level.ERROR, "early", str(a), 1, 4)]
    out = render_all(diags)
    assert [t.split(": error: ")[1].split("\n")[0] for t in out] == ["early", "late", "other"]
    many = render_all([Diagnostic(Level.ERROR, f"e{i}", str(a), 1, 1) for i in range(MAX_SHOWN + 7)], "short")
    assert len(many) == MAX_SHOWN + 1 and many[-1] == "note: 7 more problems not shown"


def test_the_marker_sits_under_wide_characters(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("title: 天津日报 bad\n", encoding="utf-8")
    text = rich(Diagnostic(Level.ERROR, "m", str(f), 1, 13, length=3))
    marker = text.splitlines()[3]
    assert marker == "  | " + " " * width("title: 天津日报 ") + "^~~"


def test_a_missing_file_or_line_gives_the_message_alone(tmp_path: Path) -> None:
    d = Diagnostic(Level.ERROR, "m", str(tmp_path / "gone.yaml"), 3, 1, "h")
    assert rich(d) == d.format()
    f = tmp_path / "short.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    assert rich(Diagnostic(Level.ERROR, "m", str(f), 40, 1)) == Diagnostic(Level.ERROR, "m", str(f), 40, 1).format()


def test_control_characters_in_the_source_line_are_shown_escaped(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_bytes(b"a: \x1b[31mred\n")
    text = rich(Diagnostic(Level.ERROR, "m", str(f), 1, 4))
    assert "\x1b" not in text and "\\x1b[31mred" in text


def test_broken_articles_and_the_plan_are_reported_together(make_edition: MakeEdition) -> None:
    from tests.conftest import ARTICLE_A, ARTICLE_B

    plan = PLAN.replace("at: {col: 5, span: 4, line: 11, lines: 20}", "at: {col: 5, span: 5, line: 11, lines: 20}")
    broken = {"jieneng": ARTICLE_A.replace("title: ", "title："),
              "dashuju": ARTICLE_B.replace("---\n本报", "---\n本\x00报")}
    folder = make_edition(plan=plan, articles=broken)
    code, out = run("--diagnostic-format", "short", "check", str(folder))
    assert code == 2
    lines = out.splitlines()
    assert [line.split(": error: ")[0].replace(str(folder) + "/", "") for line in lines] == [
        "articles/dashuju.md:4:2", "articles/jieneng.md:2:6", "edition.yaml:14:28"], out
