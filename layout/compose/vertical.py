"""Vertical lines as text runs: each upright character in the font's vertical forms (font key `KEY~v`) at
its own cell on the column axis, a 纵中横 number horizontal and centred in its cell, a Latin word or long
number turned 90° clockwise. Runs come in reading order (the lines as flow placed them: right to left,
tier by tier; down each line), so the PDF's text extracts in that order."""

from __future__ import annotations

from collections.abc import Callable

from layout.compose.runs import ASCENT, GETA
from layout.fonts.vertical import vertical_key
from layout.model.head import HeadBlock
from layout.model.page import TextRun
from layout.model.plan import Box, HeadlineBox, Rect, StoryBox
from layout.model.text import Glyph, Line, Metrics
from layout.text.vertical import Cell, Orient, VerticalMetrics, cells

CENTRE = ASCENT - 0.5  # em: the em box's middle above the baseline (CJK fonts: -0.12 .. 0.88)
CORNER = str.maketrans("“”‘’", "「」『』")  # a style's `corner_quotes`: quotation marks as corner brackets


def _real_advance(ch: str, metrics: Metrics) -> float:
    """The glyph's own width, em (a vertical metrics' ½-em digit is set in its real glyph)."""
    base = getattr(metrics, "base", metrics)
    found = base.lookup(ch)
    return found[1] if found else 1.0


def _font(g: Glyph, metrics: Metrics) -> tuple[str, str]:
    if g.font:
        return g.text, g.font
    found = metrics.lookup(GETA)  # no font has it (allowed with --allow-missing-glyphs)
    return GETA, found[0] if found else ""


def _upright(g: Glyph, axis: float, top: float, size: float, metrics: Metrics, corner: bool) -> TextRun:
    ch, font = _font(g, metrics)
    if corner:
        ch = ch.translate(CORNER)
    width = _real_advance(ch, metrics) * size
    return TextRun(axis - width / 2, top + g.x + ASCENT * size, ch, vertical_key(font), size)


def _turned(g: Glyph, axis: float, top: float, size: float, metrics: Metrics) -> TextRun:
    ch, font = _font(g, metrics)
    room = (metrics.lookup(ch) or ("", 1.0))[1]  # what the breaker gave it down the column
    real = _real_advance(ch, metrics)
    scale = min(1.0, room / real) if real > 0 else 1.0
    return TextRun(axis - CENTRE * size, top + g.x, ch, font, size, turned=True, scale=round(scale, 4))


def _tcy(cell: Cell, axis: float, top: float, size: float, metrics: Metrics) -> TextRun:
    """The digits side by side, squeezed to at most 1 em, centred on the axis and in their cell."""
    glyphs = cell.glyphs
    text = "".join(g.text for g in glyphs)
    width = sum(_real_advance(g.text, metrics) for g in glyphs) * size
    scale = min(1.0, size / width) if width > 0 else 1.0
    middle = top + glyphs[0].x + size / 2  # the breaker gave the number one em (`units._latin_run`)
    return TextRun(axis - width * scale / 2, middle + CENTRE * size, text, glyphs[0].font, size,
                   scale=round(scale, 4))


def vertical_runs(line: Line, x: float, top: float, pitch: float, size: float, metrics: Metrics,
                  corner: bool = False) -> list[TextRun]:
    """A vertical line whose column's left edge is `x` (one grid line `pitch` wide) and whose top is `top`;
    `corner`: quotation marks drawn as 「」『』."""
    return runs_on_axis(line, x + pitch / 2, top, size, metrics, corner)


def head_order(box: HeadlineBox, boxes: tuple[Box, ...]) -> bool:
    """Does a 竖题 read left to right? As its `head_order` says; else when its story's box on the page stands
    to its right (the 副题 next to the story), otherwise right to left."""
    if box.head_order:
        return box.head_order == "left-to-right"
    centre = box.rect.x + box.rect.w / 2
    return any(isinstance(b, StoryBox) and b.story == box.story and b.rect.x + b.rect.w / 2 > centre for b in boxes)


def vertical_head_runs(block: HeadBlock, at: Rect, metrics_for: Callable[[str], Metrics],
                       left_to_right: bool) -> list[TextRun]:
    """A 竖题: the block's lines as columns, centred across the box, in the order the page reads them; each
    column's glyphs from the box's top (the breaker centred them in the box's height)."""
    if not block.lines:
        return []
    axes = [hl.baseline - CENTRE * hl.size for hl in block.lines]  # each line's middle, from the block's start
    lo = min(a - hl.size / 2 for a, hl in zip(axes, block.lines, strict=True))
    hi = max(a + hl.size / 2 for a, hl in zip(axes, block.lines, strict=True))
    shift = (at.w - (hi - lo)) / 2 - lo
    out: list[TextRun] = []
    for axis, hl in zip(axes, block.lines, strict=True):
        x = at.x + shift + axis if left_to_right else at.right - shift - axis
        out += runs_on_axis(hl.line, x, at.y, hl.size, VerticalMetrics(metrics_for(hl.font)))
    return out


def runs_on_axis(line: Line, axis: float, top: float, size: float, metrics: Metrics,
                 corner: bool = False) -> list[TextRun]:
    """A vertical line on the column axis `axis` whose top is `top`."""
    out: list[TextRun] = []
    for cell in cells(line, getattr(metrics, "tcy_digits", 2)):
        if cell.orient is Orient.TCY:
            out.append(_tcy(cell, axis, top, size, metrics))
        elif cell.orient is Orient.TURNED:
            out.append(_turned(cell.glyphs[0], axis, top, size, metrics))
        else:
            out.append(_upright(cell.glyphs[0], axis, top, size, metrics, corner))
    return out
