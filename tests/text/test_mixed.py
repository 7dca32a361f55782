"""Judged from the outside: the mixed-text edition (tests/editions/mixed: technology, finance and sports
news with English names, URLs, e-mail addresses and figures in 13-character columns) and the sample, by the
workplace's pdfcheck (../shared/tools/pdfcheck): nothing missing, no forbidden line start or end, no split
word or number, ≥ 99.5 % of non-final lines flush, at most 3 loose lines."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from layout.run.pipeline import render
from tests.conftest import ROOT, SAMPLE

PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck"
MIXED = ROOT / "tests" / "editions" / "mixed"


def judge(edition: Path, out: Path) -> dict:  # type: ignore[type-arg]
    if not PDFCHECK.is_file() or shutil.which("bash") is None:
        pytest.skip(f"the workplace's pdfcheck is not at {PDFCHECK}")
    pdf = render(edition, out).pdf
    sources = [a for f in sorted((edition / "articles").glob("*.md")) for a in ("--source", str(f))]
    report = out / "report.json"
    done = subprocess.run(["bash", str(PDFCHECK), str(pdf), *sources, "--json", str(report)], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict = json.loads(report.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return result


@pytest.mark.parametrize("edition", [MIXED, SAMPLE], ids=["mixed", "sample"])
def test_pdfcheck_finds_nothing_wrong(edition: Path, tmp_path: Path) -> None:
    r = judge(edition, tmp_path)
    b, j, c = r["breaking"], r["justification"], r["completeness"]
    assert c["missing_total"] == 0
    assert b["start_forbidden"] == 0 and b["end_forbidden"] == 0, (b["start_forbidden_examples"],
                                                                    b["end_forbidden_examples"])
    assert b["dash_split"] + b["ellipsis_split"] + b["alnum_split"] == 0, b["alnum_split_examples"]
    assert j["within_0_5pt_share"] >= 0.995, j
    assert j["loose_lines"] <= 3, j
