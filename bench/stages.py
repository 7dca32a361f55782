"""Time flow and compose in this process on an edition, as a fresh render runs them: every paragraph broken
anew (an empty break store, the text stage's caches and the composer's kept runs cleared each round), the
collector paused over both as `pipeline.lay_out` pauses it (when the tree has layout/infra/gcpause.py), then
the collector's first run after the pause (what a long-running process pays; `layout render` freezes instead).

    PYTHONPATH=<tree> LAYOUT_CACHE_DIR=<a filled cache> .venv/bin/python bench/stages.py EDITION [ROUNDS]

Prints the median and every round of `flow_edition`, `compose_pages` and the collector's run. Run two trees
alternately to compare them (the machine's load moves every figure).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import layout.compose.page as compose_page
from layout.compose.page import compose_pages
from layout.flow import flow_edition
from layout.run import pipeline
from layout.run.breaks import BreakStore
from layout.text import break_paragraph
from layout.text.classes import cls


def paused() -> Callable[[], AbstractContextManager[None]]:
    try:
        from layout.infra.gcpause import gc_paused
    except ImportError:  # a tree from before the pause
        return contextlib.nullcontext
    return gc_paused


def main(folder: Path, rounds: int) -> None:
    edition = pipeline.load(folder)
    fonts = pipeline.font_set(edition)
    pipeline.check_glyphs(edition, fonts, False)
    times: dict[str, list[float]] = {"flow_edition": [], "compose_pages": [], "collector after": []}
    for _ in range(rounds):
        break_paragraph.cache_clear()
        cls.cache_clear()
        compose_page.KEPT_RUNS.clear()
        empty = Path(tempfile.mkdtemp(prefix="stages-"))
        os.environ["LAYOUT_CACHE_DIR"] = str(empty)  # the break store finds nothing
        stages = pipeline.Stages(edition, fonts, BreakStore(folder.resolve()))
        head = stages.head_for()
        with paused()():
            t0 = time.perf_counter()
            flowed = flow_edition(edition, stages.brk, lambda box, kind, h=head: h(box, kind).grid_lines,
                                  fonts.metrics)
            t1 = time.perf_counter()
            compose_pages(edition, flowed, fonts.metrics, head, stages.style_metrics)
            t2 = time.perf_counter()
        _first = [(k,) for k in range(1000)]  # past the collector's threshold: its first run after the pause
        t3 = time.perf_counter()
        for name, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            times[name].append(seconds)
        shutil.rmtree(empty)
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.3f} s [{' '.join(f'{v:.3f}' for v in values)}]")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
