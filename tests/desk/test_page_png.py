"""The desk's page images: PDFium draws a page straight into the rows of its PNG (`raster.page_png`); the
PNG must hold the very pixels of the page rasterised from scratch (`raster.render_page`), grey when the page
has no colour."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from layout.tools.raster import open_document, page_png, render_page


def _pdf(colour: tuple[float, float, float] | None, size: tuple[float, float] = (300.0, 200.0)) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=size, invariant=True)
    c.setFillGray(0.35)
    c.rect(20, 30, 120, 40, fill=1, stroke=0)
    c.setFillGray(0.0)
    c.setFont("Helvetica", 13)
    c.drawString(30, 120, "Anti-aliased text, every edge a grey")
    c.circle(220, 80, 33, fill=0)
    if colour:
        c.setFillColorRGB(*colour)
        c.rect(250, 160, 5, 5, fill=1, stroke=0)
    c.showPage()
    c.save()
    return out.getvalue()


def _scratch(pdf: bytes, dpi: float) -> Image.Image:
    doc = open_document(pdf)
    try:
        return render_page(doc, 0, dpi).image
    finally:
        doc.close()


@pytest.mark.parametrize("colour", [(0.8, 0.1, 0.2), (0.4, 0.4, 0.9), None])  # red; blue alone differs; none
@pytest.mark.parametrize("dpi", [72.0, 100.0])
def test_the_page_png_holds_the_pixels_of_the_page_rasterised_from_scratch(
        colour: tuple[float, float, float] | None, dpi: float) -> None:
    pdf = _pdf(colour)
    sent = Image.open(io.BytesIO(page_png(pdf, dpi)))
    scratch = _scratch(pdf, dpi)
    assert sent.size == scratch.size and sent.mode == ("RGB" if colour else "L")
    assert sent.convert("RGB").tobytes() == scratch.tobytes()
    assert page_png(pdf, dpi) == page_png(pdf, dpi)  # the same page, the same bytes
