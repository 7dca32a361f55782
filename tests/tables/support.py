"""Small editions with a table, rendered in memory and read back glyph by glyph (pdfplumber)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from layout.run.options import Options, Selection
from layout.run.pipeline import Built, build
from tests.conftest import SAMPLE

STOCKS = (SAMPLE / "data" / "stocks.csv").read_text(encoding="utf-8")
HEADER = "代码,名称,收盘,涨跌,涨跌幅,成交量"
ROWS = len(STOCKS.splitlines()) - 1  # 340

FIELDS = """\
        fields:
          - {field: 代码, type: text, width: 4}
          - {field: 名称, type: text, width: 5}
          - {field: 收盘, type: decimal(2), width: 4, colour: true}
          - {field: 涨跌, type: change(2), width: 4.5}
          - {field: 涨跌幅, type: percent(2), width: 4.5}
          - {field: 成交量, type: integer, unit: 手, grouping: true, width: 5}
"""


def plan(lines: int = 80, columns: int = 4, extra: str = "", fields: str = FIELDS, more_boxes: str = "") -> str:
    return f"""\
style: tianjin-daily
date: 2026-04-23
issue: 28122
pages_total: 12
pages:
  - page: 6
    section: 财经
    boxes:
      - table: data/stocks.csv
        at: {{col: 1, span: 8, line: 5, lines: {lines}}}
        columns: {columns}
        title: 沪深股市行情
        note: 示例数据
{extra}{fields}{more_boxes}"""


def make(tmp: Path, csv: str = STOCKS, plan_text: str | None = None, name: str = "stocks.csv") -> Path:
    folder = tmp / "edition"
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / name).write_text(csv, encoding="utf-8")
    (folder / "edition.yaml").write_text(plan_text or plan(), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    colour: tuple[float, ...]


def rendered(folder: Path, allow_overset: bool = False) -> tuple[Built, list[Char]]:
    built = build(folder, Options(allow_overset=allow_overset), Selection(pages={6}))
    with pdfplumber.open(io.BytesIO(built.edition)) as pdf:
        page = pdf.pages[0]
        chars = [Char(c["text"], float(c["x0"]), float(c["x1"]), round(float(c["top"]), 1),
                      tuple(c.get("non_stroking_color") or ())) for c in page.chars]
    return built, chars


@dataclass(frozen=True)
class Column:
    """A text column of a table box that sets rows, in PDF points (the page is drawn with its bleed)."""

    x0: float
    x1: float
    y0: float  # its top rule
    y1: float  # its foot rule
    first: int  # first data row
    count: int  # rows set


def text_columns(built: Built) -> list[Column]:
    bleed = built.laid.edition.style.print.bleed
    out = []
    for placed in built.laid.flowed.tables:
        spans = [s for s in placed.column_rows if s[1]]
        across = [r for r in placed.rules if r.y1 == r.y2]  # not the rules down the gutters
        lefts = sorted({r.x1 for r in across})
        for i, (first, count) in enumerate(spans):
            rules = [r for r in across if r.x1 == lefts[i]]
            out.append(Column(lefts[i] + bleed, rules[0].x2 + bleed, min(r.y1 for r in rules) + bleed,
                              max(r.y1 for r in rules) + bleed, first, count))
    return out


def lines_in(chars: list[Char], col: Column) -> Iterator[list[Char]]:
    """The glyphs of a text column, one list per baseline, top to bottom, each sorted left to right."""
    by_top: dict[float, list[Char]] = {}
    for c in chars:
        if col.x0 - 0.5 <= c.x0 < col.x1 and col.y0 < c.top < col.y1:
            by_top.setdefault(c.top, []).append(c)
    for top in sorted(by_top):
        yield sorted(by_top[top], key=lambda c: c.x0)
