"""A `table:` box: the table's look from the plan (its columns, type size, rules, header) and its data file
(CSV with a header row, or JSON), every cell checked against its column's type. A bad cell is an error at
the data file's row and column (file:row:column) with the value and the type expected (docs/edition-format.md,
"Tables")."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from layout.errors import error
from layout.infra.files import MB, Sandbox, read_regular, visible
from layout.infra.yamlio.fields import Fields, did_you_mean
from layout.model.paper import PaperStyle
from layout.model.plan import PagePlan, TableBox, Where
from layout.model.table import HALTED, Cell, Column, ColumnType, TableData, TableRef, TableSpec

MAX_BYTES = 4 * MB  # a day's whole market is about 5,000 rows of 60 bytes
MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_CELL = 200  # characters in one cell
MIN_RULE = 0.25  # pt: the GWG minimum for a rule on one separation
_TYPE = re.compile(r"^(text|integer|range|decimal|percent|change)(?:\((\d)\))?$")
_NUMBER = re.compile(r"^[+\-−]?\d+(?:\.(\d+))?$")
PathKey = tuple[str | int, ...]


def _where(f: Fields, path: PathKey) -> Where:
    pos = f.doc.pos(path)
    return Where(pos.file, pos.line, pos.col)


def _column(f: Fields, path: PathKey) -> Column:
    field = f.text((*path, "field"))
    kind_text = f.text((*path, "type"), "text")
    m = _TYPE.match(kind_text)
    if not m:
        raise f.fail((*path, "type"), f"unknown column type '{visible(kind_text)}'",
                     "text, integer, decimal(N), percent(N), change(N) or range (N: decimal places, 0–6)")
    kind = ColumnType(m.group(1))
    places = int(m.group(2) or (2 if kind in (ColumnType.DECIMAL, ColumnType.PERCENT, ColumnType.CHANGE) else 0))
    if (m.group(2) and kind in (ColumnType.TEXT, ColumnType.INTEGER, ColumnType.RANGE)) or places > 6:
        raise f.fail((*path, "type"), f"'{kind_text}': decimal places go with decimal, percent and change (0–6)",
                     "write e.g. decimal(2)")
    align = f.text((*path, "align"), "decimal" if kind.numeric else "left")
    if align not in ("left", "center", "right", "decimal") or (align == "decimal" and not kind.numeric):
        raise f.fail((*path, "align"), f"'align' of a {kind.value} column cannot be '{visible(align)}'",
                     "left, center or right; decimal (the default) for numbers")
    to = f.text((*path, "to"), "")
    if (kind is ColumnType.RANGE) != bool(to):
        raise f.fail(path, "a range column names its upper field with `to:` (and only a range column does)",
                     "e.g. {field: low, to: high, type: range, suffix: ℃}")
    unit = f.text((*path, "unit"), "")
    heading = f.text((*path, "heading"), field) + (f"（{unit}）" if unit else "")
    suffix = f.text((*path, "suffix"), "%" if kind is ColumnType.PERCENT else "")
    width = f.get((*path, "width"))
    if isinstance(width, bool) or not isinstance(width, int | float) or not 1 <= width <= 100:
        raise f.fail((*path, "width"), f"'width' must be a number of characters from 1 to 100, got "
                     f"{visible(repr(width))}", "the column's width in characters of the table's type size")
    return Column(field, heading, kind, places, align, float(width), f.boolean((*path, "grouping"), False),
                  suffix, to, f.boolean((*path, "colour"), kind.signed), _where(f, path))


def table_spec(f: Fields, path: PathKey, style: PaperStyle) -> TableSpec:
    fields = f.get((*path, "fields"))
    if not isinstance(fields, list) or not fields or len(fields) > MAX_COLUMNS:
        raise f.fail((*path, "fields"), f"'fields' must list 1 to {MAX_COLUMNS} columns",
                     "each {field: 收盘, type: decimal(2), width: 4}")
    columns = tuple(_column(f, (*path, "fields", i)) for i in range(len(fields)))
    size = f.length((*path, "size"), "六号", minimum=5.0, maximum=12.0)
    marks = f.text((*path, "marks"), "triangles")
    if marks not in ("triangles", "signs"):
        raise f.fail((*path, "marks"), f"'marks' must be triangles or signs, got '{visible(marks)}'",
                     "triangles: ▲ rises, ▼ falls; signs: + and −")
    ps = style.paragraphs
    return TableSpec(columns, size, f.length((*path, "leading"), size * 1.4, minimum=size), ps.body.font,
                     ps.subhead.font, f.boolean((*path, "colour"), True), marks, f.text((*path, "title"), ""),
                     f.text((*path, "note"), ""), f.boolean((*path, "header"), True),
                     f.length((*path, "rule_width"), 0.5, minimum=MIN_RULE, maximum=4.0),
                     f.integer((*path, "band"), 0, maximum=100))


def table_ref(f: Fields, path: PathKey, data: dict[str, Any], rect_w: float, columns: int, style: PaperStyle,
              sandbox: Sandbox) -> TableRef:
    """A table box: the look and the data when the box gives `fields` (the table's first box), else only
    the data file it continues."""
    file = str(data["table"])
    if "fields" not in data:
        return TableRef(file)
    spec = table_spec(f, path, style)
    gutter = style.grid.gutter * style.grid.char
    room = (rect_w - (columns - 1) * gutter) / columns
    need = sum(c.width for c in spec.columns) * spec.size
    if need > room + 0.01:
        chars = sum(c.width for c in spec.columns)
        raise f.fail((*path, "fields"), f"the table's columns need {need:.1f}pt ({chars:g} "
                     f"characters of {spec.size:g}pt) but a text column of the box is {room:.1f}pt wide",
                     "narrow the columns (width), set fewer text columns, or widen the box")
    pos = f.doc.pos((*path, "table"))
    real = sandbox.check(Path(f.doc.file).parent / file, "the table's data file", pos.file, pos.line, pos.col)
    raw = read_regular(real, "the table's data file", MAX_BYTES, pos.file, pos.line, pos.col)
    return TableRef(file, spec, read_table(raw, file, spec, _where(f, (*path, "table"))))


def read_table(raw: bytes, file: str, spec: TableSpec, where: Where) -> TableData:
    """The rows of a CSV (header row first) or JSON (a list of objects, or {"rows": [...]}) file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"the table's data file is not UTF-8 (byte {exc.start})", file,
                    hint=f"convert it: iconv -f GBK -t UTF-8 {file}") from None
    if file.lower().endswith(".json"):
        return _json_rows(text, file, spec, where)
    return _csv_rows(text, file, spec, where)


