"""Output of the flow stage: lines placed in box columns, and the copyfit report (data only)."""

from __future__ import annotations

from dataclasses import dataclass

from layout.model.style import TextStyle
from layout.model.text import Line


@dataclass(frozen=True, slots=True)
class SetLine:
    """A broken line at its place on the page: `x` is the column's left edge, `top` the top of its grid line."""

    line: Line
    style: TextStyle
    page: int
    x: float
    top: float
    story: str
    role: str  # body | subhead | byline | signature | jump | continued


@dataclass(frozen=True, slots=True)
class BoxFit:
    box: str
    page: int
    capacity: int  # text lines available in the box (all columns)
    used: int  # lines set
    chars: int  # characters set
    line_chars: int  # body characters per line of the box's columns

@dataclass(frozen=True, slots=True)
class StoryFit:
    story: str
    chars: int
    boxes: tuple[BoxFit, ...]
    overset_chars: int  # characters that did not fit anywhere
    overset_lines: int  # lines they need at the last box's measure
    stopped_at: str  # the text where setting stopped ('' when everything fit)
    jumps: tuple[tuple[int, int], ...]  # (from page, to page) for each jump line set


@dataclass(frozen=True, slots=True)
class Flowed:
    lines: tuple[SetLine, ...]
    fits: tuple[StoryFit, ...]
    warnings: tuple[str, ...]
