"""A paragraph as items on running totals: boxes, the glue between them, break flags.

Built once per paragraph from its units and the break parameters, by asking the rule functions
(`kinsoku.may_break`, `spacing.*`) about the gaps. Never mutated: cutting a unit that is wider than the
line (`Items.split`) returns new items.

- **box** i: unit i, `width[i]` pt wide; `blank_l/blank_r[i]`: the compressible blank halves it still has
  after adjacency (its shrink, §3 push-in and §6); `end_cut[i]`: what it loses when it ends a line (§4).
- **glue** before box i (between boxes i-1 and i; it vanishes when a line starts at box i): a CJK–Latin
  space `space[i]` (§5) less the blanks two adjacent marks lose (`squeeze_r[i-1]`, `squeeze_l[i]`, §4).
  Its shrink is the space down to ⅛ em; its stretch the space up to `latin_space_max`.
- **break flag** `breaks[i]`: may a line end after box i (禁则, §3). A box with `hyphen[i]` > 0 ends a
  piece of a hyphenated word: a line may end there, adding a hyphen that wide (§5a). Glue before a
  `rigid` box continues a word or URL: it never stretches (letter-spacing, the last resort, may).

Prefix sums of natural width, shrink and CJK–Latin spaces let `Items.measure(s, e, at_end)` answer for
any run of boxes in O(1) (Typst's `CumulativeVec`). The breaker (fit, push-in, 孤字) and the setter
(justification) both use it; nothing else adds widths up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from operator import add, attrgetter
from typing import NamedTuple, TypeVar

from layout.text.classes import C
from layout.text.kinsoku import may_break
from layout.text.params import BreakParams
from layout.text.spacing import Side, Squeeze, cjk_latin_space, line_end_cut, space_shrink, space_stretch, squeeze
from layout.text.units import Unit, Units

EPS = 1e-6  # pt: widths closer than this are equal (a line this much too wide still fits)
T = TypeVar("T")


class Extent(NamedTuple):
    """What boxes s..e measure when set as one line (`Items.measure`)."""

    natural: float  # width with every glue at its natural size, pt (line-end rule applied if asked)
    shrink: float  # how much push-in may take: blanks left, CJK–Latin spaces down to ⅛ em, pt
    stretch: float  # how much the CJK–Latin spaces may grow, pt (inter-character spacing: no limit)
    spaced: int  # how many CJK–Latin spaces share that stretch


_extent = partial(tuple.__new__, Extent)  # Extent from a 4-tuple, without NamedTuple's argument handling


class Boxes(NamedTuple):
    """What the rules answered, per box (for a lone ideograph: 0, and a break allowed after it)."""

    units: Sequence[Unit]
    width: Sequence[float]
    space: Sequence[float]
    squeeze_l: Sequence[float]
    squeeze_r: Sequence[float]
    blank_l: Sequence[float]
    blank_r: Sequence[float]
    breaks: Sequence[bool]

    def split(self, k: int, head: Unit, tail: Unit, head_breaks: bool) -> Boxes:
        """Box k replaced by two pieces: the head keeps its glue and blanks, the tail has none."""

        def pieces(values: Sequence[T], head_value: T, tail_value: T) -> list[T]:
            return [*values[:k], head_value, tail_value, *values[k + 1:]]

        def gaps(values: Sequence[float]) -> list[float]:
            return pieces(values, values[k], 0.0)

        return Boxes(pieces(self.units, head, tail), pieces(self.width, head.width, tail.width), gaps(self.space),
                     gaps(self.squeeze_l), gaps(self.squeeze_r), gaps(self.blank_l), gaps(self.blank_r),
                     pieces(self.breaks, head_breaks, self.breaks[k]))


@dataclass(frozen=True, slots=True, eq=False)
class Items:
    """One paragraph's boxes, glue and break flags (see the module doc), with their running totals.
    Per-box sequences are indexed by box; `run_*[k]` sums over boxes 0..k-1 and the glue before each."""

    text: str  # the paragraph text; box i covers text[units[i].start:units[i].end]
    params: BreakParams
    units: Sequence[Unit]
    width: Sequence[float]
    space: Sequence[float]
    squeeze_l: Sequence[float]
    squeeze_r: Sequence[float]
    blank_l: Sequence[float]
    blank_r: Sequence[float]
    breaks: Sequence[bool]
    lone: Sequence[bool]  # a lone ideograph with nothing on either side: one glyph, every value above 0
    end_cut: Sequence[float]
    glue: Sequence[float]  # natural width of the glue before box i (0 before box 0)
    glue_shrink: Sequence[float]
    run_natural: Sequence[float]
    run_shrink: Sequence[float]
    run_spaced: Sequence[int]  # CJK–Latin spaces
    run_adjusted: Sequence[int]  # boxes with a space, a squeeze or a shift: not set glyph after glyph
    run_rigid: Sequence[int]  # glue before a rigid box (within a word or URL): never stretched
    run_letters: Sequence[int]  # gaps between the letters of Latin boxes, and rigid glue between them
    next_forced: Sequence[int]  # the first forced-break box at or after i (len(units) if none)
    grows: bool  # run_natural never decreases (no squeeze outweighs its box): it can be bisected

    def hyphen(self, i: int) -> float:
        """The width of the hyphen a line ending after box i adds (0: none)."""
        return self.units[i].hyphen

    def measure(self, s: int, e: int, at_end: bool) -> Extent:
        """Boxes s..e as one line: the glue between them counts, the glue before s does not; with
        `at_end`, box e ends the line and loses its `end_cut`. The blank that `end_cut` would take is
        never shrink: the line-end rule has it, or a paragraph's last line keeps it."""
        run_natural, end_cut = self.run_natural, self.end_cut
        natural = run_natural[e + 1] - run_natural[s] - self.glue[s]
        if at_end:
            natural += self.units[e].hyphen - end_cut[e]
        run_shrink = self.run_shrink
        shrink = run_shrink[e + 1] - run_shrink[s] - self.glue_shrink[s] - end_cut[e]
        spaced = self.run_spaced[e + 1] - self.run_spaced[s + 1]
        p = self.params
        return _extent((natural, shrink, space_stretch(p.latin_space, p.latin_space_max, p.size, spaced), spaced))

    def stretchable(self, s: int, e: int) -> int:
        """Glue between boxes s..e that justification may widen (not inside a word or URL)."""
        return (e - s) - (self.run_rigid[e + 1] - self.run_rigid[s + 1])

    def letters(self, s: int, e: int) -> int:
        """Letter gaps inside the Latin words of boxes s..e (the last resort of justification)."""
        return self.run_letters[e + 1] - self.run_letters[s] - (1 if self.units[s].rigid and self.units[s].latin
                                                                   and s > 0 and self.units[s - 1].latin else 0)

    def plain(self, s: int, e: int) -> bool:
        """Boxes s..e are set at their natural advances, glyph after glyph: no space, squeeze, shifted
        glyph or line-end cut (clreq 3.8: a clean grid line needs no adjustment)."""
        return self.run_adjusted[e + 1] == self.run_adjusted[s] and not self.end_cut[e] and not self.units[e].hyphen

    def split(self, k: int, cut: int) -> Items:
        """These items with box k cut after its first `cut` characters (an overlong word, a URL at a break
        point). The head keeps the box's glue, blanks and class at its start; the tail starts with no glue
        and no blank, and keeps the box's class at its end. Characters no font has are not reported for
        the two pieces."""
        u = self.units[k]
        head = Unit(u.start, u.chars[:cut], u.advances[:cut], u.fonts[:cut], u.first, u.first, 0.0, 0.0, True, False,
                    url=u.url, rigid=u.rigid)
        tail = Unit(u.start + cut, u.chars[cut:], u.advances[cut:], u.fonts[cut:], u.first, u.last, 0.0, 0.0, True,
                    False, url=u.url, hyphen=u.hyphen, rigid=True)
        boxes = Boxes(self.units, self.width, self.space, self.squeeze_l, self.squeeze_r, self.blank_l,
                      self.blank_r, self.breaks)
        split = boxes.split(k, head, tail, True)
        return _items(self.text, self.params, split, range(len(split.units)))


