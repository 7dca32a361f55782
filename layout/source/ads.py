"""The edition's ad list: `ads.yaml` beside edition.yaml, or an `ads:` list in edition.yaml (not both).

    ads:
      - id: GG-0423-017          # the booking id from the ad-booking system
        advertiser: 天津银行
        size: 4栏 × 120mm         # or {columns: 4, height: 120mm}
        page: 3                   # the page it is booked on
        file: ads/tjbank.pdf      # the advertiser's PDF (optional until it arrives)

An ad box names a booking by its id (`ad: GG-0423-017`) or its file (`ad: ads/tjbank.pdf`). A booking
whose file has not arrived is drawn as a grey placeholder with its id, advertiser and size, and is an
error with `--final`. docs/edition-format.md, "Advertisements".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from layout.errors import error, line_of
from layout.infra.files import LIMITS, Sandbox, edition_file, regular_file, visible
from layout.infra.yamlio.fields import Fields, did_you_mean
from layout.infra.yamlio.read import Located, load_yaml
from layout.model.lengths import MM, UnitContext
from layout.model.paper import PaperStyle
from layout.model.plan import AdBox, AdRef, Booking, Box, PagePlan, Rect, Where

ADS_FILE = "ads.yaml"
KEYS = ("id", "advertiser", "size", "page", "file")
SIZE = re.compile(r"^\s*(\d+)\s*(?:栏|cols?|columns?)\s*[×xX*]\s*(.+?)\s*$")
MAX_BOOKINGS = 500
TOLERANCE = MM  # ±1 mm between the booked size, the box and the ad's TrimBox


def read_bookings(plan: Located, folder: Path, ctx: UnitContext) -> tuple[Booking, ...]:
    """The bookings of the edition, checked (every error at its file:line:col); () when there is no list."""
    own = folder / ADS_FILE
    in_plan = isinstance(plan.data, dict) and "ads" in plan.data
    if own.is_file() or own.is_symlink():
        if in_plan:
            pos = plan.pos(("ads",), key=True)
            raise error(f"the ad list is given twice: in {ADS_FILE} and as `ads:` here", pos.file, pos.line,
                        pos.col, f"keep one of them (the bookings of one edition are one list); {ADS_FILE} is "
                        "what an ad-booking system's export usually becomes")
        edition_file(folder, own, f"the ad list {ADS_FILE}")  # inside the edition, like its articles
        doc = load_yaml(own)
        if doc.data is None:
            return ()
        if not isinstance(doc.data, dict) or set(doc.data) != {"ads"}:
            raise error(f"{ADS_FILE} must be a mapping with one key, `ads:`, holding a list of bookings", str(own),
                        1, 1, "ads:\n  - {id: GG-0423-017, advertiser: 天津银行, size: 4栏 × 120mm, page: 3, "
                        "file: ads/tjbank.pdf}")
    elif in_plan:
        doc = plan
    else:
        return ()
    return _bookings(Fields(doc, ctx))


def _bookings(f: Fields) -> tuple[Booking, ...]:
    items = f.get(("ads",))
    if items is None:
        return ()
    if not isinstance(items, list):
        raise f.fail(("ads",), "'ads' must be a list of bookings", "each a mapping: id, advertiser, size, page, file")
    if len(items) > MAX_BOOKINGS:
        raise f.fail(("ads",), f"{len(items)} bookings: the limit is {MAX_BOOKINGS}")
    out: list[Booking] = []
    seen: dict[str, Booking] = {}
    for i in range(len(items)):
        booking = _booking(f, ("ads", i))
        if booking.id in seen:
            raise f.fail(("ads", i, "id"), f"booking '{visible(booking.id)}' is listed twice (first at line "
                         f"{seen[booking.id].where.line})", "each booking once: merge the two lines")
        seen[booking.id] = booking
        out.append(booking)
    return tuple(out)


def _booking(f: Fields, p: tuple[str | int, ...]) -> Booking:
    f.mapping(p, KEYS)
    for key in ("id", "advertiser", "size", "page"):
        f.require((*p, key))
    booking_id = f.text((*p, "id")).strip()
    if not booking_id or "/" in booking_id or booking_id.lower().endswith(".pdf"):
        raise f.fail((*p, "id"), f"'{visible(booking_id)}' is not a usable booking id",
                     "the booking system's id, e.g. GG-0423-017 (no '/', not a file name)")
    columns, height = _size(f, (*p, "size"))
    file = f.text((*p, "file"), "") or None
    if file is not None and not file.lower().endswith(".pdf"):
        raise f.fail((*p, "file"), f"an ad is a PDF file, not '{visible(file)}'", "e.g. ads/tjbank.pdf")
    pos = f.doc.pos(p)
    return Booking(booking_id, f.text((*p, "advertiser")), columns, height, f.integer((*p, "page"), minimum=1),
                   file, Where(pos.file, pos.line, pos.col))


def _size(f: Fields, path: tuple[str | int, ...]) -> tuple[int, float]:
    """`4栏 × 120mm` (also `4 cols x 120mm`) or `{columns: 4, height: 120mm}` → (columns, height in pt)."""
    value: Any = f.get(path)
    hint = "write the booked size as `4栏 × 120mm` or {columns: 4, height: 120mm}"
    if isinstance(value, dict):
        f.mapping(path, ("columns", "height"))
        columns = f.integer((*path, "columns"), minimum=1, maximum=40)
        height = f.length((*path, "height"), unit="mm", above=0, maximum=2000 * MM)
        return columns, height
    match = SIZE.match(str(value)) if isinstance(value, str) else None
    if match is None:
        raise f.fail(path, f"cannot read the ad size {visible(repr(value))}", hint)
    columns = int(match.group(1))
    if not 1 <= columns <= 40:
        raise f.fail(path, f"an ad {columns} columns wide?", hint)
    fields = Fields(Located({"h": match.group(2)}, f.doc.file, {("h",): f.doc.pos(path)}), f.ctx)
    return columns, fields.length(("h",), unit="mm", above=0, maximum=2000 * MM)


def ad_ref(f: Fields, path: tuple[str | int, ...], page: int, rect: Rect, style: PaperStyle, sandbox: Sandbox,
           bookings: tuple[Booking, ...]) -> AdRef:
    """An `ad:` box: a booking id from the ad list or a PDF path; the file checked (inside the edition, a
    regular file of sane size) when it is there. Its content is checked before it is placed
    (`layout.plant.ads`)."""
    value = f.text((*path, "ad")).strip()
    by_id = {b.id: b for b in bookings}
    booking = by_id.get(value) or next((b for b in bookings if b.file == value), None)
    if booking is None and not value.lower().endswith(".pdf"):
        listed = f"; bookings: {', '.join(by_id)}" if by_id else f" (and there is no {ADS_FILE})"
        raise f.fail((*path, "ad"), f"'{visible(value)}' is neither a booking id nor a PDF file"
                     f"{did_you_mean(value, by_id)}",
                     f"name the advertiser's PDF (ads/NAME.pdf) or a booking of the ad list{listed}")
    if booking is not None:
        _booked_here(f, path, page, rect, style, booking)
    file = booking.file if booking is not None and value == booking.id else value
    number = f.integer((*path, "page"), 1, minimum=1, maximum=100_000)
    fit = f.boolean((*path, "fit"), False)
    if file is None:
        return AdRef(None, number, fit, booking, missing=True)
    target = Path(f.doc.file).parent / file
    pos = f.doc.pos((*path, "ad"))
    if not target.exists() and not target.is_symlink():
        if booking is not None:
            return AdRef(file, number, fit, booking, missing=True)
        raise f.fail((*path, "ad"), f"missing ad file '{visible(file)}'",
                     f"put it at {visible(str(target))}, or book the ad in {ADS_FILE} so that a placeholder "
                     "stands in for it until it arrives")
    real = sandbox.check(target, f"ad '{visible(file)}'", pos.file, pos.line, pos.col)
    regular_file(real, f"ad '{visible(file)}'", LIMITS["pdf"], pos.file, pos.line, pos.col)
    return AdRef(file, number, fit, booking)


def _booked_here(f: Fields, path: tuple[str | int, ...], page: int, rect: Rect, style: PaperStyle,
                 booking: Booking) -> None:
    """The box must be on the booked page and of the booked size (±1 mm)."""
    if booking.page != page:
        raise f.fail((*path, "ad"), f"booking '{visible(booking.id)}' ({visible(booking.advertiser)}) is booked for "
                     f"page {booking.page}, this box is on page {page}",
                     f"move the box to page {booking.page}, or change the booking "
                     f"({line_of(booking.where.file, booking.where.line)})")
    g = style.grid
    width = g.plan_rect(1, booking.columns, 1, 1)[2]  # the booked columns' width on this paper's grid
    if abs(width - rect.w) > TOLERANCE or abs(booking.height - rect.h) > TOLERANCE:
        raise f.fail((*path, "at"), f"the box is {mm(rect.w)} × {mm(rect.h)} mm, booking '{visible(booking.id)}' is "
                     f"{booking.size} ({mm(width)} × {mm(booking.height)} mm)",
                     "make the box the booked size (within 1 mm): `at: {x, y, width, height}` in mm places it "
                     "exactly")


def mm(pt: float) -> str:
    return f"{pt / MM:.1f}"


def check_placements(pages: tuple[PagePlan, ...]) -> None:
    """A booking is placed at most once."""
    seen: dict[str, Box] = {}
    for page in pages:
        for box in page.boxes:
            b = box.ad.booking if isinstance(box, AdBox) else None
            if b is None:
                continue
            if b.id in seen:
                first = seen[b.id]
                raise error(f"booking '{visible(b.id)}' is placed twice (first on page {page.number}, line "
                            f"{first.where.line})", box.where.file, box.where.line, box.where.col,
                            "an ad runs once: remove one of the boxes")
            seen[b.id] = box
