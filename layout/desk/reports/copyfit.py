"""Plain-text reports: the copyfit table of `layout check`."""

from __future__ import annotations

from collections.abc import Mapping

from layout.errors import escape_controls
from layout.model.article import Article
from layout.model.flow import StoryFit, TablePlacement
from layout.run.overset import grid_lines, overset_words

LEGEND = ("text lines are summed over a box's columns (one grid line of a 4-column box is 4 text lines); "
          "±grid is the grid lines (`lines:` in the plan) the box has to spare (+) or lacks (−)")


def copyfit_table(fits: tuple[StoryFit, ...], articles: Mapping[str, Article] | None = None) -> str:
    """Per story and box: characters set, text lines used and available, surplus (+) or shortfall (−) in text
    lines, grid lines and characters; with the articles, each story's `source:` (metadata, never printed on
    the page)."""
    head = (f"{'story':<12} {'box':<22} {'page':>4} {'chars':>6} {'text lines':>10} {'avail':>6} "
            f"{'±text':>6} {'±grid':>6} {'±chars':>7}")
    rows = [head, "-" * len(head)]
    for fit in fits:
        for i, b in enumerate(fit.boxes):
            spare = b.capacity - b.used
            rows.append(f"{fit.story if i == 0 else '':<12} {b.box:<22} {b.page:>4} {b.chars:>6} {b.used:>10} "
                        f"{b.capacity:>6} {spare:>+6} {grid_lines(spare, b.columns):>+6} {spare * b.line_chars:>+7}")
        rows.append(f"{'':<12} {_summary(fit, articles)}")
    rows.append(LEGEND)
    return "\n".join(rows)


def table_report(tables: tuple[TablePlacement, ...]) -> str:
    """Per table box: the rows it sets, column by column."""
    rows = []
    for p in tables:
        counts = [c for _first, c in p.column_rows]
        rows.append(f"table {escape_controls(p.table)}: {sum(counts)} rows in box '{p.box}' on page {p.page} "
                    f"({' + '.join(map(str, counts))} in its text columns)")
    return "\n".join(rows)
def _summary(fit: StoryFit, articles: Mapping[str, Article] | None) -> str:
    needed = sum(b.used for b in fit.boxes) + fit.overset_lines
    avail = sum(b.capacity for b in fit.boxes)
    if fit.overset_chars:
        status = f"OVERSET: {overset_words(fit)} left after '{fit.boxes[-1].box}', stopped at “{fit.stopped_at}…”"
    else:
        status = "fits"
    jumps = ", ".join(f"{a}→{b}" for a, b in fit.jumps)
    article = (articles or {}).get(fit.story)
    source = article.source if article is not None else ""
    return (f"{fit.chars} characters, {needed} text lines needed of {avail}; {status}"
            + (f"; jumps {jumps}" if jumps else "") + (f"; source {escape_controls(source)}" if source else ""))
