"""`layout` run with the process killed at a named step of the output commit: what a kill -9 at that
moment leaves behind. The commit calls `layout.output.commit._fault(step)` at each step (staged-N, committed,
renamed-N); this script replaces that seam with one that exits at once (no cleanup, no `finally`).

    python tests/support/killed.py STEP render EDITION -o OUT     # exit status 137 when STEP is reached
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import layout.output.commit
from layout.cli import main

KILLED = 137  # what a shell reports for a process killed by SIGKILL


def kill_at(step: str) -> Callable[[str], None]:
    def fault(name: str) -> None:
        if name == step:
            os._exit(KILLED)

    return fault


if __name__ == "__main__":
    layout.output.commit._fault = kill_at(sys.argv[1])
    main(sys.argv[2:], prog_name="layout")
