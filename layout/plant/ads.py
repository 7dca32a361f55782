"""Advertisements checked before anything is drawn: an advertiser's PDF page examined where it will be placed.

The file must open (not broken, not encrypted), have the page asked for, and its TrimBox (else MediaBox) must
match the box within ±1 mm, or, with `fit: true`, it is scaled proportionally into the box (a warning below
95 %). Then the plant's content checks (`layout.plant.walk`) on that page, at its placed scale: no RGB, no
Lab, no spot colour unless the style allows them (`print.spot_colours`), no transparency in a PDF/X-1a
edition, every font embedded, images at least `print.min_ppi` at their placed size, ink at most `print.tac`.
And the GWG 2015 NewspaperAds checks (`layout.plant.gwg`): text smaller and strokes thinner than `SMALL_TEXT`
and `THIN_LINE` at their placed size (warnings), optional content (refused), annotations (refused when they
print, else dropped with a warning). At most `MAX_OPERATORS` content operators are examined, forms counted
each time they are drawn: an ad with more is refused (a hostile file of forms drawing forms must not hang the
render, the preflight or the plant's RIP). Every message names the ad's file. What was found is remembered
(namespace `adchecks`). Placing the ad after drawing is `layout.render.ads`."""

from __future__ import annotations

import io
import marshal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layout.errors import Diagnostic, LayoutError, Level, escape_controls, line_of
from layout.infra.cache import Store, bytes_digest, make_key
from layout.infra.files import LIMITS, read_regular
from layout.model.lengths import MM
from layout.model.paper import PrintSpec
from layout.model.plan import AdBox, Edition
from layout.plant.gwg import SMALL_TEXT, THIN_LINE, Measures, gwg_warnings
from layout.plant.walk import Check, Scan, check_page

if TYPE_CHECKING:  # pypdf is imported when there is an ad to open (most pages have none)
    import pypdf


TOLERANCE = MM  # ±1 mm between the ad's TrimBox and its box
SMALL_FIT = 0.95  # a fitted ad scaled below this is a warning
MAX_OPERATORS = 500_000  # content operators examined per ad page, its forms included (about 4 s); more: refused
CHECKED = Store("adchecks", ".marshal")  # what examining an ad found, by its bytes, box, settings and this code
MAX_ANNOTATIONS = 1_000  # annotations looked at per ad page
HINTS = {  # GWG 2015 NewspaperAds is based on PDF/X-4: that is what an advertiser is asked for
    "size": "ask for the booked size, or set `fit: true` on the box to scale the ad into it",
    "open": "ask the advertiser for the file again (PDF/X-4, GWG 2015 NewspaperAds)",
    "encrypted": "ask the advertiser for an unencrypted PDF (PDF/X-4, GWG 2015 NewspaperAds; PDF/X allows no "
                 "encryption)",
    "content": "ask the advertiser for a CMYK PDF/X-4 file made for newsprint (GWG 2015 NewspaperAds)",
    "heavy": "ask the advertiser for a simpler file (flattened artwork, images instead of millions of vectors)",
    "layers": "ask the advertiser for the file with its layers flattened (GWG 2015 NewspaperAds: no optional "
              "content)",
    "annotation": "ask the advertiser for the file with the annotation flattened into the page (PDF/X allows "
                  "no annotation on the printed area)",
    "pdfx": "ask the advertiser for a PDF/X-4 file (GWG 2015 NewspaperAds), which says what it was made for",
}


ENCRYPTED = ("the PDF is encrypted (password-protected): encrypted ads are refused (RC4 and AES alike), they "
             "cannot be checked or placed unchanged")


class AdProblem(Exception):
    """The ad cannot be used at all (broken, encrypted, no such page)."""


@dataclass(frozen=True, slots=True)
class Examined:
    """What checking an ad found: errors (each with the kind of hint it needs), warnings, the scale."""

    errors: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    scale: float
    size: tuple[float, float]  # the ad's TrimBox (or MediaBox), pt
    unidentified: str = ""  # why the ad does not say it is PDF/X ("" when it does): the style's policy decides


def mm(pt: float) -> str:
    return f"{pt / MM:.1f}"


