"""Every mutation the mutation scripts name still applies: its file exists and the text it replaces occurs
exactly once there (a moved module or an edited line would otherwise make a mutation silently useless)."""

from __future__ import annotations

import importlib

import pytest

from tests.conftest import ROOT

LISTS = ("tests.mutations", "tests.ads.mutations", "tests.architecture.mutations", "tests.desk.mutations",
         "tests.epaper.mutations", "tests.errors.mutations_inputs", "tests.errors.tools_mutations",
         "tests.lsp.mutations", "tests.run.mutations", "tests.tables.mutations", "tests.text.mutations",
         "tests.vertical.mutations", "tests.zones.mutations")


@pytest.mark.parametrize("name", LISTS)
def test_every_mutation_names_a_file_and_a_text_found_once(name: str) -> None:
    stale = []
    for m in importlib.import_module(name).MUTATIONS:
        path = ROOT / m.file
        count = path.read_text(encoding="utf-8").count(m.old) if path.is_file() else -1
        if count != 1:
            stale.append(f"{m.name}: {m.file}: {'no such file' if count < 0 else f'text found {count} times'}")
    assert stale == [], stale


def test_the_lists_are_all_here() -> None:
    found = {p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
             for p in (ROOT / "tests").rglob("*mutations*.py")}
    assert found == set(LISTS), found ^ set(LISTS)
