"""`layout preflight`: what a plant's preflight checks, on any PDF (ours or not), with pypdf.

PDF/X identification and OutputIntent, page boxes, fonts embedded and subset, no RGB, no transparency,
image resolution at placed size, total ink (TAC), black text as K only. The walk of each page's content is
`walk.py` (its lexer `pdfops.py`), the GWG measurements of ads `gwg.py`, the images' names from the layout
`images.py`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from layout.model.paper import PrintSpec
from layout.plant.gwg import SMALL_TEXT, THIN_LINE, Measures, gwg_warnings
from layout.plant.images import Namer, PlacedImage, PlacedImages, _namer, placed_images
from layout.plant.walk import (
    MAX_FORM_DEPTH,
    MAX_PAGE_OPERATORS,
    Check,
    Scan,
    _fonts,
    _num,
    check_page,
    plates_of,
    space_kind,
)

SPEC = PrintSpec()  # the style's defaults: one threshold for the render, `check` and a standalone preflight


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


def _box(page: Any, key: str) -> tuple[float, ...] | None:
    if key not in page:
        return None
    return tuple(_num(v) for v in page[key])


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], eps: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps and inner[2] <= outer[2] + eps
            and inner[3] <= outer[3] + eps)


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


__all__ = [
    "MAX_FORM_DEPTH",
    "MAX_PAGE_OPERATORS",
    "SMALL_TEXT",
    "SPEC",
    "THIN_LINE",
    "Check",
    "Measures",
    "Namer",
    "PlacedImage",
    "PlacedImages",
    "Report",
    "Scan",
    "_fonts",
    "check_page",
    "gwg_warnings",
    "placed_images",
    "plates_of",
    "preflight",
    "space_kind",
]
