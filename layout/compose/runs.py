"""Turn positioned glyphs into text runs (font, size, baseline, constant extra spacing)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

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


@lru_cache(maxsize=64)
def advance_table(metrics: Metrics, size: float) -> dict[str, float]:
    """The advance (pt) of each character met so far in one font chain at one size: filled as lines are
    composed, shared by every line set with those metrics (a pure function of the character)."""
    return {}


def runs_for_text(text: str, x: float, y: float, size: float, metrics: Metrics,
                  tracking: float = 0.0) -> list[TextRun]:
    """Set `text` at natural advances (plus `tracking` pt after each glyph) from x on baseline y."""
    glyphs: list[Glyph] = []
    pos = 0.0
    for i, ch in enumerate(text):
        found = metrics.lookup(ch)
        if found is None and not ch.isspace():  # no font has it (allowed with --allow-missing-glyphs)
            ch, found = GETA, metrics.lookup(GETA)
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
    text: list[str] = []
    font, left, prev_end = "", 0.0, 0.0
    advance = advance_table(metrics, size)
    for ch, gx, gfont, _src in glyphs:
        if ch.isspace():
            continue
        if not gfont:  # no font has it (allowed with --allow-missing-glyphs): draw the geta mark 〓
            found = metrics.lookup(GETA)
            ch, gfont = GETA, found[0] if found else ""
        adv = advance.get(ch)
        if adv is None:
            adv = advance[ch] = _advance(ch, metrics) * size
        if text and gfont == font and -EPS < gx - prev_end < EPS:
            text.append(ch)
        else:
            if text:
                runs.append(TextRun(x + left, y, "".join(text), font, size))
            text, font, left = [ch], gfont, gx
        prev_end = gx + adv
    if text:
        runs.append(TextRun(x + left, y, "".join(text), font, size))
    return runs
