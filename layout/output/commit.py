"""The end of a render: every file preflighted, then the whole set written as one transaction.

Inside the output folder, under an exclusive lock (`.layout.lock`, never followed through a link):

1. the new files are written into a staging folder `.layout-staging/` (each fsynced);
2. the list of files is written to `.layout-staging/COMMIT` (fsynced): this is the commit point;
3. each staged file is renamed over its final name (a rename replaces a directory entry: a symbolic link
   planted at an output's name is replaced, never written through);
4. the staging folder is removed.

A kill or a full disk before the commit point leaves the previous files exactly as they were (the next
render removes the leftover staging folder). After the commit point the set is decided: the renames of an
interrupted render are completed by the next `layout render` into that folder before it does anything
else. Nothing is written outside the output folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layout.errors import Diagnostic, Kind, LayoutError, Level
from layout.infra.cache import Store, bytes_digest, make_key
from layout.infra.workers import current
from layout.infra.writer import fsync_dir, write_atomic, write_error

if TYPE_CHECKING:  # the checker is imported when a file is checked: a warm render writes files it checked before
    from layout.model.paper import PrintSpec
    from layout.plant.preflight import PlacedImages, Report

PASSED = Store("preflight", ".ok")
LOCK = ".layout.lock"
STAGING = ".layout-staging"
COMMIT = "COMMIT"


def _key(blob: bytes, spec: PrintSpec) -> str:
    limits = (spec.tac, spec.min_ppi, spec.warn_ppi, spec.spot_colours)
    return make_key("preflight", "layout.plant.preflight", bytes_digest(blob), limits)


def preflight(blob: bytes, name: str, **limits: Any) -> Report:
    """`layout.plant.preflight.preflight`, imported when a file is checked (a warm render checks none)."""
    from layout.plant.preflight import preflight as check

    return check(blob, name, **limits)


def _check(job: tuple[bytes, str, PrintSpec, PlacedImages]) -> Report:
    blob, name, spec, placed = job
    return preflight(blob, name, min_ppi=spec.min_ppi, warn_ppi=spec.warn_ppi, tac_limit=spec.tac,
                     spot_colours=spec.spot_colours, placed=placed)


def checked_all(files: list[tuple[bytes, str, PlacedImages]], spec: PrintSpec) -> list[Report]:
    """Preflight, remembered by each file's bytes, the limits and the checker's code: an unchanged file is not
    checked twice, and a new check in the checker checks every file again. Files not seen before are checked
    in parallel processes; `placed` (the third of each tuple) names the images."""
    from concurrent.futures import ProcessPoolExecutor

    from layout.plant.preflight import Report

    keys = [_key(blob, spec) for blob, _n, _p in files]
    todo = [i for i, key in enumerate(keys) if not PASSED.has(key)]
    jobs = [(files[i][0], files[i][1], spec, files[i][2]) for i in todo]
    workers = min(len(jobs), os.cpu_count() or 1)
    shared = current()
    if jobs and shared is not None:  # the render's workers, pypdf imported (`layout.infra.workers`)
        reports = list(shared.map(_check, jobs))
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            reports = list(pool.map(_check, jobs))
    else:
        reports = [_check(job) for job in jobs]
    out = [Report(name, []) for _b, name, _p in files]
    for i, report in zip(todo, reports, strict=True):
        out[i] = report
        if report.ok:
            PASSED.put(keys[i], b"")
    return out


def preflight_all(files: list[tuple[Path, bytes]], spec: PrintSpec, plan_file: str,
                  placed: dict[str, PlacedImages] | None = None) -> None:
    """Every file that is to be written passes preflight first; otherwise nothing is written. `placed`: file
    name → the images on each of its pages, so that a message names the image file and its box."""
    placed = placed or {}
    reports = checked_all([(blob, str(path), placed.get(path.name, ())) for path, blob in files], spec)
    failed = [r for r in reports if not r.ok]
    if failed:
        raise LayoutError(Diagnostic(Level.ERROR, "preflight failed:\n" + "\n".join(r.table() for r in failed),
                                     plan_file, kind=Kind.LAYOUT,
                                     hint="nothing was written; see `layout preflight` for the checks"))


def _fault(step: str) -> None:
    """A named step of the commit (staged-N, committed, renamed-N): a seam where tests stop the process
    (tests/support/killed.py) to check what a kill leaves behind. Does nothing."""


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so two renders into one folder never interleave."""
    try:
        if folder.is_symlink() and not folder.is_dir():
            raise OSError(20, "a symbolic link to no folder")
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot write to {folder}: {exc.strerror}", str(folder),
                                     hint="choose another folder with -o, or fix its permissions "
                                          f"({LOCK} must not be a symbolic link)")) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def recover(folder: Path) -> None:
    """Finish the renames of a committed but interrupted render; drop an uncommitted staging folder."""
    stage = folder / STAGING
    if not stage.is_dir() or stage.is_symlink():
        return
    commit = stage / COMMIT
    if commit.is_file():
        for name in commit.read_text(encoding="utf-8").splitlines():
            if name and (stage / name).is_file():
                os.replace(stage / name, folder / name)
        fsync_dir(folder)
    shutil.rmtree(stage, ignore_errors=True)


def commit_set(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write `files` (name, bytes) into `folder` as one transaction (see the module's description); the caller
    holds the folder's lock (`output_lock`). Files are renamed in
    the order given, so the last one (the manifest) is the last to appear."""
    recover(folder)
    stage = folder / STAGING
    try:
        stage.mkdir()
        for k, (name, blob) in enumerate(files):
            write_atomic(stage / name, blob)
            _fault(f"staged-{k + 1}")
        write_atomic(stage / COMMIT, "".join(f"{name}\n" for name, _b in files).encode("utf-8"))
        fsync_dir(stage)
    except (OSError, LayoutError) as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, LayoutError):
            raise
        raise write_error(stage, exc) from None
    _fault("committed")
    for k, (name, _blob) in enumerate(files):
        os.replace(stage / name, folder / name)
        _fault(f"renamed-{k + 1}")
    fsync_dir(folder)
    shutil.rmtree(stage, ignore_errors=True)
