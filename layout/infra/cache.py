"""Every cache of the program, on disk and in this process, and the keys that decide their entries.

A key names everything that decides an entry: the bytes of the input files (never a path, size or
modification time alone), the source of the code that produces the entry (the producing module and
every `layout` module it imports, found by reading their imports), and the versions of the libraries
that write bytes. Disk entries live under one root (`$LAYOUT_CACHE_DIR`, else `$XDG_CACHE_HOME/layout`,
else `~/.cache/layout`), one folder per namespace; writes are atomic; `prune()` drops old entries by
age and total size. In-process caches are registered here so that `clear_memory()` empties them all.
docs/performance.md lists each namespace and its key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from layout.errors import LayoutError

PACKAGE = Path(__file__).resolve().parents[1]
# libraries whose versions decide the bytes we write or read back (fonts, pages, finished PDFs, checks)
LIBRARIES = ("reportlab", "rl_accel", "pillow", "pypdf", "fonttools", "pyphen")  # pyphen: hyphenation points
NAMESPACES: dict[str, str] = {
    "metrics": "each face's identity and advances",
    "digests": "sha256 of large files (fonts), by path, inode, size, mtime and ctime",
    "pages": "one-page PDFs as drawn",
    "preflight": "markers of files that passed preflight",
    "breaks": "the broken paragraphs of each edition's last render",
    "valid": "markers of plans that passed the schema",
    "adchecks": "what examining each advertiser's PDF found, by its bytes, box and print settings",
    "renders": "each edition's last render: its output files and warnings, with every input's digest "
               "(layout/run/replay.py)",
}
DEFAULT_MAX_BYTES = 2 * 1024**3
DEFAULT_MAX_AGE_DAYS = 60.0
BIG_FILE = 4 * 1024 * 1024  # digests of files above this size are remembered on disk

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def cache_root() -> Path:
    env = os.environ.get("LAYOUT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "layout"


# -- what decides an entry ---------------------------------------------------------------------------

@functools.cache
def library_versions() -> tuple[tuple[str, str], ...]:
    from importlib import metadata  # here: a replayed render does not need it (~25 ms)

    out = []
    for name in LIBRARIES:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name, "-"))
    return tuple(out)


def _module_file(name: str, root: Path) -> Path | None:
    """`root`/a/b.py or `root`/a/b/__init__.py for `layout.a.b`, whichever is a file (that order)."""
    parts = name.split(".")[1:]
    if not parts:  # (the package itself)
        return next((c for c in (root.with_suffix(".py"), root / "__init__.py") if c.is_file()), None)
    parent = os.path.join(str(root), *parts[:-1])
    if _entries(parent).get(parts[-1] + ".py", False):
        return Path(parent, parts[-1] + ".py")
    base = os.path.join(parent, parts[-1])
    return Path(base, "__init__.py") if _entries(base).get("__init__.py", False) else None


# the folders of the package looked into by `code_version`, by their signature: each entry, and whether it is a
# file (most names `code_version` tries are no module: `from layout.x import name` tries `layout.x.name`)
_FOLDERS: dict[str, tuple[tuple[int, int, int], dict[str, bool]]] = {}


def _entries(folder: str) -> dict[str, bool]:
    """The entries of `folder` (name → is a file, as `Path.is_file` says), listed again when it changed."""
    try:
        st = os.stat(folder)
    except OSError:
        return {}
    sig = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    kept = _FOLDERS.get(folder)
    if kept is not None and kept[0] == sig:
        return kept[1]
    try:
        with os.scandir(folder) as it:
            entries = {e.name: e.is_file() for e in it}
    except OSError:
        return {}
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RECENT_NS:  # (as `_source`)
        _FOLDERS[folder] = (sig, entries)
    return entries


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(layout(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
                     r"|import[ \t]+(layout(?:\.\w+)*(?:[ \t]*,[ \t]*layout(?:\.\w+)*)*))", re.M)


# each source file read for `code_version`, by its signature (inode, size, mtime, ctime): its bytes and the
# `layout` modules it imports. A render takes the code version of five producers whose imports overlap: each
# file is read and scanned once (a file rewritten since is read again: its signature changed).
_SOURCES: dict[Path, tuple[tuple[int, int, int, int], bytes, frozenset[str]]] = {}
RECENT_NS = 2_000_000_000  # a file changed this recently is read again each time


def _source(path: Path) -> tuple[bytes, frozenset[str]]:
    """A source file's bytes and the `layout` modules it imports, read once per signature in a process."""
    st = path.stat()
    sig = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    kept = _SOURCES.get(path)
    if kept is None or kept[0] != sig:
        data = path.read_bytes()
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
        kept = (sig, data, frozenset(_imports_in(text)))
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RECENT_NS:  # (a rewrite in the same clock tick
            _SOURCES[path] = kept                                              # could keep the signature)
    return kept[1], kept[2]


