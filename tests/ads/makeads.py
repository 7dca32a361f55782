"""Small advertisers' PDFs made with ReportLab (and pypdf for what ReportLab will not write): a CMYK ad
with vectors and a text in an embedded TrueType font, and one per fault the ad checks must find."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
from PIL import Image
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
BOX = (495.0, 270.0)  # the ad box of AD_BOX below: 4 columns × 20 grid lines of the 天津日报 style
AD_BOX = "      - ad: {ad}\n        at: {{col: 1, span: 4, line: 40, lines: 20}}\n"
BLEED = 3 * MM
FONT_FILES = sorted(Path("/usr/share/fonts").rglob("LXGWWenKai-Regular.ttf"))
Draw = Callable[[Canvas, float, float], None]


def ad_pdf(draw: Draw, size: tuple[float, float] = BOX, trim: bool = True) -> bytes:
    """A one-page ad: `size` is its TrimBox (with 3 mm bleed around it), or its MediaBox when `trim` is off.
    `draw(canvas, w, h)` draws in trim coordinates."""
    w, h = size
    buf = io.BytesIO()
    bleed = BLEED if trim else 0.0
    canvas = Canvas(buf, pagesize=(w + 2 * bleed, h + 2 * bleed), invariant=1, initialFontName=_font())
    if trim:
        canvas.setTrimBox((bleed, bleed, bleed + w, bleed + h))
        canvas.setBleedBox((0, 0, w + 2 * bleed, h + 2 * bleed))
    canvas.translate(bleed, bleed)
    draw(canvas, w, h)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _font() -> str:
    name = "AdKai"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(FONT_FILES[0])))
    return name


def cmyk(c: Canvas, w: float, h: float) -> None:
    """Vectors in process colours (a red panel over the bleed, a black rule) and text in an embedded font."""
    c.setFillColorCMYK(0.0, 0.9, 0.8, 0.0)
    c.rect(-BLEED, h / 2, w + 2 * BLEED, h / 2 + BLEED, stroke=0, fill=1)
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(2)
    c.line(10, h / 2 - 6, w - 10, h / 2 - 6)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(_font(), 36)
    c.drawString(20, h / 2 - 50, "天津银行 AD 2026")
    c.setFillColorCMYK(0.0, 0.0, 0.0, 0.0)
    c.setFont(_font(), 40)
    c.drawString(20, h * 0.7, "开业大吉")


def rgb(c: Canvas, w: float, h: float) -> None:
    c.setFillColorRGB(0.9, 0.1, 0.1)
    c.rect(0, 0, w, h, stroke=0, fill=1)


def transparent(c: Canvas, w: float, h: float) -> None:
    c.setFillColorCMYK(0, 1, 1, 0)
    c.setFillAlpha(0.5)
    c.rect(0, 0, w, h, stroke=0, fill=1)


def unembedded(c: Canvas, w: float, h: float) -> None:
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("Helvetica", 30)
    c.drawString(20, 20, "Sale")


def low_res(c: Canvas, w: float, h: float) -> None:
    c.drawImage(ImageReader(Image.new("CMYK", (60, 33), (0, 80, 80, 0))), 0, 0, w, h)  # 8.7 ppi


def over_ink(c: Canvas, w: float, h: float) -> None:
    c.setFillColorCMYK(0.9, 0.8, 0.8, 1.0)  # rich black, 350 %
    c.rect(0, 0, w, h, stroke=0, fill=1)


def spot(c: Canvas, w: float, h: float) -> None:
    c.setFillColor(CMYKColorSep(0, 0.9, 0.8, 0, spotName="PANTONE485C", density=1))
    c.rect(0, 0, w, h, stroke=0, fill=1)


def with_image(c: Canvas, w: float, h: float) -> None:
    c.drawImage(ImageReader(Image.new("RGB", (1400, 760), (20, 120, 60))), 0, 0, w, h)


def lab_image() -> bytes:
    """An ad whose image is in Lab (an RGB image drawn by ReportLab, its colour space then made Lab)."""
    reader = pypdf.PdfReader(io.BytesIO(ad_pdf(with_image)))
    writer = pypdf.PdfWriter(clone_from=reader)
    for xobject in writer.pages[0]["/Resources"]["/XObject"].values():
        lab = DictionaryObject({NameObject("/WhitePoint"): ArrayObject(FloatObject(v) for v in (0.9505, 1, 1.089)),
                                NameObject("/Range"): ArrayObject(FloatObject(v) for v in (-128, 127, -128, 127))})
        xobject.get_object()[NameObject("/ColorSpace")] = ArrayObject([NameObject("/Lab"), lab])
    return _written(writer)


def encrypted() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    return _written(writer)


def broken() -> bytes:
    return ad_pdf(cmyk)[:900]


def _written(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cmyk_blue(c: Canvas, w: float, h: float) -> None:
    """Another good ad: the same size, other colours."""
    c.setFillColorCMYK(1.0, 0.6, 0.0, 0.0)
    c.rect(0, 0, w, h, stroke=0, fill=1)


def coarse_image(c: Canvas, w: float, h: float) -> None:
    """An image of 700 × 382 px over the whole ad: 51 ppi at 990 × 540 pt, 102 ppi when fitted at 50 %."""
    c.drawImage(ImageReader(Image.new("CMYK", (700, 382), (10, 60, 60, 0))), 0, 0, w, h)


def inky_photo(c: Canvas, w: float, h: float) -> None:
    """A CMYK JPEG at 340 % ink (ReportLab embeds the JPEG as it is: /Filter [/DCTDecode])."""
    buf = io.BytesIO()
    Image.new("CMYK", (1400, 760), (230, 200, 200, 240)).save(buf, "JPEG", quality=90)
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, w, h)


def small_text(c: Canvas, w: float, h: float) -> None:
    """4 pt black text (one separation), 7 pt process-red text (two), 6 pt white text on a black panel."""
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(_font(), 4)
    c.drawString(20, 20, "开业大吉 fine print")
    c.setFillColorCMYK(0, 1, 1, 0)
    c.setFont(_font(), 7)
    c.drawString(20, 40, "开业大吉")
    c.setFillColorCMYK(0, 0, 0, 1)
    c.rect(0, h - 40, w, 40, stroke=0, fill=1)
    c.setFillColorCMYK(0, 0, 0, 0)
    c.setFont(_font(), 6)
    c.drawString(20, h - 20, "开业大吉")


def scaled_text(c: Canvas, w: float, h: float) -> None:
    """Text set at 1 pt and enlarged by its text matrix (Tm) to 4 pt: its size is Tf × the matrix."""
    text = c.beginText()
    text.setTextTransform(4, 0, 0, 4, 20, 20)
    text.setFont(_font(), 1)
    text.textOut("开业大吉")
    c.setFillColorCMYK(0, 0, 0, 1)
    c.drawText(text)


def big_text(c: Canvas, w: float, h: float) -> None:
    """8 pt black text: fine at 100 %, 4 pt when the ad is fitted into a box half its size."""
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(_font(), 8)
    c.drawString(20, 20, "开业大吉 8 pt")


def hairlines(c: Canvas, w: float, h: float) -> None:
    """A 0.1 pt black rule (one separation), a 0.3 pt process-blue rule (two) and a 0-width line."""
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(0.1)
    c.line(10, 10, w - 10, 10)
    c.setStrokeColorCMYK(1, 0.6, 0, 0)
    c.setLineWidth(0.3)
    c.line(10, 20, w - 10, 20)
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(0)
    c.line(10, 30, w - 10, 30)


def fine(c: Canvas, w: float, h: float) -> None:
    """Text and rules just at the limits: 5 pt black, 9 pt red, 0.25 pt black, 0.5 pt blue."""
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(_font(), 5)
    c.drawString(20, 20, "开业大吉")
    c.setFillColorCMYK(0, 1, 1, 0)
    c.setFont(_font(), 9)
    c.drawString(20, 40, "开业大吉")
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(0.25)
    c.line(10, 60, w - 10, 60)
    c.setStrokeColorCMYK(1, 0.6, 0, 0)
    c.setLineWidth(0.5)
    c.line(10, 70, w - 10, 70)


def with_layers() -> bytes:
    """A CMYK ad whose document declares optional content (a layer, /OCProperties)."""
    from pypdf.generic import TextStringObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    ocg = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/OCG"),
                                               NameObject("/Name"): TextStringObject("Druck")}))
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject({
        NameObject("/OCGs"): ArrayObject([ocg]),
        NameObject("/D"): DictionaryObject({NameObject("/ON"): ArrayObject([ocg])})})
    return _written(writer)


def with_annotation(kind: str, printing: bool) -> bytes:
    """A CMYK ad with one annotation of `kind` (with an appearance stream), printing or not."""
    from pypdf.generic import DecodedStreamObject, NumberObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    ap = DecodedStreamObject()
    ap.set_data(b"0 0 0 1 k 0 0 50 20 re f")
    ap.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
               NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 50, 20))})
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(kind),
        NameObject("/Rect"): ArrayObject(FloatObject(v) for v in (20, 20, 70, 40)),
        NameObject("/F"): NumberObject(4 if printing else 0),
        NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(ap)})})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    return _written(writer)


def _as_form(stream: Any) -> Any:
    stream.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                   NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 500, 500))})
    return stream


def operator_bomb(levels: int = 3, fan: int = 200) -> bytes:
    """A hostile ad in a few KB: the page draws a form `fan` times, which draws another `fan` times …,
    `levels` deep: fan ** (levels + 1) strokes to walk (1.6 billion with the defaults)."""
    from pypdf.generic import DecodedStreamObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    form = DecodedStreamObject()
    form.set_data(b"0 0 0 1 K 1 w 0 0 m 10 10 l S")
    for _level in range(levels):
        outer = DecodedStreamObject()
        outer.set_data(b"/X Do\n" * fan)
        outer[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/X"): writer._add_object(_as_form(form))})})
        form = outer
    page = writer.pages[0]
    page[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject(
        {NameObject("/Bomb"): writer._add_object(_as_form(form))})
    content = DecodedStreamObject()
    content.set_data(page.get_contents().get_data() + b"\n/Bomb Do\n" * fan)
    page[NameObject("/Contents")] = writer._add_object(content)
    return _written(writer)


def rgb_blend_group() -> bytes:
    """An ad with transparency whose page group blends in RGB (GWG: the blending space must be CMYK)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(transparent))))
    writer.pages[0][NameObject("/Group")] = DictionaryObject({
        NameObject("/Type"): NameObject("/Group"), NameObject("/S"): NameObject("/Transparency"),
        NameObject("/CS"): NameObject("/DeviceRGB")})
    return _written(writer)


