"""A warm render: the output of the last render of the same inputs written again, without loading, laying out,
drawing or finishing anything (issue 29: a warm `layout render` within Typst's time).

After a render of one edition succeeds, `layout.run.record` keeps its state in the cache (namespace `renders`):
the files it wrote (edition.pdf and the page files, with their manifest's header), its warnings and summary, and
what decided them — the digest of every input file it read (the plan, articles, styles, the font catalogue,
fonts, photos, ads: each file opened or digested during the render, and every file of the edition's folder),
the listing of every folder it looked into (a file added or removed there) and of each input's folder. The
state's key is everything else that decides the output: the edition folder as named and the working folder
(paths in messages), the options, our code (every file of the package), the installed libraries with their
versions, Python's and zlib's versions and the environment a library reads (`state_key`). One state per
command, edition folder and options: a render after an edit replaces it.

`replay` finds the state by that key and uses it only when every folder lists the same names and every input
has the same bytes (sha256; a file whose signature — inode, size, mtime, ctime — is the one recorded is not
hashed again, the rule `file_digest` keeps for big files) and the state file is whole (each file's sha256):
then it writes the recorded files through `write_output` (the manifest and the plate versions follow the
output folder as in any render) and reports the recorded warnings. Anything else — no state, an input changed,
a stale, truncated, corrupt or foreign state file — returns None and the caller renders as usual (and records
anew). The module imports nothing that lays out or draws: a replayed render never loads ReportLab, fontTools,
pypdf, numpy, Pillow or jsonschema (tests/run/test_warm_render.py). `layout check` is kept and said again the
same way (`found`, `State.report`: what it printed and its exit code).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from layout.errors import Diagnostic, Kind, Level
from layout.infra.cache import PACKAGE, Store, bytes_digest, cache_root, file_digest, file_signature, prune_now_and_then
from layout.output.manifest import Base, Changes, PageFile, write_output
from layout.run.options import Options

NAMESPACE = "renders"
MAGIC = b"layout-render-state/1\n"
MAX_STATE_BYTES = 256 * 1024**2  # a bigger render is not kept (its state would cost more than it saves)
MAX_HEADER_BYTES = 64 * 1024**2
# the environment that decides where a library looks for its own settings (ReportLab's ~/.reportlab_settings),
# fonts (fontconfig's fallback faces) or a time to write (SOURCE_DATE_EPOCH)
ENVIRONMENT = ("HOME", "XDG_DATA_HOME", "XDG_DATA_DIRS", "XDG_CONFIG_HOME", "FONTCONFIG_FILE", "FONTCONFIG_PATH",
               "SOURCE_DATE_EPOCH")
_DIAGNOSTIC = tuple(f.name for f in fields(Diagnostic))


@dataclass(frozen=True, slots=True)
class State:
    """What a render kept: its inputs (path → sha256, None for a path that was missing), the folders it looked
    into (path → sorted names, None for a folder that was missing), and its output."""

    inputs: dict[str, str | None]
    folders: dict[str, list[str] | None]
    signatures: dict[str, list[int]]  # each input's (inode, size, mtime, ctime) when it had that digest
    name: str  # the edition folder's name (the default output folder is out/<name>)
    files: tuple[tuple[str, bytes], ...]  # edition.pdf and the page files, as written
    pages: tuple[tuple[int, str, tuple[str, ...]], ...]  # page files: page number, file name, editions served
    header: dict[str, Any]  # the manifest's header
    base: tuple[str, str, tuple[str, int, int]] | None  # a zone's base (layout.output.manifest.Base)
    warnings: tuple[Diagnostic, ...]
    counts: tuple[int, int, int]  # pages, stories, characters set (the summary line)
    report: tuple[tuple[str, ...], int] = ((), 0)  # `layout check`: what it printed on stdout, its exit code


@dataclass(frozen=True, slots=True)
class Replayed:
    """A render replayed: what it wrote and what the CLI prints, as a render prints it."""

    pdf: Path
    warnings: tuple[Diagnostic, ...]
    changes: Changes
    counts: tuple[int, int, int]
    page_files: int
    seconds: float

    def summary(self) -> str:
        return summary_line(self.pdf, *self.counts, self.seconds, self.page_files)


def summary_line(pdf: Path, pages: int, stories: int, chars: int, seconds: float, page_files: int) -> str:
    """The line `layout render` ends with (`pipeline.Rendered.summary` says it the same way)."""
    return (f"{pdf}: {pages} pages, {stories} stories, {chars} characters set, {seconds:.2f} s"
            + (f" (+ {page_files} page files)" if page_files else ""))


# -- the key ------------------------------------------------------------------------------------------

def _package_files() -> Iterator[Path]:
    for root, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith((".pyc", ".pyo")):
                yield Path(root, name)


@functools.cache
def code_digest() -> str:
    """sha256 of every file of the package (its code and the data it ships: schemas, profiles)."""
    h = hashlib.sha256()
    for path in _package_files():
        h.update(str(path.relative_to(PACKAGE)).encode("utf-8", "surrogateescape") + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def libraries() -> tuple[str, ...]:
    """Every installed distribution with its version (the names of the dist-info folders on the path): an
    upgraded library that writes bytes, or any other, gives a new key."""
    out: list[str] = []
    for entry in sys.path:
        if entry and os.path.basename(entry) in ("site-packages", "dist-packages") and os.path.isdir(entry):
            out += sorted(f"{entry}/{n}" for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    return tuple(out)


def options_key(options: Options) -> tuple[object, ...]:
    return (options.allow_overset, options.allow_missing, options.crop_marks, tuple(map(str, options.allow)),
            options.final, options.per_page)


def state_key(folder: Path, options: Options, command: str = "render") -> str:
    """The state's key: the command, the edition as named, the working folder, the options, our code, the
    libraries, Python and zlib (which compresses every stream), the environment a library reads (ENVIRONMENT)."""
    parts = (NAMESPACE, MAGIC.decode(), command, str(folder), os.getcwd(), options_key(options), code_digest(),
             libraries(), sys.version, zlib.ZLIB_RUNTIME_VERSION, [os.environ.get(name) for name in ENVIRONMENT])
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()[:40]


# -- the state file -----------------------------------------------------------------------------------

def _diagnostic(d: Diagnostic) -> list[Any]:
    return [getattr(d, name) for name in _DIAGNOSTIC]


def _undiagnostic(row: list[Any]) -> Diagnostic:
    values = dict(zip(_DIAGNOSTIC, row, strict=True))
    return Diagnostic(**{**values, "level": Level(values["level"]), "kind": Kind(values["kind"])})


def state_bytes(key: str, state: State) -> bytes:
    """MAGIC, the header's length (8 bytes), the header (JSON: the key, inputs, folders, each file's name, size
    and sha256, the manifest's header, warnings, counts), then the files' bytes one after the other."""
    head = {"key": key, "inputs": state.inputs, "folders": state.folders, "signatures": state.signatures,
            "name": state.name,
            "files": [[n, len(b), bytes_digest(b)] for n, b in state.files],
            "pages": [list(p) for p in state.pages], "header": state.header,
            "base": None if state.base is None else list(state.base),
            "warnings": [_diagnostic(d) for d in state.warnings], "counts": list(state.counts),
            "report": [list(state.report[0]), state.report[1]]}
    text = json.dumps(head, ensure_ascii=False).encode("utf-8", "surrogateescape")
    return b"".join([MAGIC, len(text).to_bytes(8, "big"), text, *(b for _n, b in state.files)])


def read_state(data: bytes, key: str) -> State | None:
    """The state in `data` if it is whole and was written for `key`; else None (never an exception)."""
    try:
        return _parse(data, key)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeDecodeError):
        return None


def _parse(data: bytes, key: str) -> State | None:
    if not data.startswith(MAGIC):
        return None
    at = len(MAGIC) + 8
    size = int.from_bytes(data[len(MAGIC):at], "big")
    if size > MAX_HEADER_BYTES or at + size > len(data):
        return None
    head = json.loads(data[at:at + size].decode("utf-8", "surrogateescape"))
    if head["key"] != key:
        return None
    at += size
    files: list[tuple[str, bytes]] = []
    for name, length, digest in head["files"]:
        blob = data[at:at + length]
        if len(blob) != length or bytes_digest(blob) != digest:
            return None
        files.append((str(name), blob))
        at += length
    if at != len(data):
        return None
    base = head["base"]
    return State(dict(head["inputs"]), dict(head["folders"]), dict(head["signatures"]), str(head["name"]),
                 tuple(files),
                 tuple((int(n), str(f), tuple(z)) for n, f, z in head["pages"]), dict(head["header"]),
                 None if base is None else (str(base[0]), str(base[1]), (str(base[2][0]), int(base[2][1]),
                                                                         int(base[2][2]))),
                 tuple(_undiagnostic(row) for row in head["warnings"]),
                 (int(head["counts"][0]), int(head["counts"][1]), int(head["counts"][2])),
                 (tuple(str(t) for t in head["report"][0]), int(head["report"][1])))


def listing(folder: str) -> list[str] | None:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def _digest(path: str) -> str | None:
    try:
        return file_digest(Path(path)) if os.path.isfile(path) else None
    except OSError:
        return None


def signature(path: str) -> list[int] | None:
    """(inode, size, mtime, ctime) of a file: `cache.file_signature` without the path, as JSON keeps it; None if
    it is missing."""
    try:
        return list(file_signature(Path(path))[1:])
    except OSError:
        return None


def _same(path: str, digest: str | None, known: list[int] | None) -> bool:
    """The file has the digest it had (the same signature means the same bytes, as for `file_digest`'s big
    files: a file rewritten changes its ctime; another signature is hashed again), or is still missing."""
    if digest is None:
        return not os.path.lexists(path)
    return (known is not None and signature(path) == known) or _digest(path) == digest


def unchanged(state: State) -> bool:
    """Every folder lists the same names and every input file has the same bytes (or is still missing)."""
    return (all(listing(folder) == names for folder, names in state.folders.items())
            and all(_same(path, digest, state.signatures.get(path)) for path, digest in state.inputs.items()))


def store(key: str, state: State) -> None:
    """Keep the state (atomically, as every cache entry); a state above MAX_STATE_BYTES is not kept."""
    if sum(len(b) for _n, b in state.files) < MAX_STATE_BYTES:
        Store(NAMESPACE).put(key, state_bytes(key, state))


def found(folder: Path, options: Options, command: str = "render") -> State | None:
    """The state the last `command` of these inputs kept, if it is whole and every input is as recorded."""
    if not cache_root().is_dir():
        return None
    key = state_key(folder, options, command)
    data = Store(NAMESPACE).get(key)
    state = read_state(data, key) if data is not None else None
    return state if state is not None and unchanged(state) else None


def replay(folder: Path, out_dir: Path | None, options: Options, send: bool = False) -> Replayed | None:
    """Write the recorded output of the last render of these inputs into `out_dir` (default out/<edition>),
    as one transaction with its manifest; None when there is no usable state (render as usual then)."""
    start = time.perf_counter()
    state = found(folder, options)
    if state is None:
        return None
    out = out_dir or Path("out") / state.name
    pages = [PageFile(n, f, dict(state.files)[f], z) for n, f, z in state.pages]
    base = None if state.base is None else Base(*state.base)
    changes = write_output(out, list(state.files), pages, state.header, base, send=send)
    prune_now_and_then()
    return Replayed(out / "edition.pdf", state.warnings, changes, state.counts, len(pages),
                    time.perf_counter() - start)
