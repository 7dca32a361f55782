"""The walk of a PDF page's content for the preflight: its operators (read with `pdfops`), graphics state,
forms, images, fonts, colour spaces and ink, bounded in operators and form depth; what it finds goes into
a `Scan` and the fonts' `Check`."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from layout.errors import Level
from layout.plant.gwg import SMALL_TEXT, THIN_LINE, Measures, gwg_warnings
from layout.plant.images import Namer
from layout.plant.jpeg import mismatch
from layout.plant.pdfops import InlineImage, inline_image, iter_ops

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
# Form XObjects drawing forms, nested at most this deep (a form drawn by the page is 1 deep; ours: 1, an ad's:
# 2–4); deeper is an error naming this bound, here and in the opener of outside PDFs (layout/tools/pdfin.py).
MAX_FORM_DEPTH = 12


@dataclass
class Check:
    """One check of a PDF: whether it passed, and what it found, each finding with its level. `details` is
    how the report prints them; whoever sorts them (the ad checks) reads the levels, never the text."""

    name: str
    ok: bool = True
    findings: list[tuple[Level, str]] = field(default_factory=list)

    @property
    def details(self) -> list[str]:
        """The findings as printed: an error as it is, a warning or a note with its level in front."""
        return [text if level is Level.ERROR else f"{level}: {text}" for level, text in self.findings]

    def fail(self, detail: str) -> None:
        self.ok = False
        if len(self.findings) < 8:
            self.findings.append((Level.ERROR, detail))

    def warn(self, detail: str) -> None:
        """A warning line (the check still passes), once each, at most 8."""
        if (Level.WARNING, detail) not in self.findings and len(self.findings) < 8:
            self.findings.append((Level.WARNING, detail))

    def add(self, level: Level, detail: str) -> None:
        """A finding that does not decide whether the check passes (every one kept)."""
        self.findings.append((level, detail))


def _num(v: Any) -> float:
    return float(v)


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
            self.transp.add(Level.NOTE, detail)
        else:
            self.transp.fail(detail)

    def spot_colour(self, detail: str) -> None:
        if self.spot_ok is False:
            self.spot.fail(detail)
        elif self.spot_ok is None:
            self.spot.add(Level.WARNING, detail)


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
            if o == "BI":
                self.inline(inline_image(raw[0]) if raw else InlineImage())
                continue
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

    def inline(self, image: InlineImage) -> None:
        """An inline image (`BI … ID … EI`): judged as an image XObject is (colour space, resolution at its
        placed size, pixels), not decoded for ink."""
        scan = self.scan
        name = scan.namer("inline image", self.st.ctm) if scan.namer is not None else "inline image"
        kind = "gray" if image.mask else space_kind(image.space, self.res) if image.space else "other"
        _judge_image(kind, image.width, image.height, f"{self.where}: {name}", self.st.ctm, scan)

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
        scan.walked.fail(f"{where}: form {name} is nested more than {MAX_FORM_DEPTH} forms deep "
                         "(MAX_FORM_DEPTH): what it draws was not examined")
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
    width, height = int(_num(obj.get("/Width", 0))), int(_num(obj.get("/Height", 0)))
    what = f"{where}: image {name}"
    if not _judge_image(kind, width, height, what, ctm, scan):
        return
    if "/SMask" in obj or int(obj.get("/SMaskInData", 0)):
        scan.transparency(f"{what} has a soft mask")
    own = mismatch(width, height, obj)
    if own is not None:
        scan.images.fail(f"{what} says it is {width} × {height} px, its JPEG data is {own[0]} × {own[1]} px: a RIP "
                         "draws it garbled or not at all")
    elif kind == "cmyk" and int(obj.get("/BitsPerComponent", 8)) == 8 and id(obj) not in scan.inked:
        scan.inked.add(id(obj))  # an image drawn many times is decoded once
        _image_ink(obj, what, scan)


def _judge_image(kind: str, width: int, height: int, what: str, ctm: list[float], scan: Scan) -> bool:
    """An image's colour space, its pixels (at most MAX_PIXELS: more is an error, never decoded) and its
    resolution at its placed size (the unit square under `ctm`); whether it is within the pixel bound."""
    from layout.infra.imagefiles import MAX_PIXELS, pixels_message

    _judge_space(kind, what, scan)
    if width * height > MAX_PIXELS:
        scan.images.fail(f"{what} is not decoded: {pixels_message(width, height)}")
        return False
    width_in = math.hypot(ctm[0], ctm[1]) / 72
    height_in = math.hypot(ctm[2], ctm[3]) / 72
    if width_in > 0 and height_in > 0:
        ppi = min(width / width_in, height / height_in)
        if ppi < scan.min_ppi:
            scan.images.fail(f"{what} is {ppi:.0f} ppi at its placed size")
        elif ppi < scan.warn_ppi:
            scan.images.add(Level.WARNING, f"{what} is {ppi:.0f} ppi at its placed size")
    return True


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
        scan.images.add(Level.ERROR, f"{what} could not be decoded for ink ({exc})")  # an error if the check fails


def _raw_cmyk(width: int, height: int, data: bytes) -> Any:
    from PIL import Image

    return Image.frombytes("CMYK", (width, height), data)
