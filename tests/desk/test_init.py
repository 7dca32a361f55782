"""`layout init`: an edition that renders at once (plan, two articles, a photo slot), a style of one's own
that extends a shipped one, and never a file written over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.model.plan import ImageBox, StoryBox
from layout.run.pipeline import lay_out
from layout.source.edition import load_edition
from layout.style.load import find_style, load_style


def test_init_makes_an_edition_that_renders_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = CliRunner().invoke(main, ["init", str(folder), "--date", "2026-05-04", "--issue", "7"])
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == [
        "articles/jianxun.md", "articles/yaowen.md", "edition.yaml"]
    assert result.output.splitlines()[-1] == f"next: layout check {folder}   (or `layout serve {folder}` to watch " \
                                             "the page as you edit)"
    plan = (folder / "edition.yaml").read_text(encoding="utf-8")
    schema = plan.splitlines()[0].split("$schema=")[1]
    assert Path(schema).is_file() and schema.endswith("edition.schema.json")
    edition = load_edition(folder)
    assert edition.date == dt.date(2026, 5, 4) and edition.issue == 7 and edition.style.name == "天津日报"
    kinds = [type(b) for b in edition.pages[0].boxes]
    assert kinds.count(StoryBox) == 2 and kinds.count(ImageBox) == 1
    photo = next(b for b in edition.pages[0].boxes if isinstance(b, ImageBox))
    assert photo.image is not None and photo.image.placeholder and photo.image.caption
    laid = lay_out(edition)  # no overset (that would raise), and nothing to warn about
    assert laid.warnings == ()
    assert {f.story for f in laid.flowed.fits} == {"yaowen", "jianxun"}
    assert edition.articles["yaowen"].source == "本报"
    rendered = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "out" / "edition.pdf").is_file() and (tmp_path / "out" / "20260504-01.pdf").is_file()


def test_init_never_writes_over_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "e")])
    assert result.exit_code == 2
    assert "is already there and not empty" in result.output
    assert [p.name for p in (tmp_path / "e").iterdir()] == ["notes.txt"]


def test_init_on_a_shipped_style(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "e"), "--style", "beifang-wanbao"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "e" / "styles").exists()
    edition = load_edition(tmp_path / "e")
    assert edition.style.name == "北方晚报"
    lay_out(edition)


def test_init_with_a_new_style_starts_it_in_the_edition(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "e"), "--style", "my-paper"])
    assert result.exit_code == 0, result.output
    style_file = tmp_path / "e" / "styles" / "my-paper.yaml"
    assert f"wrote {style_file}" in result.output
    text = style_file.read_text(encoding="utf-8")
    assert "extends: tianjin-daily\nname: my-paper\n" in text
    edition = load_edition(tmp_path / "e")
    assert edition.style.name == "my-paper" and edition.style.path == str(style_file)
    assert edition.style.grid.columns == 8  # everything else from the shipped style


def test_init_style_alone_writes_it_beside_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "--style", "evening", "--extends", "beifang-wanbao"])
    assert result.exit_code == 0, result.output
    assert result.output == "wrote styles/evening.yaml (extends beifang-wanbao)\n"
    style = load_style(find_style("evening", tmp_path))
    assert style.name == "evening" and style.grid.columns == 6
    again = CliRunner().invoke(main, ["init", "--style", "evening"])
    assert again.exit_code == 2 and "styles/evening.yaml is already there" in again.output


@pytest.mark.parametrize(("args", "message"), [
    (["--style", "tianjin-dialy"], "error: unknown style 'tianjin-dialy' (did you mean 'tianjin-daily'?)"),
    (["--style", "tianjin-daily"], "error: 'tianjin-daily' is a shipped style: a new style needs a name of its own"),
    (["--style", "mine", "--extends", "nope"], "error: unknown style 'nope'"),
    (["--style", "../x"], "error: '../x' is not a style name"),
    ([], "Error: give a FOLDER for a new edition, or --style NAME for a new style"),
])
def test_init_style_mistakes(args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []
