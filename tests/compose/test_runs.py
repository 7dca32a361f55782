"""Glyph runs (layout/compose/runs.py): glyphs at their natural advances make one run, whatever the size."""

from __future__ import annotations

from layout.compose.runs import advance_table, runs_for_glyphs
from layout.model.text import Glyph
from tests.support.squarefont import METRICS


def test_a_line_at_natural_advances_is_one_run_at_every_size_in_one_process() -> None:
    advance_table.cache_clear()
    font = (METRICS.lookup("中") or ("", 0.0))[0]
    for size in (10.0, 20.0, 10.0, 7.5):  # one metrics object, the advances kept per size
        glyphs = [Glyph(ch, k * size, font, k) for k, ch in enumerate("中文排版")]
        runs = runs_for_glyphs(glyphs, 5.0, 9.0, size, METRICS)
        assert [(r.text, r.x, r.size) for r in runs] == [("中文排版", 5.0, size)]
        spread = [Glyph(ch, k * size * 1.5, font, k) for k, ch in enumerate("中文")]
        assert [r.text for r in runs_for_glyphs(spread, 0.0, 0.0, size, METRICS)] == ["中", "文"]
