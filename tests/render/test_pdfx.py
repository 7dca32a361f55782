"""PDF/X written as the pages are drawn (layout/render/pdfxdoc.py), and the edition joined from the page files
without pypdf (layout/output/join.py, layout/output/finishing.py)."""

from __future__ import annotations

import hashlib
import io
import sys

import pypdf
import pytest

from layout.output.finishing import finish, join
from layout.output.join import NotJoinable, read_source
from layout.plant.preflight import preflight
from layout.render.pdfxparts import ID_PLACEHOLDER
from layout.run.pipeline import draw_planned, finish_planned, plan
from tests.conftest import MakeEdition


@pytest.fixture
def drawn(make_edition: MakeEdition, monkeypatch: pytest.MonkeyPatch) -> tuple[list[bytes], object]:
    """A one-page edition drawn and finished in this process with pypdf unimportable."""
    planned = plan(make_edition())
    monkeypatch.setitem(sys.modules, "pypdf", None)
    blobs = draw_planned([planned])[0][0]
    built = finish_planned(planned, blobs)
    monkeypatch.undo()
    return blobs, built


def test_a_page_file_is_pdfx_as_drawn(drawn: tuple[list[bytes], object]) -> None:
    blobs, built = drawn
    page = blobs[0]
    assert built.pages[0][1] == page  # type: ignore[attr-defined]  # the plate's file is the page as drawn
    reader = pypdf.PdfReader(io.BytesIO(page))
    info = reader.metadata
    assert info is not None and info["/GTS_PDFXVersion"] == "PDF/X-1a:2003" and info["/Trapped"] == "/False"
    assert info["/Title"] == "天津日报 2026-04-23 第1版" and info["/CreationDate"] == "D:20260423000000+08'00'"
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "IFRA26"
    assert "/TrimBox" in reader.pages[0] and "/BleedBox" in reader.pages[0] and page.startswith(b"%PDF-1.4")
    assert preflight(page, "page.pdf").ok


def test_the_id_is_the_md5_of_the_file_as_written(drawn: tuple[list[bytes], object]) -> None:
    blobs, built = drawn
    for data in (blobs[0], built.edition):  # type: ignore[attr-defined]
        ident = pypdf.PdfReader(io.BytesIO(data)).trailer["/ID"]
        first = ident[0].original_bytes if hasattr(ident[0], "original_bytes") else bytes(ident[0])
        at = data.rindex(b"<" + first.hex().encode() + b"><" + first.hex().encode() + b">")
        unstamped = data[:at] + ID_PLACEHOLDER + data[at + len(ID_PLACEHOLDER):]
        assert first == hashlib.md5(unstamped, usedforsecurity=False).digest()


def test_the_edition_is_joined_in_order_and_passes_preflight(make_edition: MakeEdition) -> None:
    planned = plan(make_edition())
    blobs = draw_planned([planned])[0][0]
    spec, date = planned.laid.edition.style.print, planned.laid.edition.date
    pages = [blobs[0], blobs[0], blobs[0]]
    edition = finish(pages, spec, "天津日报 2026-04-23", date)
    assert edition == finish(pages, spec, "天津日报 2026-04-23", date)
    reader = pypdf.PdfReader(io.BytesIO(edition))
    assert len(reader.pages) == 3 and reader.metadata is not None
    assert reader.metadata["/Title"] == "天津日报 2026-04-23"
    one = pypdf.PdfReader(io.BytesIO(blobs[0])).pages[0]
    for page in reader.pages:
        assert page.get_contents().get_data() == one.get_contents().get_data()
        assert page["/Parent"].get_object() == reader.trailer["/Root"]["/Pages"].get_object()
    assert preflight(edition, "edition.pdf").ok


def test_a_string_that_reads_like_a_reference_is_copied_as_it_is(make_edition: MakeEdition) -> None:
    planned = plan(make_edition())
    page = draw_planned([planned])[0][0][0]
    src, _root = read_source(page)
    # a string with "1 0 R" in the page dictionary, in place of /Rotate 0 (the same length: offsets stay right)
    assert page.count(b"/Rotate 0") == 1 and len(src.offsets) > 10
    marked = page.replace(b"/Rotate 0", b"/X(1 0 R)")
    edition = join([marked], planned.plates[0].settings.pdfx, "t")  # type: ignore[arg-type]
    assert b"/X(1 0 R)" in edition
    assert pypdf.PdfReader(io.BytesIO(edition)).pages[0]["/X"] == "1 0 R"


def test_a_file_of_another_shape_is_refused_by_the_join_and_rewritten_first(make_edition: MakeEdition) -> None:
    planned = plan(make_edition())
    page = draw_planned([planned])[0][0][0]
    other = page + b"\n% something after the end"
    with pytest.raises(NotJoinable):
        read_source(other)
    spec, date = planned.laid.edition.style.print, planned.laid.edition.date
    edition = finish([other], spec, "t", date)
    assert len(pypdf.PdfReader(io.BytesIO(edition)).pages) == 1