def build_items(text: str, units: Units, params: BreakParams) -> Items:
    """Ask the rules about the gaps between units (there is at least one unit) and add everything up.

    The gap between two lone ideographs is asked once: most of a Chinese paragraph. Only next to a unit
    of another kind (`units.special`: a mark, a Latin word, a space …) can a box differ from that; and
    each kind of gap is asked once."""
    boxes = units.units
    n = len(boxes)
    level = params.kinsoku
    space, squeeze_l, squeeze_r, blank_l, blank_r = ([0.0] * n for _ in range(5))
    breaks = [may_break(C.IDEO, C.IDEO, level) and not params.keep_words] * (n - 1) + [True]
    quarter = params.latin_space * params.size
    touched = sorted({g for i in units.special for g in (i, i + 1) if g < n})
    answers: dict[tuple[object, ...], tuple[bool, Squeeze, bool]] = {}
    for i in touched:
        if not i:
            continue  # no gap before the first box
        a, b = boxes[i - 1], boxes[i]
        seen = (a.last, a.latin, a.blank_left, a.blank_right, b.first, b.latin, b.blank_left, b.blank_right)
        answer = answers.get(seen)
        if answer is None:
            answer = answers[seen] = (may_break(a.last, b.first, level), squeeze(_side(a), _side(b)),
                                      cjk_latin_space(a.last, a.latin, b.first, b.latin))
        breaks[i - 1], sq, spaced = answer
        if b.rigid:  # inside a word or URL: only where it was cut on purpose (a URL part, a hyphen, a range)
            breaks[i - 1] = b.url or a.soft or a.last is C.CONNECT
        if params.keep_words and not (a.space or b.space):
            breaks[i - 1] = False  # names in a byline or a credit: a line breaks only at their spaces
        if sq is Squeeze.BEFORE_RIGHT:
            squeeze_r[i - 1] = a.blank_right  # 。” → 1.5 em; ”（ keeps one half-blank
        elif sq is Squeeze.AFTER_LEFT:
            squeeze_l[i] = b.blank_left  # （“ → 1.5 em
        if spaced:
            space[i] = quarter
    for i in units.special:  # what is left of a mark's blanks after adjacency
        blank_l[i] = boxes[i].blank_left - squeeze_l[i]
        blank_r[i] = boxes[i].blank_right - squeeze_r[i]
    width = list(map(sum, map(_advances, boxes)))
    return _items(text, params, Boxes(boxes, width, space, squeeze_l, squeeze_r, blank_l, blank_r, breaks), touched)


