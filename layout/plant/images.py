"""Naming the images of a page from the layout: which photo of which box an image the preflight finds is
(`placed_images` from the composed pages and the figures flow placed)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from layout.model.flow import FigurePlacement
from layout.model.page import Page


@dataclass(frozen=True, slots=True)
class PlacedImage:
    """An image the renderer placed, as the edition knows it: its rectangle (pt from the trim's top-left, y
    down) and what a message calls it (the image file and the plan box it fills)."""

    x: float
    y: float
    w: float
    h: float
    label: str


PlacedImages = Sequence[Sequence[PlacedImage]]  # per page of a PDF file (index 0 = its first page)
Namer = Callable[[str, list[float]], str]


def placed_images(pages: Iterable[Page], figures: Iterable[FigurePlacement]) -> dict[int, tuple[PlacedImage, ...]]:
    """Page number → the images drawn on it, each named by its file and the box (with its file:line:col) it
    fills; an image no box places (the masthead logo) is named by its file."""
    by_rect = {(f.page, round(f.photo.x, 1), round(f.photo.y, 1)): f for f in figures}
    out: dict[int, tuple[PlacedImage, ...]] = {}
    for page in pages:
        found = []
        for item in page.images:
            if item.file is None:
                continue
            fig = by_rect.get((page.number, round(item.x, 1), round(item.y, 1)))
            name = fig.image.file if fig is not None and fig.image.file else Path(item.file).name
            label = f"'{name}'" if fig is None else (f"'{name}' in box '{fig.box}' "
                                                      f"({fig.where.file}:{fig.where.line}:{fig.where.col})")
            found.append(PlacedImage(item.x, item.y, item.w, item.h, label))
        out[page.number] = tuple(found)
    return out


def _namer(placed: Sequence[PlacedImage], trim: tuple[float, ...] | None) -> Namer:
    """An image XObject as drawn (its name, the CTM at `Do`) → the label of the placed image it lies in."""

    def name(xobject: str, ctm: list[float]) -> str:
        if trim is None or not placed:
            return xobject
        x, top = ctm[4] - trim[0], trim[3] - (ctm[5] + ctm[3])
        for p in placed:
            inside_x = p.x - 0.5 <= x and x + ctm[0] <= p.x + p.w + 0.5
            if inside_x and p.y - 0.5 <= top and top + ctm[3] <= p.y + p.h + 0.5:
                return p.label
        return xobject

    return name
