"""禁则 (clreq 3.1.7, docs/text-engine.md §3): where a line may break, as data tables and one pure pair function.

The breaker knows no language: it asks `may_break` about the classes on either side of each gap once,
when the paragraph's items are built (`items.build_items`).
"""

from __future__ import annotations

from layout.model.style import Kinsoku
from layout.text.classes import C

# Not at line start (docs/text-engine.md §3): pause/stop marks, closing brackets, middle dots, postfixed
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
    """May a line end after a unit ending in class `before` when the next unit starts with `after`?

    A space on either side always allows it (§5a: Latin text breaks at spaces; the space is dropped at
    the break). Otherwise clreq 3.1.7: `before` may not be a line-end-prohibited class, `after` may not
    be a line-start-prohibited one. The tables are read at each call, so a patched table takes effect
    once the caches are cleared."""
    if before is C.SPACE or after is C.SPACE:
        return True
    return before not in NOT_END[level] and after not in NOT_START[level]
