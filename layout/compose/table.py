"""A table box as drawable items: its texts as runs (glyphs where flow put them, in their colour) and its
rules. Nothing is measured or placed here."""

from __future__ import annotations

from collections.abc import Callable

from layout.compose.runs import runs_for_glyphs
from layout.model.flow import TablePlacement
from layout.model.page import Drawing, RuleItem, TextRun
from layout.model.text import Metrics

BLACK = (0.0, 0.0, 0.0, 1.0)


def table_drawing(placed: TablePlacement, metrics_for: Callable[[str], Metrics]) -> Drawing:
    out = Drawing()
    for piece in placed.texts:
        runs = runs_for_glyphs(piece.glyphs, piece.x, piece.y, piece.size, metrics_for(piece.role))
        if piece.colour != BLACK:
            runs = [TextRun(r.x, r.y, r.text, r.font, r.size, r.char_space, piece.colour) for r in runs]
        out.texts += runs
    out.rules += [RuleItem(r.x1, r.y1, r.x2, r.y2, r.width) for r in placed.rules]
    return out
