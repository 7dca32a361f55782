"""Golden text dump of the sample edition's pages: every run, rule and image, positions to 0.1 pt.

A reflow, a moved box or a changed headline size shows up as changed lines. After an intended change:
    LAYOUT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and read the diff (git diff tests/golden/) before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from layout.render.dump import dump_pages
from layout.run.pipeline import lay_out, load
from tests.conftest import SAMPLE
from tests.support.fontrecord import record, require_recorded_fonts

GOLDEN = Path(__file__).parent / "golden" / "sample-pages.txt"
FONTS = Path(__file__).parent / "golden" / "sample-fonts.json"  # the font files the dump was made with


def test_sample_pages_match_the_golden_dump() -> None:
    got = dump_pages(lay_out(load(SAMPLE)).pages)
    if os.environ.get("LAYOUT_UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
        record(FONTS, SAMPLE)
    require_recorded_fonts(FONTS, SAMPLE)
    want = GOLDEN.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now"))[:60])
        raise AssertionError(f"the sample's pages changed:\n{diff}")