def _layout_imports(path: Path) -> set[str]:
    """Names of the `layout` modules a file imports (anywhere in it, lazy imports included). Read with a
    pattern, not a parser (ten times faster): a line in a docstring that looks like an import only adds a
    module to the key, never drops one."""
    return set(_source(path)[1])


def _imports_in(text: str) -> set[str]:
    found: set[str] = set()
    for m in _IMPORT.finditer(text):
        module, names, plain = m.groups()
        if plain:
            found.update(n.strip() for n in plain.split(","))
            continue
        found.add(module)
        for name in names.split("#", 1)[0].strip("()\n ").replace("\n", " ").split(","):
            word = name.split(" as ")[0].strip()
            if word.isidentifier():
                found.add(f"{module}.{word}")  # `from layout.x import module`
    return found


@functools.cache
def code_version(module: str, root: Path = PACKAGE) -> str:
    """sha256 of the source of `module` and of every `layout` module it imports, transitively."""
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        file = _module_file(name, root)
        if file is None:
            continue
        seen[name] = file
        parent = name.rsplit(".", 1)[0]
        todo.extend(n for n in (*_layout_imports(file), parent) if n not in seen and n != "layout")
    h = hashlib.sha256()
    for name in sorted(seen):
        h.update(name.encode())
        h.update(b"\0")
        h.update(_source(seen[name])[0])
        h.update(b"\0")
    return h.hexdigest()


