"""How much an overset story lacks, said in both kinds of line: text lines at the box's measure, and the grid
lines a box must grow by (docs/errors.md). Used by the pipeline's overset message and the desk's reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from layout.errors import OVERSET_CODES, Diagnostic, Level
from layout.model.flow import StoryFit


def grid_lines(text_lines: int, columns: int) -> int:
    """Text lines over `columns` columns as grid lines, rounded away from zero for a shortfall (−3 text lines
    over 2 columns need 2 more grid lines) and down for a surplus (+3 over 2 spare 1)."""
    columns = max(1, columns)
    return text_lines // columns if text_lines >= 0 else -((-text_lines + columns - 1) // columns)


def overset_words(fit: StoryFit) -> str:
    """`77 characters (6 text lines: +2 grid lines or more)`: what an overset story lacks, in both kinds of line
    (text lines at the last box's measure over its columns; "or more" as keeping lines together may need one)."""
    columns = fit.boxes[-1].columns if fit.boxes else 1
    return (f"{fit.overset_chars} characters ({fit.overset_lines} text lines: "
            f"+{-grid_lines(-fit.overset_lines, columns)} grid lines or more)")


def overset_severity(diags: Iterable[Diagnostic], allow_overset: bool) -> list[Diagnostic]:
    """One severity for overset everywhere (issue 30): text or a headline left over is an error, as `render`
    raises it, unless `--allow-overset` makes it a warning, as `render` then reports it. `layout check` lays the
    edition out with overset allowed (to show the whole copyfit) and reports its findings through this, in
    text and in --json alike."""
    return [d if allow_overset or d.code not in OVERSET_CODES else replace(d, level=Level.ERROR) for d in diags]
