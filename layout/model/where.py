"""Where a value was typed: file, line and column (1-based), for messages that point at the source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    line: int
    col: int