def _header_index(header: list[str], spec: TableSpec, file: str, where: Where) -> list[tuple[int, int]]:
    """For each column of the spec, the index of its field (and of its `to` field) in the header."""
    out = []
    for c in spec.columns:
        for name in (c.field, c.to or c.field):
            if name not in header:
                w = c.where or where
                raise error(f"the table's field '{visible(name)}' is not a column of {file}"
                            f"{did_you_mean(name, header)}", w.file, w.line, w.col,
                            f"its columns: {visible(', '.join(header))}")
        out.append((header.index(c.field), header.index(c.to or c.field)))
    return out


def _csv_rows(text: str, file: str, spec: TableSpec, where: Where) -> TableData:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records: list[tuple[int, list[str]]] = []
        line = 1
        for record in reader:
            if len(records) > MAX_ROWS:
                raise error(f"the table has more than {MAX_ROWS} rows", file, line, hint="split it into several tables")
            if len(record) > MAX_COLUMNS:
                raise error(f"{len(record)} columns: the limit is {MAX_COLUMNS}", file, line)
            if record:
                records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise error(f"cannot read the CSV: {exc}", file, reader.line_num,
                    hint="quote a value with commas: \"1,234\"") from None
    if not records:
        raise error("the table's data file is empty", file, hint="the first row names the columns")
    header = [h.strip() for h in records[0][1]]
    index = _header_index(header, spec, file, where)
    rows, lines = [], []
    for line, record in records[1:]:
        if len(record) != len(header):
            raise error(f"row has {len(record)} values, the header {len(header)}", file, line,
                        hint="every row has one value per column of the header (quote values with commas)")
        rows.append(tuple(_cell(record[i], record[j], c, file, line, i + 1, j + 1)
                          for c, (i, j) in zip(spec.columns, index, strict=True)))
        lines.append(line)
    return TableData(file, tuple(rows), tuple(lines))


