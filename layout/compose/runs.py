"""Turn positioned glyphs into text runs (font, size, baseline, constant extra spacing)."""

from __future__ import annotations

from collections.abc import Iterable

from layout.model.page import TextRun
from layout.model.text import Glyph, Line, Metrics

EPS = 1e-4
GETA = "〓"  # drawn in place of a character that no font has
# CJK fonts put the ideographic em box from -0.12 em to 0.88 em around the baseline.
ASCENT = 0.88


def baseline_in(top: float, pitch: float, size: float) -> float:
    """Baseline of text of `size` centred in a grid line of `pitch` whose top is at `top`."""
    return top + (pitch - size) / 2 + ASCENT * size


def text_width(text: str, size: float, metrics: Metrics) -> float:
    return sum(_advance(ch, metrics) for ch in text) * size


def _advance(ch: str, metrics: Metrics) -> float:
    found = metrics.lookup(ch)
    return found[1] if found else 1.0


def runs_for_text(text: str, x: float, y: float, size: float, metrics: Metrics,
                  tracking: float = 0.0) -> list[TextRun]:
    """Set `text` at natural advances (plus `tracking` pt after each glyph) from x on baseline y."""
    glyphs: list[Glyph] = []
    pos = 0.0
    for i, ch in enumerate(text):
        found = metrics.lookup(ch) or metrics.lookup(GETA)
        font, adv = found if found else ("", 1.0)
        if not ch.isspace():
            glyphs.append(Glyph(ch, pos, font, i))
        pos += adv * size + tracking
    return runs_for_glyphs(glyphs, x, y, size, metrics)


def runs_for_line(line: Line, x: float, y: float, size: float, metrics: Metrics) -> list[TextRun]:
    return runs_for_glyphs(line.glyphs, x, y, size, metrics)


def runs_for_glyphs(glyphs: Iterable[Glyph], x: float, y: float, size: float, metrics: Metrics) -> list[TextRun]:
    """Group glyphs into runs set at their natural advances; every other glyph starts a run of its own.

    Spacing is never left to the PDF's character spacing (Tc): ReportLab splits a string across font
    subsets into several Tj operators, and readers disagree on whether Tc follows the last glyph of a
    Tj. Explicit positions read the same everywhere."""
    runs: list[TextRun] = []
    cur: list[Glyph] = []

    def flush() -> None:
        if cur:
            runs.append(TextRun(x + cur[0].x, y, "".join(g.text for g in cur), cur[0].font, size))

    prev_end = 0.0
    for g in glyphs:
        if g.text.isspace():
            continue
        if not g.font:  # no font has it (allowed with --allow-missing-glyphs): draw the geta mark 〓
            found = metrics.lookup(GETA)
            g = Glyph(GETA, g.x, found[0] if found else "", g.src)
        adv = _advance(g.text, metrics) * size
        if cur and g.font == cur[0].font:
            gap = g.x - prev_end
            if abs(gap) < EPS:
                cur.append(g)
                prev_end = g.x + adv
                continue
        flush()
        cur = [g]
        prev_end = g.x + adv
    flush()
    return runs
