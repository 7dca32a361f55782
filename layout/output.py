"""The end of a render: every file preflighted, then the set written under a lock on the output folder."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from layout.cache import Store, bytes_digest, make_key
from layout.errors import Diagnostic, Kind, LayoutError, Level
from layout.preflight import Report, preflight
from layout.writer import write_atomic

PASSED = Store("preflight", ".ok")


def checked(blob: bytes, name: str, tac: float) -> Report:
    """Preflight, remembered by the file's bytes, the limit and the checker's code: an unchanged file is not
    checked twice, and a new check in the checker checks every file again."""
    key = make_key("preflight", "layout.preflight", bytes_digest(blob), tac)
    if PASSED.has(key):
        return Report(name, [])
    report = preflight(blob, name, tac_limit=tac)
    if report.ok:
        PASSED.put(key, b"")
    return report


def preflight_all(files: list[tuple[Path, bytes]], tac: float, plan_file: str) -> None:
    """Every file that is to be written passes preflight first; otherwise nothing is written."""
    failed = [r for r in (checked(blob, str(path), tac) for path, blob in files) if not r.ok]
    if failed:
        raise LayoutError(Diagnostic(Level.ERROR, "preflight failed:\n" + "\n".join(r.table() for r in failed),
                                     plan_file, kind=Kind.LAYOUT,
                                     hint="nothing was written; see `layout preflight` for the checks"))


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so two renders of one edition never interleave."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / ".layout.lock").open("a")
    except OSError as exc:
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot write to {folder}: {exc.strerror}", str(folder),
                                     hint="choose another folder with -o, or fix its permissions")) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_set(files: list[tuple[Path, bytes]]) -> None:
    """Write the files (each atomically) under the output folder's lock."""
    if not files:
        return
    with output_lock(files[0][0].parent):
        for path, blob in files:
            write_atomic(path, blob)
