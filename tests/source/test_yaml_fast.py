"""YAML is composed by libyaml when PyYAML has it: the same data and the same positions as the pure-Python
parser, whose words every error quotes (a document libyaml refuses is composed again by it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from layout.errors import LayoutError
from layout.infra.yamlio.read import load_yaml, load_yaml_text
from tests.conftest import ROOT, SAMPLE

FILES = [SAMPLE / "edition.yaml", ROOT / "styles" / "tianjin-daily.yaml", ROOT / "styles" / "taibei-ribao.yaml",
         ROOT / "fonts" / "catalogue.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_libyaml_reads_what_the_pure_parser_reads(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert getattr(yaml, "CSafeLoader", None) is not None, "PyYAML without libyaml: this test compares nothing"
    fast = load_yaml(path)
    monkeypatch.delattr(yaml, "CSafeLoader")
    pure = load_yaml(path)
    assert (fast.data, fast.values, fast.keys) == (pure.data, pure.values, pure.keys)


def test_a_document_libyaml_refuses_is_told_in_the_pure_parsers_words(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "pages:\n  - page: 1\n    section: [要闻\n    boxes: []\n"
    with pytest.raises(LayoutError) as fast:
        load_yaml_text(text, "edition.yaml")
    monkeypatch.delattr(yaml, "CSafeLoader")
    with pytest.raises(LayoutError) as pure:
        load_yaml_text(text, "edition.yaml")
    assert [d.format() for d in fast.value.diagnostics] == [d.format() for d in pure.value.diagnostics]
