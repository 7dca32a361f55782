"""A progress bar (tqdm) for renders and proofs that take longer than a second; silent when stderr is
not a terminal (CI, pipes, tests)."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


def progress(total: int, desc: str) -> Any:
    return tqdm(total=total, desc=desc, delay=1.0, disable=not sys.stderr.isatty(), leave=False,
                unit="step", file=sys.stderr)
