"""Setting a broken line: justification (clreq 3.8, typography.md §6) and glyph positions.

The line's totals come from `Items.measure`; they decide one shrink ratio (push-in: every blank and
CJK–Latin space gives up the same share of its shrink), or the stretch (CJK–Latin spaces first, up to
`latin_space_max`, then the rest spread evenly between units). Each glyph's x is then the running sum of
its box's and glue's widths so adjusted.
"""

from __future__ import annotations

from functools import partial

from layout.model.style import Align
from layout.model.text import Glyph, Line, Problem, ProblemKind
from layout.text.items import EPS, Items

_glyph = partial(tuple.__new__, Glyph)  # Glyph from a (text, x, font, src) tuple, without NamedTuple's checks


def set_line(items: Items, s: int, e: int, end: int, width: float, indent: float, last: bool,
             problems: list[Problem]) -> Line:
    """Boxes s..e as a line of a paragraph `width` pt wide, starting `indent` pt in; `end` is where the
    next line starts in the text (spaces dropped at the break are inside the line)."""
    p = items.params
    avail = width - indent
    justify = p.align is Align.JUSTIFY and not last
    line = items.measure(s, e, justify or not last)
    if abs(avail - line.natural) < EPS and p.align is not Align.RIGHT and p.align is not Align.CENTER \
            and items.plain(s, e):
        return _set_plain(items, s, e, end, width, indent, last)
    diff = avail - line.natural
    ratio = gap = grow = 0.0
    overfull = False
    if diff < -EPS:  # pushed in: compress
        room = line.shrink
        ratio = min(1.0, -diff / room) if room > EPS else 0.0
        if ratio >= 1.0 and -diff > room + EPS:
            overfull = True
            problems.append(Problem(ProblemKind.OVERFULL, items.units[e].end, f"line {-diff - room:.2f}pt too wide"))
    elif diff > EPS and justify:  # stretch: CJK–Latin spaces first, then between units
        if line.spaced:
            extra = min(diff, line.stretch)
            grow = extra / line.spaced
            diff -= extra
        if e > s and diff > EPS:
            gap = diff / (e - s)
    x = indent
    if p.align is Align.RIGHT or p.align is Align.CENTER:
        room_left = avail - (line.natural - ratio * line.shrink)
        x = indent + (room_left if p.align is Align.RIGHT else room_left / 2)
    glyphs, x = _place(items, s, e, x, justify or not last, ratio, gap, grow)
    return Line(glyphs, items.units[s].start, end, width, x if not justify else width, last, overfull)


def _place(items: Items, s: int, e: int, x: float, at_end: bool, ratio: float, gap: float,
           grow: float) -> tuple[tuple[Glyph, ...], float]:
    """Glyphs of boxes s..e from x: each box and the glue before it at its natural width, less `ratio` of
    its shrink, plus `grow` (CJK–Latin spaces) and `gap` (every glue). Returns the glyphs and the pen."""
    glyphs: list[Glyph] = []
    append = glyphs.append
    units, space, widths, lone = items.units, items.space, items.width, items.lone
    squeeze_l, squeeze_r, blank_l, blank_r = items.squeeze_l, items.squeeze_r, items.blank_l, items.blank_r
    for i in range(s, e + 1):
        u = units[i]
        if lone[i]:  # the same as below with every value 0
            if i > s:
                x += gap
            append(_glyph((u.chars, x, u.fonts[0], u.start)))
            x += widths[i]
            continue
        left = squeeze_l[i] if i > s else 0.0
        right = squeeze_r[i] if i < e else 0.0
        if i == e and at_end:
            right += items.end_cut[i]
        if ratio:
            left += blank_l[i] * ratio
            right += (blank_r[i] if i < e else blank_r[i] - items.end_cut[i]) * ratio
        if i > s:
            sp = space[i]
            if ratio:
                sp -= items.glue_shrink[i] * ratio
            elif grow and sp > 0:
                sp += grow
            x += sp + gap
        x -= left
        if not u.space:
            gx = x + u.shift
            for ch, adv, font, src in zip(u.chars, u.advances, u.fonts, range(u.start, u.end), strict=True):
                append(_glyph((ch, gx, font, src)))
                gx += adv
        x += widths[i] - right
    return tuple(glyphs), x


def _set_plain(items: Items, s: int, e: int, end: int, width: float, indent: float, last: bool) -> Line:
    """The common case (clreq 3.8: a clean grid line needs no adjustment): glyph after glyph."""
    glyphs: list[Glyph] = []
    append = glyphs.append
    units, lone, widths = items.units, items.lone, items.width
    x = indent
    for i in range(s, e + 1):
        u = units[i]
        if lone[i]:
            append(_glyph((u.chars, x, u.fonts[0], u.start)))
            x += widths[i]
        else:
            for ch, adv, font, src in zip(u.chars, u.advances, u.fonts, range(u.start, u.end), strict=True):
                append(_glyph((ch, x, font, src)))
                x += adv
    return Line(tuple(glyphs), units[s].start, end, width, x, last, False)
