"""Setting a broken line: justification (clreq 3.8, docs/text-engine.md §5a and §6) and glyph positions.

The line's totals come from `Items.measure`; they decide one shrink ratio (push-in: every blank and
CJK–Latin space gives up the same share of its shrink), or the stretch, taken in this order:

1. CJK–Latin spaces, up to `latin_space_max` (½ em);
2. spaces between Latin words, up to ½ em;
3. the gaps between characters (ideographs, marks, the edges of Latin words), up to ½ em each;
4. letter-spacing inside Latin words, up to 0.05 em per letter — the last resort (a line holding only
   a part of a URL stays short rather than be spaced out);
5. what is still left is spread over the gaps of 3 (or the word spaces) and the line is reported
   `loose`: a gap over ½ em is never set silently.

Glue inside a word or URL (`rigid`) never takes 3: a URL is never spaced out. A line that ends at a
hyphenation point gets its hyphen (a glyph with `src` −1: not in the source text); a soft hyphen that is
not used is not drawn. Each glyph's x is the running sum of its box's and glue's widths so adjusted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from operator import attrgetter, itemgetter

from layout.model.style import Align
from layout.model.text import Glyph, Line, Problem, ProblemKind
from layout.text.items import EPS, Items
from layout.text.units import Unit

_glyph = partial(tuple.__new__, Glyph)  # Glyph from a (text, x, font, src) tuple, without NamedTuple's checks
_chars, _fonts, _start, _first = attrgetter("chars"), attrgetter("fonts"), attrgetter("start"), itemgetter(0)
MAX_GAP = 0.5  # em: a justified line's gaps above this are loose
WORD_SPACE_MAX = 0.5  # em: what a space between Latin words may grow to
LETTER_MAX = 0.05  # em per letter gap: the most letter-spacing justification may add
LETTER_MAX_ALONE = 0.05  # em: the same on a line of nothing but a word or URL (a short line is better
# than a spaced-out address)
SHY = "\u00ad"


@dataclass(frozen=True, slots=True)
class Stretch:
    """How a justified line takes up its slack (pt): see the module's description."""

    ratio: float = 0.0  # push-in: the share of every shrink taken
    grow: float = 0.0  # added to each CJK–Latin space
    word: float = 0.0  # added to each space between Latin words
    gap: float = 0.0  # added to each gap between characters (not inside a word or URL)
    letter: float = 0.0  # added between the letters of Latin words


def _word_spaces(items: Items, s: int, e: int) -> list[int]:
    units = items.units
    return [i for i in range(s + 1, e) if units[i].space and units[i - 1].latin and units[i + 1].latin]


def _open_gaps(items: Items, s: int, e: int, words: list[int]) -> int:
    """Gaps that take inter-character spacing: not inside a word or URL, not beside a word space."""
    beside = {g for i in words for g in (i, i + 1)}
    return items.stretchable(s, e) - sum(1 for g in beside if s < g <= e and not items.units[g].rigid)


def stretch(items: Items, s: int, e: int, slack: float, spaced: int, cjk_latin: float, problems: list[Problem]
            ) -> Stretch:
    """Share `slack` pt out in the order of the module's description."""
    size = items.params.size
    grow = word = gap = letter = 0.0
    if spaced:
        extra = min(slack, cjk_latin)
        grow, slack = extra / spaced, slack - extra
    words = _word_spaces(items, s, e)
    if words and slack > EPS:
        room = max(0.0, WORD_SPACE_MAX * size - min(items.width[i] for i in words))
        word = min(slack / len(words), room)
        slack -= word * len(words)
    gaps = _open_gaps(items, s, e, words)
    if gaps and slack > EPS:
        gap = min(slack / gaps, MAX_GAP * size)
        slack -= gap * gaps
    letters = items.letters(s, e)
    if letters and slack > EPS:
        letter = min(slack / letters, (LETTER_MAX if gaps or words else LETTER_MAX_ALONE) * size)
        slack -= letter * letters
    if slack > EPS:  # loose: over ½ em between characters or words (a word or URL is never spaced out)
        if gaps:
            gap += slack / gaps
        elif words:
            word += slack / len(words)
        short = "" if gaps or words else f", {slack:.1f} pt short"
        problems.append(Problem(ProblemKind.LOOSE, items.units[e].end,
                                f"loose line: gaps of {max(gap, word) / size:.2f} em{short}"))
    return Stretch(0.0, grow, word, gap, letter)


