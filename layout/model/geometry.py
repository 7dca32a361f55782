"""Grid arithmetic: where a box's text goes, its text columns, its rows, its inset photo. Pure functions of
the plan's boxes and the paper's grid, used by the flow stage (which records the results for compose)
and by the pipeline (a headline's width)."""

from __future__ import annotations

from layout.model.paper import Grid
from layout.model.plan import Inset, Rect, StoryBox, TableBox


def text_area(box: StoryBox | TableBox, grid: Grid) -> Rect:
    """Where a story box's text goes: the box, or inside its frame (one character and one line in)."""
    r = box.rect
    if not isinstance(box, StoryBox) or not box.frame:
        return r
    return Rect(r.x + grid.char, r.y + grid.line, r.w - 2 * grid.char, r.h - 2 * grid.line)


def column_spans(box: StoryBox | TableBox, grid: Grid) -> list[tuple[float, float]]:
    """(x, width) of each text column of a story box, on whole characters."""
    area = text_area(box, grid)
    k = box.columns
    chars = round(area.w / grid.char)
    per = (chars - (k - 1) * grid.gutter) // k  # whole characters: the text stays on the grid
    spare = chars - (k * per + (k - 1) * grid.gutter)  # a mapped plan may leave some: centre the columns
    x0 = area.x + (spare // 2) * grid.char
    return [(x0 + i * (per + grid.gutter) * grid.char, per * grid.char) for i in range(k)]


def rows(box: StoryBox, head_lines: int, grid: Grid) -> int:
    """Grid lines of text a story box holds under a head of `head_lines`."""
    return round(text_area(box, grid).h / grid.line) - head_lines


def inset_rect(box: StoryBox, inset: Inset, head_lines: int, grid: Grid) -> Rect:
    """Where a story box's inset photo sits: over the text columns it crosses, under the head (top) or at
    the foot of the box (bottom)."""
    cols = column_spans(box, grid)
    crossed = [cols[i] for i in box.inset_columns()]
    x0, x1 = crossed[0][0], crossed[-1][0] + crossed[-1][1]
    h = inset.lines * grid.line
    area = text_area(box, grid)
    y = area.y + head_lines * grid.line if inset.top else area.bottom - h
    return Rect(x0, y, x1 - x0, h)


def line_chars(width: float, grid: Grid) -> int:
    """Body characters on a line of this width."""
    return round(width / grid.char)


def tier_spans(box: StoryBox, grid: Grid) -> list[tuple[float, float]]:
    """A vertical story box: (y, height) of each tier (its `columns` stacked top to bottom), on whole
    characters; the height is the measure of the tier's vertical lines."""
    area = text_area(box, grid)
    k = box.columns
    chars = int(area.h / grid.char + 1e-6)
    per = (chars - (k - 1) * grid.gutter) // k
    return [(area.y + i * (per + grid.gutter) * grid.char, per * grid.char) for i in range(k)]


def vertical_lines(box: StoryBox, grid: Grid) -> int:
    """A vertical story box: the vertical lines (竖行) across it, one grid line pitch each."""
    return int(text_area(box, grid).w / grid.line + 1e-6)


def vertical_line_x(box: StoryBox, grid: Grid, index: int) -> float:
    """The left edge of the box's vertical line `index`, counted from the right (the spare width is split
    on both sides)."""
    area = text_area(box, grid)
    spare = area.w - vertical_lines(box, grid) * grid.line
    return area.right - spare / 2 - (index + 1) * grid.line
