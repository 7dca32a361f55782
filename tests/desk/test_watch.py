"""`layout watch`: editors' temporary files are no changes, the first render claims no changed pages, and a
warning is printed once, not on every cycle (only new or changed ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.desk.watch import WatchState, editor_temp, relevant, rerender, run
from tests.conftest import ARTICLE_B, MakeEdition

TEMP = [".#edition.yaml", "#jieneng.md#", "edition.yaml~", ".edition.yaml.swp", ".jieneng.md.swx", "4913", "5036",
        "edition.yaml.tmp", "jieneng.md___jb_tmp___", ".goutputstream-ABC123", "sedAb12Cd"]
REAL = ["edition.yaml", "jieneng.md", "mine.yaml", "catalogue.yaml", "photo.jpg", "NotoSerifCJK-Regular.ttc"]


@pytest.mark.parametrize("name", TEMP)
def test_editor_temporary_files_are_not_changes(name: str) -> None:
    assert editor_temp(Path("/e/articles") / name)


@pytest.mark.parametrize("name", REAL)
def test_the_editions_files_are_changes(name: str) -> None:
    assert not editor_temp(Path("/e") / name)


def test_our_own_output_is_not_a_change(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [out / "edition.pdf", out / "proof" / "page-01.png", tmp_path / "e" / "edition.yaml",
             tmp_path / "e" / ".edition.yaml.swp"]
    assert relevant(files, out) == [tmp_path / "e" / "edition.yaml"]


def test_a_watch_session(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    plan = folder / "edition.yaml"
    said: list[str] = []
    state = WatchState(folder, tmp_path / "out", proofs=False, dpi=20)
    batches = [
        {(1, str(folder / ".edition.yaml.swp")), (1, str(folder / "4913")), (3, str(folder / "edition.yaml~"))},
        {(2, str(plan))},  # saved without a change
    ]
    run(state, said.append, batches)
    first = said.index(next(s for s in said if s.startswith("rendered ")))
    assert said[first].startswith("rendered 1 page in ") and "changed" not in said[first]
    warnings = [s for s in said[:first] if ": warning: " in s]
    assert warnings and all(w.startswith(f"{plan}:") for w in warnings)  # file:line:col
    rest = said[first + 1:]
    assert rest[0] == "changed: edition.yaml"  # the temporary files made no cycle of their own
    assert not any(": warning: " in s for s in rest)  # the same warnings are not printed again
    assert rest[1] == f"({len(warnings)} warning{'s' if len(warnings) > 1 else ''} as before)"
    assert rest[2].startswith("rendered in ") and "pages changed: none" in rest[2]
    assert len([s for s in said if s.startswith("rendered")]) == 2

    # a changed warning is printed; the one that did not change is not
    article = folder / "articles" / "dashuju.md"
    article.write_text(ARTICLE_B + "\n记者从中新天津生态城获悉。\n", encoding="utf-8")
    said.clear()
    assert rerender(state, said.append) == {1}
    new = [s for s in said if ": warning: " in s]
    assert len(new) == 1 and "dashuju" in new[0]
