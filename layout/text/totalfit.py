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
from itertools import accumulate, pairwise
from operator import attrgetter, sub

from layout.text.classes import C
from layout.text.items import EPS, Extent, Items

LOOSE = 1e5  # a line that needs more stretch than its gaps may give
SOFT_BREAK = 50.0  # a break inside a word (hyphen) or a number range
DASH_START = 3e3  # ——/…… opening a line
LONE_LAST = 5e3  # a last line of one character
WORD_SPACE_ROOM, GAP_ROOM, LETTER_ROOM = 0.25, 0.5, 0.05  # em each may grow before a line is loose
_url, _soft = attrgetter("url"), attrgetter("soft")


def wanted(items: Items) -> bool:
    """Is total fit worth it: does the paragraph hold a URL part, or a word or number it may break inside?"""
    return any(map(_url, items.units)) or any(map(_soft, items.units))


def word_spaces(items: Items) -> list[int]:
    """Running count of the spaces between two Latin boxes: [k] counts those before box k."""
    units = items.units
    flags = [0] * len(units)
    for i in range(1, len(units) - 1):
        if units[i].space and units[i - 1].latin and units[i + 1].latin:
            flags[i] = 1
    return list(accumulate(flags, initial=0))


def _room(items: Items, s: int, e: int, line: Extent, letters: int, words_run: Sequence[int]) -> float:
    """What boxes s..e (`line`: their extent, ended there) may stretch before they are loose (pt)."""
    size = items.params.size
    words = words_run[e] - words_run[s + 1] if e > s + 1 else 0  # word spaces between boxes s and e
    gaps = max(0, items.stretchable(s, e) - 2 * words)
    return line.stretch + (words * WORD_SPACE_ROOM + gaps * GAP_ROOM + letters * LETTER_ROOM) * size


def line_cost(items: Items, s: int, e: int, avail: float, last: bool, words_run: Sequence[int]) -> float | None:
    """The cost of boxes s..e as one line `avail` pt wide (None: they do not fit, even compressed);
    `words_run` is `word_spaces(items)`."""
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
    letters = items.letters(s, e)
    bound = line.stretch + ((e - s) * GAP_ROOM + letters * LETTER_ROOM) * items.params.size
    # (no gap may give more than GAP_ROOM)
    room = _room(items, s, e, line, letters, words_run) if slack <= bound + EPS else bound
    if slack > room + EPS:
        return cost + LOOSE + slack ** 2  # squared: two lines a little loose beat one very loose
    return cost + 100 * (slack / room) ** 3 if room > EPS else cost + LOOSE + slack ** 2


def _starts(items: Items) -> list[int]:
    """[k]: the first box at or after box k that is not a space (n if none): where the line after a break
    at box k - 1 starts (spaces and a forced break are dropped)."""
    units = items.units
    at = [len(units)] * (len(units) + 1)
    for k in range(len(units) - 1, -1, -1):
        at[k] = at[k + 1] if units[k].space else k
    return at


def total_fit(items: Items, width: float, indent: float) -> list[tuple[int, int]] | None:
    """The cheapest lines (first box, last box) for the paragraph, or None if some stretch of it has no
    line that fits (a unit wider than the line: first fit cuts it)."""
    n = len(items.units)
    starts = _starts(items)
    first = starts[0]
    tight = _tight(items)
    words_run = word_spaces(items)
    best: dict[int, tuple[float, int, int]] = {first: (0.0, -1, -1)}  # line start → (cost, previous start, its end)
    todo = [first]
    while todo:
        s = heapq.heappop(todo)
        for e, cost in _lines_from(items, s, width - (indent if s == first else 0.0), tight, words_run, starts):
            nxt = starts[e + 1]
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


def _lines_from(items: Items, s: int, avail: float, tight: Sequence[float] | None, words_run: Sequence[int],
                starts: Sequence[int]) -> list[tuple[int, float]]:
    """(last box, cost) of the lines that may start at box s: those that are not loose, or all of them when
    every one is (a loose line is never chosen where a line from the same start need not be).

    Lines are tried from the longest that may fit down, and the search stops at the first loose one after
    one that is not; with
    `tight` (the running natural width less shrink, when it never decreases) the longest is found by
    bisection, so a start costs a few lines instead of every shorter one. (`words_run`: `word_spaces`,
    `starts`: `_starts` of the items.)"""
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
        ragged = starts[e + 1] >= n or (e + 1 < n and units[e + 1].forced)
        cost = line_cost(items, s, e, avail, ragged, words_run)
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
