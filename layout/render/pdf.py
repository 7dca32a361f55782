"""The PDF back end: the only module that touches ReportLab's canvas.

Colour is process CMYK: black text and rules are K only and overprint, every other colour, tint and photo
knocks out; crop marks are in the registration colour (/All). The page is the trim plus a bleed on every
side, with TrimBox and BleedBox set. Advertisers' PDFs are placed afterwards (`layout.render.ads`).
Output is deterministic (ReportLab's invariant mode, dates from the edition).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from layout.fonts.face import FaceFile
from layout.model.page import ImageItem, Page
from layout.render.cidfont import EmbeddedFont, PageFace
from layout.render.fontuse import font_requests
from layout.render.images import prepare_image
from layout.render.pdfxdoc import draw_as_pdfx
from layout.render.pdfxparts import VERSIONS, stamp
from layout.render.settings import ImageSpec, PdfX
from layout.render.textstream import TextWriter, lines

rl_config.useA85 = 0  # binary (Flate) streams: smaller files, no ASCII85 pass over the fonts
BLEED = 3 * mm
MARKS = 10 * mm  # room for crop marks outside the bleed
PLACEHOLDER_GREY = 0.18
BLACK = (0.0, 0.0, 0.0, 1.0)
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)  # crop marks: on every plate
CROP_MARK_WIDTH = 0.3  # pt: 0.106 mm, over the 0.1 mm a plate holds

_registered: dict[FaceFile, EmbeddedFont] = {}
_by_name: dict[str, EmbeddedFont] = {}


def _font_name(key: str, face: PageFace) -> str:
    """Register the face once per process (ReportLab's registry is by name: one name per file, face and
    file content) and tell it the glyphs of the characters about to be drawn. Its subsets are embedded
    from the font file itself (`layout.render.cidfont`), named in the PDF after their content."""
    font = _registered.get(face.file)
    if font is None:
        name = f"{key}-{hashlib.sha256(repr(face.file).encode()).hexdigest()[:12]}"
        font = _registered[face.file] = _by_name[name] = EmbeddedFont(name, face.file)
        pdfmetrics.registerFont(font)
    font.use(face)
    return font.fontName


def render_pdf(pages: list[Page], fonts: Mapping[str, PageFace], title: str, date: dt.date, label_font: str,
               bleed: float = BLEED, crop_marks: bool = False, images: ImageSpec | None = None,
               pdfx: PdfX | None = None) -> bytes:
    """Draw the composed pages; returns the PDF bytes. `fonts`: font key → the face with the glyphs of the
    characters the pages draw in it (`page_face`); `label_font` is the font key for placeholder labels;
    `pdfx`: the file is written as that PDF/X (`layout.render.pdfxdoc`), else as a plain PDF 1.4.

    The MediaBox is the trim plus the bleed (plus room for crop marks when asked)."""
    chars = font_requests(pages, label_font)
    names = {key: _font_name(key, fonts[key]) for key in sorted(chars)}
    buf = io.BytesIO()
    width, height = (pages[0].width, pages[0].height) if pages else (595.0, 842.0)
    margin = bleed + (MARKS if crop_marks else 0.0)
    canvas = Canvas(buf, pagesize=(width + 2 * margin, height + 2 * margin), invariant=1, pageCompression=1,
                    initialFontName=names[label_font], initialFontSize=12, enforceColorSpace="cmyk",
                    pdfVersion=VERSIONS[pdfx.standard][1] if pdfx else (1, 4))
    canvas.setTitle(title)
    canvas.setAuthor("layout")
    canvas.setCreator("layout")
    canvas.setProducer("layout (ReportLab)")
    canvas.setSubject(date.isoformat())
    if pdfx is not None:
        draw_as_pdfx(canvas, pdfx, title)
    for page in pages:
        _draw_page(canvas, page, names, names[label_font], bleed, margin, images or ImageSpec())
        canvas.showPage()
    canvas.save()
    return stamp(buf.getvalue()) if pdfx is not None else buf.getvalue()


def _crop_marks(canvas: Canvas, w: float, h: float, bleed: float) -> None:
    """Trim marks at the four corners, outside the bleed, in the registration colour (a Separation named
    /All: on every plate), 0.3 pt (over 0.1 mm) wide."""
    # ReportLab's CMYK enforcement turns a separation colour into plain CMYK (1 1 1 1 K: 400 % ink), so the
    # colour space is registered with the page and selected by hand: /All CS 1 SCN
    name = canvas._checkSeparation(REGISTRATION)
    canvas._code.append(f"/{name} CS 1 SCN")
    canvas.setLineWidth(CROP_MARK_WIDTH)
    gap, length = bleed + 1, MARKS - 2
    for x, sx in ((0.0, -1), (w, 1)):
        for y, sy in ((0.0, -1), (h, 1)):
            canvas.line(x + sx * gap, y, x + sx * (gap + length), y)
            canvas.line(x, y + sy * gap, x, y + sy * (gap + length))


class _Overprint:
    """Overprint on for solid black (K 100 %) only: black text and rules print over what lies under them;
    photos, tints and every other colour knock out (docs/print.md, "Overprint only for solid black").
    Switched only when it changes."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.on: bool | None = None
        canvas.setOverprintMask(True)

    def set(self, on: bool) -> None:
        if on != self.on:
            self.canvas.setFillOverprint(on)
            self.canvas.setStrokeOverprint(on)
            self.on = on

    def colour(self, cmyk: tuple[float, float, float, float]) -> None:
        self.set(cmyk == BLACK)


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
    op = _Overprint(canvas)
    canvas.setFillColorCMYK(*BLACK)
    canvas.setStrokeColorCMYK(*BLACK)
    for img in page.images:
        if img.file:
            _draw_picture(canvas, img, h, images, op)
        else:
            _draw_placeholder(canvas, img.x, h - img.y - img.h, img.w, img.h, (img.label,), label_font, op)
    for ad in page.ads:
        if not ad.file:  # the advertiser's PDF itself is placed after the page is drawn (layout.render.ads)
            # its label is among the page's text runs (set with the caption role's fallbacks)
            _draw_placeholder(canvas, ad.x, h - ad.y - ad.h, ad.w, ad.h, (), label_font, op, cross=False)
    for rule in page.rules:
        op.colour((0.0, 0.0, 0.0, rule.grey))
        canvas.setLineWidth(rule.width)
        canvas.setStrokeColorCMYK(0, 0, 0, rule.grey)
        canvas.line(rule.x1, h - rule.y1, rule.x2, h - rule.y2)
    _draw_texts(canvas, page, names, op)
    canvas.restoreState()


