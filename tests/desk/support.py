"""Shared by the desk tests: a copy of the sample edition, and the plan edits they make."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SAMPLE

# page 3's tongwulang box: 9 grid lines hold the rest of the story; 4 do not (it oversets)
TONGWULANG_P3 = "at: {col: 5, span: 4, line: 5, lines: 9}"
TONGWULANG_P3_SHORT = "at: {col: 5, span: 4, line: 5, lines: 4}"


def copy_sample(tmp_path: Path, name: str = "sample") -> Path:
    folder = tmp_path / name
    shutil.copytree(SAMPLE, folder)
    return folder


def edit_plan(folder: Path, old: str, new: str) -> None:
    plan = folder / "edition.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    plan.write_text(text.replace(old, new), encoding="utf-8")
