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
import os
import queue
import re
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from layout.errors import Diagnostic, LayoutError, Level, escape_controls
from layout.model.flow import StoryFit
from layout.model.plan import AdBox, Edition, photos

if TYPE_CHECKING:
    from watchfiles._rust_notify import RustNotify

    from layout.run.incremental import Incremental

T = TypeVar("T")
Echo = Callable[[str], None]
POLL_MS = 500  # how often the watcher looks whether the edition's path still leads to the folder it watches
# watchfiles (inotify on Linux) gives a batch once a step passed without a new changed path (or after the
# debounce at the latest): a save arrives STEP_MS to 2 × STEP_MS after it was written. 50 ms steps cost the
# desk ~75 ms a save, 10 ms steps ~15 ms; 2 ms steps ~3 ms, for 1.4 % of a CPU while idle (each step wakes
# the thread; 10 ms: 0.6 %). A path written in several writes is one entry of the batch, so a step ends
# no sooner for it; an editor's save that spans several files over more than a step (a rename, then the
# new file written) may come as two batches, and the desk renders twice, the second time the saved state.
DEBOUNCE_MS, STEP_MS = 200, 2


@dataclass
class WatchState:
    folder: Path
    out_dir: Path | None
    proofs: bool
    dpi: float
    pages: dict[int, str] = field(default_factory=dict)  # page number → hash of its page file
    warned: set[str] = field(default_factory=set)  # the warnings printed after the last render
    edition: Incremental | None = None  # kept between renders: only what a save changed is done again


# What editors write beside the file being saved: Emacs lock and autosave files (.#x, #x#), backups (x~),
# Vim swap files (.x.swp …) and its write test (4913, 5036 …), JetBrains and gedit temporaries, `sed -i`'s
# sedXXXXXX, *.tmp.
EDITOR_TEMP = re.compile(r"^(\.#.*|#.*#|.*~|\..*\.sw[a-px]|\d+|.*\.tmp|.*___jb_(tmp|old)___|\.goutputstream-.*|"
                         r"\.DS_Store|.*\.kate-swp|.*\.crswap|sed[A-Za-z0-9]{6})$")


def editor_temp(path: Path) -> bool:
    """A file an editor writes and deletes around a save: never a reason to render."""
    return bool(EDITOR_TEMP.match(path.name))


shown = escape_controls  # the one terminal-safe form (lone surrogates of non-UTF-8 names included)


def timed(render: Callable[[], T]) -> tuple[T | None, tuple[Diagnostic, ...], float]:
    """One render, timed: its result, or the messages that stopped it (a bug of ours too, as one message:
    the watching goes on). The one render cycle of `layout watch` and of the desk (`serve`)."""
    start = time.perf_counter()
    try:
        return render(), (), time.perf_counter() - start
    except LayoutError as exc:
        return None, exc.diagnostics, time.perf_counter() - start
    except Exception as exc:  # a bug of ours: said once, the watching goes on
        diag = Diagnostic(Level.ERROR, f"internal error: {type(exc).__name__}: {exc}",
                          hint="run `layout --debug check EDITION` and report the traceback")
        return None, (diag,), time.perf_counter() - start


def overset_lines(fits: Iterable[StoryFit]) -> list[str]:
    """One terminal line per story that does not fit (from the fits, not from any message text)."""
    from layout.run.overset import overset_words

    return [f"OVERSET: story '{shown(f.story, False)}': {overset_words(f)} "
            f"left after box '{shown(f.boxes[-1].box, False)}' on page {f.boxes[-1].page}"
            for f in fits if f.overset_chars and f.boxes]


def rendered_line(first: bool, pages: int, changed: Iterable[int], seconds: float) -> str:
    """The line a render ends with: the first says how many pages (nothing has changed yet), the later ones
    which pages changed."""
    if first:
        return f"rendered {pages} page{'s' if pages > 1 else ''} in {seconds:.2f} s"
    return f"rendered in {seconds:.2f} s; pages changed: {', '.join(map(str, sorted(changed))) or 'none'}"


def say_new(said: set[str], texts: list[str], echo: Echo, repeats: bool = True) -> set[str]:
    """Print the messages not printed after the previous render (new or changed); with `repeats`, say how
    many still stand. Returns what is said now (for the next render)."""
    for text in texts:
        if text not in said:
            echo(shown(text))
    repeated = sum(1 for t in texts if t in said)
    if repeated and repeats:
        echo(f"({repeated} warning{'s' if repeated > 1 else ''} as before)")
    return set(texts)


