"""`layout preflight`: what a plant's preflight checks, on any PDF (ours or not), with pypdf.

PDF/X identification and OutputIntent, page boxes, fonts embedded and subset, no RGB, no transparency,
image resolution at placed size, total ink (TAC), black text as K only.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf
from PIL import Image, ImageMath

from layout.model.flow import FigurePlacement
from layout.model.page import Page
from layout.pdfops import iter_ops

RGB_OPS = {"rg", "RG"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
NEED_OPERANDS = {"cm", "k", "K", "rg", "RG", "cs", "CS", "Do"}
SUBSET = re.compile(r"^/[A-Z]{6}\+")


@dataclass
class Check:
    name: str
    ok: bool = True
    details: list[str] = field(default_factory=list)

    def fail(self, detail: str) -> None:
        self.ok = False
        if len(self.details) < 8:
            self.details.append(detail)


@dataclass
class Report:
    file: str
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def table(self) -> str:
        rows = [f"{self.file}: {'PASS' if self.ok else 'FAIL'}"]
        for c in self.checks:
            rows.append(f"  {'pass' if c.ok else 'FAIL'}  {c.name}")
            rows += [f"          {d}" for d in c.details]
        return "\n".join(rows)


@dataclass(frozen=True, slots=True)
class PlacedImage:
    """An image the renderer placed, as the edition knows it: its rectangle (pt from the trim's top-left, y
    down) and what a message calls it (the image file and the plan box it fills)."""

    x: float
    y: float
    w: float
    h: float
    label: str


Placed = Sequence[Sequence[PlacedImage]]  # per page of a PDF file (index 0 = its first page)
Namer = Callable[[str, list[float]], str]


def placed_images(pages: Iterable[Page], figures: Iterable[FigurePlacement]) -> dict[int, tuple[PlacedImage, ...]]:
    """Page number → the images drawn on it, each named by its file and the box (with its file:line:col) it
    fills; an image no box places (the masthead logo) is named by its file."""
    by_rect = {(f.page, round(f.photo.x, 1), round(f.photo.y, 1)): f for f in figures}
    out: dict[int, tuple[PlacedImage, ...]] = {}
    for page in pages:
        found = []
        for item in page.images:
            if item.file is None:
                continue
            fig = by_rect.get((page.number, round(item.x, 1), round(item.y, 1)))
            name = fig.image.file if fig is not None and fig.image.file else Path(item.file).name
            label = f"'{name}'" if fig is None else (f"'{name}' in box '{fig.box}' "
                                                      f"({fig.where.file}:{fig.where.line}:{fig.where.col})")
            found.append(PlacedImage(item.x, item.y, item.w, item.h, label))
        out[page.number] = tuple(found)
    return out


def _namer(placed: Sequence[PlacedImage], trim: tuple[float, ...] | None) -> Namer:
    """An image XObject as drawn (its name, the CTM at `Do`) → the label of the placed image it lies in."""

    def name(xobject: str, ctm: list[float]) -> str:
        if trim is None or not placed:
            return xobject
        x, top = ctm[4] - trim[0], trim[3] - (ctm[5] + ctm[3])
        for p in placed:
            inside_x = p.x - 0.5 <= x and x + ctm[0] <= p.x + p.w + 0.5
            if inside_x and p.y - 0.5 <= top and top + ctm[3] <= p.y + p.h + 0.5:
                return p.label
        return xobject

    return name


def _num(v: Any) -> float:
    return float(v)


def _box(page: Any, key: str) -> tuple[float, ...] | None:
    if key not in page:
        return None
    return tuple(_num(v) for v in page[key])


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], eps: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps and inner[2] <= outer[2] + eps
            and inner[3] <= outer[3] + eps)


def preflight(data: bytes, name: str = "PDF", min_ppi: float = 100.0, warn_ppi: float = 200.0,
              tac_limit: float = 240.0, placed: Placed = ()) -> Report:
    """Every check on every page. `placed` (from the render) names each image by its file and plan box
    instead of the PDF's internal name (/FormXob.…)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pdfx, intent, boxes, fonts = Check("PDF/X identification"), Check("OutputIntent"), Check("page boxes"), \
        Check("fonts embedded and subset")
    colour, transp, images, tac, black = Check("no RGB"), Check("no transparency"), \
        Check(f"image resolution (error < {min_ppi:g} ppi, warning < {warn_ppi:g} ppi)"), \
        Check(f"total ink ≤ {tac_limit:g}%"), Check("black text is K only")
    info: dict[str, Any] = dict(reader.metadata or {})
    version = str(info.get("/GTS_PDFXVersion", ""))
    header = data[:8].decode("latin-1", "replace")
    if not version.startswith("PDF/X-"):
        pdfx.fail("no GTS_PDFXVersion in the document information")
    elif version.startswith("PDF/X-1a") and header > "%PDF-1.4":
        pdfx.fail(f"{version} needs a PDF 1.4 file, this is {header}")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        pdfx.fail("Trapped must be True or False")
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info:
            pdfx.fail(f"{key[1:]} is missing")
    root: Any = reader.trailer["/Root"]
    intents = root.get("/OutputIntents")
    found = [i.get_object() for i in intents] if intents else []
    if not any(i.get("/S") == "/GTS_PDFX" and i.get("/OutputConditionIdentifier") for i in found):
        intent.fail("no /GTS_PDFX OutputIntent with an OutputConditionIdentifier")
    for number, page in enumerate(reader.pages, 1):
        media, trim, bleed = _box(page, "/MediaBox"), _box(page, "/TrimBox"), _box(page, "/BleedBox")
        if trim is None:
            boxes.fail(f"page {number}: no TrimBox")
        elif media is not None and not _inside(trim, media):
            boxes.fail(f"page {number}: TrimBox is not inside the MediaBox")
        if bleed is not None and trim is not None and not (_inside(trim, bleed) and media and _inside(bleed, media)):
            boxes.fail(f"page {number}: boxes not nested (Trim ⊆ Bleed ⊆ Media)")
        group: Any = page.get("/Group")
        if group is not None and group.get_object().get("/S") == "/Transparency":
            transp.fail(f"page {number}: transparency group")
        _fonts(page, number, fonts)
        namer = _namer(placed[number - 1] if number <= len(placed) else (), trim)
        _content(page, number, colour, transp, images, tac, black, min_ppi, warn_ppi, tac_limit, namer)
    return Report(name, [pdfx, intent, boxes, fonts, colour, transp, images, tac, black])


