"""Visual regression: render each reference case and compare it with its reference PDF, page by page.

`pytest --update-references` rewrites the references (and prints which changed). On a failure the
diff images and an HTML report are written under tests/output/<case>/ and their path is printed.
Every reference PNG committed was looked at (`layout proof tests/reference/<case>.pdf`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layout.infra.cache import clear_memory
from layout.run.options import Options
from layout.run.pipeline import render
from layout.tools.diff import diff_pdfs, write_report
from tests.conftest import ROOT, SAMPLE
from tests.support.fontrecord import record, require_recorded_fonts

HERE = Path(__file__).parent
OUTPUT = ROOT / "tests" / "output"
FONTS = HERE / "fonts.json"  # the font files the references were made with
TOLERANCE = 0.0002  # share of changed pixels at 50 dpi
CASES = {
    "sample": SAMPLE,
    "punctuation": ROOT / "tests" / "editions" / "punctuation",
    "jump": HERE / "editions" / "jump",
    "headline": HERE / "editions" / "headline",
    "masthead": HERE / "editions" / "masthead",
    "photo": HERE / "editions" / "photo",
    "photos": HERE / "editions" / "photos",  # real photographs (scikit-image's samples), colour and 16-bit grey
}


def render_case(folder: Path, out: Path) -> bytes:
    return render(folder, out, Options(per_page=False)).pdf.read_bytes()


SLOW_CASES = {"sample", "photo"}  # the whole sample (3 s) and photo ink: `make test` only


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW_CASES else c
                                  for c in sorted(CASES)])
def test_matches_reference(case: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    new = render_case(CASES[case], tmp_path)
    reference = HERE / f"{case}.pdf"
    if request.config.getoption("--update-references"):
        changed = not reference.exists() or diff_pdfs(reference.read_bytes(), new).different(TOLERANCE)
        reference.write_bytes(new)
        print(f"reference {case}: {'CHANGED' if changed else 'same'} -> {reference}")
        record(FONTS, SAMPLE)
        return
    require_recorded_fonts(FONTS, SAMPLE)
    old = reference.read_bytes()
    result = diff_pdfs(old, new)
    if result.different(TOLERANCE):
        out = OUTPUT / case
        shutil.rmtree(out, ignore_errors=True)
        report = write_report(result, out, old, new, 50.0, TOLERANCE)
        pytest.fail(f"{case} differs from its reference:\n{result.report(TOLERANCE)}\ndiff images: {report}")


@pytest.mark.slow  # over 10 s
def test_switching_off_a_kinsoku_rule_fails_the_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The references would catch a broken 禁则 rule: with no line-start rule the punctuation case changes."""
    from layout.model.style import Kinsoku
    from layout.text import _units, break_paragraph, kinsoku

    monkeypatch.setitem(kinsoku.NOT_START, Kinsoku.NORMAL, frozenset())
    # a rule changed in memory is not in any cache key: break every line again, in a cache of its own
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(tmp_path / "cache"))
    clear_memory()
    break_paragraph.cache_clear()
    _units.cache_clear()
    try:
        new = render_case(CASES["punctuation"], tmp_path)
    finally:
        break_paragraph.cache_clear()
        clear_memory()
    result = diff_pdfs((HERE / "punctuation.pdf").read_bytes(), new)
    assert result.different(TOLERANCE)
    assert any(p.edits() or p.moved for p in result.pages)  # the text layer shows the reflow too


def test_one_changed_character_fails_the_reference(tmp_path: Path) -> None:
    """The references are compared by the same rule as `layout diff`: one character is a difference."""
    folder = tmp_path / "edition"
    shutil.copytree(CASES["punctuation"], folder)
    article = folder / "articles" / "biaodian.md"
    text = article.read_text(encoding="utf-8")
    i = text.index("的", text.index("---", 4))
    article.write_text(text[:i] + "地" + text[i + 1:], encoding="utf-8")
    result = diff_pdfs((HERE / "punctuation.pdf").read_bytes(), render_case(folder, tmp_path / "out"))
    assert result.different(TOLERANCE)
    assert [c.kind.value for p in result.pages for c in p.edits()] == ["changed"]
