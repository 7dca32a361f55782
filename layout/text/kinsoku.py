"""禁则 (clreq 3.1.7): which classes may not start or end a line, by level. Pure functions."""

from __future__ import annotations

from layout.model.style import Kinsoku
from layout.text.classes import C

# Not at line start (typography.md §3): pause/stop marks, closing brackets, middle dots, postfixed
# symbols, iteration marks. `strict` also keeps dividing marks (——, ……) off the line start.
NOT_START: dict[Kinsoku, frozenset[C]] = {
    Kinsoku.LOOSE: frozenset({C.PAUSE, C.CLOSE}),
    Kinsoku.NORMAL: frozenset({C.PAUSE, C.CLOSE, C.MIDDLE, C.POSTFIX, C.ITER}),
    Kinsoku.STRICT: frozenset({C.PAUSE, C.CLOSE, C.MIDDLE, C.POSTFIX, C.ITER, C.DIVIDE}),
}
# Not at line end: opening brackets, prefixed symbols.
NOT_END: dict[Kinsoku, frozenset[C]] = {
    Kinsoku.LOOSE: frozenset({C.OPEN}),
    Kinsoku.NORMAL: frozenset({C.OPEN, C.PREFIX}),
    Kinsoku.STRICT: frozenset({C.OPEN, C.PREFIX}),
}


def may_break(before: C, after: C, level: Kinsoku) -> bool:
    """May a line end after a unit ending in class `before` and the next start with `after`?"""
    return before not in NOT_END[level] and after not in NOT_START[level]
