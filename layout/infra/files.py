"""Reading input files safely: an edition is a sandbox.

Every path a plan, an article or a style names is resolved (symbolic links first) and must lie inside one
of the allowed roots: the edition folder, the project's `styles/` and `fonts/` folders, and any folder the
user adds with `--allow-path` (docs/errors.md). Only regular files are read — never a FIFO, a device or a
folder — and each kind of file has a size limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from layout.errors import error, escape_controls

KB, MB = 1024, 1024 * 1024
LIMITS = {"yaml": 1 * MB, "article": 2 * MB, "image": 200 * MB, "profile": 16 * MB, "pdf": 500 * MB}


def visible(text: str, limit: int = 200) -> str:
    """Text from the input as it may be shown in a message: control, escape and bidirectional-override
    characters (newlines too) made visible (\\x1b, \\u202e …), long text shortened."""
    return escape_controls(text[:limit], keep_newlines=False) + ("…" if len(text) > limit else "")


@dataclass(frozen=True, slots=True)
class Sandbox:
    """The folders input files may come from."""

    roots: tuple[Path, ...]

    @classmethod
    def for_edition(cls, folder: Path, extra: tuple[Path, ...] = ()) -> Sandbox:
        from layout.infra.paths import FONTS, STYLES

        return cls(tuple(p.resolve() for p in (folder, STYLES, FONTS, *extra)))

    def allows(self, path: Path) -> bool:
        real = path.resolve()
        return any(real == r or r in real.parents for r in self.roots)

    def check(self, path: Path, what: str, file: str | None = None, line: int | None = None,
              col: int | None = None) -> Path:
        """`path` resolved, or an error naming what asked for it and where it really points."""
        real = path.resolve()
        if not self.allows(real):
            shown = str(path) if real == path else f"{path} (→ {real})"
            raise error(f"{what} is outside the edition: {visible(shown)}", file, line, col,
                        "keep files inside the edition folder (or the project's styles/ and fonts/); "
                        "`--allow-path DIR` lets a render read from another folder", code="outside-edition")
        return real


def edition_file(folder: Path, path: Path, what: str) -> Path:
    """`path`, a file of the edition itself (an ads.yaml, an article), resolved: it must lie inside the
    edition folder (a symbolic link to a file elsewhere is refused, as `--allow-path` does not apply to
    what an edition is made of)."""
    root, real = folder.resolve(), path.resolve()
    if not real.is_relative_to(root):
        raise error(f"{what} is a link to {visible(str(real))}, outside the edition folder", str(path), None, None,
                    f"copy the file into {visible(str(folder))}: an edition reads only its own files",
                    code="outside-edition")
    return real


def regular_file(path: Path, what: str, limit: int, file: str | None = None, line: int | None = None,
                 col: int | None = None) -> os.stat_result:
    """The file's stat, when it is a regular file within the size limit; else an error (never opens it)."""
    where = (file or str(path), line, col)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"{what} not found: {visible(str(path))}", *where, code="file-not-found") from None
    except OSError as exc:
        raise error(f"cannot read {what} {visible(str(path))}: {exc.strerror}", *where,
                    code="unreadable-file") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a FIFO, socket or device)"
        raise error(f"{what} {visible(str(path))} is {kind}", *where, "give the path of a file", code="not-a-file")
    if st.st_size > limit:
        raise error(f"{what} {visible(str(path))} is {st.st_size / MB:.1f} MB: the limit is {limit / MB:g} MB",
                    *where, "split it, or make it smaller", code="file-too-large")
    return st


_OVERLAY: ContextVar[dict[str, bytes] | None] = ContextVar("layout_overlay", default=None)


@contextmanager
def overlay(texts: Mapping[Path, str]) -> Iterator[None]:
    """Within the block, a file named here is read as this text instead of its saved bytes: an editor's
    unsaved buffers seen by the SAME loader and checks (`layout lsp`, docs/lsp.md). Only files that exist
    are overlaid (the folder is still listed and checked on disk); every bound still applies."""
    table = {str(path.resolve()): text.encode("utf-8") for path, text in texts.items()}
    token = _OVERLAY.set(table)
    try:
        yield
    finally:
        _OVERLAY.reset(token)


def overlaid(path: Path) -> bytes | None:
    """The overlay's text of `path` (see `overlay`), or None: read the file."""
    table = _OVERLAY.get()
    if not table:
        return None
    try:
        return table.get(str(path.resolve()))
    except (OSError, RuntimeError):
        return None


def read_regular(path: Path, what: str, limit: int, file: str | None = None, line: int | None = None,
                 col: int | None = None) -> bytes:
    regular_file(path, what, limit, file, line, col)
    data = overlaid(path)
    if data is not None:
        if len(data) > limit:
            raise error(f"{what} {visible(str(path))} is over the limit of {limit / MB:g} MB", file or str(path), line,
                        col, code="file-too-large")
        return data
    try:
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read {what} {visible(str(path))}: {exc.strerror}", file or str(path), line, col,
                    code="unreadable-file") from None
    if len(data) > limit:
        raise error(f"{what} {visible(str(path))} is over the limit of {limit / MB:g} MB", file or str(path), line, col,
                    code="file-too-large")
    return data

