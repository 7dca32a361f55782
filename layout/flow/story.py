"""One story through its boxes in plan order: columns, jump lines (下转/上接), balance, copyfit, overset.

Knows boxes, columns and grid lines; nothing of fonts or PDF. Paragraphs are broken by the `BreakFn`
it is given (the text stage), once per measure; a story resuming in a box of another width is re-broken
from the exact character where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from layout.errors import Diagnostic, Kind, Level
from layout.flow.columns import Cursor, Placed, StoryFlow, fill_box
from layout.flow.paras import (
    BreakFn,
    Para,
    set_chars,
    story_paras,
    vertical_paras,
    vertical_style,
    visible_chars,
)
from layout.model.article import Article
from layout.model.flow import BoxFit, HeadKind, SetLine, StoryBoxPlacement, StoryFit
from layout.model.geometry import (
    column_spans,
    inset_rect,
    line_chars,
    rows,
    text_area,
    tier_spans,
    vertical_line_x,
    vertical_lines,
)
from layout.model.paper import PaperStyle
from layout.model.plan import Box, Rect, StoryBox
from layout.model.style import Role, TextStyle
from layout.model.text import Line


@dataclass(frozen=True, slots=True)
class Slot:
    """A story box in the order the story flows through them, with the head it carries."""

    box: StoryBox
    page: int
    head: HeadKind
    head_lines: int


@dataclass
class StoryOutcome:
    lines: list[SetLine] = field(default_factory=list)
    placements: list[StoryBoxPlacement] = field(default_factory=list)
    fits: list[BoxFit] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    jumps: list[tuple[int, int]] = field(default_factory=list)
    fit: StoryFit | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """What every box of one story needs to know."""

    article: Article
    paras: list[Para]
    style: PaperStyle
    brk: BreakFn


# one story through its boxes: a pure function of the article, its slots (boxes, pages, heads), the paper style
# and the fonts `brk` breaks with (`flow_story`, or a memo of it)
FlowFn = Callable[[Article, list[Slot], PaperStyle, BreakFn], StoryOutcome]


def warning(box: Box, message: str, code: str) -> Diagnostic:
    return Diagnostic(Level.WARNING, message, box.where.file, box.where.line, box.where.col, kind=Kind.LAYOUT,
                      code=code)


def flow_story(article: Article, slots: list[Slot], style: PaperStyle, brk: BreakFn) -> StoryOutcome:
    story = Story(article, story_paras(article, style), style, brk)
    flow = StoryFlow(story.paras, story.brk)
    # vertical boxes read the same paragraphs in vertical styles (their own broken lines; one cursor)
    flows = {(False, 2): flow}
    for s in slots:
        if s.box.vertical and (True, s.box.tcy_digits) not in flows:
            flows[True, s.box.tcy_digits] = StoryFlow(vertical_paras(story.paras, s.box.tcy_digits), story.brk)
    out = StoryOutcome()
    cur = Cursor(0, 0)
    prev_page: int | None = None
    for i, slot in enumerate(slots):
        next_page = slots[i + 1].page if i + 1 < len(slots) else None
        box = slot.box
        cur, jumped = _fill_slot(story, flows[box.vertical, box.tcy_digits if box.vertical else 2], slot, cur,
                                 prev_page, next_page, out)
        prev_page = slot.page if jumped else None
    out.fit = _fit(story, slots, cur, out)
    return out


def placement(slot: Slot, story: str, style: PaperStyle) -> StoryBoxPlacement:
    box, grid = slot.box, style.grid
    area = text_area(box, grid)
    if box.vertical:  # the tiers, top to bottom; no head, inset or column rules
        tiers = tuple(Rect(area.x, y, area.w, h) for y, h in tier_spans(box, grid))
        return StoryBoxPlacement(box.name, box.where, slot.page, story, area, tiers, HeadKind.NONE, 0, None,
                                 box.rect if box.frame else None, False)
    top = area.y + slot.head_lines * grid.line
    columns = tuple(Rect(x, top, w, area.bottom - top) for x, w in column_spans(box, grid))
    return StoryBoxPlacement(box.name, box.where, slot.page, story, area, columns, slot.head, slot.head_lines,
                             inset_rect(box, box.inset, slot.head_lines, grid) if box.inset else None,
                             box.rect if box.frame else None, box.column_rules and box.columns > 1)


def _caps(box: StoryBox, n_rows: int, lead: int, reserve: int) -> list[int]:
    """Lines each column may take: the first starts lower (a continuation line), the last keeps `reserve`
    lines for the jump line, the columns an inset crosses are shorter."""
    caps = [n_rows] * box.columns
    caps[0] = n_rows - lead
    caps[-1] -= reserve
    for i in box.inset_columns():
        caps[i] -= box.inset.lines if box.inset else 0
    return caps


def _fill_slot(story: Story, flow: StoryFlow, slot: Slot, cur: Cursor, prev_page: int | None,
               next_page: int | None, out: StoryOutcome) -> tuple[Cursor, bool]:
    """Fill one box; returns where the story resumes and whether a jump line was set."""
    box, style = slot.box, story.style
    widths, n_rows = _shape(box, slot.head_lines, style)
    continued, jump_style = _jump_styles(box, style)
    out.placements.append(placement(slot, story.article.slug, style))
    if cur.done(story.paras):
        out.fits.append(BoxFit(box.name, slot.page, max(0, n_rows * len(widths)), 0, 0,
                               line_chars(widths[0], style.grid), len(widths)))
        out.warnings.append(warning(box, f"{story.article.slug}: box '{box.name}' receives no text "
                                         "(the story ended before it)", "box-gets-no-text"))
        return cur, False
    cont = story.brk(f"（上接第{prev_page}版）", continued, widths[0], 0, False).lines if prev_page else ()
    cols, end = fill_box(flow, widths, cur, _caps(box, n_rows, len(cont), 0))
    jump: tuple[Line, ...] = ()
    if next_page is not None and not end.done(story.paras):
        jump = story.brk(f"（下转第{next_page}版）", jump_style, widths[-1], 0, False).lines
        cols, end = fill_box(flow, widths, cur, _caps(box, n_rows, len(cont), len(jump)))
        out.jumps.append((slot.page, next_page))
    elif end.done(story.paras) and len(cols) > 1 and box.inset is None:
        cols, end = _balance(flow, box, widths, cur, n_rows, len(cont), cols, end)
    _place(story, slot, n_rows, cols, cont, jump, out)
    if end.done(story.paras):
        deepest = max(len(col) + (box.inset.lines if box.inset and c in box.inset_columns() else 0)
                      for c, col in enumerate(cols)) + (len(cont) if len(cols) == 1 else 0)
        if n_rows - deepest > 2:
            out.warnings.append(warning(box, f"{story.article.slug}: box '{box.name}' on page {slot.page} has "
                                             f"{n_rows - deepest} empty grid lines at its foot", "empty-lines-at-foot"))
    return end, bool(jump)


def _shape(box: StoryBox, head_lines: int, style: PaperStyle) -> tuple[list[float], int]:
    """The measure of each text column (a vertical box: of each tier) and the lines each holds."""
    if box.vertical:
        return [h for _y, h in tier_spans(box, style.grid)], vertical_lines(box, style.grid)
    return [w for _x, w in column_spans(box, style.grid)], rows(box, head_lines, style.grid)


def _jump_styles(box: StoryBox, style: PaperStyle) -> tuple[TextStyle, TextStyle]:
    """The styles of the （上接…）and（下转…）lines: vertical in a vertical box."""
    ps = style.paragraphs
    if box.vertical:
        return vertical_style(ps.continued, box.tcy_digits), vertical_style(ps.jump, box.tcy_digits)
    return ps.continued, ps.jump


def _place_vertical(story: Story, slot: Slot, n_rows: int, cols: list[Placed], cont: tuple[Line, ...],
                    jump: tuple[Line, ...], out: StoryOutcome) -> None:
    """A vertical box: each tier's lines right to left (the continuation line first), the jump line(s) in
    the last tier's leftmost lines."""
    box, grid, slug = slot.box, story.style.grid, story.article.slug
    continued, jump_style = _jump_styles(box, story.style)
    tiers = tier_spans(box, grid)
    used = chars = 0
    for c, ((y, _h), col) in enumerate(zip(tiers, cols, strict=True)):
        placed = [(ln, continued, Role.CONTINUED) for ln in cont] if c == 0 else []
        placed += [(ln, para.style, para.role) for ln, para in col]
        if c == len(cols) - 1:
            placed += [(ln, jump_style, Role.JUMP) for ln in jump]
        rows_at = list(range(len(placed) - len(jump))) + list(range(n_rows - len(jump), n_rows))
        out.lines += [SetLine(ln, st, slot.page, vertical_line_x(box, grid, row), y, slug, role)
                      for row, (ln, st, role) in zip(rows_at, placed, strict=True)]
        chars += sum(set_chars(ln) for ln, _p in col)
        used += len(placed)
    out.fits.append(BoxFit(box.name, slot.page, n_rows * len(cols), used, chars, line_chars(tiers[0][1], grid)))


