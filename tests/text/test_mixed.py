"""Judged from the outside: the mixed-text edition (tests/editions/mixed: technology, finance and sports
news with English names, URLs, e-mail addresses and figures in 13-character columns) and the sample, by the
workplace's pdfcheck (../shared/tools/pdfcheck): nothing missing, no forbidden line start or end, no split
word or number, ≥ 99.5 % of non-final lines flush, at most 3 loose lines."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from layout.model.plan import Edition, HeadlineBox, StoryBox, TableBox
from layout.run.pipeline import render
from tests.conftest import ROOT, SAMPLE

PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck"
MIXED = ROOT / "tests" / "editions" / "mixed"
MIXED_LATIN = ROOT / "tests" / "editions" / "mixed-latin"
LATIN = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/.:-_@")


def without_tables(pdf: Path, edition: Edition, out: Path) -> Path:
    """The edition's pages without those that hold a table (the 财经 page) or vertical text (the 副刊 page):
    pdfcheck reads a stock table's rows as body lines (cells as split numbers) and sets vertical text aside
    only in part; tables are judged by tests/tables and vertical lines by tests/vertical from their glyphs."""
    import pypdf

    skipped = _skipped(edition)
    if not skipped:
        return pdf
    reader, writer = pypdf.PdfReader(pdf), pypdf.PdfWriter()
    for page, plan in zip(reader.pages, edition.pages, strict=True):
        if plan.number not in skipped:
            writer.add_page(page)
    path = out / "judged.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def _skipped(edition: Edition) -> set[int]:
    return {p.number for p in edition.pages
            if any(isinstance(b, TableBox) or (isinstance(b, StoryBox | HeadlineBox) and b.vertical) for b in p.boxes)}


def judged_sources(folder: Path, edition: Edition) -> list[Path]:
    """The articles pdfcheck compares the judged pages with: all but those set only on skipped pages (the
    副刊's vertical essays would count as missing)."""
    skipped = _skipped(edition)
    placed: dict[str, set[int]] = {}
    for page in edition.pages:
        for box in page.boxes:
            if isinstance(box, StoryBox | HeadlineBox):
                placed.setdefault(box.story, set()).add(page.number)
    return [f for f in sorted((folder / "articles").glob("*.md"))
            if not placed.get(f.stem) or not placed[f.stem] <= skipped]


def judge(edition: Path, out: Path) -> dict:  # type: ignore[type-arg]
    if not PDFCHECK.is_file() or shutil.which("bash") is None:
        pytest.skip(f"the workplace's pdfcheck is not at {PDFCHECK}")
    done_render = render(edition, out)
    pdf = without_tables(done_render.pdf, done_render.laid.edition, out)
    sources = [a for f in judged_sources(edition, done_render.laid.edition) for a in ("--source", str(f))]
    report = out / "report.json"
    done = subprocess.run(["bash", str(PDFCHECK), str(pdf), *sources, "--json", str(report)], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict = json.loads(report.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return result


@pytest.mark.slow  # renders, then pdfcheck in fresh processes, 2-2.5 s
@pytest.mark.parametrize("edition", [MIXED, MIXED_LATIN, SAMPLE], ids=["mixed", "mixed-latin", "sample"])
def test_pdfcheck_finds_nothing_wrong(edition: Path, tmp_path: Path) -> None:
    r = judge(edition, tmp_path)
    b, j, c = r["breaking"], r["justification"], r["completeness"]
    assert c["missing_total"] == 0
    assert b["start_forbidden"] == 0 and b["end_forbidden"] == 0, (b["start_forbidden_examples"],
                                                                    b["end_forbidden_examples"])
    assert b["dash_split"] + b["ellipsis_split"] + b["alnum_split"] == 0, b["alnum_split_examples"]
    assert j["within_0_5pt_share"] >= 0.995, j
    assert j["loose_lines"] <= 3, j


def _spaced_pairs(sources: list[Path]) -> set[str]:
    """Pairs of characters that the articles write with a space between them (a word space may open)."""
    pairs: set[str] = set()
    for f in sources:
        text = f.read_text(encoding="utf-8")
        pairs |= {m.group(1) + m.group(2) for m in re.finditer(r"(\S)[ \u3000]+(?=(\S))", text)}
    return pairs


def opened_gaps(pdf: Path, sources: list[Path]) -> list[str]:
    """Places where a line opened space inside a Latin word or URL, or between a bracket and the word it
    holds (rule-5a), read from the PDF: more than 0.06 em between the advance boxes of two neighbours that
    the articles never write with a space between them."""
    import pdfplumber

    spaced = _spaced_pairs(sources)
    found: list[str] = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            chars = [c for c in page.chars if abs(c["size"] - 9.0) < 0.01]  # body text
            for a, b in itertools.pairwise(chars):
                pair = a["text"] + b["text"]
                if abs(a["top"] - b["top"]) > 0.5 or pair in spaced:
                    continue
                inside = a["text"] in LATIN and b["text"] in LATIN
                bracket = (a["text"] in "（(" and b["text"] in LATIN) or (a["text"] in LATIN and b["text"] in "）)")
                if (inside or bracket) and b["x0"] - a["x1"] > 0.06 * a["size"]:
                    found.append(f"p{page.page_number} {pair} +{(b['x0'] - a['x1']) / a['size']:.2f} em")
    return found


@pytest.mark.parametrize("edition", [MIXED, MIXED_LATIN], ids=["mixed", "mixed-latin"])
def test_no_space_opened_in_or_beside_a_latin_word(edition: Path, tmp_path: Path) -> None:
    """The mixed-text editions: no space opened inside a word, URL or number, or between one and its bracket
    (`（2023—2035年）` on the mixed edition)."""
    pdf = render(edition, tmp_path).pdf
    assert opened_gaps(pdf, sorted((edition / "articles").glob("*.md"))) == []
