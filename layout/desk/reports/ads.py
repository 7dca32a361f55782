"""`layout ads EDITION`: the edition's ads, each with its state.

One row per booking of the ad list and per ad box that names a file without a booking:

    placed        the PDF is there and passed the ad checks (a warning, e.g. a small fit or no PDF/X
                  identification, is shown too, in the render's words)
    missing       booked, placed in a box, but the PDF has not arrived: a placeholder (an error with --final)
    refused       the PDF is there but failed a check; why
    not placed    booked, but no box on any page names it
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from layout.errors import escape_controls
from layout.model.plan import AdBox, Edition
from layout.plant.ads import ad_boxes, examine_box, pdfx_policy


@dataclass(frozen=True, slots=True)
class AdRow:
    booking: str
    advertiser: str
    size: str
    page: str
    file: str
    state: str  # placed | missing | refused | not placed
    why: tuple[str, ...] = ()


def _row(edition: Edition, page: int, box: AdBox) -> AdRow:
    ad = box.ad
    b = ad.booking
    head = (b.id, b.advertiser, b.size) if b else ("-", "-", "-")
    file = ad.file or "-"
    if ad.missing:
        return AdRow(*head, str(page), file, "missing")
    found = examine_box(edition, box)
    if found.errors:
        return AdRow(*head, str(page), file, "refused", tuple(msg for _kind, msg in found.errors))
    _refused, unidentified = pdfx_policy(found, edition.style.print, final=False)  # the render's words
    return AdRow(*head, str(page), file, "placed",
                 ((unidentified,) if unidentified else ()) + found.warnings)


def ad_rows(edition: Edition) -> list[AdRow]:
    rows = [_row(edition, page, box) for page, box in ad_boxes(edition)]
    placed = {box.ad.booking.id for _p, box in ad_boxes(edition) if box.ad.booking}
    rows += [AdRow(b.id, b.advertiser, b.size, str(b.page), b.file or "-", "not placed")
             for b in edition.bookings if b.id not in placed]
    return rows


def ads_table(rows: list[AdRow]) -> str:
    """The table `layout ads` prints: the fields come from ads.yaml and the plan, so each is made visible
    (`escape_controls`, newlines too) before the columns are measured."""
    if not rows:
        return "no ads: no `ad:` boxes and no ad list (ads.yaml)"
    head = ("booking", "advertiser", "size", "page", "file", "state")
    cells = [head] + [tuple(escape_controls(v, keep_newlines=False) for v in (r.booking, r.advertiser, r.size,
                                                                              r.page, r.file, r.state)) for r in rows]
    widths = [max(_width(c[i]) for c in cells) for i in range(len(head))]
    lines = []
    for k, c in enumerate(cells):
        lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(c, widths, strict=True)).rstrip())
        if k:
            lines += [f"    {escape_controls(why, keep_newlines=False)}" for why in rows[k - 1].why]
    counts = {s: sum(r.state == s for r in rows) for s in ("placed", "missing", "refused", "not placed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns on a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