def trim_of(page: Any) -> tuple[float, float, float, float]:
    """The ad's TrimBox, else its MediaBox: x0, y0, x1, y1 (normalised)."""
    box = page.get("/TrimBox") or page.get("/MediaBox")
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def open_ad(data: bytes, number: int) -> Any:
    """The page `number` (1-based) of an ad's PDF, or AdProblem saying why not."""
    from pypdf.errors import PyPdfError

    try:
        reader = _reader()(io.BytesIO(data))
        count = len(reader.pages)
        if number > count:
            raise AdProblem(f"the PDF has {count} page{'s' if count != 1 else ''}, there is no page {number}")
        page = reader.pages[number - 1]
        trim_of(page)
        rotate = page.get("/Rotate", 0)
        if not isinstance(rotate, int):  # (a NumberObject is an int; a name, a real or a string is not)
            raise AdProblem(f"the page's /Rotate is {_shown(rotate)}, not a whole number of degrees: ask for an "
                            "upright page")
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise AdProblem(f"cannot read the PDF ({type(exc).__name__}: {exc})") from None
    if rotate % 360:
        raise AdProblem(f"the page is rotated by {rotate}°: ask for an upright page")
    return page


def _reader() -> type[pypdf.PdfReader]:
    """pypdf's reader refusing an encrypted file as soon as it sees /Encrypt in the trailer, before it tries
    to decrypt: RC4, AES-128 and AES-256 alike (pypdf needs the `cryptography` package for AES-256, Acrobat's
    default, and says so instead of opening it; we refuse them all, with or without it)."""
    import pypdf

    class Refusing(pypdf.PdfReader):
        def _handle_encryption(self, password: str | bytes | None) -> None:
            raise AdProblem(ENCRYPTED)

    return Refusing


def _shown(value: Any) -> str:
    """A value from the ad's file, short and printable, for a message."""
    text = escape_controls(str(value))
    return text if len(text) <= 40 else text[:40] + "…"


def examine(data: bytes, number: int, box_w: float, box_h: float, fit: bool, spec: PrintSpec) -> Examined:
    """Check an ad's page for its box: size (or the fit scale), then the content checks at that scale."""
    try:
        page = open_ad(data, number)
    except AdProblem as exc:
        return Examined((("encrypted" if str(exc) == ENCRYPTED else "open", str(exc)),), (), 0.0, (0.0, 0.0))
    x0, y0, x1, y1 = trim_of(page)
    w, h = x1 - x0, y1 - y0
    errors: list[tuple[str, str]] = []
    warnings: list[str] = []
    which = "TrimBox" if page.get("/TrimBox") else "MediaBox (it has no TrimBox)"
    if w <= 0 or h <= 0:
        return Examined((("open", f"its {which} is empty"),), (), 0.0, (w, h))
    scale = 1.0
    if fit:
        scale = min(box_w / w, box_h / h)
        if scale < SMALL_FIT:
            warnings.append(f"scaled to {scale * 100:.0f} % to fit its box ({mm(w)} × {mm(h)} mm into "
                            f"{mm(box_w)} × {mm(box_h)} mm)")
    elif abs(w - box_w) > TOLERANCE or abs(h - box_h) > TOLERANCE:
        errors.append(("size", f"the ad is {mm(w)} × {mm(h)} mm ({which}), its box is {mm(box_w)} × {mm(box_h)} mm"))
    scan = Scan.make(spec.min_ppi, spec.warn_ppi, spec.tac, spec.spot_colours, spec.standard == "x4",
                     embedded_only=True)
    scan.measures = Measures(*SMALL_TEXT, *THIN_LINE)
    scan.budget = MAX_OPERATORS
    fonts = Check("fonts embedded")
    from pypdf.errors import PyPdfError  # (open_ad has imported pypdf)

    try:
        check_page(page, f"page {number}", fonts, scan, [scale, 0.0, 0.0, scale, 0.0, 0.0])
        _document(page, number, scan.measures, errors, warnings)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        errors.append(("open", f"cannot read the page's content ({type(exc).__name__}: {exc})"))
    for check in (fonts, *scan.checks):
        for level, detail in check.findings:
            if level is Level.WARNING:
                warnings.append(f"{check.name}: {detail}")
            elif level is Level.ERROR and not check.ok:
                errors.append(("content", f"{check.name}: {detail}"))
    errors += [("content", f"{scan.walked.name}: {detail}") for detail in scan.walked.details]
    warnings += gwg_warnings(scan.measures)
    actions = actions_in(page, drop=False)
    if actions:
        warnings.append(f"page {number}: JavaScript and actions are not placed ({', '.join(actions[:4])}"
                        f"{', …' if len(actions) > 4 else ''}): only the page's content goes to the plate")
    if scan.truncated:  # what we cannot check in seconds, a RIP (and our own preflight) would choke on too
        errors.append(("heavy", f"page {number}: its content has more than {MAX_OPERATORS:,} operators (its forms "
                                "drawn as often as they are used): examined no further, not placed"))
    return Examined(tuple(errors), tuple(warnings), scale, (w, h), pdfx_missing(page))