def set_line(items: Items, s: int, e: int, end: int, width: float, indent: float, last: bool,
             problems: list[Problem], ragged: bool = False) -> Line:
    """Boxes s..e as a line of a paragraph `width` pt wide, starting `indent` pt in; `end` is where the
    next line starts in the text (spaces dropped at the break are inside the line). A `ragged` line (one
    a forced break ends) is set like a last line."""
    p = items.params
    avail = width - indent
    justify = p.align is Align.JUSTIFY and not last and not ragged
    # a last line keeps its final mark's blank, unless it is set right or centred or needs the cut to fit
    at_end = justify or not (last or ragged) or p.align in (Align.RIGHT, Align.CENTER) \
        or items.measure(s, e, False).natural > avail + EPS
    line = items.measure(s, e, at_end)
    if abs(avail - line.natural) < EPS and p.align is not Align.RIGHT and p.align is not Align.CENTER \
            and items.plain(s, e):
        return _set_plain(items, s, e, end, width, indent, last)
    diff = avail - line.natural
    how = Stretch()
    overfull = False
    if diff < -EPS:  # pushed in: compress
        room = line.shrink
        how = Stretch(min(1.0, -diff / room) if room > EPS else 0.0)
        if how.ratio >= 1.0 and -diff > room + EPS:
            overfull = True
            problems.append(Problem(ProblemKind.OVERFULL, items.units[e].end, f"line {-diff - room:.2f}pt too wide"))
    elif diff > EPS and justify:
        how = stretch(items, s, e, diff, line.spaced, line.stretch, problems)
    x = indent
    if p.align is Align.RIGHT or p.align is Align.CENTER:
        room_left = avail - (line.natural - how.ratio * line.shrink)
        x = indent + (room_left if p.align is Align.RIGHT else room_left / 2)
    glyphs, x = _place(items, s, e, x, at_end, how)
    full = justify and abs(x - width) < 0.01  # a line of one URL part may stay short
    return Line(glyphs, items.units[s].start, end, width, width if full else x, last, overfull)


def _place(items: Items, s: int, e: int, x: float, at_end: bool, how: Stretch) -> tuple[tuple[Glyph, ...], float]:
    """Glyphs of boxes s..e from x: each box and the glue before it at its natural width, less `ratio` of
    its shrink, plus what `how` adds. Returns the glyphs and the pen."""
    glyphs: list[Glyph] = []
    append = glyphs.append
    units, widths, lone = items.units, items.width, items.lone
    squeeze_l, squeeze_r, blank_l, blank_r = items.squeeze_l, items.squeeze_r, items.blank_l, items.blank_r
    ratio, gap = how.ratio, how.gap
    words = set(_word_spaces(items, s, e)) if how.word else set()
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
            x += _glue(items, i, how, words)
        x -= left
        if not u.space:
            x = _glyphs(u, x, how.letter if u.latin else 0.0, append) - right
        else:
            x += widths[i] - right + (how.word if i in words else 0.0)
    if at_end and units[e].hyphen:  # a line ended at a hyphenation point
        append(_glyph(("-", x, units[e].fonts[-1], -1)))
        x += units[e].hyphen
    return tuple(glyphs), x


def _glue(items: Items, i: int, how: Stretch, words: set[int]) -> float:
    """The glue before box i as set: natural, less its share of push-in, plus its stretch."""
    sp = items.space[i]
    if how.ratio:
        sp -= items.glue_shrink[i] * how.ratio
    elif how.grow and sp > 0:
        sp += how.grow
    if items.run_rigid[i + 1] != items.run_rigid[i]:  # rigid, or `holds` (items.py) with the box before it
        u = items.units[i]
        return sp + (how.letter if u.rigid and u.latin and items.units[i - 1].latin else 0.0)
    if i in words or (i - 1) in words:
        return sp  # beside a word space: the space itself grows
    return sp + how.gap


def _glyphs(u: Unit, x: float, letter: float, append: Callable[[Glyph], None]) -> float:
    """Append the glyphs of unit `u` from x, `letter` pt between its letters; return the pen after it."""
    gx = x + u.shift
    last = len(u.chars) - 1
    for k, (ch, adv, font) in enumerate(zip(u.chars, u.advances, u.fonts, strict=True)):
        if ch != SHY:  # a soft hyphen is drawn only when a line ends there (as "-", above)
            append(_glyph((ch, gx, font, u.start + k)))
        gx += adv + (letter if k < last else 0.0)
    return gx - u.shift


def _set_plain(items: Items, s: int, e: int, end: int, width: float, indent: float, last: bool) -> Line:
    """The common case (clreq 3.8: a clean grid line needs no adjustment): glyph after glyph."""
    units, lone, widths = items.units, items.lone, items.width
    if all(lone[s:e + 1]):  # ideographs only: the same as below, each step done over the whole line at once
        boxes = units[s:e + 1]
        xs = list(accumulate(widths[s:e + 1], initial=indent))  # one more than boxes: the pen after the line
        fields = zip(map(_chars, boxes), xs, map(_first, map(_fonts, boxes)), map(_start, boxes), strict=False)
        return Line(tuple(map(_glyph, fields)), units[s].start, end, width, xs[-1], last, False)
    glyphs: list[Glyph] = []
    append = glyphs.append
    x = indent
    for i in range(s, e + 1):
        u = units[i]
        if lone[i]:
            append(_glyph((u.chars, x, u.fonts[0], u.start)))
            x += widths[i]
        else:
            for ch, adv, font, src in zip(u.chars, u.advances, u.fonts, range(u.start, u.end), strict=True):
                if ch != SHY:
                    append(_glyph((ch, x, font, src)))
                x += adv
    return Line(tuple(glyphs), units[s].start, end, width, x, last, False)