def _rich_black(cmyk: tuple[float, ...]) -> bool:
    """Black or grey text built from more than K: rich black, or a CMY grey (coloured text is fine)."""
    c, m, y, k = cmyk
    if not (c or m or y):
        return False
    return k >= 0.5 or (abs(c - m) < 0.05 and abs(m - y) < 0.05)


def _fonts(page: Any, number: int, check: Check) -> None:
    """Every font embedded and subset; a composite (Type0) font is judged by its descendant CIDFont, whose
    program may be TrueType (FontFile2) or CFF (FontFile3, CIDFontType0C)."""
    res = page.get("/Resources", {})
    for key, ref in (res.get("/Font") or {}).items():
        font = ref.get_object()
        sub = font.get("/Subtype")
        base = str(font.get("/BaseFont", key))
        if sub == "/Type3":
            check.fail(f"page {number}: Type 3 font {key}")
            continue
        descendants = font.get("/DescendantFonts") if sub == "/Type0" else [font]
        if not descendants:
            check.fail(f"page {number}: composite font {base} has no descendant font")
            continue
        desc_font = descendants[0].get_object()
        desc = desc_font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else {}
        programs = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc]
        kind = desc["/FontFile3"].get_object().get("/Subtype") if "/FontFile3" in programs else None
        if not programs:
            check.fail(f"page {number}: font {base} is not embedded")
        elif kind is not None and kind not in ("/Type1C", "/CIDFontType0C", "/OpenType"):
            check.fail(f"page {number}: font {base} embeds a FontFile3 of unknown kind {kind}")
        elif not (SUBSET.match(base) and SUBSET.match(str(desc_font.get("/BaseFont", base)))):
            check.fail(f"page {number}: font {base} is embedded whole, not subset")


