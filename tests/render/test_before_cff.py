"""The sample edition drawn with the CFF outlines embedded as they are looks and reads exactly as it did
when the faces were converted to TrueType: `before-cff.pdf` was rendered by the converting code (commit
8a0c964), and `layout diff` at zero tolerance finds no difference — every character the same at the same
place (within 0.02 pt), size and colour, every rule and box the same, no pixel at 50 dpi differing by
more than the diff's threshold — and pypdf extracts the same text from every page."""

from __future__ import annotations

from pathlib import Path

import pypdf

from layout.diff import diff_pdfs
from layout.pipeline import render
from tests.conftest import ROOT, SAMPLE
from tests.support.fontrecord import require_recorded_fonts

BEFORE = ROOT / "tests" / "reference" / "before-cff.pdf"
FONTS = ROOT / "tests" / "reference" / "fonts.json"  # the same font files made both


def test_the_sample_is_the_same_as_before_cff(tmp_path: Path) -> None:
    require_recorded_fonts(FONTS, SAMPLE)
    new = render(SAMPLE, tmp_path, per_page=False).pdf.read_bytes()
    result = diff_pdfs(BEFORE.read_bytes(), new)
    assert not result.different(0.0), result.report(0.0)
    old_text = [p.extract_text() for p in pypdf.PdfReader(BEFORE).pages]
    new_text = [p.extract_text() for p in pypdf.PdfReader(tmp_path / "edition.pdf").pages]
    assert new_text == old_text