def _canon(value: Any) -> Any:
    """Sets and mappings in a fixed order, so a key does not depend on the hash seed."""
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((_canon(v) for v in value), key=repr)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((repr(_canon(k)), _canon(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, list | tuple):
        return tuple(_canon(v) for v in value)
    return value


def make_key(namespace: str, producer: str, *parts: object) -> str:
    """The key of an entry: namespace, the producing code, the libraries' versions, and `parts` (which
    must name every input by content: use `file_digest` for files)."""
    h = hashlib.sha256()
    for part in (namespace, code_version(producer), repr(library_versions()), *(repr(_canon(p)) for p in parts)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:40]


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_digests: dict[tuple[str, int, int, int, int], str] = {}


def file_signature(path: Path) -> tuple[str, int, int, int, int]:
    """(path, inode, size, mtime, ctime): a file replaced or rewritten in place changes its ctime, which
    no user can set back; the same signature means the same bytes (git's index relies on the same)."""
    st = os.stat(path)
    return str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


_watchers: list[dict[str, str]] = []  # recording renders (layout/run/record.py): absolute path → digest


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes; remembered by its signature (in this process, and on disk for big files).
    A render being recorded (`watch_digests`) learns each file digested and its digest."""
    digest = _file_digest(path)
    for seen in _watchers:
        seen.setdefault(os.path.abspath(path), digest)
    return digest


@contextlib.contextmanager
def watch_digests() -> Iterator[dict[str, str]]:
    """Every file digested inside the block (absolute path → the sha256 it had when first digested)."""
    seen: dict[str, str] = {}
    _watchers.append(seen)
    try:
        yield seen
    finally:
        _watchers.remove(seen)


def _file_digest(path: Path) -> str:
    sig = file_signature(path)
    found = _digests.get(sig)
    if found is not None:
        return found
    store = Store("digests")
    memo_key = hashlib.sha256(repr(sig).encode()).hexdigest()[:40] if sig[2] > BIG_FILE else ""
    stored = store.get(memo_key) if memo_key else None
    if stored is not None and len(stored) == 64:
        digest = stored.decode("ascii")
    else:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        if memo_key:
            store.put(memo_key, digest.encode("ascii"))
    _digests[sig] = digest
    return digest


# -- disk ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Store:
    """One namespace of the disk cache: entries are files named by their key."""

    namespace: str
    suffix: str = ""

    @property
    def folder(self) -> Path:
        return cache_root() / self.namespace

    def file(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        path = self.file(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return data

    def has(self, key: str) -> bool:
        return self.file(key).is_file()

    def put(self, key: str, data: bytes) -> Path:
        """Store atomically; a cache that cannot be written (full disk, read-only) is simply not used."""
        from layout.infra.writer import write_atomic

        path = self.file(key)
        with contextlib.suppress(LayoutError):
            write_atomic(path, data, sync=False)
        return path


def usage() -> dict[str, tuple[int, int]]:
    """Files and bytes per namespace."""
    out: dict[str, tuple[int, int]] = {}
    for name in NAMESPACES:
        files = [p for p in (cache_root() / name).rglob("*") if p.is_file()]
        out[name] = (len(files), sum(p.stat().st_size for p in files))
    return out


def prune(max_bytes: int = DEFAULT_MAX_BYTES, max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> tuple[int, int]:
    """Remove entries unused for `max_age_days`, then the least recently used until the cache holds at
    most `max_bytes`. Returns (files removed, bytes freed)."""
    entries: list[tuple[float, int, Path]] = []
    for name in NAMESPACES:
        for p in (cache_root() / name).rglob("*"):
            if p.is_file() and not p.is_symlink():
                st = p.stat()
                entries.append((st.st_mtime, st.st_size, p))
    entries.sort()
    limit = time.time() - max_age_days * 86400
    total = sum(size for _t, size, _p in entries)
    removed = freed = 0
    for mtime, size, path in entries:
        if mtime >= limit and total <= max_bytes:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
        freed += size
    (cache_root() / ".pruned").touch(exist_ok=True)
    return removed, freed


def prune_now_and_then() -> None:
    """Prune with the defaults at most once a day (called after a render)."""
    stamp = cache_root() / ".pruned"
    try:
        if time.time() - stamp.stat().st_mtime < 86400:
            return
    except OSError:
        pass
    with contextlib.suppress(OSError):
        prune()


def clear() -> None:
    """Remove every namespace's folder (only ours: the root may hold other things)."""
    for name in NAMESPACES:
        shutil.rmtree(cache_root() / name, ignore_errors=True)
    _digests.clear()
    clear_memory()


# -- this process -------------------------------------------------------------------------------------

_memories: list[Callable[[], None]] = []


def memo(maxsize: int | None = None) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """functools.lru_cache, registered so that `clear_memory()` empties it."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _memories.append(cached.cache_clear)
        return cached

    return wrap


class Memo(Generic[K, V]):
    """An in-process cache: a dict whose key must name everything that decides the value."""

    def __init__(self) -> None:
        self._entries: dict[K, V] = {}
        _memories.append(self._entries.clear)

    def get(self, key: K, make: Callable[[], V]) -> V:
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = make()
        return found


def on_clear(clear: Callable[[], None]) -> None:
    """Register an in-process cache of another shape (a dict of its own) so that `clear_memory()` empties it."""
    _memories.append(clear)


def clear_memory() -> None:
    for clear_one in _memories:
        clear_one()
