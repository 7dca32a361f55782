"""The paper's style, resolved to points (data only). Page coordinates: pt from the trim's top-left."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from layout.model.style import ParagraphStyles, PunctStyle, Region


@dataclass(frozen=True, slots=True)
class Grid:
    columns: int  # basic columns
    chars: int  # characters per basic column
    gutter: int  # gutter in characters
    char: float  # body character size, pt (1 字)
    line: float  # grid line pitch, pt (1 行)
    lines: int  # grid lines per page
    left: float  # x of the grid's left edge, pt from the trim's left
    top: float  # y of the grid's top edge (top of line 1), pt from the trim's top
    plan_columns: int = 0  # the page plans' grid, when it is not this one (0: the same)
    plan_lines: int = 0

    @property
    def mapped(self) -> bool:
        """Plans are written on another grid (another paper's) and are mapped onto this one."""
        return bool(self.plan_columns) and (self.plan_columns, self.plan_lines) != (self.columns, self.lines)

    def plan_rect(self, col: int, span: int, line: int, lines: int) -> tuple[float, float, float, float]:
        """x, y, w, h of a plan box given on the plan grid, snapped to this grid's characters and lines.

        Boundaries are mapped one by one (the end of one box is the start of the next), so neighbouring
        boxes stay neighbours and never overlap."""
        if not self.mapped:
            return self.col_x(col), self.line_y(line), self.span_width(span), lines * self.line
        total = self.columns * self.chars + (self.columns - 1) * self.gutter + self.gutter
        step = total / self.plan_columns
        start = round((col - 1) * step)
        end = round((col - 1 + span) * step) - self.gutter
        ratio = self.lines / self.plan_lines
        top, bottom = round((line - 1) * ratio), round((line - 1 + lines) * ratio)
        return (self.left + start * self.char, self.top + top * self.line, (end - start) * self.char,
                (bottom - top) * self.line)

    @property
    def width(self) -> float:
        return (self.columns * self.chars + (self.columns - 1) * self.gutter) * self.char

    @property
    def height(self) -> float:
        return self.lines * self.line

    def col_x(self, col: int) -> float:
        """Left edge of basic column `col` (1-based)."""
        return self.left + (col - 1) * (self.chars + self.gutter) * self.char

    def span_width(self, span: int) -> float:
        return (span * self.chars + (span - 1) * self.gutter) * self.char

    def line_y(self, line: int) -> float:
        """Top of grid line `line` (1-based)."""
        return self.top + (line - 1) * self.line


@dataclass(frozen=True, slots=True)
class HeadPart:
    font: str
    sizes: tuple[float, ...]  # largest first
    max_lines: int
    punctuation: PunctStyle = PunctStyle.HALF_AT_END  # the region's (docs/text-engine.md §13)


@dataclass(frozen=True, slots=True)
class HeadlineStyle:
    kicker: HeadPart
    title: HeadPart
    subtitle: HeadPart
    continuation: HeadPart
    space_after: float  # pt


@dataclass(frozen=True, slots=True)
class MastheadStyle:
    name: str
    name_font: str
    latin: str
    publisher: str
    serial: str
    founded: dt.date
    colour: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)  # the name's CMYK, 0..1
    logo: str | None = None  # an image of the name (the paper's own lettering), instead of type
    where: tuple[tuple[str, str, int], ...] = ()  # key → the style file and line of its value, for messages

    def place(self, key: str, default: str) -> tuple[str, int | None]:
        """The style file and line where `key` is given (`default`, no line, when not known)."""
        return next(((file, line) for k, file, line in self.where if k == key), (default, None))


@dataclass(frozen=True, slots=True)
class FolioStyle:
    font: str
    size: float
    lines: int


@dataclass(frozen=True, slots=True)
class RuleStyle:
    column: float
    story: float
    heavy: float
    photo: float = 0.0  # a thin frame around photos (0: none)


@dataclass(frozen=True, slots=True)
class PrintSpec:
    """What the plant asked for (from the paper style)."""

    standard: str = "x1a"  # x1a | x4
    condition: str = "IFRA26"  # OutputConditionIdentifier (ICC registry name)
    condition_info: str = "ISO 12647-3 newspaper coldset, ISOnewspaper26v4"
    registry: str = "http://www.color.org"
    profile: str | None = None  # path of a CMYK ICC profile to embed as DestOutputProfile
    page_name: str = "{date:%Y%m%d}-{page:02d}.pdf"  # per-page file name pattern
    tac: float = 240.0  # total area coverage limit, percent
    bleed: float = 8.503937  # pt (3 mm)
    crop_marks: bool = False
    min_ppi: float = 100.0  # a photo below this resolution at its placed size is an error
    warn_ppi: float = 150.0  # below this, a warning
    target_ppi: float = 200.0  # photos above it (× 1.25) are resampled to it: 2 × a 100 lpi (40 l/cm) screen
    jpeg_quality: int = 80  # docs/print.md: what it costs and why it is invisible on newsprint
    spot_colours: bool = False  # advertisements may bring spot colours (Separation/DeviceN) only if true
    ads_pdfx: bool = False  # with --final, an ad without PDF/X identification is an error (else a warning)


@dataclass(frozen=True, slots=True)
class PaperStyle:
    name: str
    path: str
    trim: tuple[float, float]  # width, height in pt
    grid: Grid
    catalogue: str  # path of the font catalogue
    paragraphs: ParagraphStyles
    headline: HeadlineStyle
    masthead: MastheadStyle
    folio: FolioStyle
    rules: RuleStyle
    print: PrintSpec
    region: Region = Region.CN  # punctuation glyphs, compression and quotation marks (docs/text-engine.md §13)
    convert: str = ""  # OpenCC configuration articles are converted with (s2tw, s2twp, s2hk, s2t; "": none)
    convert_keep: tuple[str, ...] = ()  # phrases the conversion leaves as written