def _content(page: Any, number: int, colour: Check, transp: Check, images: Check, tac: Check, black: Check,
             min_ppi: float, warn_ppi: float, limit: float, namer: Namer) -> None:
    res = page.get("/Resources", {})
    for name, gs in (res.get("/ExtGState") or {}).items():
        g = gs.get_object()
        if g.get("/SMask", "/None") != "/None" or _num(g.get("/ca", 1)) < 1 or _num(g.get("/CA", 1)) < 1 \
                or g.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
            transp.fail(f"page {number}: graphics state {name} uses transparency")
    xobjects = res.get("/XObject") or {}
    contents = page.get_contents()
    if contents is None:
        return
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    fill = (0.0, 0.0, 0.0, 1.0)
    in_text = False
    for raw, op in iter_ops(contents.get_data()):
        o = op.decode("latin-1")
        if o in TEXT_OPS:
            if in_text and _rich_black(fill):
                black.fail(f"page {number}: black text drawn in CMYK {fill}, not K only")
            continue
        operands = [t.decode("latin-1") for t in raw] if o in NEED_OPERANDS else []
        if o == "q":
            stack.append(ctm[:])
        elif o == "Q" and stack:
            ctm = stack.pop()
        elif o == "cm":
            a, b, c, d, e, f = (float(x) for x in operands)
            m = ctm
            ctm = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                   e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]
        elif o in RGB_OPS:
            colour.fail(f"page {number}: RGB colour operator {o} {' '.join(str(x) for x in operands)}")
        elif o == "k":
            fill = tuple(float(x) for x in operands)  # type: ignore[assignment]
            if sum(fill) * 100 > limit + 1e-6:
                tac.fail(f"page {number}: fill {fill} is {sum(fill) * 100:.0f}%")
        elif o == "K":
            stroke = tuple(float(x) for x in operands)
            if sum(stroke) * 100 > limit + 1e-6:
                tac.fail(f"page {number}: stroke {stroke} is {sum(stroke) * 100:.0f}%")
        elif o in ("cs", "CS") and operands and str(operands[0]) in ("/DeviceRGB", "/CalRGB"):
            colour.fail(f"page {number}: RGB colour space {operands[0]}")
        elif o == "BT":
            in_text = True
        elif o == "ET":
            in_text = False
        elif o in TEXT_OPS and in_text and any(v > 0 for v in fill[:3]):
            black.fail(f"page {number}: text drawn in CMYK {fill}")
        elif o == "Do" and operands and str(operands[0]) in xobjects:
            _image(xobjects[str(operands[0])].get_object(), namer(str(operands[0]), ctm), ctm, number, colour, transp,
                   images, tac, min_ppi, warn_ppi, limit)


def _image(obj: Any, name: str, ctm: list[float], number: int, colour: Check, transp: Check, images: Check,
           tac: Check, min_ppi: float, warn_ppi: float, limit: float) -> None:
    if obj.get("/Subtype") != "/Image":
        return
    cs = obj.get("/ColorSpace")
    cs_name = str(cs[0] if isinstance(cs, list) else cs)
    if cs_name in ("/DeviceRGB", "/CalRGB") or (cs_name == "/ICCBased" and cs[1].get_object().get("/N") == 3):
        colour.fail(f"page {number}: image {name} is RGB")
    if "/SMask" in obj:
        transp.fail(f"page {number}: image {name} has a soft mask")
    width_in = math.hypot(ctm[0], ctm[1]) / 72
    height_in = math.hypot(ctm[2], ctm[3]) / 72
    if width_in > 0 and height_in > 0:
        ppi = min(_num(obj["/Width"]) / width_in, _num(obj["/Height"]) / height_in)
        if ppi < min_ppi:
            images.fail(f"page {number}: image {name} is {ppi:.0f} ppi at its placed size")
        elif ppi < warn_ppi:
            images.details.append(f"warning: page {number}: image {name} is {ppi:.0f} ppi at its placed size")
    if cs_name == "/DeviceCMYK":
        try:
            filters = obj.get("/Filter")
            jpeg = (list(filters) if isinstance(filters, list) else [filters])[-1:] == ["/DCTDecode"]
            img = Image.open(io.BytesIO(obj.get_data())) if jpeg else \
                Image.frombytes("CMYK", (int(obj["/Width"]), int(obj["/Height"])), obj.get_data())
            c, m, y, k = (ch.convert("I") for ch in img.convert("CMYK").split())
            total = ImageMath.lambda_eval(lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k)
            peak = float(total.getextrema()[1]) / 255 * 100
            if peak > limit + 0.5:
                tac.fail(f"page {number}: image {name} reaches {peak:.0f}% total ink")
        except (OSError, ValueError) as exc:
            images.details.append(f"page {number}: image {name} could not be decoded for ink ({exc})")
