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

from layout.model.flow import FigurePlacement
from layout.model.lengths import MM
from layout.model.page import Page
from layout.model.paper import PrintSpec
from layout.plant.pdfops import iter_ops

RGB_OPS = {"rg", "RG"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
NEED_OPERANDS = {"cm", "k", "K", "g", "G", "rg", "RG", "cs", "CS", "sc", "scn", "SC", "SCN", "Do", "w", "Tf", "Tm",
                 "Tr", "BDC"}
STATE_OPS = {"q", "Q", "cm", "w"}
COLOUR_OPS = {"k", "K", "g", "G", "rg", "RG", "cs", "CS", "sc", "scn", "SC", "SCN"}
STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
TEXT_STATE_OPS = {"BT", "ET", "Tf", "Tm", "Tr"}
SUBSET = re.compile(r"^/[A-Z]{6}\+")
MAX_PAGE_OPERATORS = 4_000_000  # per page (a page of ours has a few thousand; an ad at most 500 000)
SPEC = PrintSpec()  # the style's defaults: one threshold for the render, `check` and a standalone preflight
# The GWG 2015 checks of an ad (docs/print.md, "Advertisements", names the sections and says why), on an ad
# before it is placed and on the forms a page places (standalone `layout preflight`): one implementation.
SMALL_TEXT = (5.0, 9.0)  # pt, effective size: text on one separation; on two or more, or white
THIN_LINE = (0.25, 0.5)  # pt, effective width: strokes on one separation; on two or more, or white
MAX_FORM_DEPTH = 12  # form XObjects drawing forms: deeper is an error naming this bound (ours: 1; an ad's: 2–4)


@dataclass
class Check:
    name: str
    ok: bool = True
    details: list[str] = field(default_factory=list)

    def fail(self, detail: str) -> None:
        self.ok = False
        if len(self.details) < 8:
            self.details.append(detail)

    def warn(self, detail: str) -> None:
        """A warning line (the check still passes), once each, at most 8."""
        line = f"warning: {detail}"
        if line not in self.details and len(self.details) < 8:
            self.details.append(line)


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


PlacedImages = Sequence[Sequence[PlacedImage]]  # per page of a PDF file (index 0 = its first page)
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


@dataclass
class Measures:
    """What an ad's GWG checks measure while its content is walked: text and strokes under the limits, at
    their effective size (Tf × the text matrix × the CTM, w × the CTM: the ad's placed scale included), per
    kind (one separation; several, or white), with the count and the smallest; optional content found."""

    text_one: float  # pt: text printed on one separation smaller than this is reported
    text_multi: float  # pt: text on two or more separations, or white (knocked out), smaller than this
    line_one: float  # pt: strokes on one separation thinner than this
    line_multi: float  # pt: strokes on two or more separations, or white, thinner than this
    small: dict[str, tuple[int, float, str]] = field(default_factory=dict)  # kind → count, smallest, where
    optional: list[str] = field(default_factory=list)

    def _add(self, kind: str, value: float, where: str) -> None:
        count, smallest, at = self.small.get(kind, (0, math.inf, where))
        self.small[kind] = (count + 1, min(smallest, value), at if value >= smallest else where)

    def text(self, size: float, plates: int, where: str) -> None:
        if plates < 0:
            return
        if plates == 1 and size < self.text_one - 0.05:
            self._add("text one", size, where)
        elif plates != 1 and size < self.text_multi - 0.05:
            self._add("text multi", size, where)

    def line(self, width: float, plates: int, where: str) -> None:
        if plates < 0:
            return
        if plates == 1 and width < self.line_one - 0.0005:
            self._add("line one", width, where)
        elif plates != 1 and width < self.line_multi - 0.0005:
            self._add("line multi", width, where)


def gwg_warnings(measures: Measures) -> list[str]:
    """Small text and thin lines, one warning per kind, with the limit applied and where it comes from."""
    out = []
    what = {"text one": ("text run", "on one separation", SMALL_TEXT[0]),
            "text multi": ("text run", "on two or more separations or white", SMALL_TEXT[1]),
            "line one": ("stroke", "on one separation", THIN_LINE[0]),
            "line multi": ("stroke", "on two or more separations or white", THIN_LINE[1])}
    for kind, (count, smallest, where) in sorted(measures.small.items()):
        noun, plates, limit = what[kind]
        if kind.startswith("text"):
            measure = f"smaller than {limit:g} pt at the placed size, the smallest {smallest:.1f} pt"
            section = "Small Text"
        else:
            least = "0 pt (`0 w`: one device pixel)" if smallest == 0 else \
                f"{smallest:.2f} pt ({smallest / MM:.3f} mm)"
            measure = f"thinner than {limit:g} pt at the placed size, the thinnest {least}"
            section = "Effective Line Width"
        out.append(f"{where}: {count} {noun}{'s' if count > 1 else ''} {plates} {measure} (GWG 2015 "
                   f"NewspaperAds, {section}): they may break up or fill in on newsprint")
    return out


@dataclass
class Scan:
    """The content checks and their limits, carried down into form XObjects."""

    colour: Check
    lab: Check
    spot: Check
    transp: Check
    images: Check
    tac: Check
    black: Check
    min_ppi: float = 100.0
    warn_ppi: float = 200.0
    limit: float = 240.0
    spot_ok: bool | None = None  # None: a spot colour is a warning line; False: a failure; True: fine
    transparency_ok: bool = False  # PDF/X-4 allows transparency
    embedded_only: bool = False  # fonts must be embedded, not necessarily subset (an advertiser's PDF)
    namer: Namer | None = None  # what a message calls an image drawn on the current page (its file and box)
    measures: Measures | None = None  # an ad's GWG measures: small text, thin lines, optional content
    budget: int | None = None  # operators still to examine (an ad: a hostile content stream must not hang us)
    truncated: bool = False  # the budget ran out: the rest of the content was not examined
    inked: set[int] = field(default_factory=set)  # images whose ink was measured (one drawn many times: once)
    walked: Check = field(default_factory=lambda: Check("content examined"))  # what could not be examined
    drawing: list[int] = field(default_factory=list)  # the forms being walked, outermost first (a cycle: error)
    forms: Check | None = None  # standalone preflight: the GWG measures of each form a page places (ads)

    @classmethod
    def make(cls, min_ppi: float, warn_ppi: float, limit: float, spot_ok: bool | None, transparency_ok: bool,
             embedded_only: bool = False) -> Scan:
        transp = Check("transparency (allowed in PDF/X-4)" if transparency_ok else "no transparency")
        return cls(Check("no RGB"), Check("no Lab"), Check("no spot colours" if spot_ok is not True else
                                                            "spot colours (allowed)"), transp,
                   Check(f"image resolution (error < {min_ppi:g} ppi, warning < {warn_ppi:g} ppi)"),
                   Check(f"total ink ≤ {limit:g}%"), Check("black text is K only"), min_ppi, warn_ppi, limit,
                   spot_ok, transparency_ok, embedded_only)

    @property
    def checks(self) -> list[Check]:
        return [self.colour, self.lab, self.spot, self.transp, self.images, self.tac, self.black]

    def transparency(self, detail: str) -> None:
        if self.transparency_ok:
            self.transp.details.append(f"note: {detail}")
        else:
            self.transp.fail(detail)

    def spot_colour(self, detail: str) -> None:
        if self.spot_ok is False:
            self.spot.fail(detail)
        elif self.spot_ok is None:
            self.spot.details.append(f"warning: {detail}")


def preflight(data: bytes, name: str = "PDF", min_ppi: float = SPEC.min_ppi, warn_ppi: float = SPEC.warn_ppi,
              tac_limit: float = SPEC.tac, spot_colours: bool | None = None, placed: PlacedImages = (),
              reader: Any = None) -> Report:
    """The plant's checks on a whole file. Transparency is allowed when the file says it is PDF/X-4; spot
    colours (Separation or DeviceN other than the registration colour /All) are a warning unless
    `spot_colours` says they are refused (False) or fine (True). `placed` (from the render) names each
    image by its file and plan box instead of the PDF's internal name (/FormXob.…). `reader`: the file
    as layout/tools/pdfin.py opened it (an outside file, within its bounds)."""
    import pypdf  # (here: a render whose files passed before never imports it)

    reader = pypdf.PdfReader(io.BytesIO(data)) if reader is None else reader
    pdfx, intent, boxes, fonts = Check("PDF/X identification"), Check("OutputIntent"), Check("page boxes"), \
        Check("fonts embedded and subset")
    info: dict[str, Any] = dict(reader.metadata or {})
    version = str(info.get("/GTS_PDFXVersion", ""))
    scan = Scan.make(min_ppi, warn_ppi, tac_limit, spot_colours, version.startswith("PDF/X-4"))
    scan.forms = Check("GWG 2015 small text and thin lines in placed forms (ads)")
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
        scan.namer = _namer(placed[number - 1] if number <= len(placed) else (), trim)
        scan.budget, scan.truncated = MAX_PAGE_OPERATORS, False
        check_page(page, f"page {number}", fonts, scan)
        if scan.truncated:
            scan.walked.fail(f"page {number}: more than {MAX_PAGE_OPERATORS:,} content operators (forms counted "
                             "each time they are drawn): the rest was not checked")
    extra = [c for c in (scan.forms, scan.walked) if c is not None and (c.details or not c.ok)]
    return Report(name, [pdfx, intent, boxes, fonts, *scan.checks, *extra])


def check_page(page: Any, where: str, fonts: Check, scan: Scan, ctm: list[float] | None = None) -> None:
    """The content checks of one page (its form XObjects included); `ctm`: how the page is placed (an ad
    scaled into its box), for the images' resolution."""
    res = page.get("/Resources")
    res = res.get_object() if res is not None else {}
    _group(page, where, res, scan, form=False)
    contents = page.get_contents()
    _content(contents.get_data() if contents is not None else b"", res, where, fonts, scan,
             ctm or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0)


def _rich_black(cmyk: tuple[float, ...]) -> bool:
    """Black or grey text built from more than K: rich black, or a CMY grey (coloured text is fine)."""
    c, m, y, k = cmyk
    if not (c or m or y):
        return False
    return k >= 0.5 or (abs(c - m) < 0.05 and abs(m - y) < 0.05)


def _fonts(page: Any, number: int, check: Check) -> None:
    """The fonts of a page's own resources (see `_fonts_in`)."""
    res = page.get("/Resources")
    _fonts_in(res.get_object() if res is not None else {}, f"page {number}", check)


def _fonts_in(res: Any, where: str, check: Check, embedded_only: bool = False, whole_ok: str | None = None) -> None:
    """Every font embedded and subset (only embedded with `embedded_only`: a whole font is then a warning line
    naming `whole_ok`, where it is allowed, if given); a composite (Type0) font is judged by its descendant
    CIDFont, whose program may be TrueType (FontFile2) or CFF (FontFile3)."""
    for key, ref in (res.get("/Font") or {}).items():
        font = ref.get_object()
        sub = font.get("/Subtype")
        base = str(font.get("/BaseFont", key))
        if sub == "/Type3":
            check.fail(f"{where}: Type 3 font {key}")
            continue
        descendants = font.get("/DescendantFonts") if sub == "/Type0" else [font]
        if not descendants:
            check.fail(f"{where}: composite font {base} has no descendant font")
            continue
        desc_font = descendants[0].get_object()
        desc = desc_font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else {}
        programs = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc]
        kind = desc["/FontFile3"].get_object().get("/Subtype") if "/FontFile3" in programs else None
        if not programs:
            check.fail(f"{where}: font {base} is not embedded")
        elif kind is not None and kind not in ("/Type1C", "/CIDFontType0C", "/OpenType"):
            check.fail(f"{where}: font {base} embeds a FontFile3 of unknown kind {kind}")
        elif not (SUBSET.match(base) and SUBSET.match(str(desc_font.get("/BaseFont", base)))):
            if not embedded_only:
                check.fail(f"{where}: font {base} is embedded whole, not subset")
            elif whole_ok is not None:
                check.warn(f"{where}: font {base} in {whole_ok} is embedded whole, not subset (allowed there: "
                           "PDF/X asks for embedding)")


