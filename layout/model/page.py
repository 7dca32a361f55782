"""The composed page tree: absolute positions of everything to draw (data only; no ReportLab).

Coordinates are pt from the trim's top-left corner, y growing downwards; `y` of a text run is its
baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TextRun:
    """Glyphs of one font and size on one baseline, drawn with a constant extra spacing."""

    x: float
    y: float  # baseline
    text: str
    font: str  # font key (see layout.fonts)
    size: float
    char_space: float = 0.0  # extra space after every glyph, pt (PDF Tc)
    colour: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)  # CMYK, 0..1 (black: K only)
    turned: bool = False  # vertical text: the run turned 90° clockwise, its baseline running down the page
    scale: float = 1.0  # horizontal scale of the glyphs (纵中横 squeezed into one em; rotated digits)

    def __reduce__(self) -> tuple[type[TextRun], tuple[Any, ...]]:
        """Pickled as its fields in order: a page sent to a drawing process carries ~3,000 runs, and the
        default (a dict of slots per run) took a fifth of the main process's time while pages are drawn."""
        return TextRun, (self.x, self.y, self.text, self.font, self.size, self.char_space, self.colour, self.turned,
                         self.scale)


@dataclass(frozen=True, slots=True)
class RuleItem:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    grey: float = 1.0  # K tint, 0..1


@dataclass(frozen=True, slots=True)
class ImageItem:
    x: float
    y: float  # top
    w: float
    h: float
    file: str | None  # None with a placeholder
    label: str  # shown on a placeholder
    focus: tuple[float, float] = (0.5, 0.5)  # point of the picture kept when cropping to fill
    fit: bool = False  # the whole picture, centred in the box, instead of filling it
    frame: float = 0.0  # width of a thin frame around the picture, pt (0: none)


@dataclass(frozen=True, slots=True)
class AdItem:
    """An advertiser's PDF page placed in a box (drawn after the page, as a form XObject), or the
    booking's placeholder when the file has not arrived."""

    x: float
    y: float  # top
    w: float
    h: float
    file: str | None  # the PDF; None: draw the placeholder
    page: int = 1  # page of the PDF
    fit: bool = False  # scaled proportionally into the box (else placed 1:1, centred)
    label: tuple[str, ...] = ()  # placeholder lines: booking id, advertiser, size


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 版次
    width: float
    height: float
    texts: tuple[TextRun, ...]
    rules: tuple[RuleItem, ...]
    images: tuple[ImageItem, ...]
    ads: tuple[AdItem, ...] = ()


@dataclass(slots=True)
class Drawing:
    """What a part of a page draws (the masthead, a 报眉, a figure), gathered while a page is composed."""

    texts: list[TextRun] = field(default_factory=list)
    rules: list[RuleItem] = field(default_factory=list)
    images: list[ImageItem] = field(default_factory=list)
    ads: list[AdItem] = field(default_factory=list)

    def add(self, other: Drawing) -> None:
        self.texts += other.texts
        self.rules += other.rules
        self.images += other.images
        self.ads += other.ads
