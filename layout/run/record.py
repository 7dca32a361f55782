"""A render recorded for the next warm one (layout/run/replay.py): while it runs, every file it opens for
reading, every file whose digest it takes (`file_digest`: fonts, photos, ads) and every folder it lists is
noted (a Python audit hook, sys.addaudithook, and `cache.watch_digests`); after it succeeds, their digests and
listings, with the edition folder's every file and folder, its output and warnings, are kept as its state.

Left out are what our code digest or the key already decide, and what is derived: the package's own files,
Python's and the libraries' (sys.prefix), the entries of sys.path (imports list them), the cache and the output
folder (its previous manifest is read again by every render, a replayed one too). A file or folder that changed
while the render ran (its signature or listing at the end not the one it had when read) leaves no state.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from layout.errors import Diagnostic
from layout.infra.cache import PACKAGE, cache_root, file_digest, library_versions, watch_digests
from layout.run.options import Options, Selection
from layout.run.pipeline import Laid, Rendered, lay_out_checked, load, manifest_header, render
from layout.run.replay import State, listing, signature, state_key, store

MAX_INPUTS = 20_000  # a render that reads more files than this is not kept
# A file changed this recently is kept without its signature, so the next render hashes it: the kernel stamps
# mtime/ctime from a coarse clock, and a same-size rewrite in the same tick would leave the signature as it was
# (git's "racily clean" entries).
RACY_NS = 2_000_000_000
_WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _path(value: Any) -> str | None:
    if value is None:
        return os.getcwd()
    if isinstance(value, int):
        return None  # a file descriptor: its file was opened by path before
    try:
        return os.path.abspath(os.fsdecode(value))
    except TypeError:
        return None


def _under(path: str, folders: tuple[str, ...]) -> bool:
    """`path` is one of `folders` (each ends with a separator) or inside one."""
    return os.path.join(path, "").startswith(folders)


def _reads(args: tuple[Any, ...]) -> bool:
    mode = args[1] if len(args) > 1 else None
    if isinstance(mode, str):
        return not set(mode) & set("wax+")
    flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
    return not flags & _WRITES


@dataclass
class Recorder:
    """What one render read: files opened (path → signature then), folders listed (path → names then)."""

    opened: dict[str, list[int] | None] = field(default_factory=dict)
    listed: dict[str, list[str] | None] = field(default_factory=dict)
    busy: bool = False
    skip: tuple[str, ...] = ()  # folders whose files are no inputs (`_skipped`): not even looked at
    roots: frozenset[str] = frozenset()  # the entries of sys.path: imports list them

    def saw(self, event: str, args: tuple[Any, ...]) -> None:
        if self.busy or (not args and event == "open"):
            return
        path = _path(args[0] if args else None)
        if path is None or _under(path, self.skip) or path in self.roots:
            return
        self.busy = True  # listing a folder here raises an event of its own
        try:
            if event == "open" and _reads(args) and path not in self.opened:
                self.opened[path] = signature(path)
            elif event in ("os.listdir", "os.scandir") and path not in self.listed:
                self.listed[path] = listing(path)
        finally:
            self.busy = False


_recorders: list[Recorder] = []
_hooked: list[bool] = []
# A process forked while a render is recorded (its drawing and checking workers) records nothing: what it read
# would stay in its own copy of the recorder, and each of its thousands of opens (imports) cost a look.
os.register_at_fork(after_in_child=_recorders.clear)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _recorders and event in ("open", "os.listdir", "os.scandir"):
        _recorders[-1].saw(event, args)


@contextmanager
def recording() -> Iterator[Recorder]:
    """Note what the block reads (the audit hook is added once per process and does nothing outside a block)."""
    if not _hooked:
        sys.addaudithook(_hook)
        _hooked.append(True)
    recorder = Recorder(skip=_skipped(None), roots=frozenset(p for p in map(os.path.abspath, (*sys.path, "")) if p))
    _recorders.append(recorder)
    try:
        yield recorder
    finally:
        _recorders.remove(recorder)


def _skipped(out: Path | None) -> tuple[str, ...]:
    """Folders whose files are not inputs: ours, Python's, the libraries', the cache, the output."""
    return tuple(os.path.join(os.path.abspath(p), "") for p in
                 {str(PACKAGE), sys.prefix, sys.base_prefix, sys.exec_prefix, str(cache_root()), str(out or "/proc"),
                  "/proc", "/dev", "/sys"})


def tree(folder: Path, out: Path | None) -> tuple[dict[str, str | None], dict[str, list[str] | None]]:
    """Every file of the edition folder with its digest, and every folder's listing (the output folder left out)."""
    files: dict[str, str | None] = {}
    folders: dict[str, list[str] | None] = {}
    skip = os.path.abspath(out) if out is not None else ""
    for root, dirs, names in os.walk(os.path.abspath(folder)):
        dirs[:] = sorted(d for d in dirs if os.path.join(root, d) != skip)
        folders[root] = listing(root)
        for name in sorted(names):
            path = os.path.join(root, name)
            files[path] = file_digest(Path(path)) if os.path.isfile(path) else None
    return files, folders


