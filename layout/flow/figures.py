"""Photos and their captions: a figure fills its rectangle on whole grid lines, the picture above, the
caption lines (broken by the text stage) under it."""

from __future__ import annotations

from layout.flow.paras import BreakFn
from layout.model.flow import FigurePlacement, SetLine
from layout.model.paper import PaperStyle
from layout.model.plan import Box, ImageRef, Rect
from layout.model.style import Role

CAPTION_GAP = 3.0  # pt between a photo and its caption's grid line


def place_figure(box: Box, page: int, ref: ImageRef, rect: Rect, style: PaperStyle, brk: BreakFn) -> FigurePlacement:
    pitch = style.grid.line
    caption = "　".join(p for p in (ref.caption, ref.credit) if p)
    cstyle = style.paragraphs.caption
    lines = brk(caption, cstyle, rect.w, 0, False).lines if caption else ()
    rows = round(rect.h / pitch)
    photo_rows = max(1, rows - len(lines))
    fitting = lines[: rows - photo_rows]  # a caption never runs below its box
    photo = Rect(rect.x, rect.y, rect.w, photo_rows * pitch - CAPTION_GAP)
    set_lines = tuple(SetLine(ln, cstyle, page, rect.x, rect.y + (photo_rows + k) * pitch, ref.article or "",
                              Role.CAPTION) for k, ln in enumerate(fitting))
    return FigurePlacement(box.name, box.where, page, ref, photo, set_lines, len(lines) - len(fitting))
