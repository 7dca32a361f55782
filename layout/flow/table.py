"""Tables through their boxes: each table's rows flow through the text columns of its boxes in plan order,
the header repeated at the top of every text column, a row never split; the last box is balanced; rows
left over are overset, reported like a story's (docs/text-engine.md, "Tables")."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from layout.errors import Diagnostic, Kind, Level
from layout.flow.cells import (
    BLACK,
    Colour,
    Font,
    Numbers,
    direction,
    halted_glyphs,
    number_glyphs,
    numbers,
    row_colour,
    text_glyphs,
)
from layout.model.flow import TablePlacement, TableRule, TableText
from layout.model.geometry import column_spans
from layout.model.paper import Grid
from layout.model.plan import Edition, TableBox
from layout.model.table import Cell, Column, ColumnType, TableData, TableSpec
from layout.model.text import Glyph, Metrics

MetricsFor = Callable[[str], Metrics]
CJK_ASCENT = 0.88  # the ideographic em box runs from -0.12 em to 0.88 em around the baseline
TITLE = 1.5  # the title's size, in the table's size
HEADER_RULE = 0.25  # pt: under the header, and the band rules


@dataclass(frozen=True, slots=True)
class Cells:
    """A table formatted once for a text column's width: each row's glyphs (x from the table's left), the
    black ones and those in the row's rise/fall colour, and the header's."""

    rows: list[tuple[tuple[Glyph, ...], tuple[Glyph, ...], Colour]]
    head: tuple[Glyph, ...]
    problems: list[Diagnostic]


def table_boxes(edition: Edition) -> dict[str, list[tuple[int, TableBox]]]:
    out: dict[str, list[tuple[int, TableBox]]] = {}
    for page in edition.pages:
        for box in page.boxes:
            if isinstance(box, TableBox):
                out.setdefault(box.table.file, []).append((page.number, box))
    return out


def format_cells(spec: TableSpec, data: TableData, width: float, metrics_for: MetricsFor) -> Cells:
    font, head = Font(metrics_for(spec.font), spec.size), Font(metrics_for(spec.head_font), spec.size)
    scale = width / (sum(c.width for c in spec.columns) * spec.size)
    widths = [c.width * spec.size * scale for c in spec.columns]
    xs = [sum(widths[:i]) for i in range(len(widths))]
    geo: dict[int, Numbers] = {}
    for i, c in enumerate(spec.columns):
        if c.kind.numeric:
            geo[i] = numbers(c, [r[i] for r in data.rows], font, widths[i], spec.marks, xs[i])
    first_signed = next((i for i, c in enumerate(spec.columns) if c.kind.signed), -1)
    rows: list[tuple[tuple[Glyph, ...], tuple[Glyph, ...], Colour]] = []
    problems = [_numbers_too_wide(spec.columns[i], data) for i, n in geo.items() if not n.fits]
    moves = direction(spec)
    for r, row in enumerate(data.rows):
        colour = row_colour(row, moves)
        black: list[Glyph] = []
        coloured: list[Glyph] = []
        for i, (c, cell) in enumerate(zip(spec.columns, row, strict=True)):
            if cell.halted:
                glyphs = halted_glyphs(cell, geo[i], font, i == first_signed)
            elif c.kind.numeric:
                glyphs = number_glyphs(cell, c, geo[i], font, spec.marks)
            else:
                text = range_text(cell, c) if c.kind is ColumnType.RANGE else cell.text
                glyphs, fits = text_glyphs(text, c.align, widths[i], font, xs[i])
                if not fits:
                    problems.append(_too_wide(data, r, i, c, text))
            (coloured if c.colour and colour != BLACK else black).extend(glyphs)
        rows.append((tuple(black), tuple(coloured), colour))
    heads = tuple(g for i, c in enumerate(spec.columns)
                  for g in text_glyphs(c.heading, "center", widths[i], head, xs[i])[0])
    return Cells(rows, heads, problems)


def range_text(cell: Cell, c: Column) -> str:
    """12～24℃; a value below zero with a minus sign (−3), not a hyphen."""
    return f"{cell.value}～{cell.upper}{c.suffix}".replace("-", "−")


def _numbers_too_wide(c: Column, data: TableData) -> Diagnostic:
    w = c.where
    return Diagnostic(Level.ERROR, f"the numbers of column '{c.field}' in {data.file} are too wide for it "
                      f"({c.width:g} characters): the widest would run into the next column",
                      w.file if w else data.file, w.line if w else None, w.col if w else None,
                      "widen the column (`width`), or set the table in more room", Kind.LAYOUT,
                      code="table-numbers-too-wide")


def _too_wide(data: TableData, r: int, i: int, c: Column, text: str) -> Diagnostic:
    where = f"row {data.lines[r]}, " if data.json else ""
    return Diagnostic(Level.ERROR, f"{where}{c.field}: '{text}' is too long for its column ({c.width:g} characters)",
                      data.file, None if data.json else data.lines[r], None,
                      "widen the column (`width` in the plan's fields) or shorten the text", Kind.LAYOUT,
                      code="table-cell-too-long")


def baseline(top: float, pitch: float, size: float) -> float:
    return top + (pitch - size) / 2 + CJK_ASCENT * size


def title_height(spec: TableSpec) -> float:
    if spec.title:
        return spec.size * TITLE * 1.6
    return spec.leading if spec.note else 0.0


def title_texts(spec: TableSpec, x: float, y: float, w: float, metrics_for: MetricsFor) -> list[TableText]:
    """The title at the left of the box's first line, the note at its right."""
    out = []
    h = title_height(spec)
    if spec.title:
        size = spec.size * TITLE
        font = Font(metrics_for(spec.head_font), size)
        out.append(TableText(tuple(font.natural(spec.title, 0.0)), x, baseline(y, h, size), size, spec.head_font))
    if spec.note:
        font = Font(metrics_for(spec.font), spec.size)
        out.append(TableText(tuple(font.natural(spec.note, w - font.width(spec.note))), x,
                             baseline(y, h, spec.size), spec.size, spec.font))
    return out


def capacity(spec: TableSpec, top: float, bottom: float) -> int:
    """Rows a text column holds between `top` and `bottom`, under its header."""
    room = bottom - top - (spec.leading if spec.header else 0.0)
    return max(0, math.floor(room / spec.leading + 1e-6))


def set_column(cells: Cells, spec: TableSpec, rows: range, x: float, top: float,
               w: float) -> tuple[list[TableText], list[TableRule]]:
    """One text column: the header, then the rows from `rows`, with the rules above, under the header,
    at the foot and after every `band` rows."""
    texts: list[TableText] = []
    y = top
    rules = [TableRule(x, y + spec.rule / 2, x + w, y + spec.rule / 2, spec.rule)]
    if spec.header:
        b = baseline(y, spec.leading, spec.size)
        texts.append(TableText(cells.head, x, b, spec.size, spec.head_font))
        y += spec.leading
        rules.append(TableRule(x, y, x + w, y, HEADER_RULE))
    for n, r in enumerate(rows):
        b = baseline(y, spec.leading, spec.size)
        black, coloured, colour = cells.rows[r]
        texts.append(TableText(black, x, b, spec.size, spec.font))
        if coloured:
            texts.append(TableText(coloured, x, b, spec.size, spec.font, colour))
        y += spec.leading
        if spec.band and (n + 1) % spec.band == 0 and n + 1 < len(rows):
            rules.append(TableRule(x, y, x + w, y, HEADER_RULE))
    rules.append(TableRule(x, y, x + w, y, spec.rule))
    return texts, rules


def _shares(left: int, caps: list[int], balance: bool) -> list[int]:
    """Rows each text column of a box takes: filled in order, or (the last box) balanced when the rest fits."""
    if balance and 0 < left <= sum(caps):
        even = math.ceil(left / len(caps))
        if even <= min(caps):
            return [min(even, max(0, left - i * even)) for i in range(len(caps))]
    out = []
    for cap in caps:
        out.append(min(cap, left))
        left -= out[-1]
    return out


def gutter_rules(spec: TableSpec, cols: list[tuple[float, float]], spans: list[tuple[int, int]],
                 top: float) -> list[TableRule]:
    """A thin rule down the middle of the gutter between two text columns that set rows."""
    out = []
    for (a, (_f, n)), (b, (_g, m)) in itertools.pairwise(zip(cols, spans, strict=True)):
        if n and m:
            mid = (a[0] + a[1] + b[0]) / 2
            out.append(TableRule(mid, top, mid, top + (spec.leading if spec.header else 0.0) + n * spec.leading,
                                 HEADER_RULE))
    return out


def flow_table(boxes: list[tuple[int, TableBox]], spec: TableSpec, data: TableData, grid: Grid,
               metrics_for: MetricsFor) -> tuple[list[TablePlacement], list[Diagnostic]]:
    """One table through its boxes in plan order; the problems: cells too long, rows left over."""
    formatted: dict[float, Cells] = {}  # by text column width: boxes of other widths re-format the rows
    placements: list[TablePlacement] = []
    done, total = 0, len(data.rows)
    for n, (page, box) in enumerate(boxes):
        cols = column_spans(box, grid)
        top = box.rect.y + (title_height(spec) if n == 0 else 0.0)
        texts = title_texts(spec, box.rect.x, box.rect.y, box.rect.w, metrics_for) if n == 0 else []
        rules: list[TableRule] = []
        caps = [capacity(spec, top, box.rect.bottom)] * len(cols)
        shares = _shares(total - done, caps, balance=n == len(boxes) - 1)
        spans = []
        for (x, w), share in zip(cols, shares, strict=True):
            spans.append((done, share))
            if share:
                cells = formatted.get(w) or formatted.setdefault(w, format_cells(spec, data, w, metrics_for))
                t, r = set_column(cells, spec, range(done, done + share), x, top, w)
                texts += t
                rules += r
                done += share
        rules += gutter_rules(spec, cols, spans, top)
        placements.append(TablePlacement(box.name, box.where, page, data.file, tuple(texts), tuple(rules),
                                         tuple(spans)))
    problems = [p for cells in formatted.values() for p in cells.problems]
    if done < total:
        page, box = boxes[-1]
        row = data.lines[done]
        first = next((c.text for c in data.rows[done] if c.text), "")
        problems.append(Diagnostic(
            Level.ERROR, f"overset: table '{data.file}' does not fit: {total - done} rows left after box "
            f"'{box.name}' on page {page}, from row {row} ({first})", box.where.file, box.where.line, box.where.col,
            "make the box taller, give the table more text columns or another box on a later page, or use a "
            "smaller size; --allow-overset renders what fits", Kind.LAYOUT, code="overset"))
    return placements, list(dict.fromkeys(problems))


def flow_tables(edition: Edition, metrics_for: MetricsFor) -> tuple[list[TablePlacement], list[Diagnostic]]:
    """Every table of the edition through its boxes."""
    placements: list[TablePlacement] = []
    problems: list[Diagnostic] = []
    for boxes in table_boxes(edition).values():
        ref = boxes[0][1].table
        assert ref is not None and ref.spec is not None and ref.data is not None
        p, d = flow_table(boxes, ref.spec, ref.data, edition.style.grid, metrics_for)
        placements += p
        problems += d
    return placements, problems