def _json_rows(text: str, file: str, spec: TableSpec, where: Where) -> TableData:
    try:
        doc = json.loads(text, parse_float=Decimal, parse_constant=lambda name: None)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError; so is an integer too long
        decode = isinstance(exc, json.JSONDecodeError)
        line, col = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (None, None)
        why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep, or a number too long"
        raise error(f"cannot read the JSON: {why}", file, line, col,
                    None if decode else "a table's JSON is a list of flat objects") from None
    items = doc.get("rows") if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise error("the JSON must be a list of objects, one per row (or {\"rows\": [...]})", file)
    if len(items) > MAX_ROWS:
        raise error(f"the table has more than {MAX_ROWS} rows", file, hint="split it into several tables")
    header = list(dict.fromkeys(k for item in items for k in item))
    index = _header_index(header, spec, file, where)
    rows = []
    for n, item in enumerate(items, 1):
        values = [_json_text(item.get(h), file, n, h) for h in header]
        rows.append(tuple(_cell(values[i], values[j], c, file, n, i + 1, j + 1)
                          for c, (i, j) in zip(spec.columns, index, strict=True)))
    return TableData(file, tuple(rows), tuple(range(1, len(items) + 1)), json=True)


def _json_text(value: Any, file: str, row: int, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise error(f"row {row}, '{visible(key)}': a value must be text or a number, got {visible(repr(value))}",
                    file, row, None, "the rows of a JSON table are flat objects")
    return str(value)


def _cell(text: str, upper: str, column: Column, file: str, row: int, col: int, col_to: int) -> Cell:
    text = text.strip()
    if len(text) > MAX_CELL or any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        raise error(f"{column.field}: the value is over {MAX_CELL} characters or holds a control character",
                    file, row, col)
    kind = column.kind
    if kind is ColumnType.TEXT:
        return Cell(text)
    if kind.signed and text == HALTED:
        return Cell(text, halted=True)
    value = _number(text, column, file, row, col)
    if kind is ColumnType.RANGE:
        return Cell(text, value, _number(upper.strip(), column, file, row, col_to))
    return Cell(text, value)


def _number(text: str, column: Column, file: str, row: int, col: int) -> Decimal:
    kind = column.kind
    shown = text[:-1] if kind is ColumnType.PERCENT and text.endswith("%") else text
    m = _NUMBER.match(shown)
    places = len(m.group(1) or "") if m else 0
    integer = kind in (ColumnType.INTEGER, ColumnType.RANGE)
    if m is None or (integer and m.group(1) is not None) or (places > column.places and not integer):
        expected = {ColumnType.INTEGER: "a whole number", ColumnType.RANGE: "a whole number",
                    ColumnType.DECIMAL: f"a number with at most {column.places} decimal places"}.get(
                        kind, f"a signed number with at most {column.places} decimal places"
                        + (f", or {HALTED}" if kind.signed else ""))
        raise error(f"{column.field}: '{visible(text, 40)}' is not {expected} (column type {kind.value}"
                    + (f"({column.places})" if not integer else "") + ")", file, row, col,
                    "correct the data file (or the column's type in the plan)")
    try:
        return Decimal(shown.replace("−", "-"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise error(f"{column.field}: '{visible(text, 40)}' is not a number", file, row, col) from None


def link_tables(pages: tuple[PagePlan, ...]) -> tuple[PagePlan, ...]:
    """Each continuing table box (no `fields`) gets the table of the first box that names its data file."""
    first: dict[str, TableBox] = {}
    out = []
    for page in pages:
        boxes = [_linked(box, first) if isinstance(box, TableBox) else box for box in page.boxes]
        out.append(dataclasses.replace(page, boxes=tuple(boxes)))
    return tuple(out)


def _linked(box: TableBox, first: dict[str, TableBox]) -> TableBox:
    file = box.table.file
    if box.table.spec is not None:
        if file in first:
            w = box.where
            raise error(f"table '{visible(file)}' gets its columns twice (first at line {first[file].where.line})",
                        w.file, w.line, w.col, "only the table's first box gives `fields`; later boxes continue it")
        first[file] = box
        return box
    if file not in first:
        w = box.where
        raise error(f"the first box of table '{visible(file)}' must give its columns (`fields`)", w.file, w.line,
                    w.col, "later boxes that name the same data file continue the table")
    return dataclasses.replace(box, table=first[file].table)