PROCESS = {"/Cyan", "/Magenta", "/Yellow", "/Black"}
REGISTRATION = {"/All", "/None"}


def space_kind(cs: Any, res: Any, depth: int = 0) -> str:
    """What a colour space is, for the checks: rgb, lab, cmyk, gray, spot:NAMES, registration, pattern, other."""
    cs = cs.get_object() if hasattr(cs, "get_object") else cs
    if isinstance(cs, str):
        simple = {"/DeviceRGB": "rgb", "/RGB": "rgb", "/CalRGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk",
                  "/DeviceGray": "gray", "/G": "gray", "/CalGray": "gray", "/Pattern": "pattern", "/Lab": "lab"}
        if cs in simple:
            return simple[cs]
        named = (res.get("/ColorSpace") or {}).get(cs) if res is not None else None
        return space_kind(named, None, depth + 1) if named is not None and depth < 8 else "other"
    if not isinstance(cs, list) or not cs:
        return "other"
    family = str(cs[0])
    if family == "/ICCBased":
        n = int(cs[1].get_object().get("/N", 0))
        return {1: "gray", 3: "rgb", 4: "cmyk"}.get(n, "other")
    if family == "/Separation":
        return "registration" if str(cs[1]) in REGISTRATION else f"spot:{cs[1]}"
    if family == "/DeviceN":
        names = {str(n) for n in cs[1].get_object()}
        return "cmyk" if names <= PROCESS | {"/None"} else "spot:" + " ".join(sorted(names - PROCESS))
    if family in ("/Indexed", "/I", "/Pattern") and len(cs) > 1 and depth < 8:
        return space_kind(cs[1], res, depth + 1)
    return space_kind(family, None, depth + 1) if depth < 8 else "other"


