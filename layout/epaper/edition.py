"""One edition's e-paper: the page images (drawn again only for pages whose PDF changed), the page views,
the story pages, the index, the page PDFs; written by layout.epaper.site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from layout.epaper.gather import Figure, PageStories, Story, page_stories, stories
from layout.epaper.html import CSS, Frame, Link, PageView, StoryView, index_html, page_html, story_html
from layout.epaper.images import PHOTO_SCALE, ImageSettings, encode, page_picture, photo_picture
from layout.epaper.shapes import PixelRect, outline
from layout.epaper.site import Written, checked_folder, checked_name, old_manifest, on_disk, write_site
from layout.infra.cache import bytes_digest, make_key
from layout.model.flow import Flowed
from layout.model.plan import Edition, Rect

DEFAULT = ImageSettings()


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """A page as printed: its number, its plate's file name, the PDF."""

    number: int
    name: str
    pdf: bytes


def pixel_rect(r: Rect, scale: float) -> PixelRect:
    return round(r.x * scale), round(r.y * scale), round(r.right * scale), round(r.bottom * scale)


def _key(printed: PrintedPage, figures: Sequence[Figure], settings: ImageSettings) -> str:
    """What decides a page's image and its photos: the page PDF, the settings, the photos' rectangles, the
    code that draws them (layout.epaper.images) and the libraries' versions, pypdfium2's included."""
    return make_key("epaper", "layout.epaper.images", bytes_digest(printed.pdf), metadata.version("pypdfium2"),
                    (settings.width, settings.format, settings.quality),
                    [(f.name, f.photo.x, f.photo.y, f.photo.w, f.photo.h) for f in figures])


def _reusable(old: Any, key: str, names: list[str], folder: Path, listed: Any) -> bool:
    """The old run drew this page from the same PDF and settings, and its files are there unchanged."""
    if not isinstance(old, dict) or old.get("key") != key or not isinstance(listed, dict):
        return False
    photos = old.get("photos")
    if not isinstance(photos, list) or [p[0] for p in photos if isinstance(p, list) and p] != names[1:]:
        return False
    return all(listed.get(n) is not None and on_disk(folder, n) == listed.get(n) for n in names)


def pictures(edition: Edition, printed: PrintedPage, figures: Sequence[Figure], settings: ImageSettings,
             folder: Path, old: dict[str, Any]) -> tuple[dict[str, Any], dict[str, bytes], dict[str, str]]:
    """The page's image and its photos cut out: (manifest entry, files to write, files kept as they are)."""
    key = _key(printed, figures, settings)
    image = checked_name(f"page-{printed.number:02d}.{settings.ext}")
    names = [image] + [checked_name(f"{f.name}.{settings.ext}") for f in figures]
    listed = old.get("pages")
    entries: list[Any] = listed if isinstance(listed, list) else []
    before = next((e for e in entries if isinstance(e, dict) and e.get("page") == printed.number), None)
    if _reusable(before, key, names, folder, old.get("files")):
        assert before is not None
        return before, {}, {n: old["files"][n] for n in names}
    picture = page_picture(printed.pdf, edition.style.trim, settings.width)
    scale = picture.width / edition.style.trim[0]
    files = {image: encode(picture, settings)}
    photos: list[list[Any]] = []
    for f, name in zip(figures, names[1:], strict=True):
        part = photo_picture(printed.pdf, f.photo, max(scale, PHOTO_SCALE))
        files[name] = encode(part, settings)
        photos.append([name, part.width, part.height])
    entry = {"page": printed.number, "key": key, "image": image, "size": [picture.width, picture.height],
             "pdf": checked_name(printed.name), "html": f"page-{printed.number:02d}.html", "photos": photos}
    return entry, files, {}


def frame_for(edition: Edition, editions: tuple[Link, ...]) -> Frame:
    paper = edition.style.masthead.name + (f"（{edition.zone.name}版）" if edition.zone else "")
    pages = tuple(Link(f"第{p.number:02d}版 {p.section}", f"page-{p.number:02d}.html") for p in edition.pages)
    zones = "、".join(f"{z.name}版（{z.pages_total}版）" for z in edition.zones)
    family = f"本日地方版：{zones}" if zones else ""
    if edition.base is not None:
        family = f"主版：{edition.base.style.masthead.name}（{edition.base.pages_total}版）"
    return Frame(paper, edition.date.isoformat(), edition.issue, pages, editions, family)


def page_view(page: PageStories, entry: dict[str, Any], by_slug: dict[str, Story]) -> PageView:
    w, h = entry["size"]
    scale = w / float(entry["trim"][0])
    areas = tuple((by_slug[slug], tuple(outline([pixel_rect(r, scale) for r in rects]))) for slug, rects in page.areas)
    return PageView(page.number, page.section, entry["image"], (w, h), entry["pdf"], areas)


def story_views(found: tuple[Story, ...], photos: dict[str, tuple[str, tuple[int, int]]],
                sections: dict[int, str]) -> list[StoryView]:
    out: list[StoryView] = []
    for i, s in enumerate(found):
        shots = tuple(photos[f.name] for f in s.figures)
        out.append(StoryView(s, shots, found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None,
                             sections))
    return out


def publish(edition: Edition, flowed: Flowed, printed: Sequence[PrintedPage], folder: Path,
            settings: ImageSettings = DEFAULT, editions: tuple[Link, ...] = ()) -> Written:
    """Write (or bring up to date) the e-paper of one edition in `folder`."""
    settings.check()
    folder = checked_folder(folder)
    old = old_manifest(folder)
    pages = page_stories(edition)
    found = stories(edition, flowed, pages)
    by_slug = {s.slug: s for s in found}
    pdfs = {p.number: p for p in printed}
    files: dict[str, bytes] = {"epaper.css": CSS.encode("utf-8")}
    kept: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    photos: dict[str, tuple[str, tuple[int, int]]] = {}
    frame = frame_for(edition, editions)
    for page in pages:
        figures = [f for s in found for f in s.figures if f.page == page.number]
        entry, new, same = pictures(edition, pdfs[page.number], figures, settings, folder, old)
        entry = {**entry, "trim": [round(edition.style.trim[0], 3), round(edition.style.trim[1], 3)],
                 "pdf": checked_name(pdfs[page.number].name)}
        files.update(new)
        kept.update(same)
        entries.append(entry)
        photos.update({f.name: (n, (w, h)) for f, (n, w, h) in zip(figures, entry["photos"], strict=True)})
        files[checked_name(entry["pdf"])] = pdfs[page.number].pdf
        files[entry["html"]] = page_html(page_view(page, entry, by_slug), frame).encode("utf-8")
    sections = {p.number: p.section for p in pages}
    for view in story_views(found, photos, sections):
        files[checked_name(view.story.file)] = story_html(view, frame).encode("utf-8")
    thumbs = tuple((k, e["image"]) for k, e in zip(frame.pages, entries, strict=True))
    files["index.html"] = index_html(frame, thumbs).encode("utf-8")
    header = {"edition": Path(edition.folder).name, "paper": frame.paper, "date": frame.date, "issue": edition.issue,
              "image": {"format": settings.format, "width": settings.width, "quality": settings.quality},
              "pages": entries, "stories": {s.file: s.slug for s in found}}
    return write_site(folder, files, kept, header, old)
