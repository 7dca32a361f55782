"""Worker processes shared by the stages of one render (issue 29: a fresh render).

A render used to start one pool of processes to draw its pages and another to preflight its files, each
worker importing ReportLab, fontTools and pypdf when its first job came. `shared` starts the pool when the
render starts: its workers import the drawing and checking modules (`WARM`, at a lower priority: `NICE`)
while the main process loads the edition and lays it out, then draw the pages and check the files
(`layout.render.pages.draw_jobs`, `layout.output.commit.checked_all` use `current()` when there is one, else
a pool of their own as before).

The workers are forked from the main process, so they hold what it had imported then, nothing it learnt
later: every job carries what it needs, as it did with a pool of its own. Results are the same either way
(the jobs are pure functions of their arguments).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

# what a drawing or checking job imports (`layout.render.pages._draw`, `layout.output.commit._check`)
WARM = ("layout.render.pdf", "layout.render.ads", "layout.render.cidfont", "layout.plant.preflight", "pypdf")
# the workers' niceness above the main process's: while it loads and lays out the edition, their imports and
# scans take only what CPU it leaves (on 2 CPUs, 2 workers at the same priority took a third of its core:
# loading 0.18 → 0.3–0.5 s); while they draw, it waits for them
NICE = 5
# what the workers never import: pypdf imports `cryptography` when it is there (≈0.15 s of a worker's start) to
# decrypt AES, which it then does without (RC4 only). A worker opens only PDFs we drew and ads that passed
# `layout.plant.ads` in the main process, which refuses every encrypted file before pypdf tries to decrypt it.
BLOCKED = ("cryptography",)
_CURRENT: list[ProcessPoolExecutor] = []


def _lower() -> None:
    """Each worker, when it starts: `NICE` above the main process, and without `BLOCKED`."""
    with contextlib.suppress(OSError):  # not allowed here: the main process's priority, then
        os.nice(NICE)
    for name in BLOCKED:
        if name not in sys.modules:  # (a module the main process had imported before the fork is kept)
            sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError


def _warm(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


def call(module: str, name: str, *args: Any) -> Any:
    """`module.name(*args)` in a worker: a job whose module the main process need not import to send it."""
    return getattr(importlib.import_module(module), name)(*args)


def count() -> int:
    """How many workers `shared` starts."""
    return os.cpu_count() or 1


def current() -> ProcessPoolExecutor | None:
    """The pool of the render under way (`shared`), if any."""
    return _CURRENT[-1] if _CURRENT else None


@contextmanager
def shared(processes: int = 0, warm: tuple[str, ...] = WARM, start: bool = True
           ) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `processes` (default: one per CPU) for the stages inside the block, its workers
    importing `warm` at once; none on one CPU or without `start`, and the outer one when a block is inside
    another. Shut down (its workers ended) when the block ends."""
    processes = processes or count()
    if not start or processes < 2 or _CURRENT:
        yield current()
        return
    pool = ProcessPoolExecutor(max_workers=processes, initializer=_lower)
    for _ in range(processes):
        pool.submit(_warm, warm)
    _CURRENT.append(pool)
    try:
        yield pool
    finally:
        _CURRENT.remove(pool)
        pool.shutdown(wait=True, cancel_futures=True)