def _judge_space(kind: str, what: str, scan: Scan) -> None:
    if kind == "rgb":
        scan.colour.fail(f"{what} is RGB")
    elif kind == "lab":
        scan.lab.fail(f"{what} is Lab")
    elif kind.startswith("spot:"):
        scan.spot_colour(f"{what} is a spot colour ({kind[5:]})")


def _resources(res: Any, where: str, scan: Scan) -> None:
    """Colour spaces, shadings and graphics states a resource dictionary declares."""
    for name, cs in (res.get("/ColorSpace") or {}).items():
        _judge_space(space_kind(cs, None), f"{where}: colour space {name}", scan)
    shadings = [(n, sh.get_object()) for n, sh in (res.get("/Shading") or {}).items()]
    for n, pat in (res.get("/Pattern") or {}).items():
        sh = pat.get_object().get("/Shading")
        if sh is not None:
            shadings.append((n, sh.get_object()))
    for n, sh in shadings:
        _judge_space(space_kind(sh.get("/ColorSpace"), res), f"{where}: shading {n}", scan)
    for name, gs in (res.get("/ExtGState") or {}).items():
        g = gs.get_object()
        if g.get("/SMask", "/None") != "/None" or _num(g.get("/ca", 1)) < 1 or _num(g.get("/CA", 1)) < 1 \
                or g.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
            scan.transparency(f"{where}: graphics state {name} uses transparency")


