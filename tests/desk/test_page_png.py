"""The desk's page images: PDFium draws a page straight into the rows of its PNG (`raster.page_png`); the
PNG must hold the very pixels of the page rasterised from scratch (`raster.render_page`), grey when the page
has no colour."""

from __future__ import annotations

import io
from pathlib import Path

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


def test_every_page_image_of_a_published_state_is_there_and_is_its_page(tmp_path: Path) -> None:
    """The images are drawn on the desk's drawing thread while the state is made; a state is published
    only with its images: each page's address gives the PNG of that page's PDF, after the first render
    and after an edit (only the changed page is drawn again)."""
    from layout.desk.state import Desk
    from tests.desk.support import copy_sample

    folder = copy_sample(tmp_path)
    desk = Desk(folder, editor="none")
    for edit in (None, "的"):
        if edit is not None:
            path = sorted((folder / "articles").glob("*.md"))[0]
            path.write_text(path.read_text(encoding="utf-8").replace(edit, "地", 1), encoding="utf-8")
        desk.rebuild()
        state = desk.state()
        assert state["status"] == "ready", state["errors"]
        assert edit is None or state["changed"]
        assert desk._edition is not None and desk._edition._files is not None
        for page in state["pages"]:
            key = page["image"].removeprefix("/page/").removesuffix(".png")
            assert desk.image(key) == page_png(desk._edition._files[page["page"]], desk.dpi), page["page"]
