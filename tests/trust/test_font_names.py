"""Each distinct embedded font subset has its own name throughout the edition and the page files (a RIP
that caches fonts by name must never get two different glyph sets under one name). The fonts are composite
(Type0 over a CIDFont): CFF programs in FontFile3, TrueType ones in FontFile2."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdf
import pytest

from layout.run.pipeline import render
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("names")
    render(SAMPLE, out)
    return out


def embedded(pdf: Path) -> list[tuple[str, str]]:
    """(BaseFont, sha256 of the embedded font program and ToUnicode map) of every font on every page."""
    out = []
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
            cid_font = font["/DescendantFonts"][0].get_object()
            descriptor = cid_font["/FontDescriptor"].get_object()
            kind = "/FontFile3" if cid_font["/Subtype"] == "/CIDFontType0" else "/FontFile2"
            program = descriptor[kind].get_object()
            if kind == "/FontFile3":
                assert program["/Subtype"] == "/CIDFontType0C"
            name = str(cid_font["/BaseFont"])
            assert descriptor["/FontName"] == name and str(font["/BaseFont"]).startswith(name)
            content = program.get_data() + b"\0" + font["/ToUnicode"].get_object().get_data()
            out.append((name, hashlib.sha256(content).hexdigest()))
    return out


def test_one_name_one_subset_in_the_edition_and_the_page_files(output: Path) -> None:
    seen: dict[str, set[str]] = {}
    for pdf in sorted(output.glob("*.pdf")):
        for name, digest in embedded(pdf):
            seen.setdefault(name, set()).add(digest)
    assert len(seen) >= 10
    shared = {name: digests for name, digests in seen.items() if len(digests) > 1}
    assert not shared, f"one name for several subsets: {shared}"
    # and within the edition, distinct subsets are as many as distinct names
    pairs = set(embedded(output / "edition.pdf"))
    assert len({n for n, _d in pairs}) == len({d for _n, d in pairs})