def _concat(m: list[float], a: float, b: float, c: float, d: float, e: float, f: float) -> list[float]:
    return [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
            e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]


def _ink(values: tuple[float, ...], what: str, where: str, scan: Scan) -> None:
    if len(values) == 4 and sum(values) * 100 > scan.limit + 1e-6:
        scan.tac.fail(f"{where}: {what} {values} is {sum(values) * 100:.0f}%")


@dataclass
class _State:
    """The part of the graphics state the checks follow (saved by q, restored by Q)."""

    ctm: list[float]
    spaces: list[str] = field(default_factory=lambda: ["gray", "gray"])  # fill, stroke colour space kinds
    fill: tuple[float, ...] = (0.0, 0.0, 0.0, 1.0)  # the fill as CMYK (for black text), when known
    plates: list[int] = field(default_factory=lambda: [1, 1])  # separations the fill and the stroke use
    line_width: float = 1.0
    font_size: float = 0.0
    render: int = 0  # text rendering mode (3, 7: invisible)

    def copy(self) -> _State:
        return _State(self.ctm[:], self.spaces[:], self.fill, self.plates[:], self.line_width, self.font_size,
                      self.render)


def plates_of(kind: str, values: Sequence[float]) -> int:
    """How many separations a colour prints on: 0 for white (paper), 2 or more for a build; -1 unknown."""
    if kind == "cmyk" and len(values) == 4:
        return sum(1 for v in values if v > 0.001)
    if kind == "gray" and values:
        return 0 if values[0] >= 0.999 else 1
    if kind.startswith("spot:"):
        return 1 if not values or values[0] > 0.001 else 0
    return {"registration": 4, "rgb": 3, "lab": 3}.get(kind, -1)


