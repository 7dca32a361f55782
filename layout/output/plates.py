"""Plates: the page files an edition sends to the plant, and which of them a zone shares with its base
(docs/zones.md).

A zone's page is its base's plate when it comes out exactly as the base's page of that number — the same
composed page, drawn with the same font files and settings. It is then the base's file: the base's name,
the base's title inside, byte-identical, drawn once (the draw key is the same). Every other page of a zone
is the zone's own plate and carries the zone's code in its name (20260423-JN-13.pdf): the pages it adds,
the pages it replaces, and an inherited page that comes out differently — page 1, whose imprint counts the
zone's pages (今日16版（津南区版）).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from layout.errors import error
from layout.fonts.face import Face
from layout.infra.cache import file_digest
from layout.model.page import Page
from layout.model.plan import AdBox, Edition, TableBox, photos
from layout.render.fontuse import font_requests
from layout.render.pages import Job
from layout.render.settings import DrawSettings

MAIN = "main"  # the main edition, in the manifest's lists of the editions a plate serves


@dataclass(frozen=True, slots=True)
class Plate:
    """One page file: its plant name, the editions that print it (base first), and how it is drawn."""

    number: int
    name: str
    zones: tuple[str, ...]
    page: Page
    fonts: tuple[tuple[str, Face], ...]  # font key → the face it is drawn with
    settings: DrawSettings
    title: str  # the title inside the finished file: the owning edition's
    shared: bool = False  # the base's plate

    @property
    def job(self) -> Job:
        """The page drawn as this plate's file (its title inside: the owning edition's and the page's)."""
        return self.page, dict(self.fonts), dataclasses.replace(self.settings, title=f"{self.title} 第{self.number}版")


def code(edition: Edition) -> str:
    return edition.zone.code if edition.zone is not None else MAIN


def title(edition: Edition) -> str:
    """The PDF title: 天津日报 2026-04-23, a zone's with its name: 天津日报 2026-04-23 津南区版."""
    name = f"{edition.style.name} {edition.date.isoformat()}"
    return name + (f" {edition.zone.name}版" if edition.zone is not None else "")


def plate_name(edition: Edition, number: int) -> str:
    """The style's `print.page_name`; a zone's plates get the zone's code and a hyphen before the page
    number: {date:%Y%m%d}-{page:02d}.pdf → 20260423-JN-13.pdf."""
    pattern = edition.style.print.page_name
    if edition.zone is not None:
        at = pattern.index("{page")
        pattern = pattern[:at] + edition.zone.code + "-" + pattern[at:]
    return pattern.format(date=edition.date, page=number)


def set_names(edition: Edition) -> dict[str, int]:
    """Every page file name an edition's set may hold → its page number: its own plates' names and, for a
    zone, its bases' (the plates it may share)."""
    out: dict[str, int] = {}
    current: Edition | None = edition
    while current is not None:
        out |= {plate_name(current, p.number): p.number for p in current.pages}
        current = current.base
    return out


def decide(edition: Edition, pages: list[Page], base: tuple[Plate, ...], faces: dict[str, Face],
           settings: DrawSettings) -> tuple[Plate, ...]:
    """The plates of an edition's pages: the base's plate where the page is the same, else its own."""
    by_number = {p.number: p for p in base}
    out: list[Plate] = []
    for page in pages:
        same = by_number.get(page.number)
        if same is not None and same.page == page and same.settings == settings:
            out.append(dataclasses.replace(same, zones=(*same.zones, code(edition)), shared=True))
            continue
        fonts = tuple((key, faces[key]) for key in sorted(font_requests([page], settings.label_font)))
        out.append(Plate(page.number, plate_name(edition, page.number), (code(edition),), page, fonts, settings,
                         title(edition)))
    taken = {p.name: p.number for p in base}
    for plate in out:
        if not plate.shared and taken.get(plate.name, plate.number) != plate.number:
            raise error(f"page {plate.number} would be written as {plate.name}, the name of the base's page "
                        f"{taken[plate.name]}", edition.file, hint="the style's print.page_name must hold {page}")
    return tuple(out)


def inputs_digest(edition: Edition) -> str:
    """sha256 over the files an edition is made from (its plan, articles and photos, and its base's in turn),
    each named relative to its edition's folder: a change to any of them changes the digest."""
    parts: set[tuple[str, str]] = set()
    current: Edition | None = edition
    while current is not None:
        folder = Path(current.folder)
        files = [Path(current.file), *(Path(a.path) for a in current.articles.values())]
        boxes = [b for p in current.pages for b in p.boxes]
        refs = [r for b in boxes for r in photos(b) if r.file and not r.placeholder]
        files += [Path(r.root or folder) / r.file for r in refs if r.file]
        files += [folder / b.table.file for b in boxes if isinstance(b, TableBox)]
        ads = [b.ad for b in boxes if isinstance(b, AdBox) and b.ad.file and not b.ad.missing]
        files += [Path(a.folder(str(folder))) / a.file for a in ads if a.file]
        for path in files:
            shown = path.relative_to(folder.parent) if path.is_relative_to(folder.parent) else Path(path.name)
            parts.add((str(shown), file_digest(path)))
        current = current.base
    h = hashlib.sha256()
    for name, digest in sorted(parts):
        h.update(f"{name}\0{digest}\0".encode())
    return h.hexdigest()
