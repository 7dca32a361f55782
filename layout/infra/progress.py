"""A progress bar (tqdm) for renders and proofs that take longer than a second; silent when stderr is
not a terminal (CI, pipes, tests). tqdm is imported only for a terminal (its import costs a render ~25 ms:
it looks its own version up in the installed packages' metadata)."""

from __future__ import annotations

import sys
from typing import Any


class Silent:
    """What tqdm is with `disable=True`: every call does nothing."""

    def update(self, n: float | None = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress(total: int, desc: str) -> Any:
    if not sys.stderr.isatty():
        return Silent()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, delay=1.0, leave=False, unit="step", file=sys.stderr)
