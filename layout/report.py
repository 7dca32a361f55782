"""Plain-text reports: the copyfit table of `layout check`."""

from __future__ import annotations

from layout.model.flow import StoryFit


def copyfit_table(fits: tuple[StoryFit, ...]) -> str:
    head = f"{'story':<12} {'box':<22} {'page':>4} {'chars':>6} {'lines':>6} {'avail':>6} {'±lines':>7}"
    rows = [head, "-" * len(head)]
    for fit in fits:
        for i, b in enumerate(fit.boxes):
            rows.append(f"{fit.story if i == 0 else '':<12} {b.box:<22} {b.page:>4} {b.chars:>6} {b.used:>6} "
                        f"{b.capacity:>6} {b.capacity - b.used:>+7}")
        status = "fits" if not fit.overset_chars else (
            f"OVERSET {fit.overset_chars} chars / {fit.overset_lines} lines, stopped at “{fit.stopped_at}…”")
        jumps = ", ".join(f"{a}→{b}" for a, b in fit.jumps)
        rows.append(f"{'':<12} total {fit.chars} chars; {status}" + (f"; jumps {jumps}" if jumps else ""))
    return "\n".join(rows)
