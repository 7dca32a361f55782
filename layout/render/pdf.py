"""The PDF back end: the only module that touches ReportLab's canvas.

Colour is process black only (CMYK 0 0 0 1); the page is the trim plus a bleed on every side, with
TrimBox and BleedBox set. Output is deterministic (ReportLab's invariant mode, dates from the edition).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from layout.fonts.face import FaceFile
from layout.model.page import ImageItem, Page
from layout.render.cidfont import EmbeddedFont, PageFace
from layout.render.images import ImageSpec, prepare_image

rl_config.useA85 = 0  # binary (Flate) streams: smaller files, no ASCII85 pass over the fonts
BLEED = 3 * mm
MARKS = 10 * mm  # room for crop marks outside the bleed
PLACEHOLDER_GREY = 0.18
LABEL_FONT = "label"

_registered: dict[FaceFile, EmbeddedFont] = {}


def _font_name(key: str, face: PageFace) -> str:
    """Register the face once per process (ReportLab's registry is by name: one name per file, face and
    file content) and tell it the glyphs of the characters about to be drawn. Its subsets are embedded
    from the font file itself (`layout.render.cidfont`), named in the PDF after their content."""
    font = _registered.get(face.file)
    if font is None:
        name = f"{key}-{hashlib.sha256(repr(face.file).encode()).hexdigest()[:12]}"
        font = _registered[face.file] = EmbeddedFont(name, face.file)
        pdfmetrics.registerFont(font)
    font.use(face)
    return font.fontName


def chars_by_font(pages: Iterable[Page]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for page in pages:
        for run in page.texts:
            found.setdefault(run.font, set()).update(run.text)
    return {k: frozenset(v) for k, v in found.items()}


def font_requests(pages: list[Page], label_font: str) -> dict[str, frozenset[str]]:
    """Characters drawn per font key, including the placeholder labels."""
    chars = chars_by_font(pages)
    label_chars = frozenset("".join(i.label for p in pages for i in p.images))
    chars[label_font] = chars.get(label_font, frozenset()) | label_chars
    return chars


def render_pdf(pages: list[Page], fonts: Mapping[str, PageFace], title: str, date: dt.date, label_font: str,
               bleed: float = BLEED, crop_marks: bool = False, images: ImageSpec | None = None) -> bytes:
    """Draw the composed pages; returns the PDF bytes. `fonts`: font key → the face with the glyphs of the
    characters the pages draw in it (`page_face`); `label_font` is the font key for placeholder labels.

    The MediaBox is the trim plus the bleed (plus room for crop marks when asked)."""
    chars = font_requests(pages, label_font)
    names = {key: _font_name(key, fonts[key]) for key in sorted(chars)}
    buf = io.BytesIO()
    width, height = (pages[0].width, pages[0].height) if pages else (595.0, 842.0)
    margin = bleed + (MARKS if crop_marks else 0.0)
    canvas = Canvas(buf, pagesize=(width + 2 * margin, height + 2 * margin), invariant=1, pageCompression=1,
                    initialFontName=names[label_font], initialFontSize=12, enforceColorSpace="cmyk",
                    pdfVersion=(1, 4))
    canvas.setTitle(title)
    canvas.setAuthor("layout")
    canvas.setCreator("layout")
    canvas.setProducer("layout (ReportLab)")
    canvas.setSubject(date.isoformat())
    for page in pages:
        _draw_page(canvas, page, names, names[label_font], bleed, margin, images or ImageSpec())
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _crop_marks(canvas: Canvas, w: float, h: float, bleed: float) -> None:
    """Trim marks at the four corners, outside the bleed, in registration-free K."""
    canvas.setStrokeColorCMYK(0, 0, 0, 1)
    canvas.setLineWidth(0.25)
    gap, length = bleed + 1, MARKS - 2
    for x, sx in ((0.0, -1), (w, 1)):
        for y, sy in ((0.0, -1), (h, 1)):
            canvas.line(x + sx * gap, y, x + sx * (gap + length), y)
            canvas.line(x, y + sy * gap, x, y + sy * (gap + length))


def _draw_page(canvas: Canvas, page: Page, names: dict[str, str], label_font: str, bleed: float,
               margin: float, images: ImageSpec) -> None:
    w, h = page.width, page.height
    canvas.setPageSize((w + 2 * margin, h + 2 * margin))
    canvas.setTrimBox((margin, margin, margin + w, margin + h))
    canvas.setBleedBox((margin - bleed, margin - bleed, margin + w + bleed, margin + h + bleed))
    canvas.saveState()
    canvas.translate(margin, margin)
    if margin > bleed:
        _crop_marks(canvas, w, h, bleed)
    # black text and rules overprint (no knock-out of what lies under them on the press)
    canvas.setFillOverprint(True)
    canvas.setStrokeOverprint(True)
    canvas.setOverprintMask(True)
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setStrokeColorCMYK(0, 0, 0, 1)
    for img in page.images:
        if img.file:
            _draw_picture(canvas, img, h, images)
        else:
            _draw_placeholder(canvas, img, h, label_font)
    canvas.setStrokeColorCMYK(0, 0, 0, 1)
    for rule in page.rules:
        canvas.setLineWidth(rule.width)
        canvas.setStrokeColorCMYK(0, 0, 0, rule.grey)
        canvas.line(rule.x1, h - rule.y1, rule.x2, h - rule.y2)
    text = canvas.beginText()
    font: tuple[str, float] | None = None
    space = 0.0
    colour = (0.0, 0.0, 0.0, 1.0)
    for run in page.texts:
        if run.colour != colour:
            colour = run.colour
            text.setFillColorCMYK(*colour)
        if font != (run.font, run.size):
            font = (run.font, run.size)
            text.setFont(names[run.font], run.size)
        if run.char_space != space:
            space = run.char_space
            text.setCharSpace(space)
        text.setTextOrigin(run.x, h - run.y)
        text.textOut(run.text)
    canvas.drawText(text)
    canvas.restoreState()


def _draw_picture(canvas: Canvas, img: ImageItem, h: float, images: ImageSpec) -> None:
    assert img.file is not None
    y = h - img.y - img.h
    picture = prepare_image(Path(img.file), img.w, img.h, images, img.focus, img.fit)
    ix, iw, ih = img.x, img.w, img.h
    if img.fit:  # centred, whole, at its own proportions
        scale = min(img.w / picture.width, img.h / picture.height)
        iw, ih = picture.width * scale, picture.height * scale
        ix, y = img.x + (img.w - iw) / 2, y + (img.h - ih) / 2
    # photos knock out: no overprint for them (only black text and rules overprint)
    canvas.setFillOverprint(False)
    canvas.drawImage(ImageReader(io.BytesIO(picture.data)), ix, y, iw, ih)
    canvas.setFillOverprint(True)
    if img.frame:
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
        canvas.setLineWidth(img.frame)
        canvas.rect(ix, y, iw, ih, stroke=1, fill=0)


def _draw_placeholder(canvas: Canvas, img: ImageItem, h: float, label_font: str) -> None:
    """A marked grey box with a label: the photo has not arrived."""
    y = h - img.y - img.h
    canvas.setFillColorCMYK(0, 0, 0, PLACEHOLDER_GREY)
    canvas.rect(img.x, y, img.w, img.h, stroke=0, fill=1)
    canvas.setStrokeColorCMYK(0, 0, 0, 0.6)
    canvas.setLineWidth(0.5)
    canvas.line(img.x, y, img.x + img.w, y + img.h)
    canvas.line(img.x, y + img.h, img.x + img.w, y)
    canvas.rect(img.x, y, img.w, img.h, stroke=1, fill=0)
    canvas.setFillColorCMYK(0, 0, 0, 1)
    size = 12.0
    canvas.setFont(label_font, size)
    canvas.drawCentredString(img.x + img.w / 2, y + img.h / 2 - size / 3, img.label)
