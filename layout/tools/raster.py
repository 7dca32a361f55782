"""PDF pages to images with pypdfium2 (deterministic for the same PDF and resolution).

Bounded: a document of more than `MAX_PAGES` pages is refused (layout/tools/pdfin.py), and a page image has at
most `MAX_RASTER_PIXELS` pixels — a page that would be larger at the asked resolution is drawn at the
resolution that fits, and `Raster.note` says so. Pages are rendered one at a time (`iter_pages`): a
caller that does not keep them holds one page image at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image

from layout.errors import error
from layout.tools.pdfin import MAX_PAGES

MAX_RASTER_PIXELS = 50_000_000  # one page image (a broadsheet page at 250 dpi); 200 MB while PDFium draws it


@dataclass
class Raster:
    index: int  # 1-based page index
    image: Image.Image
    dpi: float  # the resolution it was drawn at (lower than asked when the page is too large)
    note: str = ""  # why the resolution is lower, when it is


def fitting_dpi(width_pt: float, height_pt: float, dpi: float) -> float:
    """`dpi`, or the highest resolution at which the page has at most MAX_RASTER_PIXELS pixels."""
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels <= MAX_RASTER_PIXELS:
        return dpi
    return math.floor(dpi * math.sqrt(MAX_RASTER_PIXELS / pixels) * 100) / 100


def open_document(pdf: bytes, name: str = "PDF") -> Any:
    """PDFium's document, with the page count bounded (what pypdf counted may differ from what PDFium does)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise error(f"cannot read the PDF ({exc})", name) from None
    if len(doc) > MAX_PAGES:
        count = len(doc)
        doc.close()
        raise error(f"the PDF has {count:,} pages; the limit is {MAX_PAGES:,} (MAX_PAGES)", name)
    return doc


def render_page(doc: Any, i: int, dpi: float) -> Raster:
    """Page i (0-based) of an open document at `dpi`, or lower when the page image would be too large."""
    page = doc[i]
    try:
        w, h = page.get_size()
        used = fitting_dpi(w, h, dpi)
        note = ""
        if used < dpi:
            note = (f"page {i + 1} is {w:,.0f} × {h:,.0f} pt: drawn at {used:g} dpi instead of {dpi:g} "
                    f"(a page image has at most {MAX_RASTER_PIXELS:,} pixels, MAX_RASTER_PIXELS)")
        bitmap = page.render(scale=used / 72)
        image = bitmap.to_pil()
        bitmap.close()  # PDFium's buffer is not kept beside the image
        return Raster(i + 1, image if image.mode == "RGB" else image.convert("RGB"), used, note)
    finally:
        page.close()


def iter_pages(pdf: bytes, dpi: float, pages: set[int] | None = None, name: str = "PDF") -> Iterator[Raster]:
    """Each page (or the chosen ones), one at a time."""
    doc = open_document(pdf, name)
    try:
        for i in range(len(doc)):
            if pages is None or i + 1 in pages:
                yield render_page(doc, i, dpi)
    finally:
        doc.close()


def rasterise(pdf: bytes, dpi: float, pages: set[int] | None = None) -> list[tuple[int, Image.Image]]:
    """(1-based page index, RGB image) for each page (or the chosen ones): for a few pages of our own."""
    return [(r.index, r.image) for r in iter_pages(pdf, dpi, pages)]
