"""Draw pages once: each page is drawn to its own one-page PDF, cached on disk under a key of its
content (`layout.infra.cache`, namespace `pages`: the page tree, the bytes and face index of each font file,
the photos, advertisers' PDFs and ICC profile it uses, the print settings, the drawing and subsetting code
and the versions of ReportLab, Pillow and fontTools); misses are drawn in parallel processes, each subsetting the fonts
its page draws straight from the font files (`layout.render.cidfont`), each page file PDF/X as drawn. The
edition is then joined from the page files (`layout.output.finishing.finish`).

A re-render after a one-box edit redraws only the pages whose content changed; a render of an
unchanged edition draws nothing. Several editions' pages may be drawn in one batch (`draw_jobs`): a page
two of them share (a zone's page that is its base's plate) has one key and is drawn once.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from layout.fonts.face import Face, FaceFile
from layout.infra.cache import Store, file_digest, make_key
from layout.infra.workers import current
from layout.model.page import Page
from layout.render.fontuse import font_requests
from layout.render.settings import DrawSettings

if TYPE_CHECKING:  # the drawing modules (ReportLab, fontTools, Pillow) are imported only to draw a page
    from layout.render.cidfont import PageFace

NEUTRAL_DATE = dt.date(2000, 1, 1)  # the date of a page drawn without PDF/X settings (they carry the edition's)
STORE = Store("pages", ".pdf")


def _fonts_for(page: Page, faces: dict[str, Face], label_font: str) -> dict[str, PageFace]:
    """Each face the page draws with, with the glyph and advance of every character it draws in it."""
    from layout.render.cidfont import page_face

    return {key: page_face(faces[key], chars) for key, chars in sorted(font_requests([page], label_font).items())}


def _digest(path: str | None) -> str | None:
    return file_digest(Path(path)) if path else None


def page_key(page: Page, fonts: dict[str, FaceFile], settings: DrawSettings) -> str:
    """Everything that decides the page's bytes: the page tree, the bytes of each file it draws from (and
    the face it uses in a font collection; the glyphs and advances follow from those and the code)."""
    faces = {key: (file_digest(Path(f.path)), f.index) for key, f in fonts.items()}
    images = [_digest(img.file) for img in page.images]
    ads = [_digest(ad.file) for ad in page.ads]  # the page tree holds each ad's box, page and fit
    return make_key("pages", __name__, page, faces, images, ads, _digest(settings.images.profile), settings)


def _draw(args: tuple[Page, dict[str, PageFace], DrawSettings]) -> bytes:
    from layout.render.ads import place_ads
    from layout.render.pdf import MARKS, render_pdf

    page, fonts, s = args
    drawn = render_pdf([page], fonts, s.title or "page", s.pdfx.date if s.pdfx else NEUTRAL_DATE, s.label_font,
                       s.bleed, s.crop_marks, s.images, s.pdfx)
    return place_ads(drawn, page, s.bleed + (MARKS if s.crop_marks else 0.0))


Job = tuple[Page, dict[str, Face], DrawSettings]  # a page, the faces it may draw with (by font key), settings


def draw_pages(pages: list[Page], faces: dict[str, Face], settings: DrawSettings,
               workers: int = 0) -> list[bytes]:
    """One-page PDFs for `pages`, from the cache where possible. `faces`: font key → face (every key the
    pages draw with)."""
    return draw_jobs([(p, faces, settings) for p in pages], workers)[0]


def draw_jobs(jobs: list[Job], workers: int = 0) -> tuple[list[bytes], list[bool]]:
    """One-page PDFs for `jobs` (several editions' pages at once), and which of them were drawn now (not
    from the cache). Jobs with the same key — a page two editions share — are drawn once."""
    shared = current()
    if shared is not None and jobs:  # a render's workers (`layout.infra.workers`): their imports are done
        return _streamed(jobs, shared)
    keys = [_key(job) for job in jobs]
    out: list[bytes | None] = [STORE.get(key) for key in keys]
    first = {key: i for i, key in reversed(list(enumerate(keys)))}
    todo = [i for i, blob in enumerate(out) if blob is None and first[keys[i]] == i]
    work = [(jobs[i][0], _fonts_for(jobs[i][0], jobs[i][1], jobs[i][2].label_font), jobs[i][2])
            for i in todo]  # glyphs only for misses
    workers = workers or min(len(todo), os.cpu_count() or 1)
    if len(todo) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(_draw, work))
    else:
        drawn = [_draw(w) for w in work]
    return _kept(keys, out, dict(zip([keys[i] for i in todo], drawn, strict=True)))


def _key(job: Job) -> str:
    page, faces, s = job
    return page_key(page, {k: faces[k].file for k in sorted(font_requests([page], s.label_font))}, s)


def _kept(keys: list[str], out: list[bytes | None], made: dict[str, bytes]) -> tuple[list[bytes], list[bool]]:
    """Store the pages drawn now (`made`, by key); every job's page, and whether it is the one drawn now."""
    for key, blob in made.items():
        STORE.put(key, blob)
    blobs = [blob if blob is not None else made[key] for blob, key in zip(out, keys, strict=True)]
    first = {key: i for i, key in reversed(list(enumerate(keys)))}
    return blobs, [out[i] is None and first[key] == i for i, key in enumerate(keys)]


def _streamed(jobs: list[Job], pool: Executor) -> tuple[list[bytes], list[bool]]:
    """`draw_jobs` on the render's workers (`layout.infra.workers`): each missing page is sent to them as soon
    as its key and glyphs are known, so they draw the first pages while this process prepares the next."""
    keys: list[str] = []
    out: list[bytes | None] = []
    sent: dict[str, Future[bytes]] = {}
    for job in jobs:
        key = _key(job)
        keys.append(key)
        blob = None if key in sent else STORE.get(key)
        out.append(blob)
        if blob is None and key not in sent:
            page, faces, s = job
            sent[key] = pool.submit(_draw, (page, _fonts_for(page, faces, s.label_font), s))
    return _kept(keys, out, {key: future.result() for key, future in sent.items()})


def draw_now(jobs: list[Job]) -> list[bytes]:
    """One-page PDFs for `jobs`, drawn in this process without looking in the cache: the incremental
    edition's pages drawn again after an edit are new pages, and their cache key (a repr of the whole page
    tree, ~10 ms a page) is made after the result is out (`remember`). The same bytes as `draw_jobs`'."""
    return [_draw((p, _fonts_for(p, faces, s.label_font), s)) for p, faces, s in jobs]


def remember(jobs: list[Job], blobs: list[bytes]) -> None:
    """Put pages drawn by `draw_now` in the cache, under the key `draw_jobs` looks them up by."""
    for job, blob in zip(jobs, blobs, strict=True):
        STORE.put(_key(job), blob)