def _initial(kind: str) -> tuple[float, ...]:
    """The colour a `cs` selects before any `sc`: black (or a full tint)."""
    return {"cmyk": (0.0, 0.0, 0.0, 1.0), "gray": (0.0,), "rgb": (0.0, 0.0, 0.0)}.get(kind, (1.0,))


def _thinnest(m: list[float]) -> float:
    """The smallest scale of a matrix (its smaller singular value): how thin a stroke can come out."""
    a, b, c, d = m[:4]
    t = a * a + b * b + c * c + d * d
    det = abs(a * d - b * c)
    return math.sqrt(max(0.0, (t - math.sqrt(max(0.0, t * t - 4 * det * det))) / 2))


class _Walk:
    """One content stream (a page's or a form's) walked operator by operator for the content checks."""

    def __init__(self, res: Any, where: str, fonts: Check, scan: Scan, ctm: list[float], depth: int) -> None:
        self.res, self.where, self.fonts, self.scan, self.depth = res, where, fonts, scan, depth
        self.xobjects = res.get("/XObject") or {}
        self.st = _State(ctm)
        self.stack: list[_State] = []
        self.in_text = False
        self.tm = [1.0, 0.0, 0.0, 1.0]

    def run(self, data: bytes) -> None:
        scan = self.scan
        for raw, op in iter_ops(data):
            if scan.budget is not None:
                scan.budget -= 1
                if scan.budget < 0:
                    scan.truncated = True
                    return
            o = op.decode("latin-1")
            if o in TEXT_OPS:
                self.show_text()
                continue
            operands = [t.decode("latin-1") for t in raw] if o in NEED_OPERANDS else []
            if o in STATE_OPS:
                self.state(o, operands)
            elif o in COLOUR_OPS:
                self.colour(o, operands)
            elif o in STROKE_OPS:
                self.stroke()
            elif o in TEXT_STATE_OPS:
                self.text_state(o, operands)
            elif o == "BDC" and operands[:1] == ["/OC"] and scan.measures is not None:
                scan.measures.optional.append(f"{self.where}: marked content /OC {' '.join(operands[1:])}")
            elif o == "Do" and operands and operands[0] in self.xobjects:
                _xobject(self.xobjects[operands[0]].get_object(), operands[0], self.st.ctm, self.where, self.fonts,
                         scan, self.depth)

    def state(self, o: str, operands: list[str]) -> None:
        if o == "q":
            self.stack.append(self.st.copy())
        elif o == "Q" and self.stack:
            self.st = self.stack.pop()
        elif o == "cm":
            self.st.ctm = _concat(self.st.ctm, *(float(x) for x in operands))
        elif o == "w" and operands:
            self.st.line_width = abs(float(operands[0]))

    def colour(self, o: str, operands: list[str]) -> None:
        st, scan, where = self.st, self.scan, self.where
        stroke = o.isupper()
        if o in RGB_OPS:
            scan.colour.fail(f"{where}: RGB colour operator {o} {' '.join(str(x) for x in operands)}")
            st.spaces[stroke], values = "rgb", tuple(float(x) for x in operands)
        elif o in ("k", "K"):
            st.spaces[stroke], values = "cmyk", tuple(float(x) for x in operands)
            st.fill = values if o == "k" else st.fill
            _ink(values, "stroke" if stroke else "fill", where, scan)
        elif o in ("g", "G"):
            st.spaces[stroke], values = "gray", tuple(float(x) for x in operands[:1])
            st.fill = (0.0, 0.0, 0.0, 1.0 - values[0]) if o == "g" and values else st.fill
        elif o in ("cs", "CS"):
            if not operands:
                return
            kind = st.spaces[stroke] = space_kind(operands[0], self.res)
            _judge_space(kind, f"{where}: colour space {operands[0]}", scan)
            values = _initial(kind)
        else:  # sc, scn, SC, SCN
            values = tuple(float(x) for x in operands if not x.startswith("/"))
            if st.spaces[stroke] == "cmyk":
                st.fill = values if not stroke and len(values) == 4 else st.fill
                _ink(values, "stroke" if stroke else "fill", where, scan)
            elif st.spaces[stroke] == "gray" and not stroke and values:
                st.fill = (0.0, 0.0, 0.0, 1.0 - values[0])
        st.plates[stroke] = plates_of(st.spaces[stroke], values)

    def text_state(self, o: str, operands: list[str]) -> None:
        if o == "BT":
            self.in_text, self.tm = True, [1.0, 0.0, 0.0, 1.0]
        elif o == "ET":
            self.in_text = False
        elif o == "Tf" and len(operands) >= 2:
            self.st.font_size = abs(float(operands[1]))
        elif o == "Tm" and len(operands) >= 4:
            self.tm = [float(x) for x in operands[:4]]
        elif o == "Tr" and operands:
            self.st.render = int(float(operands[0]))

    def show_text(self) -> None:
        st, scan = self.st, self.scan
        if self.in_text and _rich_black(st.fill):
            scan.black.fail(f"{self.where}: black text drawn in CMYK {st.fill}, not K only")
        if scan.measures is None or st.render in (3, 7):
            return
        c, d = self.tm[2], self.tm[3]
        m = st.ctm
        size = st.font_size * math.hypot(c * m[0] + d * m[2], c * m[1] + d * m[3])
        scan.measures.text(size, st.plates[1] if st.render in (1, 5) else st.plates[0], self.where)

    def stroke(self) -> None:
        if self.scan.measures is not None:
            self.scan.measures.line(self.st.line_width * _thinnest(self.st.ctm), self.st.plates[1], self.where)


