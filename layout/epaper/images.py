"""The page images of the e-paper: each page PDF drawn with pypdfium2 to its trim (the TrimBox the PDF/X
file carries: bleed and crop marks cut off) at a chosen width, encoded as JPEG or WebP by Pillow; and the
printed photos cut out of it. The same PDF and settings give the same bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from layout.errors import error
from layout.model.plan import Rect

FORMATS = {"jpeg": ("JPEG", "jpg"), "webp": ("WEBP", "webp")}
MIN_WIDTH, MAX_WIDTH = 300, 6000
PHOTO_SCALE = 2.0  # pixels per pt of a photo cut out for its story's page (144 ppi), at least the page image's


@dataclass(frozen=True, slots=True)
class ImageSettings:
    width: int = 1400  # pixels across the trimmed page
    format: str = "jpeg"  # jpeg or webp
    quality: int = 85

    @property
    def ext(self) -> str:
        return FORMATS[self.format][1]

    def check(self) -> ImageSettings:
        if self.format not in FORMATS:
            raise error(f"unknown image format '{self.format}'", hint="--format jpeg or --format webp")
        if not MIN_WIDTH <= self.width <= MAX_WIDTH:
            raise error(f"page image width {self.width} is out of range", hint=f"{MIN_WIDTH} to {MAX_WIDTH} pixels")
        if not 1 <= self.quality <= 100:
            raise error(f"image quality {self.quality} is out of range", hint="1 to 100")
        return self


def page_picture(pdf: bytes, trim: tuple[float, float], width: int) -> Image.Image:
    """The first page of `pdf`, its trim drawn exactly `width` pixels wide (height in proportion)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        left, bottom, right, top = page.get_trimbox()
        m_left, m_bottom, m_right, m_top = page.get_mediabox()
        scale = width / (right - left)
        bitmap = page.render(scale=scale, crop=(left - m_left, bottom - m_bottom, m_right - right, m_top - top))
        picture: Image.Image = bitmap.to_pil().convert("RGB")
    finally:
        doc.close()
    height = round(width * trim[1] / trim[0])
    if picture.size != (width, height):  # pdfium rounds the bitmap to whole pixels: a pixel more or less, at the edge
        sheet = Image.new("RGB", (width, height), "white")
        sheet.paste(picture, (0, 0))
        picture = sheet
    return picture


def encode(picture: Image.Image, settings: ImageSettings) -> bytes:
    buf = io.BytesIO()
    kind = FORMATS[settings.format][0]
    if kind == "JPEG":
        picture.save(buf, kind, quality=settings.quality, optimize=True, progressive=True)
    else:
        picture.save(buf, kind, quality=settings.quality, method=4)
    return buf.getvalue()


def photo_picture(pdf: bytes, rect: Rect, scale: float) -> Image.Image:
    """The part of the page under `rect` (pt from the trim's top-left corner) drawn at `scale` pixels per pt:
    a printed photo with what is drawn over it, sharper than the page image."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        left, bottom, right, top = page.get_trimbox()
        m_left, m_bottom, m_right, m_top = page.get_mediabox()
        crop = (left - m_left + rect.x, bottom - m_bottom + (top - bottom) - rect.bottom,
                m_right - right + (right - left) - rect.right, m_top - top + rect.y)
        picture: Image.Image = page.render(scale=scale, crop=crop).to_pil().convert("RGB")
    finally:
        doc.close()
    return picture
