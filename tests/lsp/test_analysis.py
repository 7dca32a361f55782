"""The server's analysis: the program's checks on unsaved buffers (the overlay), and a bug of ours said as a
diagnostic rather than taking the server down."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.lsp.analysis import analyse, edition_of
from tests.conftest import PLAN, MakeEdition


def test_the_buffer_is_checked_not_the_saved_file(make_edition: MakeEdition) -> None:
    folder = make_edition()
    plan = folder / "edition.yaml"
    found = analyse(folder, {plan: PLAN.replace("story: dashuju", "story: dashuu")}, layout=False)
    assert [d.code for d in found.by_file[str(plan)]] == ["unknown-story"]
    assert analyse(folder, {}, layout=False).by_file == {}


def test_an_internal_error_is_a_diagnostic(make_edition: MakeEdition, monkeypatch: pytest.MonkeyPatch) -> None:
    import layout.source.edition

    def boom(folder: Path, allow: tuple[Path, ...] = ()) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(layout.source.edition, "load_edition", boom)
    folder = make_edition()
    (d,) = analyse(folder, {}).by_file[str(folder / "edition.yaml")]
    assert d.code == "internal-error" and d.message == "internal error: RuntimeError: boom"


def test_which_edition_a_file_belongs_to(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    assert edition_of(folder / "edition.yaml") == folder.absolute()
    assert edition_of(folder / "articles" / "jieneng.md") == folder.absolute()
    assert edition_of(tmp_path / "loose.yaml") is None
