"""Filling text columns with a story's lines: where to resume (a Cursor), one paragraph broken once per
(measure, resume point), the subhead rule, balancing.

On a newspaper's grid a column is full: a paragraph's first or last line may stand alone at a column's
foot or head (a short column would be the worse fault). The one exception: a subhead is never split and
never ends a column — it moves to the next column with the text it heads.
"""

from __future__ import annotations

from dataclasses import dataclass

from layout.flow.paras import BreakFn, Para
from layout.model.style import Role
from layout.model.text import Line

Placed = list[tuple[Line, Para]]


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where to resume: paragraph index and character offset in it."""

    para: int
    char: int

    def done(self, paras: list[Para]) -> bool:
        return self.para >= len(paras)


class StoryFlow:
    """Lines of one story, read off as columns are filled."""

    def __init__(self, paras: list[Para], brk: BreakFn) -> None:
        self.paras, self.brk = paras, brk
        self._memo: dict[tuple[int, float], list[tuple[tuple[Line, ...], dict[int, int]]]] = {}

    def lines_from(self, cur: Cursor, measure: float) -> tuple[Line, Para, Cursor] | None:
        """The first line of the rest of the story at this measure, and the cursor after it.

        A paragraph is broken once per (measure, resume point); following lines are read from that
        breaking, so filling a column costs one break per paragraph."""
        if cur.done(self.paras):
            return None
        para = self.paras[cur.para]
        key = (cur.para, measure)
        for lines, starts in self._memo.get(key, ()):
            index = starts.get(cur.char)
            if index is not None:
                return self._step(lines, index, para, cur)
        broken = self.brk(para.text, para.style, measure, cur.char, cur.char == 0, para.bold)
        starts = {ln.start: i for i, ln in enumerate(broken.lines)}
        self._memo.setdefault(key, []).append((broken.lines, starts))
        return self._step(broken.lines, 0, para, cur)

    @staticmethod
    def _step(lines: tuple[Line, ...], index: int, para: Para, cur: Cursor) -> tuple[Line, Para, Cursor]:
        nxt = Cursor(cur.para + 1, 0) if index + 1 >= len(lines) else Cursor(cur.para, lines[index + 1].start)
        return lines[index], para, nxt

    def fill_column(self, cur: Cursor, measure: float, capacity: int) -> tuple[Placed, Cursor]:
        placed: Placed = []
        while len(placed) < capacity:
            got = self.lines_from(cur, measure)
            if got is None:
                break
            line, para, nxt = got
            if self._keeps_back(placed, capacity, cur, line, para, nxt, measure):
                break
            placed.append((line, para))
            cur = nxt
        return placed, cur

    def _keeps_back(self, placed: Placed, capacity: int, cur: Cursor, line: Line, para: Para, nxt: Cursor,
                    measure: float) -> bool:
        """Should this line wait for the next column? Only a subhead that would end the column (or be split
        by its foot) does."""
        if para.role is Role.SUBHEAD and cur.char == 0 and placed and not nxt.done(self.paras):
            need = len(self.brk(para.text, para.style, measure, 0, True, para.bold).lines) + 1
            return len(placed) + need > capacity
        return False


def fill_box(flow: StoryFlow, widths: list[float], cur: Cursor, caps: list[int]) -> tuple[list[Placed], Cursor]:
    """Fill the columns of a box in order, each up to its capacity."""
    out: list[Placed] = []
    for width, cap in zip(widths, caps, strict=True):
        placed, cur = flow.fill_column(cur, width, max(0, cap))
        out.append(placed)
    return out, cur
