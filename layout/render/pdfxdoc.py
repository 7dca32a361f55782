"""A ReportLab document drawn as PDF/X (`layout.render.pdfxparts` says what goes in): the Info dictionary with
the PDF/X identification and Trapped, the OutputIntent (with its ICC profile) in the Catalog, for PDF/X-4
the XMP packet as the Catalog's /Metadata (uncompressed, as XMP readers expect), and the /ID placeholder
that `pdfx.stamp` fills once the file is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from layout.render.pdfxparts import ID_PLACEHOLDER, info, intent, xmp
from layout.render.settings import PdfX


class _Info(pdfdoc.PDFInfo):  # type: ignore[misc]
    """The Info dictionary with our entries (ReportLab's has a fixed set of keys)."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self.entries = entries

    def format(self, document: Any) -> Any:
        values: dict[str, Any] = {key: pdfdoc.PDFString(value) for key, value in self.entries}
        values["Trapped"] = pdfdoc.PDFName("False")
        return pdfdoc.PDFDictionary(values).format(document)


def _profile(doc: Any, path: str) -> Any:
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 4}), Path(path).read_bytes())
    if doc.compression:
        stream.filters = [pdfdoc.PDFZCompress]
    return doc.Reference(stream, "OutputProfile")


def draw_as_pdfx(canvas: Canvas, pdfx: PdfX, title: str) -> None:
    """Make the canvas's document a PDF/X file titled `title` (before it is saved)."""
    doc = canvas._doc
    doc.info = _Info(info(pdfx, title))
    catalog = doc.Catalog
    catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]
    entries: dict[str, Any] = {"Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFX")}
    entries |= {key: pdfdoc.PDFString(value) for key, value in intent(pdfx)}
    if pdfx.profile:
        entries["DestOutputProfile"] = _profile(doc, pdfx.profile)
    catalog.OutputIntents = pdfdoc.PDFArray([doc.Reference(pdfdoc.PDFDictionary(entries), "OutputIntent")])
    if pdfx.standard == "x4":
        catalog.Metadata = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}), xmp(pdfx, title))
    doc._ID = b"\n[" + ID_PLACEHOLDER + b"]\n"
