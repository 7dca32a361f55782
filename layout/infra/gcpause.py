"""The cyclic garbage collector paused while the layout builds many long-lived objects (`pipeline.lay_out`).

Laying out an edition makes hundreds of thousands of small tuples and records (units, glyphs, lines, text
runs) that all live until the pages are drawn, and no reference cycles to speak of: the collector, run
every 700 new container objects, would scan them again and again as they pile up (on the peer workload,
100k characters: 0.45 s of the 1.2 s that flow and compose took). Reference counting still frees
everything that is dropped meanwhile; only cycles wait for the collector's next run, after the block.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Set by a command that lays out, draws and ends with the fast exit (`layout render` run as a program): what a
# paused block made is then moved out of the collector's sight (`gc.freeze`) instead of being scanned by its
# next runs while the pages are sent, drawn and written (measured on the peer workload: the main process's
# CPU 1.65 → 1.35 s with it, 1.64 s without; the drawing processes are forked before, they are not affected).
# A long-running process (serve, watch, tests) leaves it False: cycles among frozen objects would never be
# collected.
FREEZE_AFTER = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector is enabled again after it only if it was
    enabled before (a paused block inside another stays paused). With FREEZE_AFTER, everything alive then is
    frozen first."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if FREEZE_AFTER:
            gc.freeze()
        if was:
            gc.enable()