def _content(data: bytes, res: Any, where: str, fonts: Check, scan: Scan, ctm: list[float], depth: int) -> None:
    _resources(res, where, scan)
    _fonts_in(res, where, fonts, scan.embedded_only or depth > 0,
              "a placed form" if depth > 0 and not scan.embedded_only else None)
    _Walk(res, where, fonts, scan, ctm, depth).run(data)


def _group(obj: Any, what: str, res: Any, scan: Scan, form: bool) -> None:
    """A transparency group (a page's or a form's): transparency, and its blending colour space."""
    group = obj.get("/Group")
    group = group.get_object() if group is not None else None
    if group is None or group.get("/S") != "/Transparency":
        return
    scan.transparency(f"{what} is a transparency group" if form else f"{what}: transparency group")
    if group.get("/CS") is not None:
        _judge_space(space_kind(group["/CS"], res), f"{what}: the transparency group's blending colour space",
                     scan)


def _xobject(obj: Any, name: str, ctm: list[float], where: str, fonts: Check, scan: Scan, depth: int) -> None:
    if scan.truncated:
        return
    if obj.get("/OC") is not None and scan.measures is not None:
        scan.measures.optional.append(f"{where}: XObject {name} is optional content (/OC)")
    if obj.get("/Subtype") == "/Image":
        _image(obj, name, ctm, where, scan)
        return
    if obj.get("/Subtype") != "/Form":
        return
    ident = id(obj)  # (pypdf resolves an indirect object once: the same form is the same object)
    if ident in scan.drawing:
        scan.walked.fail(f"{where}: form {name} draws itself (through {len(scan.drawing) - scan.drawing.index(ident)} "
                         "form(s)): a RIP would loop")
        return
    if depth >= MAX_FORM_DEPTH:
        scan.walked.fail(f"{where}: form {name} is nested more than {MAX_FORM_DEPTH} forms deep (the limit): "
                         "what it draws was not examined")
        return
    res = obj.get("/Resources")
    res = res.get_object() if res is not None else {}
    _group(obj, f"{where}: form {name}", res, scan, form=True)
    matrix = [float(v) for v in obj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    measuring = scan.forms is not None and scan.measures is None  # a form the page places: an ad's checks
    if measuring:
        scan.measures = Measures(*SMALL_TEXT, *THIN_LINE)
    scan.drawing.append(ident)
    try:
        _content(obj.get_data(), res, where, fonts, scan, _concat(ctm, *matrix), depth + 1)
    finally:
        scan.drawing.pop()
        if measuring and scan.measures is not None and scan.forms is not None:
            for line in gwg_warnings(scan.measures):
                scan.forms.warn(f"form {name} on {line}")
            scan.measures = None


def _image(obj: Any, name: str, ctm: list[float], where: str, scan: Scan) -> None:
    name = scan.namer(name, ctm) if scan.namer is not None else name
    kind = "gray" if obj.get("/ImageMask") else space_kind(obj.get("/ColorSpace"), None)
    _judge_space(kind, f"{where}: image {name}", scan)
    if "/SMask" in obj or int(obj.get("/SMaskInData", 0)):
        scan.transparency(f"{where}: image {name} has a soft mask")
    width_in = math.hypot(ctm[0], ctm[1]) / 72
    height_in = math.hypot(ctm[2], ctm[3]) / 72
    if width_in > 0 and height_in > 0:
        ppi = min(_num(obj["/Width"]) / width_in, _num(obj["/Height"]) / height_in)
        if ppi < scan.min_ppi:
            scan.images.fail(f"{where}: image {name} is {ppi:.0f} ppi at its placed size")
        elif ppi < scan.warn_ppi:
            scan.images.details.append(f"warning: {where}: image {name} is {ppi:.0f} ppi at its placed size")
    if kind == "cmyk" and int(obj.get("/BitsPerComponent", 8)) == 8 and id(obj) not in scan.inked:
        scan.inked.add(id(obj))  # an image drawn many times is decoded once
        _image_ink(obj, f"{where}: image {name}", scan)


def _image_ink(obj: Any, what: str, scan: Scan) -> None:
    """The peak total ink of a CMYK image, decoded within the bound on pixels (an image claiming more is an
    error naming the bound, never decoded)."""
    from PIL import ImageMath

    from layout.infra.imagefiles import MAX_PIXELS, TooManyPixels, open_bounded, pixels_message

    try:
        width, height = int(obj["/Width"]), int(obj["/Height"])
        if width * height > MAX_PIXELS:
            raise TooManyPixels(pixels_message(width, height))
        filters = obj.get("/Filter")
        jpeg = (filters[-1] if isinstance(filters, list) and filters else filters) == "/DCTDecode"
        img = open_bounded(io.BytesIO(obj.get_data())) if jpeg else _raw_cmyk(width, height, obj.get_data())
        c, m, y, k = (ch.convert("I") for ch in img.convert("CMYK").split())
        total = ImageMath.lambda_eval(lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k)
        peak = float(total.getextrema()[1]) / 255 * 100
        if peak > scan.limit + 0.5:
            scan.tac.fail(f"{what} reaches {peak:.0f}% total ink")
    except TooManyPixels as exc:
        scan.images.fail(f"{what} is not decoded: {exc}")
    except (OSError, ValueError) as exc:
        scan.images.details.append(f"{what} could not be decoded for ink ({exc})")


def _raw_cmyk(width: int, height: int, data: bytes) -> Any:
    from PIL import Image

    return Image.frombytes("CMYK", (width, height), data)