def rerender(state: WatchState, echo: Echo) -> set[int]:
    """Render once (the incremental edition, as the desk's: layout/run/incremental.py) and write the set; print
    the time, the changed pages and the fit; return the changed page numbers."""
    from layout.run.incremental import Incremental, write_update

    if state.edition is None:
        state.edition = Incremental(state.folder)
    edition = state.edition
    result, errors, seconds = timed(lambda: write_update(edition, state.out_dir))
    if result is None:
        from layout.infra.snippets import render_all

        for text in render_all(errors):  # every problem at once, with its source line, as the CLI prints them
            echo(shown(text))
        echo(f"not rendered ({seconds:.2f} s); still watching")
        return set()
    done, pdf = result
    now = {p.number: hashlib.sha256(blob).hexdigest() for p, (_name, blob) in zip(done.plates, done.files, strict=True)}
    changed = {n for n, h in now.items() if state.pages.get(n) != h}
    first = not state.pages
    state.pages = now
    if state.proofs and changed:
        from layout.tools.proof import write_proofs

        numbers = [p.number for p in done.laid.pages]
        index = {numbers.index(n) + 1 for n in changed}
        write_proofs(pdf.read_bytes(), pdf.parent / "proof", state.dpi, index, numbers=numbers)
    state.warned = say_new(state.warned, [d.format() for d in done.laid.warnings], echo)
    for line in overset_lines(done.laid.flowed.fits):
        echo(line)
    echo(f"{rendered_line(first, len(now), changed, seconds)} → {shown(str(pdf), False)}")
    edition.settle()
    return changed


def watch_paths(state: WatchState) -> list[Path]:
    return paths_to_watch(state.folder)


def paths_to_watch(folder: Path) -> list[Path]:
    """The edition folder (plan, articles, photos, the ad list and the ads, its own styles and fonts), a
    zone's base editions, the folder each ad or photo file really lives in (a symlink may lead out of the
    edition), the style files, the font catalogue and the project's font folder: an edit to any of them
    re-renders."""
    from layout.infra.paths import FONTS, STYLES
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
                if isinstance(box, AdBox) and box.ad.file:
                    out.append((Path(box.ad.folder(e.folder)) / box.ad.file).resolve().parent)
                for ref in photos(box):
                    if ref.file:
                        out.append((Path(ref.root or e.folder) / ref.file).resolve().parent)
        e = e.base
    return out


def run(state: WatchState, echo: Echo, changes: Iterable[Iterable[tuple[Any, str]]] | None = None,
        stop: threading.Event | None = None) -> None:
    """Render, then render again on every batch of file changes, until interrupted (or `stop` is set). The
    files are watched from before the first render (a save during it renders again after it), by the
    edition's path."""
    stop = stop or threading.Event()
    source = batches_of(changes) if changes is not None else Follower(state.folder, stop).start()
    out = (state.out_dir or Path("out") / state.folder.resolve().name).resolve()  # as render names it
    said = ""
    try:
        rerender(state, echo)
        for batch in source:
            if batch.notice and batch.notice != said:
                echo(shown(batch.notice))
            said = batch.notice
            files = relevant(list(batch.files), out)
            if batch.gone or (batch.files and not files):
                continue  # the folder is gone (said), or only our own output or an editor's temporary file
            if files:
                echo("changed: " + ", ".join(sorted({shown(f.name, False) for f in files})))
            rerender(state, echo)
    finally:
        stop.set()


@dataclass(frozen=True, slots=True)
class Batch:
    """What the watcher reports: the files that changed; or a notice about the edition's folder (replaced,
    now a link elsewhere, gone, back; a file name the watcher cannot read) that is shown and renders again
    (`gone`: the folder is gone, or the watching failed: nothing to render, the notice is the error)."""

    files: tuple[Path, ...] = ()
    notice: str = ""
    gone: bool = False


def batches_of(changes: Iterable[Iterable[tuple[Any, str]]]) -> Iterator[Batch]:
    """Batches of watchfiles' (change, path) pairs (the tests feed these) as `Batch`es."""
    for batch in changes:
        yield Batch(tuple(Path(p) for _kind, p in batch))


Identity = tuple[str, int, int] | None


