"""Flow stories through their boxes in plan order: columns, jumps (下转/上接), balance, copyfit.

Knows boxes, columns and grid lines; knows nothing of fonts or PDF. Paragraphs are broken by the
`BreakFn` it is given (the text stage), once per measure; a story resuming in a box of another width
is re-broken from the exact character where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from layout.model.article import Article, ParaKind
from layout.model.flow import BoxFit, Flowed, SetLine, StoryFit
from layout.model.paper import PaperStyle
from layout.model.plan import Box, BoxKind, Edition, Rect
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Line

BreakFn = Callable[[str, TextStyle, float, int, bool], BrokenParagraph]
MAX_PASSES = 4


@dataclass(frozen=True, slots=True)
class Para:
    role: str
    text: str
    style: TextStyle


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where to resume: paragraph index and character offset in it."""

    para: int
    char: int

    def done(self, paras: list[Para]) -> bool:
        return self.para >= len(paras)


@dataclass(frozen=True, slots=True)
class Slot:
    box: Box
    page: int
    head_lines: int  # grid lines taken at the top by a headline or continuation head


def story_paras(article: Article, style: PaperStyle) -> list[Para]:
    ps = style.paragraphs
    out: list[Para] = []
    if article.byline:
        out.append(Para("byline", article.byline, ps["byline"]))
    roles = {ParaKind.BODY: "body", ParaKind.SUBHEAD: "subhead", ParaKind.SIGNATURE: "signature"}
    for p in article.paragraphs:
        role = roles[p.kind]
        out.append(Para(role, p.text, ps[role]))
    return out


def text_area(box: Box, style: PaperStyle) -> Rect:
    """Where a story box's text goes: the box, or inside its frame (one character and one line in)."""
    r = box.rect
    if not box.frame:
        return r
    g = style.grid
    return Rect(r.x + g.char, r.y + g.line, r.w - 2 * g.char, r.h - 2 * g.line)


