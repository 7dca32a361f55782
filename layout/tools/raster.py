"""PDF pages to images with pypdfium2 (deterministic for the same PDF and resolution).

Bounded: a document of more than `MAX_PAGES` pages is refused (layout/tools/pdfin.py), and a page image has at
most `MAX_RASTER_PIXELS` pixels — a page that would be larger at the asked resolution is drawn at the
resolution that fits, and `Raster.note` says so. Pages are rendered one at a time (`iter_pages`): a
caller that does not keep them holds one page image at a time.
"""

from __future__ import annotations

import math
import struct
import threading
import zlib
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


PDFIUM = threading.Lock()  # PDFium is not thread-safe: the desk draws its page images on a thread of its own
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def page_png(pdf: bytes, dpi: float, name: str = "PDF") -> bytes:
    """The first page of `pdf` as a PNG, the very pixels `render_page` gives (the desk's page images).
    PDFium draws straight into the PNG's rows (RGB, each row after its filter byte 0: unfiltered), so
    the image is neither copied into Pillow nor cut into rows again; a page without colour (every pixel
    grey) is sent as a grey image: a third of the pixels to deflate, the same picture. Deflated by ISA-L
    at level 1 (~5× zlib's level 1; the file never leaves the machine). The same page gives the same bytes."""
    with PDFIUM:
        doc = open_document(pdf, name)
        try:
            page = doc[0]
            try:
                width_pt, height_pt = page.get_size()
                used = fitting_dpi(width_pt, height_pt, dpi)
                holder: list[bytearray] = []
                bitmap = page.render(scale=used / 72, rev_byteorder=True,
                                     bitmap_maker=lambda w, h, **kw: _png_rows(w, h, holder, **kw))
                width, height = bitmap.width, bitmap.height
                bitmap.close()
            finally:
                page.close()
        finally:
            doc.close()
    return png_of_rows(holder[0], width, height)


def _png_rows(width: int, height: int, holder: list[bytearray], format: int, rev_byteorder: bool) -> Any:
    """A PDFium bitmap whose pixels are the rows of a PNG: each row of 3 × width bytes after one byte
    (its filter, 0). The buffer is one byte longer than the rows (PDFium's view starts at byte 1)."""
    import ctypes

    import pypdfium2 as pdfium

    assert format == pdfium.raw.FPDFBitmap_BGR and rev_byteorder  # RGB, 3 bytes a pixel
    stride = 3 * width + 1
    rows = bytearray(stride * height + 1)
    holder.append(rows)
    view = (ctypes.c_ubyte * (stride * height)).from_buffer(rows, 1)
    return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder, buffer=view, stride=stride)


def png_of_rows(rows: bytearray, width: int, height: int) -> bytes:
    """The PNG of RGB rows laid out as `_png_rows` makes them (grey when every pixel is)."""
    from isal import isal_zlib

    stride = 3 * width + 1
    body = memoryview(rows)[:stride * height]
    kind = 2
    if _grey(body, stride, height):
        grey = b"".join(b"\0" + bytes(body[at + 1:at + stride:3]) for at in range(0, stride * height, stride))
        body = memoryview(grey)
        kind = 0
    head = struct.pack(">IIBBBBB", width, height, 8, kind, 0, 0, 0)
    return PNG_SIGNATURE + png_chunk(b"IHDR", head) + png_chunk(b"IDAT", isal_zlib.compress(body, 1)) + \
        png_chunk(b"IEND", b"")


def _grey(body: memoryview, stride: int, height: int) -> bool:
    """Whether every pixel of the rows has red = green = blue (stops at the first row that has colour)."""
    for at in range(0, stride * height, stride):
        red = body[at + 1:at + stride:3]
        if red != body[at + 2:at + stride:3] or red != body[at + 3:at + stride:3]:
            return False
    return True


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
