"""The page plan (`edition.yaml`), resolved to page coordinates (data only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from layout.model.article import Article
from layout.model.paper import PaperStyle
from layout.model.table import TableRef
from layout.model.where import Where as Where  # re-exported: most callers know it from here

if TYPE_CHECKING:
    from layout.errors import Diagnostic


@dataclass(frozen=True, slots=True)
class Rect:
    """pt, from the trim's top-left corner, y growing downwards."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect, tolerance: float = 0.5) -> bool:
        return (self.x + tolerance < other.right and other.x + tolerance < self.right
                and self.y + tolerance < other.bottom and other.y + tolerance < self.bottom)


@dataclass(frozen=True, slots=True)
class ImageRef:
    article: str | None  # the article whose `photos:` entry gives caption and credit
    photo: str | None  # photo id in that article
    file: str | None  # image file, relative to the edition folder
    caption: str
    credit: str
    placeholder: bool  # draw a marked grey box instead of a picture
    focus: tuple[float, float] = (0.5, 0.5)  # the point of the picture to keep when it is cropped to fill
    fit: bool = False  # show the whole picture inside the box (letterboxed) instead of filling it
    root: str = ""  # the folder `file` is relative to, when not the edition's own (a zone's base pages)


@dataclass(frozen=True, slots=True)
class Booking:
    """One line of the edition's ad list (`ads.yaml`, or `ads:` in edition.yaml)."""

    id: str  # the booking system's id
    advertiser: str
    columns: int  # booked width in basic columns
    height: float  # booked height, pt
    page: int  # the page it is booked on
    file: str | None  # the advertiser's PDF, relative to the edition folder (None: not yet delivered)
    where: Where

    @property
    def size(self) -> str:
        return f"{self.columns}栏 × {self.height * 25.4 / 72:g}mm"


@dataclass(frozen=True, slots=True)
class AdRef:
    """An advertisement box: the advertiser's PDF, placed unchanged (or scaled into the box with `fit`)."""

    file: str | None  # relative to the edition folder; None when the booked file has not arrived
    page: int = 1  # page of the advertiser's PDF
    fit: bool = False
    booking: Booking | None = None
    missing: bool = False  # the booked file is not there (yet): a placeholder, an error with --final
    root: str = ""  # the folder `file` is relative to, when not the edition's own (a zone's base pages)

    def folder(self, edition_folder: str) -> str:
        return self.root or edition_folder


@dataclass(frozen=True, slots=True)
class Inset:
    """A photo set into a story box: it takes `lines` grid lines of `span` text columns, at the top or
    the bottom, left or right; the columns it crosses get shorter (the L-shaped story)."""

    image: ImageRef
    span: int  # text columns crossed
    lines: int  # grid lines taken, caption included
    top: bool
    left: bool


@dataclass(frozen=True, slots=True)
class GridPlace:
    """A box placed on the grid (`at: {col, span, line, lines}`), the plan's own 1-based numbers as written
    (on a mapped grid, the plan's grid, not the drawing grid)."""

    col: int
    span: int
    line: int
    lines: int


@dataclass(frozen=True, slots=True)
class LengthPlace:
    """A box placed in lengths from the trim's top-left (`at: {x, y, width, height}`), each as written
    (`"20mm"`, or a number of pt), and the unit its width was written in."""

    x: str
    y: str
    width: str
    height: str
    unit: str


Place = GridPlace | LengthPlace


@dataclass(frozen=True, slots=True)
class _Box:
    """What every box has: its name, its rectangle, where the plan places it, and its place as written."""

    name: str
    rect: Rect
    where: Where
    place: Place

    @property
    def grid(self) -> GridPlace | None:
        return self.place if isinstance(self.place, GridPlace) else None


@dataclass(frozen=True, slots=True)
class MastheadBox(_Box):
    kind: ClassVar[str] = "masthead"


