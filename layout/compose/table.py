"""A table box as drawable items: its texts as runs (glyphs where flow put them, in their colour) and its
rules. Nothing is measured or placed here."""

from __future__ import annotations

from collections.abc import Callable

from layout.compose.runs import GETA
from layout.model.flow import TablePlacement, TableText
from layout.model.page import Drawing, RuleItem, TextRun
from layout.model.text import Metrics

EPS = 1e-4


def table_drawing(placed: TablePlacement, metrics_for: Callable[[str], Metrics]) -> Drawing:
    out = Drawing()
    advances: dict[tuple[str, float], dict[str, float]] = {}
    for piece in placed.texts:
        metrics = metrics_for(piece.role)
        out.texts += piece_runs(piece, metrics, advances.setdefault((piece.role, piece.size), {}))
    out.rules += [RuleItem(r.x1, r.y1, r.x2, r.y2, r.width) for r in placed.rules]
    return out


def piece_runs(piece: TableText, metrics: Metrics, advance: dict[str, float]) -> list[TextRun]:
    """The piece's glyphs as text runs: a glyph that starts where the one before it ends (at its natural
    advance), in the same font, joins its run; a glyph without a font is drawn as 〓."""
    runs: list[TextRun] = []
    text: list[str] = []
    font, left, end = "", 0.0, 0.0
    x0, y, size, colour = piece.x, piece.y, piece.size, piece.colour
    for ch, gx, gfont, _src in piece.glyphs:
        if not gfont:
            found = metrics.lookup(GETA)
            ch, gfont = GETA, found[0] if found else ""
        adv = advance.get(ch)
        if adv is None:
            found = metrics.lookup(ch)
            adv = advance[ch] = (found[1] if found else 1.0) * size
        if text and gfont == font and abs(gx - end) < EPS:
            text.append(ch)
        else:
            if text:
                runs.append(TextRun(x0 + left, y, "".join(text), font, size, 0.0, colour))
            text, font, left = [ch], gfont, gx
        end = gx + adv
    if text:
        runs.append(TextRun(x0 + left, y, "".join(text), font, size, 0.0, colour))
    return runs
