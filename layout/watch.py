"""`layout watch`: re-render when a file of the edition or its style changes, and say what changed.

The process stays alive, so every cache is warm: a one-line plan edit re-breaks only what moved,
redraws only the pages that changed and rewrites their proofs. Errors are printed and watching goes on.
What is watched: the edition folder (plan, articles, photos, the ad list `ads.yaml` and the advertisers'
PDFs in `ads/`), a zone's base editions, any folder an ad or photo file really lives in, the styles and
the fonts. A page has changed when its page tree or the bytes of a photo or ad it places have: an
advertiser's corrected PDF under the same name redraws and re-proofs its page.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from layout.errors import LayoutError
from layout.model.page import Page
from layout.model.plan import Edition
from layout.report import copyfit_table


@dataclass
class WatchState:
    folder: Path
    out_dir: Path | None
    proofs: bool
    dpi: float
    pages: dict[int, str] = field(default_factory=dict)  # page number → hash of its drawn content
    warned: set[str] = field(default_factory=set)  # the warnings printed after the last render


# What editors write beside the file being saved: Emacs lock and autosave files (.#x, #x#), backups (x~),
# Vim swap files (.x.swp …) and its write test (4913, 5036 …), JetBrains and gedit temporaries, `sed -i`'s
# sedXXXXXX, *.tmp.
EDITOR_TEMP = re.compile(r"^(\.#.*|#.*#|.*~|\..*\.sw[a-px]|\d+|.*\.tmp|.*___jb_(tmp|old)___|\.goutputstream-.*|"
                         r"\.DS_Store|.*\.kate-swp|.*\.crswap|sed[A-Za-z0-9]{6})$")


def editor_temp(path: Path) -> bool:
    """A file an editor writes and deletes around a save: never a reason to render."""
    return bool(EDITOR_TEMP.match(path.name))


def _new_warnings(state: WatchState, texts: list[str], echo: Callable[[str], None]) -> None:
    """Print the warnings not printed after the previous render (new or changed); say how many still stand."""
    for text in texts:
        if text not in state.warned:
            echo(text)
    repeated = sum(1 for t in texts if t in state.warned)
    if repeated:
        echo(f"({repeated} warning{'s' if repeated > 1 else ''} as before)")
    state.warned = set(texts)


def rerender(state: WatchState, echo: Callable[[str], None]) -> set[int]:
    """Render once; print the time, the changed pages and the fit; return the changed page numbers."""
    from layout.pipeline import render

    start = time.perf_counter()
    try:
        done = render(state.folder, state.out_dir)
    except LayoutError as exc:
        for d in exc.diagnostics:
            echo(d.format())
        echo(f"not rendered ({time.perf_counter() - start:.2f} s); still watching")
        return set()
    now = {p.number: page_digest(p) for p in done.laid.pages}
    changed = {n for n, h in now.items() if state.pages.get(n) != h}
    first = not state.pages
    state.pages = now
    if state.proofs and changed:
        from layout.proof import write_proofs

        numbers = [p.number for p in done.laid.pages]
        index = {numbers.index(n) + 1 for n in changed}
        write_proofs(done.pdf.read_bytes(), done.pdf.parent / "proof", state.dpi, index, numbers=numbers)
    _new_warnings(state, [d.format() for d in done.laid.warnings], echo)
    for line in copyfit_table(done.laid.flowed.fits).splitlines():
        if "OVERSET" in line:
            echo(line)
    seconds = time.perf_counter() - start
    if first:  # nothing changed yet: the edition was rendered for the first time
        echo(f"rendered {len(now)} page{'s' if len(now) > 1 else ''} in {seconds:.2f} s → {done.pdf}")
    else:
        pages = ", ".join(map(str, sorted(changed))) or "none"
        echo(f"rendered in {seconds:.2f} s; pages changed: {pages} → {done.pdf}")
    return changed


def page_digest(page: Page) -> str:
    """What a page draws: its page tree and the bytes of every photo and ad PDF it places (a replaced file
    keeps its name, so the tree alone would not change)."""
    from layout.cache import file_digest

    files = [f for f in (*(i.file for i in page.images), *(a.file for a in page.ads)) if f]
    digests = [file_digest(Path(f)) if Path(f).is_file() else "-" for f in files]
    return hashlib.sha256("\n".join([repr(page), *digests]).encode("utf-8")).hexdigest()


def watch_paths(state: WatchState) -> list[Path]:
    return paths_to_watch(state.folder)


def paths_to_watch(folder: Path) -> list[Path]:
    """The edition folder (plan, articles, photos, the ad list and the ads, its own styles and fonts), a
    zone's base editions, the folder each ad or photo file really lives in (a symlink may lead out of the
    edition), the style files, the font catalogue and the project's font folder: an edit to any of them
    re-renders."""
    from layout.paths import FONTS, STYLES
    from layout.source.edition import load_edition

    paths = [folder.resolve(), STYLES]
    fonts = [FONTS]
    try:
        edition = load_edition(folder)
        paths.append(Path(edition.style.path).parent)
        fonts.append(Path(edition.style.catalogue).parent)
        paths += placed_files_folders(edition)
    except LayoutError:
        pass
    paths += fonts
    unique: list[Path] = []
    for p in sorted({p.resolve() for p in paths if p.is_dir()}):
        if not any(u in p.parents or u == p for u in unique):
            unique.append(p)
    return unique


def placed_files_folders(edition: Edition) -> list[Path]:
    """The folders of the edition and of its zone's bases, and the real folder of every ad and photo file
    their plans place (a symlinked file is watched where it lives)."""
    out: list[Path] = []
    e: Edition | None = edition
    while e is not None:
        out.append(Path(e.folder).resolve())
        for page in e.pages:
            for box in page.boxes:
                if box.ad is not None and box.ad.file:
                    out.append((Path(box.ad.folder(e.folder)) / box.ad.file).resolve().parent)
                for ref in (box.image, box.inset.image if box.inset else None):
                    if ref is not None and ref.file:
                        out.append((Path(ref.root or e.folder) / ref.file).resolve().parent)
        e = e.base
    return out


def run(state: WatchState, echo: Callable[[str], None], changes: Iterable[object] | None = None) -> None:
    """Render, then render again on every batch of file changes (watchfiles), until interrupted."""
    from watchfiles import watch

    rerender(state, echo)
    out = (state.out_dir or Path("out") / state.folder.name).resolve()
    for batch in changes if changes is not None else watch(*watch_paths(state)):
        files = relevant([Path(p) for _kind, p in batch], out)  # type: ignore[attr-defined]
        if not files:
            continue  # our own output, or an editor's temporary file
        echo("changed: " + ", ".join(sorted({f.name for f in files})))
        rerender(state, echo)


def relevant(files: list[Path], out: Path | None = None) -> list[Path]:
    """The changed files that can change the edition: not our own output, not an editor's temporary file."""
    return [f for f in files if not editor_temp(f) and not (out is not None and out in f.resolve().parents)]
