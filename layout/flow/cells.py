"""A table's cells as positioned glyphs: digits of equal width (each digit placed in a cell as wide as the
font's widest digit, whatever the font's own figures), numbers aligned on the decimal point, the mark of a
rise or fall (▲▼ or +/−) in one slot per column so the marks line up, thousands grouped, 停牌 for a halted
stock; rises and falls in CMYK red and green when the table asks for colour (docs/text-engine.md, "Tables")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from layout.model.table import MARKS, Cell, Column, ColumnType, TableSpec
from layout.model.text import Glyph, Metrics

BLACK = (0.0, 0.0, 0.0, 1.0)
RISE = (0.0, 1.0, 1.0, 0.0)  # 红涨: process red, never RGB
FALL = (0.9, 0.0, 1.0, 0.0)  # 绿跌: process green
Colour = tuple[float, float, float, float]
TIGHTEST = 0.2  # em: the most a text cell is tightened per glyph before it is reported as too long
PAD = 0.3  # em of the table's size on each side of a cell
GETA = "〓"
DIGITS = frozenset("0123456789")


class Font:
    """A font role at the table's size: each character's font key and advance in pt, looked up once."""

    def __init__(self, metrics: Metrics, size: float) -> None:
        self.metrics, self.size = metrics, size
        self._known: dict[str, tuple[str, float]] = {}
        self._fig = 0.0
        self._centred: dict[tuple[str, float], tuple[str, float]] = {}

    def get(self, ch: str) -> tuple[str, float]:
        """(font key, advance in pt); ("", the advance of 〓) for a character no font has (allowed with
        --allow-missing-glyphs): compose draws 〓 for a glyph without a font."""
        found = self._known.get(ch)
        if found is None:
            hit = self.metrics.lookup(ch)
            geta = None if hit else self.metrics.lookup(GETA)
            found = self._known[ch] = ((hit[0], hit[1] * self.size) if hit
                                       else ("", geta[1] * self.size if geta else self.size))
        return found

    @property
    def fig(self) -> float:
        """The widest digit's advance: the cell every digit is centred in."""
        if not self._fig:
            self._fig = max(self.get(d)[1] for d in DIGITS)
        return self._fig

    def centred(self, ch: str, x: float, w: float) -> Glyph:
        """`ch` centred in a cell of width `w` at x (its font key and offset looked up once per width)."""
        found = self._centred.get((ch, w))
        if found is None:
            key, adv = self.get(ch)
            found = self._centred[(ch, w)] = (key, (w - adv) / 2)
        return Glyph(ch, x + found[1], found[0], 0)

    def width(self, text: str, tabular: bool = False) -> float:
        fig = self.fig if tabular else 0.0
        return sum(fig if tabular and ch in DIGITS else self.get(ch)[1] for ch in text)

    def natural(self, text: str, x: float, track: float = 0.0, tabular: bool = False) -> list[Glyph]:
        """`text` from x at its advances (plus `track`); with `tabular`, each digit centred in a cell as wide
        as the widest digit (a stock code's digits line up from row to row)."""
        out = []
        fig = self.fig if tabular else 0.0
        for ch in text:
            font, adv = self.get(ch)
            cell = fig if tabular and ch in DIGITS else adv
            out.append(Glyph(ch, x + (cell - adv) / 2, font, 0))
            x += cell + track
        return out


@dataclass(frozen=True, slots=True)
class Numbers:
    """One numeric column's geometry, relative to its cell's left edge: the same for every row."""

    fig: float  # the widest digit's advance: every digit sits in a cell this wide
    point: float  # x of the decimal point (for whole numbers: where the last digit ends)
    point_w: float
    comma_w: float
    sign_x: float  # where the mark sits: the same for every row, so the marks line up
    suffix_x: float
    fits: bool = True  # the widest value fits the cell, leaving half its padding on either side


def int_text(value: Decimal, grouping: bool) -> str:
    whole = int(abs(value))
    return f"{whole:,}" if grouping else str(whole)