def _inputs(recorder: Recorder, digested: dict[str, str], skipped: tuple[str, ...],
            inside: tuple[dict[str, str | None], dict[str, list[str] | None]]) -> State | None:
    """The inputs and folders of the state (None: something changed while the render ran)."""
    files, folders = dict(inside[0]), dict(inside[1])
    for path, sig in recorder.opened.items():
        if _under(path, skipped) or os.path.isdir(path) or path in files:
            continue
        if signature(path) != sig:
            return None
        files[path] = file_digest(Path(path)) if sig is not None else None
    for path, digest in digested.items():
        if not _under(path, skipped) and files.setdefault(path, digest) != digest:
            return None
    now = time.time_ns()
    signatures = {path: sig for path, digest in files.items() if digest is not None
                  if (sig := signature(path)) is not None and now - max(sig[2], sig[3]) > RACY_NS}
    if any(file_digest(Path(path)) != files[path] for path in signatures):  # each signature is of those bytes
        return None
    for path, names in recorder.listed.items():
        if not _under(path, skipped) and folders.setdefault(path, names) != names:
            return None
    for path in [p for p, digest in files.items() if digest is not None]:  # a file added beside an input
        parent = os.path.dirname(path)
        if parent not in folders and not _under(parent, skipped):
            folders[parent] = listing(parent)
    if len(files) > MAX_INPUTS:
        return None
    return State(files, folders, signatures, "", (), (), {}, None, (), (0, 0, 0))


def state_of(done: Rendered, inputs: State) -> State | None:
    """The state of a render that wrote its whole set (None when its warnings are not all plain diagnostics)."""
    checked = done.checked
    if checked is None or not done.edition_written or any(type(d) is not Diagnostic for d in done.laid.warnings):
        return None
    edition = done.laid.edition
    header, base = manifest_header(edition)
    return State(inputs.inputs, inputs.folders, inputs.signatures, Path(edition.folder).name, checked.files,
                 tuple((p.page, p.file, p.zones) for p in checked.page_files), header,
                 None if base is None else (base.edition, base.inputs, base.where), done.laid.warnings,
                 done.counts())


T = TypeVar("T")


def watched(folder: Path, guess: Path | None, run: Callable[[], T],
            out_of: Callable[[T], Path | None]) -> tuple[T, State | None]:
    """`run()` recorded: its result, and what it read (a State of inputs only; None when something it read
    changed while it ran). `guess`: the output folder it is expected to write into, if any (`out_of` says
    where it wrote)."""
    library_versions()  # looked up before: the lookup lists every folder on the path
    before = tree(folder, guess)
    with ExitStack() as stack:
        recorder = stack.enter_context(recording())
        digested = stack.enter_context(watch_digests())
        result = run()
    out = out_of(result)
    after = tree(folder, out)
    if after != before:  # an input edited while it ran (or an output folder inside the edition's: not kept)
        return result, None
    return result, _inputs(recorder, digested, _skipped(out), after)


def recorded_render(folder: Path, out_dir: Path | None, options: Options, selection: Selection) -> Rendered:
    """`pipeline.render`, recorded: when it succeeds with its whole set and nothing it read changed meanwhile,
    its state is kept for the next warm render of the same inputs (`replay.replay`)."""
    key = state_key(folder, options)
    guess = out_dir or Path("out") / Path(folder).absolute().name
    done, inputs = watched(folder, guess, lambda: render(folder, out_dir, options, selection),
                           lambda done: done.pdf.parent)
    state = state_of(done, inputs) if inputs is not None else None
    if state is not None:
        store(key, state)
    return done


def recorded_layout(folder: Path, options: Options) -> tuple[Laid, State | None]:
    """`layout check`'s layout (loaded, the ads checked, laid out), recorded: the layout and what it read."""
    return watched(folder, None, lambda: lay_out_checked(load(folder, options.allow), options), lambda _laid: None)


def keep_report(folder: Path, options: Options, command: str, inputs: State | None, printed: tuple[str, ...],
                warnings: list[Diagnostic], code: int) -> None:
    """Keep what `layout check` printed and its exit code for the next check of the same inputs."""
    if inputs is not None and all(type(d) is Diagnostic for d in warnings):
        store(state_key(folder, options, command),
              replace(inputs, warnings=tuple(warnings), report=(printed, code)))
