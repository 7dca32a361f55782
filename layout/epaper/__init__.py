"""数字报: the e-paper of an edition, made from its layout (docs/epaper.md).

`gather` reads the stories and their boxes from the laid-out edition, `shapes` outlines each story's boxes,
`images` draws the page images from the page PDFs, `html` writes the pages, `site` writes the folder with
its manifest, `edition` ties one edition together (`publish`); `publish_family` below writes several editions (a main
edition and its zones) side by side with a page that lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.epaper.edition import PrintedPage, publish
from layout.epaper.gather import safe_name
from layout.epaper.html import Link, family_html
from layout.epaper.images import ImageSettings
from layout.epaper.site import Written, checked_folder, on_disk, sha256
from layout.errors import error
from layout.infra.writer import write_atomic
from layout.model.flow import Flowed
from layout.model.plan import Edition

if TYPE_CHECKING:
    from layout.run.pipeline import Built, Rendered

__all__ = ["ImageSettings", "Printed", "PrintedPage", "Written", "from_built", "from_rendered", "publish",
           "publish_all", "publish_family", "report"]


@dataclass(frozen=True, slots=True)
class Printed:
    """An edition laid out and printed: what its e-paper is made from."""

    edition: Edition
    flowed: Flowed
    pages: tuple[PrintedPage, ...]


def label(edition: Edition) -> str:
    return edition.style.masthead.name + (f" {edition.zone.name}版" if edition.zone else "") + \
        f" {edition.date.isoformat()}"


def publish_family(printed: Sequence[Printed], folder: Path, settings: ImageSettings) -> list[Written]:
    """Each edition into FOLDER/<edition folder's name>/, each page list linking to the others, and
    FOLDER/index.html listing them."""
    folder = checked_folder(folder)
    taken: set[str] = {"index.html"}
    names = [safe_name(Path(p.edition.folder).name, taken) for p in printed]
    out: list[Written] = []
    for i, p in enumerate(printed):
        links = tuple(Link(label(q.edition), f"../{n}/index.html", j == i)
                      for j, (q, n) in enumerate(zip(printed, names, strict=True)))
        out.append(publish(p.edition, p.flowed, p.pages, folder / names[i], settings, links))
    title = label(printed[0].edition) if printed else "数字报"
    page = family_html(title, tuple(Link(label(p.edition), f"{n}/index.html")
                                    for p, n in zip(printed, names, strict=True))).encode("utf-8")
    if on_disk(folder, "index.html") != sha256(page):
        write_atomic(folder / "index.html", page)
    return out


def from_built(built: Built) -> Printed:
    pages = tuple(PrintedPage(plate.number, name, blob)
                  for plate, (name, blob) in zip(built.plates, built.pages, strict=True))
    return Printed(built.laid.edition, built.laid.flowed, pages)


def from_rendered(done: Rendered) -> Printed:
    """The e-paper of an edition `layout render` has just written: its page files read back."""
    laid = done.laid
    if len(done.page_files) != len(laid.pages):
        raise error("the e-paper needs every page's file: render the whole edition (not --pages)",
                    laid.edition.file)
    pages = tuple(PrintedPage(page.number, path.name, path.read_bytes())
                  for page, path in zip(laid.pages, done.page_files, strict=True))
    return Printed(laid.edition, laid.flowed, pages)


def publish_all(printed: Sequence[Printed], folder: Path, settings: ImageSettings) -> list[Written]:
    """One edition straight into `folder`; several side by side (publish_family)."""
    if len(printed) == 1:
        p = printed[0]
        return [publish(p.edition, p.flowed, p.pages, folder, settings)]
    return publish_family(printed, folder, settings)


def report(written: Sequence[Written]) -> str:
    lines = [f"{w.folder}: {len(w.files)} files, {len(w.changed)} written, {len(w.removed)} removed"
             for w in written]
    return "\n".join(lines)
