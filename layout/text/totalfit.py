"""Total-fit line breaking for paragraphs with URLs or breakable Latin words (docs/text-engine.md §5a).

First fit is right for Chinese on a grid: every ideograph is a break opportunity and a line short by one
character spreads by a fraction of a point. A URL part or a long word that does not fit is another matter:
first fit leaves a line short by several characters, and nothing later can help it. Here every legal way
of breaking the paragraph is weighed at once (Knuth–Plass, on the same items and `Items.measure`): a line's
cost grows with the share of its stretch it needs (cubed, as TeX's badness), a loose line (one that needs
more than its gaps may give, §6) costs far more, a break at a hyphenation point or in a number range
costs a little, ——/…… at a line start and a lone last character (孤字不成行) cost a lot. The cheapest
sequence wins; ties keep the earlier (first-fit-like) choice.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise
from operator import sub

from layout.text.classes import C
from layout.text.items import EPS, Items

LOOSE = 1e5  # a line that needs more stretch than its gaps may give
SOFT_BREAK = 50.0  # a break inside a word (hyphen) or a number range
DASH_START = 3e3  # ——/…… opening a line
LONE_LAST = 5e3  # a last line of one character
WORD_SPACE_ROOM, GAP_ROOM, LETTER_ROOM = 0.25, 0.5, 0.05  # em each may grow before a line is loose


def wanted(items: Items) -> bool:
    """Is total fit worth it: does the paragraph hold a URL part, or a word or number it may break inside?"""
    return any(u.url or u.soft for u in items.units)


def _room(items: Items, s: int, e: int) -> float:
    """What boxes s..e may stretch before they are loose (pt)."""
    size = items.params.size
    line = items.measure(s, e, True)
    units = items.units
    words = sum(1 for i in range(s + 1, e) if units[i].space and units[i - 1].latin and units[i + 1].latin)
    gaps = max(0, items.stretchable(s, e) - 2 * words)
    return line.stretch + (words * WORD_SPACE_ROOM + gaps * GAP_ROOM + items.letters(s, e) * LETTER_ROOM) * size


def line_cost(items: Items, s: int, e: int, avail: float, last: bool) -> float | None:
    """The cost of boxes s..e as one line `avail` pt wide (None: they do not fit, even compressed)."""
    line = items.measure(s, e, True)
    if line.natural - line.shrink > avail + EPS:
        return None
    units = items.units
    cost = SOFT_BREAK if units[e].soft and not last else 0.0
    if e + 1 < len(units) and units[e + 1].first is C.DIVIDE:
        cost += DASH_START
    if last:
        lone = [u for u in units[s:e + 1] if u.first not in (C.PAUSE, C.CLOSE) and not u.space]
        return cost + (LONE_LAST if len(lone) == 1 and len(lone[0].chars) == 1 and s > 0 else 0.0)
    slack = avail - line.natural
    if slack <= EPS:
        ratio = -slack / line.shrink if line.shrink > EPS else 0.0
        return cost + 10 * ratio ** 2  # pushed in: compressing punctuation is fine
    bound = line.stretch + ((e - s) * GAP_ROOM + items.letters(s, e) * LETTER_ROOM) * items.params.size
    room = _room(items, s, e) if slack <= bound + EPS else bound  # (no gap may give more than GAP_ROOM)
    if slack > room + EPS:
        return cost + LOOSE + slack ** 2  # squared: two lines a little loose beat one very loose
    return cost + 100 * (slack / room) ** 3 if room > EPS else cost + LOOSE + slack ** 2


def _start(items: Items, e: int) -> int:
    """The first box of the line after a break at e (spaces and a forced break are dropped)."""
    s = e + 1
    while s < len(items.units) and items.units[s].space:
        s += 1
    return s


def total_fit(items: Items, width: float, indent: float) -> list[tuple[int, int]] | None:
    """The cheapest lines (first box, last box) for the paragraph, or None if some stretch of it has no
    line that fits (a unit wider than the line: first fit cuts it)."""
    n = len(items.units)
    first = _start(items, -1)
    tight = _tight(items)
    best: dict[int, tuple[float, int, int]] = {first: (0.0, -1, -1)}  # line start → (cost, previous start, its end)
    todo = [first]
    while todo:
        s = heapq.heappop(todo)
        for e, cost in _lines_from(items, s, width - (indent if s == first else 0.0), tight):
            nxt = _start(items, e)
            total = best[s][0] + cost
            if nxt not in best or total < best[nxt][0] - EPS:
                if nxt not in best and nxt < n:
                    heapq.heappush(todo, nxt)
                best[nxt] = (total, s, e)
    if n not in best:
        return None
    lines: list[tuple[int, int]] = []
    at = n
    while at != first:
        _cost, s, e = best[at]
        lines.append((s, e))
        at = s
    return lines[::-1]


def _lines_from(items: Items, s: int, avail: float, tight: Sequence[float] | None) -> list[tuple[int, float]]:
    """(last box, cost) of the lines that may start at box s: those that are not loose, or all of them when
    every one is (a loose line is never chosen where a line from the same start need not be).

    Lines are tried from the longest that may fit down, and the search stops at the first loose one after
    one that is not; with
    `tight` (the running natural width less shrink, when it never decreases) the longest is found by
    bisection, so a start costs a few lines instead of every shorter one."""
    n = len(items.units)
    units = items.units
    limit = min(n, items.next_forced[s]) - 1
    top = limit
    if tight is not None:  # boxes s..e fit at most when tight[e + 1] - tight[s] - (glue - its shrink) ≤ avail
        room = tight[s] + items.glue[s] - items.glue_shrink[s] + avail + EPS
        top = min(limit, bisect_right(tight, room, s + 1) - 2)
    out: list[tuple[int, float]] = []
    loose: list[tuple[int, float]] = []
    for e in range(max(top, s), s - 1, -1):
        if units[e].space or not (e == limit or items.breaks[e]):
            continue
        ragged = _start(items, e) >= n or (e + 1 < n and units[e + 1].forced)
        cost = line_cost(items, s, e, avail, ragged)
        if cost is None:
            continue
        if cost < LOOSE:
            out.append((e, cost))
        elif out:
            if _before_url(items, e):
                out.append((e, cost))  # the URL whole on the next line may save a URL line left short
            break  # shorter lines are looser still
        else:
            loose.append((e, cost))
    return out or loose


def _before_url(items: Items, e: int) -> bool:
    """Does a URL start right after box e (a line ending here sets the URL's head on the next line)?"""
    units = items.units
    return e + 1 < len(units) and units[e + 1].url and not units[e + 1].rigid


def _tight(items: Items) -> list[float] | None:
    """Running natural width less shrink, if it never decreases (else None: lines are tried one by one)."""
    tight = list(map(sub, items.run_natural, items.run_shrink))
    return tight if all(a <= b + EPS for a, b in pairwise(tight)) else None