# -- hostile ads of the plant's audit (tests/ads/test_hostile_plant.py) -----------------------------------------

def nested_rgb(levels: int = 13) -> bytes:
    """A CMYK ad whose page draws a form that draws a form … `levels` deep, the innermost filling in RGB."""
    from pypdf.generic import DecodedStreamObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    form = DecodedStreamObject()
    form.set_data(b".9 .1 .1 rg 0 0 10 10 re f")
    for _level in range(levels - 1):
        outer = DecodedStreamObject()
        outer.set_data(b"/X Do")
        outer[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/X"): writer._add_object(_as_form(form))})})
        form = outer
    return _drawn_by_page(writer, writer._add_object(_as_form(form)))


def _drawn_by_page(writer: pypdf.PdfWriter, form: Any) -> bytes:
    from pypdf.generic import DecodedStreamObject

    page = writer.pages[0]
    page[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject({NameObject("/Deep"): form})
    content = DecodedStreamObject()
    content.set_data(page.get_contents().get_data() + b"\n/Deep Do\n")
    page[NameObject("/Contents")] = writer._add_object(content)
    return _written(writer)


def self_drawing() -> bytes:
    """A CMYK ad with a form that draws itself."""
    from pypdf.generic import DecodedStreamObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    form = DecodedStreamObject()
    form.set_data(b"0 0 0 1 k 0 0 10 10 re f /Me Do")
    ref = writer._add_object(_as_form(form))
    form[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Me"): ref})})
    return _drawn_by_page(writer, ref)


def aes256() -> bytes:
    """A CMYK ad encrypted as Acrobat does by default, AES-256 (/V 5 /R 6): the dictionary only (pypdf needs
    `cryptography` to write it; a reader finds out from the dictionary)."""
    from pypdf.generic import ByteStringObject, NumberObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    enc = writer._encrypt_entry
    assert enc is not None
    std = DictionaryObject({NameObject("/CFM"): NameObject("/AESV3"), NameObject("/AuthEvent"): NameObject("/DocOpen"),
                            NameObject("/Length"): NumberObject(32)})
    enc.update({NameObject("/V"): NumberObject(5), NameObject("/R"): NumberObject(6),
                NameObject("/Length"): NumberObject(256),
                NameObject("/CF"): DictionaryObject({NameObject("/StdCF"): std}),
                NameObject("/StmF"): NameObject("/StdCF"), NameObject("/StrF"): NameObject("/StdCF"),
                NameObject("/O"): ByteStringObject(b"\1" * 48), NameObject("/U"): ByteStringObject(b"\1" * 48),
                NameObject("/OE"): ByteStringObject(b"\2" * 32), NameObject("/UE"): ByteStringObject(b"\2" * 32),
                NameObject("/Perms"): ByteStringObject(b"\3" * 16)})
    return _written(writer)


def rotate_name() -> bytes:
    """A CMYK ad whose page says `/Rotate /Ninety`."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    writer.pages[0][NameObject("/Rotate")] = NameObject("/Ninety")
    return _written(writer)


def huge_jpeg(width: int = 30000, height: int = 30000) -> bytes:
    """An ad with a small CMYK JPEG whose header (and image dictionary) claim `width` × `height` px."""
    from pypdf.generic import NumberObject

    buf = io.BytesIO()
    Image.new("CMYK", (16, 16), (0, 80, 80, 0)).save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    sof = data.find(b"\xff\xc0")
    assert sof > 0
    data = data[:sof + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + data[sof + 9:]
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(inky_photo))))
    for ref in writer.pages[0]["/Resources"]["/XObject"].values():
        image = ref.get_object()
        image._data = data
        image[NameObject("/Filter")] = NameObject("/DCTDecode")
        image[NameObject("/Width")], image[NameObject("/Height")] = NumberObject(width), NumberObject(height)
    return _written(writer)


def other_words(c: Canvas, w: float, h: float) -> None:
    """Another ad in the same font with other characters: ReportLab names its subset `AAAAAA+` as well."""
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(_font(), 30)
    c.drawString(20, 40, "家具城 春季特卖 五折")


def with_actions() -> bytes:
    """A CMYK ad with JavaScript everywhere an advertiser's tool may leave it: an /OpenAction, named
    /JavaScript, a link annotation with a URI action, and an /AA with JavaScript on a form its page draws."""
    from pypdf.generic import DecodedStreamObject, TextStringObject

    def js(code: str) -> DictionaryObject:
        return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                 NameObject("/JS"): TextStringObject(code)})

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(js("app.alert('hi')"))
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(js("this.print()"))])})})
    link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject(FloatObject(v) for v in (20, 20, 70, 40)),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                            NameObject("/URI"): TextStringObject("http://example.cn")})})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    form = DecodedStreamObject()
    form.set_data(b"0 0 0 1 k 0 0 10 10 re f")
    form = _as_form(form)
    form[NameObject("/AA")] = DictionaryObject({NameObject("/PO"): js("app.launchURL('http://example.cn')")})
    return _drawn_by_page(writer, writer._add_object(form))


def as_pdfx(data: bytes) -> bytes:
    """The ad identified as PDF/X-4 (GTS_PDFXVersion, a /GTS_PDFX output intent with a condition)."""
    from pypdf.generic import TextStringObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/GTS_PDFXVersion": "PDF/X-4"})
    intent = DictionaryObject({NameObject("/Type"): NameObject("/OutputIntent"),
                               NameObject("/S"): NameObject("/GTS_PDFX"),
                               NameObject("/OutputConditionIdentifier"): TextStringObject("IFRA26")})
    writer._root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    return _written(writer)


def whole_font(data: bytes) -> bytes:
    """The ad with its fonts named as whole fonts (no subset tag): what a tool embedding whole fonts writes."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for ref in writer.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        for obj, key in ((font, "/BaseFont"), (font["/FontDescriptor"].get_object(), "/FontName")):
            obj[NameObject(key)] = NameObject("/" + str(obj[key]).split("+", 1)[-1])
    return _written(writer)


def inline_image(mode: str, size: tuple[int, int]) -> Draw:
    """Draw an inline image (`BI … ID … EI` in the content stream: ReportLab's drawInlineImage) of `mode`
    and `size` px over the whole ad."""
    def draw(c: Canvas, w: float, h: float) -> None:
        from reportlab import rl_config

        colour = {"RGB": (200, 30, 30), "CMYK": (10, 60, 60, 0), "L": 90}[mode]
        binary, rl_config.useA85 = rl_config.useA85, 1  # (ReportLab writes a binary inline image as text)
        try:
            c.drawInlineImage(Image.new(mode, size, colour), 0, 0, w, h)  # type: ignore[arg-type]
        finally:
            rl_config.useA85 = binary

    return draw


def huge_inline() -> bytes:
    """A CMYK ad whose content also holds an inline image claiming 100000 × 100000 px (two bytes of data)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(cmyk))))
    page = writer.pages[0]
    content = DecodedStreamObject()
    content.set_data(page.get_contents().get_data()
                     + b"\nq 10 0 0 10 0 0 cm BI /W 100000 /H 100000 /CS /DeviceGray /BPC 8 ID \x00\x00 EI Q\n")
    page[NameObject("/Contents")] = writer._add_object(content)
    return _written(writer)


def photo(c: Canvas, w: float, h: float) -> None:
    """A CMYK JPEG of 1400 × 760 px over the whole ad (ReportLab embeds it as it is: /DCTDecode)."""
    buf = io.BytesIO()
    Image.new("CMYK", (1400, 760), (30, 60, 60, 10)).save(buf, "JPEG", quality=90)
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, w, h)


def jpeg_mismatch(width: int = 1000) -> bytes:
    """The ad of `photo` (a 1400 × 760 px CMYK JPEG) whose image dictionary says `width` px wide."""
    from pypdf.generic import NumberObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ad_pdf(photo))))
    for ref in writer.pages[0]["/Resources"]["/XObject"].values():
        ref.get_object()[NameObject("/Width")] = NumberObject(width)
    return _written(writer)
