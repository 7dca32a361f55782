"""The text stage: normalise, then break paragraphs into justified lines by the Chinese rules.

Pure code: no pages, boxes, ReportLab or font files — fonts are seen only through `Metrics`. A paragraph
goes text → units (`units.py`) → items on running totals (`items.py`, asking the rules in `kinsoku.py`
and `spacing.py`) → lines (`breaker.py`) → positioned glyphs (`setter.py`).
"""

from __future__ import annotations

from functools import lru_cache

from layout.model.style import Align, TextStyle
from layout.model.text import BrokenParagraph, Line, Metrics, Problem, ProblemKind
from layout.text.breaker import Breaker
from layout.text.items import build_items
from layout.text.normalize import normalize
from layout.text.params import BreakParams, break_params
from layout.text.setter import set_line
from layout.text.totalfit import total_fit, wanted
from layout.text.units import Units, UnitSpec, char_table, lone_table, make_units

__all__ = ["BreakParams", "break_paragraph", "break_params", "normalize"]


class BreakParagraph:
    """`break_paragraph(text, style, measure, metrics, *, start=0, first_indent=True) -> BrokenParagraph`.

    Breaks text[start:] into lines `measure` pt wide; `Glyph.src` and `Line.start/end` index the full text.
    Cached by (text, `break_params(style)`, measure, metrics, start, first_indent, bold ranges and bold
    metrics): styles that differ only
    in what the breaker does not read (leading, font role — fonts come in as `metrics`) share entries, and
    a re-render after a plan change re-breaks only paragraphs whose measure changed."""

    def __call__(self, text: str, style: TextStyle, measure: float, metrics: Metrics, *, start: int = 0,
                 first_indent: bool = True, bold: tuple[tuple[int, int], ...] = (),
                 bold_metrics: Metrics | None = None) -> BrokenParagraph:
        """`bold`: text ranges set in `bold_metrics` (the bold face of the style's role)."""
        params = _params(style)
        spec = UnitSpec(params.size, metrics, params.punctuation, params.hyphenate, bold if bold_metrics else (),
                        bold_metrics if bold else None)
        return _broken(text, params, measure, spec, start, first_indent)

    @staticmethod
    def cache_clear() -> None:
        """Forget every broken paragraph, and what was learnt of texts and characters on the way."""
        _broken.cache_clear()
        _units.cache_clear()
        char_table.cache_clear()
        lone_table.cache_clear()


break_paragraph = BreakParagraph()
_params = lru_cache(maxsize=256)(break_params)


@lru_cache(maxsize=4096)
def _units(text: str, start: int, spec: UnitSpec) -> Units:
    return make_units(text, start, spec.size, spec.metrics, spec.punct, spec)


@lru_cache(maxsize=16384)
def _broken(text: str, params: BreakParams, measure: float, spec: UnitSpec, start: int,
            first_indent: bool) -> BrokenParagraph:
    units = _units(text, start, spec)
    return break_units(text, units, params, measure, first_indent) if units.units else BrokenParagraph(())


def break_units(text: str, units: Units, params: BreakParams, measure: float,
                first_indent: bool) -> BrokenParagraph:
    """Items, lines, glyphs: the uncached breaker (`units` not empty)."""
    indent = params.indent * params.size if first_indent and params.align is Align.JUSTIFY else 0.0
    breaker = Breaker(build_items(text, units, params), measure, indent)
    best = total_fit(breaker.items, measure, indent) if wanted(breaker.items) else None
    spans = best if best is not None else breaker.run()
    items = breaker.items  # with any unit that was cut for being wider than the line
    problems = breaker.problems
    lines: list[Line] = []
    for k, (s, e) in enumerate(spans):
        # a line's range runs to the next line's start, so dropped spaces stay accounted for
        end = items.units[spans[k + 1][0]].start if k + 1 < len(spans) else len(text)
        ragged = e + 1 < len(items.units) and items.next_forced[e + 1] == e + 1  # a forced break ends it
        lines.append(set_line(items, s, e, end, measure, indent if k == 0 else 0.0, k == len(spans) - 1, problems,
                              ragged))
    problems += [Problem(ProblemKind.MISSING_GLYPH, idx, f"no font has '{text[idx]}' (U+{ord(text[idx]):04X})")
                 for u in items.units for idx in u.missing]
    return BrokenParagraph(tuple(lines), tuple(problems))