def _draw_texts(canvas: Canvas, page: Page, names: dict[str, str], op: _Overprint) -> None:
    """The text runs, one text object per line written by `layout.render.textstream` into the canvas's
    content; overprint is switched between lines (black text overprints, coloured text such as the
    masthead's red name knocks out)."""
    fonts = {key: _by_name[name] for key, name in names.items()}
    writer = TextWriter(fonts, canvas._doc, page.height)
    op.set(True)
    canvas._code.append("0 0 0 1 k")  # black text is the default, whatever the first line's colour
    writer.state.colour = BLACK
    for line in lines(page.texts):
        op.colour(line[0].colour)
        canvas._code.append(writer.line(line))


def _draw_picture(canvas: Canvas, img: ImageItem, h: float, images: ImageSpec, op: _Overprint) -> None:
    assert img.file is not None
    y = h - img.y - img.h
    picture = prepare_image(Path(img.file), img.w, img.h, images, img.focus, img.fit)
    ix, iw, ih = img.x, img.w, img.h
    if img.fit:  # centred, whole, at its own proportions
        scale = min(img.w / picture.width, img.h / picture.height)
        iw, ih = picture.width * scale, picture.height * scale
        ix, y = img.x + (img.w - iw) / 2, y + (img.h - ih) / 2
    op.set(False)  # photos knock out
    canvas.drawImage(ImageReader(io.BytesIO(picture.data)), ix, y, iw, ih)
    if img.frame:
        op.set(True)
        canvas.setStrokeColorCMYK(*BLACK)
        canvas.setLineWidth(img.frame)
        canvas.rect(ix, y, iw, ih, stroke=1, fill=0)


def _draw_placeholder(canvas: Canvas, x: float, y: float, w: float, h: float, label: tuple[str, ...],
                      label_font: str, op: _Overprint, cross: bool = True) -> None:
    """A marked grey box with a label: the photo (crossed) or the booked ad has not arrived. The tints knock
    out; the black label overprints."""
    op.set(False)
    canvas.setFillColorCMYK(0, 0, 0, PLACEHOLDER_GREY)
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    canvas.setStrokeColorCMYK(0, 0, 0, 0.6)
    canvas.setLineWidth(0.5)
    if cross:
        canvas.line(x, y, x + w, y + h)
        canvas.line(x, y + h, x + w, y)
    canvas.rect(x, y, w, h, stroke=1, fill=0)
    op.set(True)
    canvas.setFillColorCMYK(*BLACK)
    size = 12.0
    canvas.setFont(label_font, size)
    top = y + h / 2 + (len(label) - 1) * size * 0.75 - size / 3
    for i, line in enumerate(label):
        canvas.drawCentredString(x + w / 2, top - i * size * 1.5, line)