def identity(folder: Path) -> Identity:
    """Where the path leads now (links followed) and which folder that is; None when it leads nowhere."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (os.path.realpath(folder), st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def notice(folder: Path, before: Identity, now: Identity, last: Identity = None) -> Batch:
    """What to say when the edition's path no longer leads to the folder that was watched (`last`: where it
    led before it was gone, if it was: a folder moved away and a link put in its place is seen either way)."""
    name = shown(str(folder), False)
    if now is None:
        return Batch(notice=f"the edition folder {name} is gone (deleted or moved away): waiting for it to come "
                            "back", gone=True)
    if before is None and last is not None and now[0] != last[0]:
        return Batch(notice=f"the edition folder {name} now leads to {shown(now[0], False)}: following {name} "
                            "as named (it was gone meanwhile)")
    if before is None:
        return Batch(notice=f"the edition folder {name} is back: rendering it")
    if now[0] != before[0]:
        return Batch(notice=f"the edition folder {name} now leads to {shown(now[0], False)}: following {name} "
                            "as named")
    return Batch(notice=f"the edition folder {name} was replaced: following it")


class Follower:
    """Watches an edition by its path from a thread of its own, started (and watching) before the first
    render, so a save during a render is queued and renders again after it. When the path stops leading
    to the watched folder (deleted and restored, swapped for a link elsewhere) it watches what the path
    leads to now and says so; a folder that is gone is reported until it is back; a file name watchfiles
    cannot read (not UTF-8) is reported and the watching goes on."""

    def __init__(self, folder: Path, stop: threading.Event) -> None:
        self.folder = folder  # as the user named it: a link is followed anew each time
        self.stop = stop
        self.queue: queue.Queue[Batch | None] = queue.Queue()
        self.ready = threading.Event()
        self.root_deleted = False
        self.after_setup: Batch | None = None  # said once the watch is set up again (nothing is missed meanwhile)
        self.last: Identity = None  # where the path last led to a folder

    def start(self) -> Iterator[Batch]:
        """Start watching (returns once the watcher is set up) and give the batches as they come."""
        threading.Thread(target=self._run, name="layout-watch", daemon=True).start()
        self.ready.wait(timeout=60)
        return iter(self.queue.get, None)

    def _run(self) -> None:
        try:
            seen = identity(self.folder)
            while not self.stop.is_set():
                try:
                    seen = self._watch(seen)
                except Exception as exc:  # a bug of ours: said, and the watching goes on
                    self.queue.put(Batch(notice=f"watching: internal error: {type(exc).__name__}: "
                                                f"{shown(str(exc), False)}", gone=True))
                    self.stop.wait(POLL_MS / 1000)
        finally:
            self.ready.set()
            self.queue.put(None)

    def _watch(self, seen: Identity) -> Identity:
        """Watch the folder the path leads to now, until it leads elsewhere, is gone or the root was deleted;
        returns the identity watched."""
        from watchfiles._rust_notify import RustNotify

        now = identity(self.folder)
        if now != seen or (now is not None and self.root_deleted):
            self.queue.put(notice(self.folder, seen, now, self.last))
        self.last = now or self.last
        self.root_deleted = False
        try:
            notify = RustNotify([str(p) for p in paths_to_watch(self.folder)], False, False, 300, True, False) \
                if now is not None else None
        except OSError:  # a watched folder vanished while the watch was set up: look again
            notify = None
        self.ready.set()
        if self.after_setup is not None:  # a change the old watch could not name: render once the new one watches
            self.queue.put(self.after_setup)
            self.after_setup = None
        if notify is None:
            self.stop.wait(POLL_MS / 1000)
            return now
        with notify:
            while not self.stop.is_set() and identity(self.folder) == now:
                if not self._batch(notify, Path(now[0]) if now else self.folder, now):
                    break
        return now

    def _batch(self, notify: RustNotify, root: Path, now: Identity) -> bool:
        """Wait for one batch and queue it; False when the watch must be set up again (a batch that came
        with the path leading elsewhere is not queued: the notice that says so renders, once)."""
        from watchfiles._rust_notify import WatchfilesRustInternalError

        try:
            raw = notify.watch(DEBOUNCE_MS, STEP_MS, POLL_MS, self.stop)
        except WatchfilesRustInternalError as exc:  # e.g. a file name that is not UTF-8
            self.after_setup = Batch(notice=f"watching {shown(str(self.folder), False)}: {shown(str(exc), False)} "
                                            "(rename the file); still watching")
            return False
        if isinstance(raw, str):  # "timeout": look at the path again; "stop", "signal": stop
            return raw == "timeout"
        files = tuple(Path(p) for _kind, p in raw)
        if identity(self.folder) != now:
            return False
        self.queue.put(Batch(files))
        self.root_deleted = root in files  # the watched folder itself was deleted: watch the path anew
        return not self.root_deleted


def relevant(files: list[Path], out: Path | None = None) -> list[Path]:
    """The changed files that can change the edition: not our own output, not an editor's temporary file."""
    return [f for f in files if not editor_temp(f) and not (out is not None and out in f.resolve().parents)]
