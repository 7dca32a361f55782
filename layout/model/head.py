"""A headline block as the headline stage sets it (data only): lines of positioned glyphs, in whole grid lines."""

from __future__ import annotations

from dataclasses import dataclass

from layout.model.text import Line


@dataclass(frozen=True, slots=True)
class HeadLine:
    line: Line  # glyph x positions from the block's left edge (the line is centred in the block's width)
    font: str  # font role of its part (引题, 主题, 副题 or continuation head)
    size: float  # pt
    baseline: float  # pt from the block's top


@dataclass(frozen=True, slots=True)
class HeadBlock:
    lines: tuple[HeadLine, ...]
    grid_lines: int  # grid lines the block takes, the space after it included
    problems: tuple[str, ...] = ()  # parts that did not fit their width in their number of lines
