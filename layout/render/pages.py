"""Draw pages once: each page is drawn to its own one-page PDF, cached on disk under a key of its
content (the page tree, the font files, the print settings); misses are drawn in parallel processes.
The edition is then assembled from the page PDFs with pypdf.

A re-render after a one-box edit redraws only the pages whose content changed; a render of an
unchanged edition draws nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from layout.model.page import Page
from layout.render.pdf import font_requests, render_pdf


def _renderer_version() -> str:
    """A hash of the drawing code itself: a change to the renderer never reuses pages it drew before."""
    h = hashlib.sha256()
    for name in ("pdf.py", "images.py", "pages.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


RENDERER_VERSION = _renderer_version()
NEUTRAL_DATE = dt.date(2000, 1, 1)  # the finished files get the edition's dates; cached pages stay neutral


@dataclass(frozen=True, slots=True)
class DrawSettings:
    label_font: str
    bleed: float
    crop_marks: bool
    profile: str | None


def _paths_for(page: Page, paths: dict[str, str], label_font: str) -> dict[str, str]:
    return {k: paths[k] for k in sorted(font_requests([page], label_font))}


def _stamp(path: str | None) -> tuple[int, int] | None:
    """Size and modification time of a file the page depends on (a replaced photo must redraw)."""
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def page_key(page: Page, paths: dict[str, str], settings: DrawSettings) -> str:
    h = hashlib.sha256()
    files = [_stamp(img.file) for img in page.images] + [_stamp(settings.profile)]
    h.update(repr((RENDERER_VERSION, page, sorted(paths.items()), settings, files)).encode("utf-8"))
    return h.hexdigest()[:32]


def _draw(args: tuple[Page, dict[str, str], DrawSettings]) -> bytes:
    page, paths, s = args
    return render_pdf([page], lambda key, _chars: Path(paths[key]), "page", NEUTRAL_DATE, s.label_font,
                      s.bleed, s.crop_marks, s.profile)


def draw_pages(pages: list[Page], paths: dict[str, str], settings: DrawSettings, cache: Path | None,
               workers: int = 0) -> list[bytes]:
    """One-page PDFs for `pages`, from the cache where possible. `paths`: font key → TrueType file."""
    jobs = [(p, _paths_for(p, paths, settings.label_font), settings) for p in pages]
    keys = [page_key(p, fp, settings) for p, fp, _ in jobs]
    out: list[bytes | None] = []
    for key in keys:
        file = cache / f"{key}.pdf" if cache else None
        out.append(file.read_bytes() if file and file.is_file() else None)
    todo = [i for i, blob in enumerate(out) if blob is None]
    workers = workers or min(len(todo), os.cpu_count() or 1)
    if len(todo) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(_draw, [jobs[i] for i in todo]))
    else:
        drawn = [_draw(jobs[i]) for i in todo]
    for i, blob in zip(todo, drawn, strict=True):
        out[i] = blob
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, cache / f"{keys[i]}.pdf")
    return [b for b in out if b is not None]