_advances = attrgetter("advances")


def bracketed(a: Unit, b: Unit) -> bool:
    """A bracket and the Latin word, URL or number it holds (`（ISO`, `IEC）`, `（2023`, `2035）`): justification
    never opens that gap (rule-5a)."""
    return (a.last is C.OPEN and b.latin) or (a.latin and b.first is C.CLOSE)


def holds(a: Unit, b: Unit) -> bool:
    """Justification never widens the glue between boxes a and b: a bracket and its Latin word, a Latin word
    and the ASCII mark after it (`Dr.`, `2026,`), or either side of an ideographic space (the deliberate
    1-em gap of 本报讯　, already as wide as it should be)."""
    return bracketed(a, b) or (a.latin and b.first is C.PAUSE and b.chars.isascii()) \
        or a.chars == "\u3000" or b.chars == "\u3000"


def _side(u: Unit) -> Side:
    return Side.LEFT if u.blank_left else Side.RIGHT if u.blank_right else Side.NONE


def _items(text: str, params: BreakParams, boxes: Boxes, touched: Iterable[int]) -> Items:
    """The glue, line-end cuts and running totals of `boxes`, whose values are those of a lone
    ideograph (all 0, and a width no font makes negative) except at the `touched` boxes."""
    units, width, space, squeeze_l, squeeze_r, _, blank_r, _ = boxes
    n = len(units)
    size, punct = params.size, params.punctuation
    lone = [True] * n
    glue, glue_shrink, end_cut = ([0.0] * n for _ in range(3))
    spaced, adjusted, rigid, letters = [0] * n, [0] * n, [0] * n, [0] * n
    grows = True
    for i in touched:
        lone[i] = False
        sp, sl, sr = space[i], squeeze_l[i], squeeze_r[i]
        g = sp - sl - (squeeze_r[i - 1] if i else 0.0)
        if g:
            glue[i] = g
            grows = grows and width[i] + g >= 0
        if sp:
            glue_shrink[i] = space_shrink(sp, size)
            spaced[i] = sp > 0
        if blank_r[i]:
            end_cut[i] = line_end_cut(blank_r[i], punct)
        u = units[i]
        adjusted[i] = bool(sp or sl or sr) or bool(u.space or u.shift)
        rigid[i] = u.rigid or (i > 0 and holds(units[i - 1], u))
        if u.latin:
            letters[i] = len(u.chars) - 1 + (1 if u.rigid and i and units[i - 1].latin else 0)
    forced = [i for i in touched if units[i].forced]
    next_forced = [n] * n
    for f in reversed(forced):
        for j in range(f, -1, -1):
            if next_forced[j] <= f:
                break
            next_forced[j] = f
    return Items(text, params, *boxes, lone, end_cut, glue, glue_shrink,
                 list(accumulate(map(add, width, glue), initial=0.0)),
                 list(accumulate(map(add, map(add, boxes.blank_l, blank_r), glue_shrink), initial=0.0)),
                 list(accumulate(spaced, initial=0)), list(accumulate(adjusted, initial=0)),
                 list(accumulate(rigid, initial=0)), list(accumulate(letters, initial=0)), next_forced, grows)