def _place(story: Story, slot: Slot, n_rows: int, cols: list[Placed], cont: tuple[Line, ...],
           jump: tuple[Line, ...], out: StoryOutcome) -> None:
    """Put the filled columns' lines at their grid lines: continuation line first, jump line(s) at the foot."""
    if slot.box.vertical:
        _place_vertical(story, slot, n_rows, cols, cont, jump, out)
        return
    box, grid, ps, slug = slot.box, story.style.grid, story.style.paragraphs, story.article.slug
    pitch, area = grid.line, text_area(box, grid)
    crossed = box.inset_columns()
    used = chars = 0
    for c, ((x, _w), col) in enumerate(zip(column_spans(box, grid), cols, strict=True)):
        top = area.y + slot.head_lines * pitch
        if box.inset is not None and box.inset.top and c in crossed:
            top += box.inset.lines * pitch  # the text starts under the photo
        placed = [(ln, ps.continued, Role.CONTINUED) for ln in cont] if c == 0 else []
        placed += [(ln, para.style, para.role) for ln, para in col]
        out.lines += [SetLine(ln, st, slot.page, x, top + row * pitch, slug, role)
                      for row, (ln, st, role) in enumerate(placed)]
        chars += sum(set_chars(ln) for ln, _p in col)
        used += len(placed)
        if c == len(cols) - 1 and jump:
            # the jump line(s) take the column's last grid lines, one line each
            foot = area.y + (slot.head_lines + n_rows - len(jump)) * pitch
            if box.inset is not None and not box.inset.top and c in crossed:
                foot -= box.inset.lines * pitch
            out.lines += [SetLine(ln, ps.jump, slot.page, x, foot + k * pitch, slug, Role.JUMP)
                          for k, ln in enumerate(jump)]
            used += len(jump)
    # a head or an inset taller than the box leaves no room: 0 text lines, never fewer
    capacity = max(0, n_rows * len(cols) - (box.inset.lines * box.inset.span if box.inset else 0))
    widths = column_spans(box, grid)
    out.fits.append(BoxFit(box.name, slot.page, capacity, used, chars, line_chars(widths[0][1], grid), len(cols)))


