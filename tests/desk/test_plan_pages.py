"""A plan edit in `layout serve` / `layout watch` checks only the page entries it changed against the schema
(`schema._passes_by_pages`); whatever it finds, the result is the whole plan's check: the same pass, the
same errors at the same file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import LayoutError
from layout.infra.yamlio.read import load_plan_yaml
from layout.source import schema
from tests.desk.support import TONGWULANG_P3, copy_sample, edit_plan


class _NoMarkers:
    def has(self, _key: str) -> bool:
        return False

    def put(self, _key: str, _data: bytes) -> None:
        pass


def _errors(plan: Path) -> list[tuple[str, str | None, int | None, int | None]] | None:
    """The plan checked (the disk's marker of plans seen valid left out): None when it passes, else its errors."""
    doc = load_plan_yaml(plan)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(schema, "PASSED", _NoMarkers())
            schema.validate_edition(doc)
    except LayoutError as exc:
        return [(d.message, d.file, d.line, d.col) for d in exc.diagnostics]
    return None


def _fresh(plan: Path) -> list[tuple[str, str | None, int | None, int | None]] | None:
    kept = set(schema._PASSED_PAGES)
    schema._PASSED_PAGES.clear()
    try:
        return _errors(plan)
    finally:
        schema._PASSED_PAGES.clear()
        schema._PASSED_PAGES.update(kept)


@pytest.mark.parametrize("edit", [
    (TONGWULANG_P3, "at: {col: 5, span: 4, line: 5, lines: 8}"),  # valid: one entry changed
    (TONGWULANG_P3, "at: {col: 5, span: 4, line: 5, lines: eight}"),  # a wrong value in one entry
    (TONGWULANG_P3, "at: {col: 5, span: 4, line: 5}"),  # a key missing in one entry
    (TONGWULANG_P3, "at: {col: 5, span: 4, line: 5, lines: 9, colour: red}"),  # a key too many
    ("issue: 28122", "issue: many"),  # the plan's own fields wrong, every entry seen before
    ("date: 2026-04-23", "dates: 2026-04-23"),
])
def test_a_plan_edit_checked_by_its_changed_entries_is_the_whole_plans_check(
        tmp_path: Path, edit: tuple[str, str]) -> None:
    folder = copy_sample(tmp_path)
    plan = folder / "edition.yaml"
    schema._PASSED_PAGES.clear()
    assert _errors(plan) is None and schema._PASSED_PAGES  # the whole plan checked: its entries remembered
    edit_plan(folder, *edit)
    data = schema._jsonable(load_plan_yaml(plan).data)
    assert _errors(plan) == _fresh(plan)
    if _fresh(plan) is None:
        assert schema._passes_by_pages(data)  # passed by its one new entry
    else:
        assert not schema._passes_by_pages(data)
