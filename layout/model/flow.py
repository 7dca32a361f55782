"""Output of the flow stage: lines placed in box columns, a placement record per box, the copyfit report
(data only). Compose turns these records into drawable items without deriving any geometry again."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from layout.errors import Diagnostic
from layout.model.plan import ImageRef, Rect, Where
from layout.model.style import Role, TextStyle
from layout.model.text import Glyph, Line


@dataclass(frozen=True, slots=True)
class SetLine:
    """A broken line at its place on the page: `x` is the column's left edge, `top` the top of its grid line."""

    line: Line
    style: TextStyle
    page: int
    x: float
    top: float
    story: str
    role: Role


class HeadKind(StrEnum):
    """Which headline block a story box carries at its top."""

    NONE = "none"  # the headline has a box of its own, or the box continues the story without one
    FULL = "full"  # 引题/主题/副题
    CONTINUATION = "continuation"  # the shortened 主题 over a continued part


@dataclass(frozen=True, slots=True)
class StoryBoxPlacement:
    """Where a story box put things: its text area, each text column, its head and its inset photo."""

    box: str  # the box's name
    where: Where  # the box's place in the plan: what identifies it (names may repeat)
    page: int
    story: str
    area: Rect  # the text area: the box, or inside its frame
    columns: tuple[Rect, ...]  # each text column, from under the head to the area's foot
    head: HeadKind
    head_lines: int  # grid lines the head takes at the top of the area
    inset: Rect | None  # the inset photo with its caption lines, when the box has one
    frame: Rect | None  # the frame drawn around a boxed story
    column_rules: bool  # thin rules down the middle of the gutters between the columns


@dataclass(frozen=True, slots=True)
class FigurePlacement:
    """A photo (or its placeholder) and its caption lines, placed."""

    box: str  # the box's name
    where: Where  # the box's place in the plan
    page: int
    image: ImageRef
    photo: Rect  # the picture itself (above the caption)
    caption: tuple[SetLine, ...]
    overset: int = 0  # caption lines that do not fit the box (not placed; reported)


@dataclass(frozen=True, slots=True)
class BoxFit:
    box: str
    page: int
    capacity: int  # text lines available in the box (all columns)
    used: int  # lines set
    chars: int  # characters set
    line_chars: int  # body characters per line of the box's columns
    columns: int = 1  # text columns: `capacity` and `used` are text lines over all of them, a grid line is `columns`


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
class TableText:
    """A piece of a table (a row's glyphs of one colour, the header, the title) at its place: glyphs at `x`
    plus their own x, on baseline `y`."""

    glyphs: tuple[Glyph, ...]
    x: float
    y: float
    size: float
    role: str  # font role
    colour: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)  # CMYK


@dataclass(frozen=True, slots=True)
class TableRule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True, slots=True)
class TablePlacement:
    """What a table box holds: its texts and rules, and which data rows each of its text columns set."""

    box: str
    where: Where
    page: int
    table: str  # the data file
    texts: tuple[TableText, ...]
    rules: tuple[TableRule, ...]
    column_rows: tuple[tuple[int, int], ...]  # per text column: (first data row, rows set)


@dataclass(frozen=True, slots=True)
class Flowed:
    lines: tuple[SetLine, ...]
    fits: tuple[StoryFit, ...]
    warnings: tuple[Diagnostic, ...]
    boxes: tuple[StoryBoxPlacement, ...] = ()
    figures: tuple[FigurePlacement, ...] = ()
    tables: tuple[TablePlacement, ...] = ()
    table_problems: tuple[Diagnostic, ...] = ()  # overset tables, cells too long: errors
