"""The line breaker: greedy first fit over items, 禁则 by push-in (挤进) before push-out (推出), 孤字不成行.

It knows no language: where a line may end is `Items.breaks`, how wide a run of boxes is and how much it
may shrink is `Items.measure` (clreq 3.1.7, docs/text-engine.md §3). Lines come out as (first box, last box).
"""

from __future__ import annotations

from bisect import bisect_right

from layout.model.style import Align
from layout.model.text import Problem, ProblemKind
from layout.text.classes import C
from layout.text.items import EPS, Items
from layout.text.units import URL_BREAKS, Unit

PUSH_IN_MAX = 3  # at most this many units pushed into a line
URL_HEAD_MIN = 3  # a URL is started on a line only with at least this many characters
HYPHENS_IN_A_ROW = 2  # at most this many hyphenated lines one after the other (§5a)
LOOSE_FOR_HYPHEN = 0.25  # em per stretchable gap: a line this loose without hyphenating hyphenates

Span = tuple[int, int]  # a line: its first and last box


class Breaker:
    """Breaks one paragraph's items into lines `width` pt wide, the first `indent` pt narrower.

    `items` is replaced (never changed) when a unit wider than the line is cut; `problems` collects
    what could not be done by the rules."""

    def __init__(self, items: Items, width: float, indent: float) -> None:
        self.items = items
        self.width = width
        self.indent = indent
        self.problems: list[Problem] = []
        self.hyphens = 0  # hyphenated lines just before this one

    def run(self) -> list[Span]:
        lines: list[Span] = []
        s = 0
        while True:
            units = self.items.units
            while s < len(units) and units[s].space:
                s += 1
            if s >= len(units):
                break
            e = self.one_line(s, self.width - (self.indent if not lines else 0.0))
            lines.append((s, e))
            self.hyphens = self.hyphens + 1 if self.items.units[e].soft else 0
            s = e + 1
        return self.orphans(lines)

    def can_end(self, j: int) -> bool:
        """May the line end after box j: a legal break, and not a third hyphenated line in a row."""
        items = self.items
        return items.breaks[j] and not (items.units[j].soft and self.hyphens >= HYPHENS_IN_A_ROW)

    def one_line(self, s: int, avail: float) -> int:
        """The last box of the line that starts at box s."""
        items = self.items
        if items.width[s] > avail + EPS:
            return self.long_unit(s, avail)
        e = self.fill(s, avail)
        units = items.units
        nxt = e + 1
        if nxt < len(units) and units[nxt].forced:
            return e  # U+2028: the line ends here
        if nxt < len(units) and units[nxt].url and items.breaks[e] and not units[nxt].rigid:
            # a URL may break at / . - : start it on this line rather than leave the line short
            cut = url_cut(units[nxt], avail - items.measure(s, e, False).natural - items.space[nxt])
            if cut:
                self.items = items.split(nxt, cut)
                return nxt
        while e > s and units[e].space:
            e -= 1
        if self.can_end(e):
            return self.dash_in(s, self.unhyphenated(s, e, avail), avail)
        pushed = self.push_in(s, e, avail)
        return pushed if pushed is not None else self.push_out(s, e)

    def unhyphenated(self, s: int, e: int, avail: float) -> int:
        """A line that would end with a hyphen ends at the word's start instead when the line is then not
        loose: hyphenate only where it saves a loose line (§5a)."""
        items = self.items
        if not items.units[e].soft:
            return e
        j = e - 1
        while j > s and not (items.breaks[j] and not items.units[j].soft):
            j -= 1
        while j > s and items.units[j].space:
            j -= 1
        if j <= s or not items.breaks[j]:
            return e
        short = avail - items.measure(s, j, True).natural
        gaps = max(1, items.stretchable(s, j))
        return j if short / gaps <= LOOSE_FOR_HYPHEN * items.params.size else e

    def dash_in(self, s: int, e: int, avail: float) -> int:
        """——/…… open a line only when pushing them into the line above, compressed, is impossible."""
        items = self.items
        f = e + 1
        if f < len(items.units) and items.units[f].first is C.DIVIDE and self.can_end(f):
            line = items.measure(s, f, True)
            if line.natural - line.shrink <= avail + EPS:
                return f
        return e

    def fill(self, s: int, avail: float) -> int:
        """First fit: the boxes after s are taken while the line, ended there, fits by `measure`."""
        items = self.items
        measure = items.measure
        last = min(len(items.units), items.next_forced[s]) - 1  # never past a forced break
        e = s
        if items.grows:
            # skip, by bisecting the running totals, the boxes that fit even without their line-end cut
            limit = avail + EPS + items.run_natural[s] + items.glue[s]
            e = max(s, bisect_right(items.run_natural, limit, s + 1, last + 2) - 2)
        while e < last and measure(s, e + 1, True).natural <= avail + EPS:
            e += 1
        while e > s and items.units[e].soft and measure(s, e, True).natural > avail + EPS:
            e -= 1  # the bisection does not count the hyphen a break inside a word adds
        return e

    def push_in(self, s: int, e: int, avail: float) -> int | None:
        """挤进: the box after e may not start a line. Take up to PUSH_IN_MAX more boxes, to the next legal
        break, if compressing the line's punctuation blanks and CJK–Latin spaces makes them fit."""
        items = self.items
        f = e + 1
        while f < len(items.units) and f - e <= PUSH_IN_MAX and f < items.next_forced[s]:
            if self.can_end(f) and not items.units[f].space:
                line = items.measure(s, f, True)
                return f if line.natural - line.shrink <= avail + EPS else None
            f += 1
        return None

    def push_out(self, s: int, e: int) -> int:
        """推出: end the line at an earlier legal break (the setter spreads it to the measure)."""
        items = self.items
        for j in range(e - 1, s - 1, -1):
            if self.can_end(j) and not items.units[j].space:
                return j
        self.problems.append(Problem(ProblemKind.FORCED_BREAK, items.units[e].end,
                                     "no legal break: a 禁则 rule is broken"))
        return e

    def long_unit(self, s: int, avail: float) -> int:
        """A unit wider than the line (a URL or a very long word) is cut, and the cut reported."""
        u = self.items.units[s]
        cut, at_break = fit_head(u, avail)
        kind = ProblemKind.FORCED_BREAK if at_break else ProblemKind.OVERFULL
        self.problems.append(Problem(kind, u.start + cut, f"'{u.chars}' is wider than the line; broken inside"))
        if cut < len(u.chars):
            self.items = self.items.split(s, cut)
        return s

    def orphans(self, lines: list[Span]) -> list[Span]:
        """孤字不成行: a last line of one character (plus its marks) takes one more from the line above."""
        items = self.items
        p = items.params
        if not p.no_orphan_char or len(lines) < 2 or p.align is not Align.JUSTIFY:
            return lines
        s, e = lines[-1]
        body = [u for u in items.units[s:e + 1] if u.first not in (C.PAUSE, C.CLOSE)]
        if len(body) != 1 or len(body[0].chars) != 1:
            return lines
        ps, pe = lines[-2]
        j = pe - 1
        while j > ps and not items.breaks[j]:
            j -= 1
        if j <= ps:
            return lines
        avail = self.width - (self.indent if len(lines) == 2 else 0.0)
        if items.measure(j + 1, e, False).natural > self.width + EPS or \
                items.measure(ps, j, True).natural > avail + EPS:
            return lines
        return [*lines[:-2], (ps, j), (j + 1, e)]


def fit_head(u: Unit, avail: float) -> tuple[int, bool]:
    """How many characters of `u` to set on a line `avail` pt wide: up to its last URL break point that
    fits (True), else as many as fit, at least one (False)."""
    acc = 0.0
    cut = 0
    best = 0
    for k, adv in enumerate(u.advances):
        if acc + adv > avail + EPS:
            break
        acc += adv
        cut = k + 1
        if u.url and u.chars[k] in URL_BREAKS:
            best = k + 1
    return (best, True) if best else (max(1, cut), False)


def url_cut(u: Unit, room: float) -> int:
    """The longest head of URL part `u` that ends at a break point and fits `room` pt (0: none)."""
    acc = 0.0
    best = 0
    for k, adv in enumerate(u.advances[:-1]):
        if acc + adv > room + EPS:
            break
        acc += adv
        if u.chars[k] in URL_BREAKS:
            best = k + 1
    return best if best >= URL_HEAD_MIN else 0