def numbers(column: Column, cells: list[Cell], font: Font, width: float, marks: str, x0: float = 0.0) -> Numbers:
    """The column's geometry for a cell of `width` whose left edge is at `x0`."""
    fig = font.fig
    point_w = font.get(".")[1] if column.places else 0.0
    comma_w = font.get(",")[1]
    sign_w = max(font.get(m)[1] for m in MARKS[marks]) if column.kind.signed else 0.0
    widest = max((sum(fig if ch.isdigit() else comma_w for ch in int_text(c.value, column.grouping))
                  for c in cells if c.value is not None), default=fig)
    gap = 0.25 * font.size if sign_w else 0.0
    block = sign_w + gap + widest + point_w + column.places * fig + font.width(column.suffix)
    pad = PAD * font.size
    left = x0 + {"left": pad, "center": (width - block) / 2}.get(column.align, width - pad - block)
    point = left + sign_w + gap + widest
    return Numbers(fig, point, point_w, comma_w, left, point + point_w + column.places * fig,
                   block <= width - pad + 0.01)


def number_glyphs(cell: Cell, column: Column, n: Numbers, font: Font, marks: str) -> list[Glyph]:
    """A number placed digit by digit around the column's decimal point, its mark in the column's slot."""
    assert cell.value is not None
    value = cell.value
    whole, _, frac = f"{abs(value):.{column.places}f}".partition(".")
    if column.grouping:
        whole = f"{int(whole):,}"
    centred, fig = font.centred, n.fig
    out: list[Glyph] = []
    x = n.point
    for ch in reversed(whole):
        w = fig if ch != "," else n.comma_w
        x -= w
        out.append(centred(ch, x, w))
    if frac:
        out.append(centred(".", n.point, n.point_w))
        x = n.point + n.point_w
        for d in frac:
            out.append(centred(d, x, fig))
            x += fig
    if column.kind.signed and value != 0:
        out.append(Glyph(MARKS[marks][0 if value > 0 else 1], n.sign_x, font.get(MARKS[marks][0])[0], 0))
    out += font.natural(column.suffix, n.suffix_x)
    return out


def text_glyphs(text: str, align: str, width: float, font: Font, x0: float = 0.0) -> tuple[list[Glyph], bool]:
    """A text in a cell of `width` at `x0`, at its natural advances (digits tabular), tightened (at most
    TIGHTEST em a glyph) when it is too wide; False when even that does not make it fit."""
    pad = PAD * font.size
    room, natural = width - 2 * pad, font.width(text, tabular=True)
    track = 0.0
    if natural > room and len(text) > 1:
        track = max((room - natural) / (len(text) - 1), -TIGHTEST * font.size)
    w = natural + track * max(len(text) - 1, 0)
    x = {"left": pad, "center": (width - w) / 2}.get(align, width - pad - w)
    return font.natural(text, x0 + (max(x, pad) if w > room else x), track, tabular=True), w <= room + 0.01


def direction(spec: TableSpec) -> int:
    """The column that gives a row its rise or fall: the first change column, else the first signed one;
    -1 when the table has none or is set without colour."""
    if not spec.colour:
        return -1
    signed = [i for i, c in enumerate(spec.columns) if c.kind is ColumnType.CHANGE]
    signed += [i for i, c in enumerate(spec.columns) if c.kind.signed]
    return signed[0] if signed else -1


def row_colour(row: tuple[Cell, ...], column: int) -> Colour:
    """The row's rise or fall colour, from its cell in `column` (`direction`)."""
    value = row[column].value if column >= 0 else None
    if value is None or value == 0:
        return BLACK
    return RISE if value > 0 else FALL


def halted_glyphs(cell: Cell, n: Numbers, font: Font, first: bool) -> list[Glyph]:
    """停牌 in the row's first signed column, ending where its numbers end; — in the others."""
    text = cell.text if first else "—"
    return font.natural(text, n.suffix_x - font.width(text))