def pdfx_missing(page: Any) -> str:
    """What the ad's document lacks of a PDF/X identification ("" when it has it): GTS_PDFXVersion in its
    Info, and an output intent /GTS_PDFX (what the ad was made for)."""
    reader = getattr(page, "pdf", None)
    if reader is None:
        return "no document"
    try:
        info = reader.trailer.get("/Info")
        info = info.get_object() if info is not None else {}
        version = str(info.get("/GTS_PDFXVersion", "")) if hasattr(info, "get") else ""
        intents = reader.trailer["/Root"].get("/OutputIntents")
        found = [i.get_object() for i in intents.get_object()] if intents is not None else []
        has_intent = any(hasattr(i, "get") and i.get("/S") == "/GTS_PDFX" for i in found)
    except (AttributeError, KeyError, TypeError, ValueError):
        return "no readable PDF/X identification"
    missing = [what for what, ok in (("no GTS_PDFXVersion", version.startswith("PDF/X-")),
                                     ("no /GTS_PDFX output intent", has_intent)) if not ok]
    return " and ".join(missing)


ACTION_KEYS = ("/JS", "/JavaScript", "/AA", "/OpenAction")
MAX_ACTION_OBJECTS = 20_000  # dictionaries looked at for actions per ad


def actions_in(page: Any, drop: bool) -> list[str]:
    """JavaScript and actions the ad brings: in its document (/OpenAction, /AA, named /JavaScript), its page
    (/AA, annotations' /A and /AA: annotations are not placed) and anything its resources reach; with `drop`,
    removed from the resources (what is placed). Each found is named by its key and where it is."""
    found: list[str] = []
    if not drop:
        root = page.pdf.trailer["/Root"] if getattr(page, "pdf", None) is not None else {}
        found += [f"document {k}" for k in ("/OpenAction", "/AA") if k in root]
        names = root.get("/Names")
        if names is not None and "/JavaScript" in names.get_object():
            found.append("document /Names /JavaScript")
        found += ["page /AA"] if "/AA" in page else []
        annots = page.get("/Annots")
        for ref in list(annots.get_object() if annots is not None else [])[:MAX_ANNOTATIONS]:
            annot = ref.get_object()
            found += [f"{annot.get('/Subtype', '/Annot')} annotation {k}" for k in ("/A", "/AA") if k in annot]
    found += resource_actions(page.get("/Resources"), drop)
    return found


def resource_actions(start: Any, drop: bool) -> list[str]:
    """Action keys in every dictionary the resources reach (bounded), dropped with `drop`."""
    from pypdf.generic import ArrayObject, DictionaryObject

    found: list[str] = []
    todo: list[Any] = [start]
    seen: set[int] = set()
    while todo and len(seen) < MAX_ACTION_OBJECTS:
        obj = todo.pop()
        obj = obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj
        if id(obj) in seen or not isinstance(obj, DictionaryObject | ArrayObject):
            continue
        seen.add(id(obj))
        if isinstance(obj, ArrayObject):
            todo += list(obj)
            continue
        for key in [k for k in obj if k in ACTION_KEYS or (k == "/A" and _is_action(obj[k]))]:
            found.append(f"{key} in the resources")
            if drop:
                del obj[key]
        todo += [v for k, v in obj.items() if k not in ("/Parent", "/P")]
    return found


def _is_action(value: Any) -> bool:
    value = value.get_object() if hasattr(value, "get_object") else value
    return hasattr(value, "get") and value.get("/S") is not None


def _document(page: Any, number: int, measures: Measures, errors: list[tuple[str, str]],
              warnings: list[str]) -> None:
    """The checks beyond the page's content: optional content (layers) is refused — placed as a form in
    our page, whose document declares no layers, whether a layer prints would be undefined; annotations are
    not placed (only the page's content is): one that would print is refused, others are dropped with a
    warning (PDF/X: none on the printed area; PrinterMark and TrapNet are the sheet's, dropped quietly)."""
    root = page.pdf.trailer["/Root"] if getattr(page, "pdf", None) is not None else {}
    if root.get("/OCProperties") is not None:
        errors.append(("layers", "optional content (layers, /OCProperties): which layers print would be "
                                 "undefined once the page is placed in ours"))
    elif measures.optional:
        errors.append(("layers", f"optional content (layers): {measures.optional[0]}"))
    dropped: dict[str, int] = {}
    annots = page.get("/Annots")
    for ref in list(annots.get_object() if annots is not None else [])[:MAX_ANNOTATIONS]:
        annot = ref.get_object()
        kind = str(annot.get("/Subtype", "/Unknown"))
        flags = int(annot.get("/F", 0))
        if kind in ("/PrinterMark", "/TrapNet"):
            continue
        if kind not in ("/Link", "/Popup") and flags & 4 and not flags & 2 and annot.get("/AP") is not None:
            errors.append(("annotation", f"page {number}: a {kind[1:]} annotation prints (its Print flag is set) "
                                         "but is not part of the page's content: the ad would print without it"))
        else:
            dropped[kind[1:]] = dropped.get(kind[1:], 0) + 1
    if dropped:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(dropped.items()))
        warnings.append(f"page {number}: annotations not placed ({kinds}): they do not print, only the page's "
                        "content is placed")


