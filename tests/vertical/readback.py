"""Reading a rendered page back with PDFium: each character's origin, glyph box, size and whether it is
turned, in the order the PDF draws them (the order text extracts in)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw


@dataclass(frozen=True, slots=True)
class Char:
    ch: str
    x: float  # origin, pt from the trim's left edge
    y: float  # baseline, pt from the trim's top edge
    size: float
    box: tuple[float, float, float, float]  # the glyph's ink box (left, top, right, bottom), trim coordinates
    turned: bool  # drawn with a rotated text matrix


def read_chars(pdf: bytes, page_index: int, offset: float) -> list[Char]:
    """The page's characters; `offset` is the trim's distance from the MediaBox's corner (the bleed)."""
    doc = pdfium.PdfDocument(pdf)
    page = doc[page_index]
    height = page.get_mediabox()[3]
    text = page.get_textpage()
    handle = text.raw
    out: list[Char] = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    matrix = raw.FS_MATRIX()
    for i in range(text.count_chars()):
        if raw.FPDFText_IsGenerated(handle, i):
            continue
        ch = chr(raw.FPDFText_GetUnicode(handle, i))
        if ch.isspace() or ch == "\0":
            continue
        raw.FPDFText_GetCharOrigin(handle, i, ctypes.byref(ox), ctypes.byref(oy))
        raw.FPDFText_GetCharBox(handle, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
                                ctypes.byref(top))
        raw.FPDFText_GetMatrix(handle, i, ctypes.byref(matrix))
        out.append(Char(ch, ox.value - offset, height - oy.value - offset, raw.FPDFText_GetFontSize(handle, i),
                        (left.value - offset, height - top.value - offset, right.value - offset,
                         height - bottom.value - offset), abs(matrix.b) > 1e-6))
    text.close()
    page.close()
    doc.close()
    return out
