"""The text stage: normalise, then break paragraphs into justified lines by the Chinese rules.

Pure code: no pages, boxes, ReportLab or font files — fonts are seen only through `Metrics`.
"""

from __future__ import annotations

from functools import lru_cache

from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Metrics
from layout.text.breaker import break_units
from layout.text.normalize import normalize
from layout.text.units import Unit, make_units

__all__ = ["break_paragraph", "normalize"]


@lru_cache(maxsize=4096)
def _units(text: str, start: int, size: float, metrics: Metrics, style: TextStyle) -> tuple[Unit, ...]:
    return tuple(make_units(text, start, size, metrics, style.punctuation))


@lru_cache(maxsize=16384)
def break_paragraph(text: str, style: TextStyle, measure: float, metrics: Metrics, *,
                    start: int = 0, first_indent: bool = True) -> BrokenParagraph:
    """Break text[start:] into lines `measure` pt wide. Glyph.src and Line.start/end index the full text.

    Cached by (text, style, measure, metrics, start, first_indent): re-rendering after a plan change
    re-breaks only paragraphs whose measure changed."""
    units = list(_units(text, start, style.size, metrics, style))
    if not units:
        return BrokenParagraph(())
    return break_units(text, units, style, measure, first_indent)
