"""Tables from data files (股市行情, 天气, 比分): the columns' look from the plan and the typed cells read
from a CSV or JSON file (data only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from layout.model.where import Where


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"  # a fixed number of places
    PERCENT = "percent"  # signed, a fixed number of places
    CHANGE = "change"  # signed: a rise, a fall or none; 停牌 for a halted stock
    RANGE = "range"  # two integers, `field` to `to`: 12～24 (temperatures)

    @property
    def signed(self) -> bool:
        return self in (ColumnType.PERCENT, ColumnType.CHANGE)

    @property
    def numeric(self) -> bool:
        return self in (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.PERCENT, ColumnType.CHANGE)


HALTED = "停牌"
MARKS = {"triangles": ("▲", "▼"), "signs": ("+", "−")}  # (rise, fall): survive a black-only plate


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table as the plan gives it."""

    field: str  # the data's column (CSV header, JSON key)
    heading: str  # printed in the header row (the unit in brackets after it)
    kind: ColumnType
    places: int  # decimal places shown (DECIMAL, PERCENT, CHANGE)
    align: str  # left | center | right | decimal (numbers: on the decimal point)
    width: float  # in characters of the table's type size
    grouping: bool = False  # thousands grouped with commas: 1,234,567
    suffix: str = ""  # printed after every value: ℃, %
    to: str = ""  # RANGE: the field of the upper value
    colour: bool = False  # set in the row's rise/fall colour
    where: Where | None = None  # its place in the plan


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # as in the file (text columns: the text printed)
    value: Decimal | None = None  # numbers
    upper: Decimal | None = None  # RANGE: the upper value
    halted: bool = False  # 停牌 in a signed column


@dataclass(frozen=True, slots=True)
class TableSpec:
    """The table's look: its columns, type size, rules and header (from the plan)."""

    columns: tuple[Column, ...]
    size: float  # pt (六号 7.5, 小六 6.5)
    leading: float  # row pitch, pt
    font: str  # font role of the cells
    head_font: str  # font role of the header and the title
    colour: bool  # rises and falls in colour (红涨绿跌, CMYK) besides their marks
    marks: str  # triangles (▲▼) | signs (+/−): the mark every rise and fall carries
    title: str  # a line over the table in its first box ("" none)
    note: str  # a line under the title, right: 示例数据 …
    header: bool  # the header row, repeated at the top of every text column
    rule: float  # rule width, pt (≥ 0.25)
    band: int  # a thin rule after every `band` rows (0: none)


@dataclass(frozen=True, slots=True)
class TableData:
    file: str  # relative to the edition folder
    rows: tuple[tuple[Cell, ...], ...]  # cells in the order of the spec's columns
    lines: tuple[int, ...]  # each row's line in a CSV file, its item number in a JSON file
    json: bool = False


@dataclass(frozen=True, slots=True)
class TableRef:
    """A table box: the table (its first box gives the look) it continues, by its data file."""

    file: str
    spec: TableSpec | None = None  # None in a continuing box until the plan is linked
    data: TableData | None = None