def _balance(flow: StoryFlow, box: StoryBox, widths: list[float], cur: Cursor, n_rows: int, lead: int,
             full: list[Placed], end: Cursor) -> tuple[list[Placed], Cursor]:
    """The story's final box: columns as even as possible — the first `used % k` columns one line longer
    than the others (so they differ by at most one line); if a subhead kept with its text needs more, the
    columns grow together until the text fits."""
    used = sum(len(c) for c in full) + lead
    k = len(full)
    base, extra = divmod(used, k)
    even = [base + (1 if i < extra else 0) for i in range(k)]
    even[0] -= lead
    cols, end2 = fill_box(flow, widths, cur, even)
    if end2.done(flow.paras):
        return cols, end2
    for target in range(-(-used // k), n_rows + 1):
        cols, end2 = fill_box(flow, widths, cur, _caps(box, target, lead, 0))
        if end2.done(flow.paras):
            return cols, end2
    return full, end


def _fit(story: Story, slots: list[Slot], cur: Cursor, out: StoryOutcome) -> StoryFit:
    """The story's copyfit: what was set where, and what is left over (overset) at the last box's measure."""
    paras = story.paras
    over_chars = over_lines = 0
    stopped = ""
    if not cur.done(paras):
        rest = [p.text[cur.char:] if k == cur.para else p.text for k, p in enumerate(paras) if k >= cur.para]
        over_chars = sum(visible_chars(t) for t in rest)
        last = slots[-1].box
        measure = _shape(last, 0, story.style)[0][-1]  # a vertical box's: its (last tier's) height
        tail = vertical_paras(paras, last.tcy_digits) if last.vertical else paras
        over_lines = sum(len(story.brk(p.text, p.style, measure, cur.char if k == cur.para else 0,
                                       not (k == cur.para and cur.char), p.bold).lines)
                         for k, p in enumerate(tail) if k >= cur.para)
        stopped = rest[0][:16]
    total = sum(visible_chars(p.text) for p in paras)
    return StoryFit(story.article.slug, total, tuple(out.fits), over_chars, over_lines, stopped, tuple(out.jumps))

