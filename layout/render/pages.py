"""Draw pages once: each page is drawn to its own one-page PDF, cached on disk under a key of its
content (`layout.cache`, namespace `pages`: the page tree, the bytes of the font files, photos and ICC
profile it uses, the print settings, the drawing code and the versions of ReportLab and Pillow); misses
are drawn in parallel processes. The edition is then assembled from the page PDFs with pypdf.

A re-render after a one-box edit redraws only the pages whose content changed; a render of an
unchanged edition draws nothing. Several editions' pages may be drawn in one batch (`draw_jobs`): a page
two of them share (a zone's page that is its base's plate) has one key and is drawn once.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from layout.cache import Store, file_digest, make_key
from layout.model.page import Page
from layout.render.images import ImageSpec
from layout.render.pdf import font_requests, render_pdf

NEUTRAL_DATE = dt.date(2000, 1, 1)  # the finished files get the edition's dates; cached pages stay neutral
STORE = Store("pages", ".pdf")


@dataclass(frozen=True, slots=True)
class DrawSettings:
    label_font: str
    bleed: float
    crop_marks: bool
    images: ImageSpec  # how photos are prepared (profile, ink limit, resolution, JPEG quality)


def _paths_for(page: Page, paths: dict[str, str], label_font: str) -> dict[str, str]:
    return {k: paths[k] for k in sorted(font_requests([page], label_font))}


def _digest(path: str | None) -> str | None:
    return file_digest(Path(path)) if path else None


def page_key(page: Page, paths: dict[str, str], settings: DrawSettings) -> str:
    """Everything that decides the page's bytes: the page tree, the bytes of each file it draws from."""
    fonts = {key: file_digest(Path(p)) for key, p in paths.items()}
    images = [_digest(img.file) for img in page.images]
    return make_key("pages", __name__, page, fonts, images, _digest(settings.images.profile), settings)


def _draw(args: tuple[Page, dict[str, str], DrawSettings]) -> bytes:
    page, paths, s = args
    return render_pdf([page], lambda key, _chars: Path(paths[key]), "page", NEUTRAL_DATE, s.label_font,
                      s.bleed, s.crop_marks, s.images)


Job = tuple[Page, dict[str, str], DrawSettings]  # a page, the TrueType file of each font key it uses, settings


def draw_pages(pages: list[Page], paths: dict[str, str], settings: DrawSettings, workers: int = 0) -> list[bytes]:
    """One-page PDFs for `pages`, from the cache where possible. `paths`: font key → TrueType file."""
    return draw_jobs([(p, _paths_for(p, paths, settings.label_font), settings) for p in pages], workers)[0]


def draw_jobs(jobs: list[Job], workers: int = 0) -> tuple[list[bytes], list[bool]]:
    """One-page PDFs for `jobs` (several editions' pages at once), and which of them were drawn now (not
    from the cache). Jobs with the same key — a page two editions share — are drawn once."""
    keys = [page_key(p, fp, s) for p, fp, s in jobs]
    out: list[bytes | None] = [STORE.get(key) for key in keys]
    first = {key: i for i, key in reversed(list(enumerate(keys)))}
    todo = [i for i, blob in enumerate(out) if blob is None and first[keys[i]] == i]
    workers = workers or min(len(todo), os.cpu_count() or 1)
    if len(todo) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(_draw, [jobs[i] for i in todo]))
    else:
        drawn = [_draw(jobs[i]) for i in todo]
    made = dict(zip([keys[i] for i in todo], drawn, strict=True))
    for key, blob in made.items():
        STORE.put(key, blob)
    blobs = [blob if blob is not None else made[key] for blob, key in zip(out, keys, strict=True)]
    done = set(todo)
    return blobs, [i in done for i in range(len(jobs))]