def ad_boxes(edition: Edition) -> list[tuple[int, AdBox]]:
    return [(p.number, b) for p in edition.pages for b in p.boxes if isinstance(b, AdBox)]


def examine_box(edition: Edition, box: AdBox) -> Examined:
    assert box.ad.file is not None
    path = Path(box.ad.folder(edition.folder)) / box.ad.file
    data = read_regular(path, f"ad '{box.ad.file}'", LIMITS["pdf"], box.where.file, box.where.line, box.where.col)
    args = (box.ad.page, box.rect.w, box.rect.h, box.ad.fit, edition.style.print)
    key = make_key("adchecks", __name__, bytes_digest(data), *args)
    known = CHECKED.get(key)
    if known is not None:
        try:
            errors, warnings, scale, size, unidentified = marshal.loads(known)
            return Examined(tuple(tuple(e) for e in errors), tuple(warnings), scale, tuple(size), unidentified)
        except (ValueError, EOFError, TypeError):
            pass  # a damaged entry is a miss
    found = examine(data, *args)
    CHECKED.put(key, marshal.dumps((found.errors, found.warnings, found.scale, found.size, found.unidentified)))
    return found


def pdfx_policy(found: Examined, spec: PrintSpec, final: bool) -> tuple[bool, str]:
    """What is said of an ad without PDF/X identification whose content passed the checks: whether it is
    refused (with `final`, when the style says `print.ads_pdfx: true`) and the words ("" when there is
    nothing to say). The render's check and `layout ads` both say it with these words."""
    if not found.unidentified or found.errors:
        return False, ""
    refused = final and spec.ads_pdfx
    policy = (" (print.ads_pdfx: required with --final)" if refused else
              " (print.ads_pdfx: an error with --final)" if spec.ads_pdfx else "")
    return refused, (f"not identified as PDF/X ({found.unidentified}): what it was made for is not said; its "
                     f"content passed the checks{policy}")


def check_ads(edition: Edition, final: bool = False) -> list[Diagnostic]:
    """Every ad of the edition checked before anything is drawn: the warnings, or a LayoutError (exit 2)
    with every problem of every ad, each naming the ad's file. A booked ad whose file has not arrived is a
    placeholder (a warning), an error when `final`; so is a booking that no box places."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    placed: set[str] = set()
    for _number, box in ad_boxes(edition):
        ad, w = box.ad, box.where
        if ad.booking is not None:
            placed.add(ad.booking.id)
        if ad.missing:
            b = ad.booking
            assert b is not None
            what = f"ad '{ad.file}'" if ad.file else "the ad"
            message = (f"{what} of booking '{b.id}' ({b.advertiser}, {b.size}) has not arrived"
                       + ("" if final else ": a placeholder is drawn"))
            hint = (f"put the advertiser's PDF at {Path(ad.folder(edition.folder)) / ad.file}" if ad.file else
                    f"give the booking a `file:` ({line_of(b.where.file, b.where.line)}) when the PDF arrives")
            (errors if final else warnings).append(Diagnostic(
                Level.ERROR if final else Level.WARNING, message, w.file, w.line, w.col, hint))
            continue
        found = examine_box(edition, box)
        errors += [Diagnostic(Level.ERROR, f"ad '{ad.file}': {msg}", w.file, w.line, w.col, HINTS[kind])
                   for kind, msg in found.errors]
        refused, unidentified = pdfx_policy(found, edition.style.print, final)
        if unidentified:
            (errors if refused else warnings).append(Diagnostic(
                Level.ERROR if refused else Level.WARNING, f"ad '{ad.file}': {unidentified}", w.file, w.line,
                w.col, HINTS["pdfx"]))
        warnings += [Diagnostic(Level.WARNING, f"ad '{ad.file}': {msg}", w.file, w.line, w.col)
                     for msg in found.warnings]
    for b in edition.bookings:
        if b.id not in placed:
            (errors if final else warnings).append(Diagnostic(
                Level.ERROR if final else Level.WARNING, f"booking '{b.id}' ({b.advertiser}, {b.size}, page "
                f"{b.page}) is not placed on any page", b.where.file, b.where.line, b.where.col,
                f"add a box `ad: {b.id}` of that size to page {b.page}"))
    if errors:
        raise LayoutError(errors + warnings)
    return warnings