def column_rects(box: Box, style: PaperStyle) -> list[tuple[float, float]]:
    """(x, width) of each text column of a story box."""
    g = style.grid
    area = text_area(box, style)
    k = box.columns
    chars = round(area.w / g.char)
    per = (chars - (k - 1) * g.gutter) // k  # whole characters: the text stays on the grid
    spare = chars - (k * per + (k - 1) * g.gutter)  # a mapped plan may leave some: centre the columns
    x0 = area.x + (spare // 2) * g.char
    return [(x0 + i * (per + g.gutter) * g.char, per * g.char) for i in range(k)]


class StoryFlow:
    """Fills one story's slots; returns placed lines and its copyfit."""

    def __init__(self, paras: list[Para], style: PaperStyle, brk: BreakFn) -> None:
        self.paras, self.style, self.brk = paras, style, brk
        self._memo: dict[tuple[int, float], list[tuple[tuple[Line, ...], dict[int, int]]]] = {}
        self.keep = True  # apply the widow/orphan keep rules (turned off when they would cause overset)

    def lines_from(self, cur: Cursor, measure: float) -> tuple[Line, Para, Cursor] | None:
        """The first line of the rest of the story at this measure, and the cursor after it.

        A paragraph is broken once per (measure, resume point); following lines are read from that
        breaking, so filling a column costs one break per paragraph."""
        if cur.done(self.paras):
            return None
        para = self.paras[cur.para]
        key = (cur.para, measure)
        for lines in self._memo.get(key, ()):
            index = lines[1].get(cur.char)
            if index is not None:
                return self._step(lines[0], index, para, cur)
        broken = self.brk(para.text, para.style, measure, cur.char, cur.char == 0)
        starts = {ln.start: i for i, ln in enumerate(broken.lines)}
        self._memo.setdefault(key, []).append((broken.lines, starts))
        return self._step(broken.lines, 0, para, cur)

    def _step(self, lines: tuple[Line, ...], index: int, para: Para, cur: Cursor) -> tuple[Line, Para, Cursor]:
        nxt = Cursor(cur.para + 1, 0) if index + 1 >= len(lines) else Cursor(cur.para, lines[index + 1].start)
        return lines[index], para, nxt

    def fill_column(self, cur: Cursor, measure: float, capacity: int) -> tuple[list[tuple[Line, Para]], Cursor]:
        placed: list[tuple[Line, Para]] = []
        while len(placed) < capacity:
            got = self.lines_from(cur, measure)
            if got is None:
                break
            line, para, nxt = got
            if para.role == "subhead" and cur.char == 0 and placed and not nxt.done(self.paras):
                # a subhead is never split and never ends a column: it keeps with the next line
                need = len(self.brk(para.text, para.style, measure, 0, True).lines) + 1
                if len(placed) + need > capacity:
                    break
            if self.keep and placed and len(placed) == capacity - 1 and para.role == "body" and not line.last:
                if cur.char == 0:
                    break  # the first line of a paragraph is not left alone at a column foot
                after = self.lines_from(nxt, measure)
                if after is not None and nxt.para == cur.para and after[0].last:
                    break  # nor its last line alone at the next column's head: move one line down
            placed.append((line, para))
            cur = nxt
        return placed, cur



def headline_boxed(edition: Edition) -> set[str]:
    """Stories whose headline block has a `headline:` box of its own (beside or across the story)."""
    return {b.story for p in edition.pages for b in p.boxes if b.kind is BoxKind.HEADLINE and b.story}


def rows_of(slot: Slot, style: PaperStyle) -> int:
    return round(text_area(slot.box, style).h / style.grid.line) - slot.head_lines


def flow_edition(edition: Edition, brk: BreakFn, head_lines: Callable[[Box, bool], int]) -> Flowed:
    """Flow every story through its boxes. `head_lines(box, continuation)` gives the head height in lines."""
    style = edition.style
    by_story: dict[str, list[Slot]] = {}
    separate = headline_boxed(edition)
    for page in edition.pages:
        for box in page.boxes:
            if box.kind is BoxKind.STORY and box.story:
                slots = by_story.setdefault(box.story, [])
                first = not slots
                # a full headline block in the first box (or where `head: true`), a continuation head
                # later; none in the first box when the headline has a box of its own
                if first and box.story in separate and not box.head:
                    head = 0
                else:
                    head = head_lines(box, not first and not box.head)
                slots.append(Slot(box, page.number, head))
    lines: list[SetLine] = []
    fits: list[StoryFit] = []
    warnings: list[str] = []
    for slug, slots in by_story.items():
        article = edition.articles[slug]
        set_lines, fit, warn = _flow_story(article, slots, style, brk)
        lines.extend(set_lines)
        fits.append(fit)
        warnings.extend(warn)
    return Flowed(tuple(lines), tuple(fits), tuple(warnings))


def _flow_story(article: Article, slots: list[Slot], style: PaperStyle,
                brk: BreakFn) -> tuple[list[SetLine], StoryFit, list[str]]:
    """Flow with the keep rules; if they would push text into overset, flow again without them and say so."""
    out, fit, warnings = _flow_story_once(article, slots, style, brk, keep=True)
    if fit.overset_chars:
        out2, fit2, warnings2 = _flow_story_once(article, slots, style, brk, keep=False)
        if fit2.overset_chars < fit.overset_chars:
            note = (f"{article.slug}: a paragraph's first or last line stands alone at a column edge: "
                    "keeping them together would not fit the boxes")
            return out2, fit2, [*warnings2, note]
    return out, fit, warnings


def _flow_story_once(article: Article, slots: list[Slot], style: PaperStyle, brk: BreakFn,
                     keep: bool) -> tuple[list[SetLine], StoryFit, list[str]]:
    paras = story_paras(article, style)
    flow = StoryFlow(paras, style, brk)
    flow.keep = keep
    ps = style.paragraphs
    pitch = style.grid.line
    cur = Cursor(0, 0)
    out: list[SetLine] = []
    fits: list[BoxFit] = []
    jumps: list[tuple[int, int]] = []
    warnings: list[str] = []
    prev_page: int | None = None
    for i, slot in enumerate(slots):
        rows = rows_of(slot, style)
        cols_geo = column_rects(slot.box, style)
        if cur.done(paras):
            fits.append(BoxFit(slot.box.name, slot.page, rows * len(cols_geo), 0, 0, _line_chars(cols_geo, style)))
            warnings.append(f"{article.slug}: box '{slot.box.name}' receives no text (the story ended before it)")
            continue
        cont_lines: list[Line] = []
        if prev_page is not None:
            cont = brk(f"（上接第{prev_page}版）", ps["continued"], cols_geo[0][1], 0, False)
            cont_lines = list(cont.lines)
        has_next = i + 1 < len(slots)
        first_cap = rows - len(cont_lines)
        # fill with the full box first; reserve a jump line only if text is left over
        cols, end = _fill_with_first(flow, slot, cur, rows, first_cap, 0)
        jump_to: int | None = None
        jump_lines: tuple[Line, ...] = ()
        if has_next and not end.done(paras):
            jump_to = slots[i + 1].page
            jump_lines = brk(f"（下转第{jump_to}版）", ps["jump"], cols_geo[-1][1], 0, False).lines
            cols, end = _fill_with_first(flow, slot, cur, rows, first_cap, len(jump_lines))
        elif end.done(paras) and len(cols) > 1 and slot.box.inset is None:
            cols, end = _balance(flow, slot, cur, rows, len(cont_lines), cols, end)
        chars = 0
        used = 0
        inset = slot.box.inset
        crossed = slot.box.inset_columns()
        for c, ((x, _w), col) in enumerate(zip(cols_geo, cols, strict=True)):
            top0 = text_area(slot.box, style).y + slot.head_lines * pitch
            if inset is not None and inset.top and c in crossed:
                top0 += inset.lines * pitch  # the text starts under the photo
            row = 0
            if c == 0:
                for ln in cont_lines:
                    out.append(SetLine(ln, ps["continued"], slot.page, x, top0 + row * pitch, article.slug,
                                       "continued"))
                    row += 1
            for ln, para in col:
                out.append(SetLine(ln, para.style, slot.page, x, top0 + row * pitch, article.slug, para.role))
                chars += sum(1 for g in ln.glyphs if not g.text.isspace())
                row += 1
            used += row
            if c == len(cols) - 1 and jump_to is not None:
                # the jump line(s) take the column's last grid lines, one line each
                foot = text_area(slot.box, style).y + (slot.head_lines + rows - len(jump_lines)) * pitch
                if inset is not None and not inset.top and c in crossed:
                    foot -= inset.lines * pitch
                for k, ln in enumerate(jump_lines):
                    out.append(SetLine(ln, ps["jump"], slot.page, x, foot + k * pitch, article.slug, "jump"))
                jumps.append((slot.page, jump_to))
                used += len(jump_lines)
        capacity = rows * len(cols_geo) - (inset.lines * inset.span if inset else 0)
        fits.append(BoxFit(slot.box.name, slot.page, capacity, used, chars, _line_chars(cols_geo, style)))
        deepest = max(len(col) + (inset.lines if inset and c in crossed else 0) for c, col in enumerate(cols)) + \
            (len(cont_lines) if len(cols) == 1 else 0)
        if end.done(paras) and rows - deepest > 2:
            warnings.append(f"{article.slug}: box '{slot.box.name}' on page {slot.page} has "
                            f"{rows - deepest} empty lines at its foot")
        cur = end
        prev_page = slot.page if jump_to is not None else None
    over_chars, over_lines, stopped = 0, 0, ""
    if not cur.done(paras):
        rest = [p.text[cur.char:] if k == cur.para else p.text for k, p in enumerate(paras) if k >= cur.para]
        over_chars = sum(1 for t in rest for ch in t if not ch.isspace())
        measure = column_rects(slots[-1].box, style)[-1][1]
        over_lines = sum(len(brk(p.text, p.style, measure, cur.char if k == cur.para else 0,
                                 not (k == cur.para and cur.char)).lines)
                         for k, p in enumerate(paras) if k >= cur.para)
        stopped = rest[0][:16]
    total = sum(1 for p in paras for ch in p.text if not ch.isspace())
    fit = StoryFit(article.slug, total, tuple(fits), over_chars, over_lines, stopped, tuple(jumps))
    return out, fit, warnings


def _line_chars(cols: list[tuple[float, float]], style: PaperStyle) -> int:
    return round(cols[0][1] / style.grid.char)


def _balance(flow: StoryFlow, slot: Slot, cur: Cursor, rows: int, lead: int,
             full: list[list[tuple[Line, Para]]], end: Cursor) -> tuple[list[list[tuple[Line, Para]]], Cursor]:
    """The story's final box: columns as even as possible (they differ by at most one line)."""
    used = sum(len(c) for c in full) + lead
    k = len(full)
    for target in range(-(-used // k), rows + 1):
        cols, end2 = _fill_with_first(flow, slot, cur, target, target - lead, 0)
        if end2.done(flow.paras):
            return cols, end2
    return full, end


def _fill_with_first(flow: StoryFlow, slot: Slot, cur: Cursor, rows: int, first_cap: int,
                     reserve: int) -> tuple[list[list[tuple[Line, Para]]], Cursor]:
    """Fill a box whose first column starts lower (continuation line) and whose last keeps `reserve` lines."""
    cols = column_rects(slot.box, flow.style)
    out: list[list[tuple[Line, Para]]] = []
    blocked = slot.box.inset_columns()
    short = slot.box.inset.lines if slot.box.inset else 0
    for i, (_x, w) in enumerate(cols):
        cap = first_cap if i == 0 else rows
        if i == len(cols) - 1:
            cap -= reserve
        if i in blocked:
            cap -= short
        placed, cur = flow.fill_column(cur, w, max(0, cap))
        out.append(placed)
    return out, cur