@dataclass(frozen=True, slots=True)
class StoryBox(_Box):
    """A box a story's text flows through (or starts in, with its headline block when `head`)."""

    kind: ClassVar[str] = "story"
    story: str  # the article slug
    columns: int = 1  # text columns
    head: bool = False  # the headline block sits at the top of this box
    jump_title: str = ""  # shortened 主题 for this part's continuation head
    vertical: bool = False  # vertical text (竖排)
    tcy_digits: int = 2  # vertical: numbers of up to this many digits set 纵中横 (2, or 3 by option)
    inset: Inset | None = None  # a photo the text flows around
    frame: bool = False  # a boxed story: a frame, text inset by one character and one grid line
    column_rules: bool = False  # thin rules in the gutters between its text columns

    def inset_columns(self) -> range:
        """Indices of the text columns the inset crosses."""
        if self.inset is None:
            return range(0)
        return range(self.inset.span) if self.inset.left else range(self.columns - self.inset.span, self.columns)


@dataclass(frozen=True, slots=True)
class HeadlineBox(_Box):
    """A story's headline block on its own (beside its text, or a 竖题 when vertical)."""

    kind: ClassVar[str] = "headline"
    story: str  # the article slug
    vertical: bool = False  # a 竖题: the headline in vertical lines
    head_order: str = ""  # vertical: "right-to-left" or "left-to-right" columns; "": by the page


@dataclass(frozen=True, slots=True)
class ImageBox(_Box):
    kind: ClassVar[str] = "image"
    image: ImageRef


@dataclass(frozen=True, slots=True)
class RuleBox(_Box):
    kind: ClassVar[str] = "rule"
    vertical: bool = False  # a vertical rule down the box's middle (else a horizontal one)


@dataclass(frozen=True, slots=True)
class AdBox(_Box):
    kind: ClassVar[str] = "ad"
    ad: AdRef  # the advertiser's PDF


@dataclass(frozen=True, slots=True)
class TableBox(_Box):
    kind: ClassVar[str] = "table"
    table: TableRef  # the data file and the table's look
    columns: int = 1  # text columns: the rows run down each in turn


Box = MastheadBox | StoryBox | HeadlineBox | ImageBox | RuleBox | AdBox | TableBox
"""A box of a page plan: one type per kind, told apart with `match` (or `isinstance` for one kind)."""
HeadBox = StoryBox | HeadlineBox
"""A box that can carry a story's headline block."""


def photos(box: Box) -> tuple[ImageRef, ...]:
    """The photos a box shows: an image box's, a story box's inset."""
    match box:
        case ImageBox(image=image):
            return (image,)
        case StoryBox(inset=Inset(image=image)):
            return (image,)
    return ()


@dataclass(frozen=True, slots=True)
class PagePlan:
    number: int
    section: str
    editors: str
    boxes: tuple[Box, ...]
    where: Where
    folio_name: str = ""  # the paper's name in this page's 报眉 (a zone's own pages); "" = the masthead name


@dataclass(frozen=True, slots=True)
class Zone:
    """A zoned edition (地方版) of a family: its code (in its page files' names), its name and its page count,
    as its base's `zones:` lists it (docs/zones.md)."""

    code: str
    name: str
    pages_total: int
    where: Where


@dataclass(frozen=True, slots=True)
class Edition:
    folder: str
    file: str  # path of edition.yaml
    style: PaperStyle
    date: dt.date
    issue: int
    pages_total: int  # printed in the masthead (今日12版): the edition's, not this file's
    pages_note: str  # the bracket after 今日N版 as typed (pages_note:), or ""; compose counts it from the zones
    pages: tuple[PagePlan, ...]
    articles: dict[str, Article]
    bookings: tuple[Booking, ...] = ()  # the ad list (ads.yaml), in its order
    zones: tuple[Zone, ...] = ()  # the zoned editions built on this one (its `zones:`)
    zone: Zone | None = None  # a zone: which one it is; None for a main edition
    base: Edition | None = None  # a zone: its base edition, loaded from the base's own folder
    notes: tuple[Diagnostic, ...] = ()  # what loading changed on purpose (quotation marks of another region)
