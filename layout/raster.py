"""PDF pages to images with pypdfium2 (deterministic for the same PDF and resolution)."""

from __future__ import annotations

from PIL import Image


def rasterise(pdf: bytes, dpi: float, pages: set[int] | None = None) -> list[tuple[int, Image.Image]]:
    """(1-based page index, RGB image) for each page (or the chosen ones)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out: list[tuple[int, Image.Image]] = []
        for i in range(len(doc)):
            if pages is not None and i + 1 not in pages:
                continue
            bitmap = doc[i].render(scale=dpi / 72)
            out.append((i + 1, bitmap.to_pil().convert("RGB")))
        return out
    finally:
        doc.close()
