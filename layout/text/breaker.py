"""The line breaker: greedy first fit on units, 禁则 by push-in (挤进) before push-out (推出),
孤字不成行, then justification. Pure: units in, lines of positioned glyphs out (clreq 3.1.7, 3.8)."""

from __future__ import annotations

from dataclasses import dataclass

from layout.model.style import Align, PunctStyle, TextStyle
from layout.model.text import BrokenParagraph, Glyph, Line, Problem
from layout.text.classes import C
from layout.text.kinsoku import NOT_END, NOT_START
from layout.text.units import URL_BREAKS, Unit

EPS = 1e-6
new_glyph = tuple.__new__  # bypasses NamedTuple's argument handling on the hot path
PUSH_IN_MAX = 3  # at most this many units pushed into a line
_SPACED = (C.IDEO, C.ITER, C.OTHER)  # classes that get a CJK–Latin space next to a Latin unit


@dataclass(slots=True)
class Prepared:
    """Per-unit arrays for one paragraph at one size (everything the breaker adds up)."""

    units: list[Unit]
    w: list[float]  # natural width
    adj_l: list[float]  # blank removed on the left because the previous mark touches it (§4 adjacency)
    adj_r: list[float]  # blank removed on the right because the next mark touches it
    sp: list[float]  # CJK–Latin space before the unit (§5)
    lb: list[float]  # compressible left blank left after adjacency
    rb: list[float]  # compressible right blank left after adjacency


def prepare(units: list[Unit], style: TextStyle) -> Prepared:
    n = len(units)
    w = [u.width for u in units]
    adj_l = [0.0] * n
    adj_r = [0.0] * n
    sp = [0.0] * n
    quarter = style.latin_space * style.size
    for i in range(1, n):
        a, b = units[i - 1], units[i]
        if a.blank_right and (b.blank_left or b.blank_right):
            adj_r[i - 1] = a.blank_right  # 。” → 1.5 em; ”（ keeps one half-blank
        elif a.blank_left and b.blank_left:
            adj_l[i] = b.blank_left  # （“ → 1.5 em
        if (a.latin and b.first in _SPACED) or (b.latin and a.last in _SPACED):
            sp[i] = quarter
    lb = [u.blank_left - adj_l[i] for i, u in enumerate(units)]
    rb = [u.blank_right - adj_r[i] for i, u in enumerate(units)]
    return Prepared(units, w, adj_l, adj_r, sp, lb, rb)


class Breaker:
    def __init__(self, text: str, prep: Prepared, style: TextStyle, measure: float, first_indent: bool) -> None:
        self.text, self.p, self.style, self.measure = text, prep, style, measure
        self.units = prep.units
        self.not_start = NOT_START[style.kinsoku]
        self.not_end = NOT_END[style.kinsoku]
        self.indent = style.indent * style.size if first_indent and style.align is Align.JUSTIFY else 0.0
        self.end_half = style.punctuation is PunctStyle.HALF_AT_END
        self.problems: list[Problem] = []

    # -- widths ---------------------------------------------------------------------------------
    def natural(self, s: int, e: int, at_end: bool) -> float:
        p = self.p
        width = 0.0
        for i in range(s, e + 1):
            width += p.w[i]
            if i > s:
                width += p.sp[i] - p.adj_l[i]
            if i < e:
                width -= p.adj_r[i]
        if at_end and self.end_half:
            width -= p.rb[e]
        return width

    def shrink(self, s: int, e: int) -> float:
        """What push-in may still take: every remaining punctuation blank, CJK–Latin spaces to ⅛ em."""
        p = self.p
        eighth = self.style.size / 8
        total = sum(p.lb[i] + p.rb[i] for i in range(s, e + 1))
        if self.end_half:
            total -= p.rb[e]  # already taken by the line-end rule
        total += sum(max(0.0, p.sp[i] - eighth) for i in range(s + 1, e + 1))
        return total

    def breakable(self, e: int) -> bool:
        """May the line end after unit e?"""
        u = self.units
        if e + 1 >= len(u):
            return True
        a, b = u[e], u[e + 1]
        if a.space or b.space:
            return True
        return a.last not in self.not_end and b.first not in self.not_start

    # -- breaking -------------------------------------------------------------------------------
    def run(self, start_unit: int) -> list[tuple[int, int, bool]]:
        """Lines as (first unit, last unit, needs push-in compression)."""
        units = self.units  # long_unit() may split a unit in place: always re-read len(units)
        lines: list[tuple[int, int, bool]] = []
        s = start_unit
        first = True
        while s < len(units):
            while s < len(units) and units[s].space:
                s += 1
            if s >= len(units):
                break
            avail = self.measure - (self.indent if first else 0.0)
            e, squeeze = self.one_line(s, avail)
            lines.append((s, e, squeeze))
            s = e + 1
            first = False
        self.orphans(lines)
        return lines

    def one_line(self, s: int, avail: float) -> tuple[int, bool]:
        units = self.units
        n = len(units)
        if self.p.w[s] > avail + EPS:
            return self.long_unit(s, avail), False
        e = s
        width = self.p.w[s]
        while e + 1 < n:
            nxt = e + 1
            grow = self.p.w[nxt] + self.p.sp[nxt] - self.p.adj_l[nxt] - self.p.adj_r[e]
            end_cut = self.p.rb[nxt] if self.end_half else 0.0
            if width + grow - end_cut > avail + EPS:
                break
            width += grow
            e = nxt
        nxt = e + 1
        if nxt < n and units[nxt].url and self.breakable(e):
            # a URL may break at / . - : start it on this line rather than leave the line short
            cut = self.url_cut(units[nxt], avail - width - self.p.sp[nxt])
            if cut:
                self.split_unit(nxt, cut)
                return nxt, False
        while e > s and units[e].space:
            e -= 1
        if e + 1 >= n or self.breakable(e):
            return e, False
        # 挤进: push the forbidden unit(s) in by compressing punctuation on the line
        f = e + 1
        while f < n and f - e <= PUSH_IN_MAX:
            if self.breakable(f) and not units[f].space:
                if self.natural(s, f, True) - self.shrink(s, f) <= avail + EPS:
                    return f, True
                break
            f += 1
        # 推出: end the line at an earlier legal break and expand it
        j = e - 1
        while j >= s:
            if self.breakable(j) and not units[j].space:
                return j, False
            j -= 1
        self.problems.append(Problem("forced-break", units[e].end, "no legal break: a 禁则 rule is broken"))
        return e, False

    def long_unit(self, s: int, avail: float) -> int:
        """A unit wider than the line (a URL or a very long word): split it, recording a Problem."""
        u = self.units[s]
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
        cut = best or max(1, cut)
        kind = "forced-break" if best else "overfull"
        self.problems.append(Problem(kind, u.start + cut, f"'{u.chars}' is wider than the line; broken inside"))
        if cut < len(u.chars):
            self.split_unit(s, cut)
        return s

    @staticmethod
    def url_cut(u: Unit, room: float) -> int:
        """The longest head of URL `u` that ends at a break point and fits `room` (0: none)."""
        acc = 0.0
        best = 0
        for k, adv in enumerate(u.advances[:-1]):
            if acc + adv > room + EPS:
                break
            acc += adv
            if u.chars[k] in URL_BREAKS:
                best = k + 1
        return best if best >= 3 else 0

    def split_unit(self, s: int, cut: int) -> None:
        """Split unit s after `cut` characters, in place (the arrays follow)."""
        u = self.units[s]
        head = Unit(u.start, u.chars[:cut], u.advances[:cut], u.fonts[:cut], u.first, u.first, 0, 0, True, False)
        tail = Unit(u.start + cut, u.chars[cut:], u.advances[cut:], u.fonts[cut:], u.first, u.last, 0, 0, True,
                    False, url=u.url)
        self.units[s:s + 1] = [head, tail]
        for arr in (self.p.w, self.p.adj_l, self.p.adj_r, self.p.sp, self.p.lb, self.p.rb):
            arr.insert(s + 1, 0.0)
        self.p.w[s], self.p.w[s + 1] = head.width, tail.width

    def orphans(self, lines: list[tuple[int, int, bool]]) -> None:
        """孤字不成行: a last line of one character (plus its marks) takes one more from the line above."""
        if not self.style.no_orphan_char or len(lines) < 2 or self.style.align is not Align.JUSTIFY:
            return
        s, e, _ = lines[-1]
        body = [u for u in self.units[s:e + 1] if u.first not in (C.PAUSE, C.CLOSE)]
        if len(body) != 1 or len(body[0].chars) != 1:
            return
        ps, pe, _sq = lines[-2]
        j = pe - 1
        while j > ps and not self.breakable(j):
            j -= 1
        if j <= ps:
            return
        avail = self.measure - (self.indent if len(lines) == 2 else 0.0)
        if self.natural(j + 1, e, False) > self.measure + EPS or self.natural(ps, j, True) > avail + EPS:
            return
        lines[-2] = (ps, j, False)
        lines[-1] = (j + 1, e, False)

    # -- setting --------------------------------------------------------------------------------
    def plain(self, s: int, e: int) -> bool:
        """No spaces, compressions or CJK–Latin spaces on the line: glyphs at their natural advances."""
        p = self.p
        for i in range(s, e + 1):
            if p.sp[i] or p.adj_l[i] or p.adj_r[i] or self.units[i].space or self.units[i].shift:
                return False
        return not (self.end_half and p.rb[e])

    def set_plain(self, s: int, e: int, indent: float, last: bool) -> Line:
        """The common case (clreq 3.8: a clean grid line needs no adjustment)."""
        glyphs: list[Glyph] = []
        x = indent
        for u in self.units[s:e + 1]:
            for ch, adv, font, idx in zip(u.chars, u.advances, u.fonts, range(u.start, u.start + len(u.chars)),
                                          strict=True):
                glyphs.append(new_glyph(Glyph, (ch, x, font, idx)))
                x += adv
        u = self.units[e]
        return Line(tuple(glyphs), self.units[s].start, u.start + len(u.chars), self.measure, x, last, False)

    def set_line(self, s: int, e: int, last: bool, first: bool) -> Line:
        p, units, style = self.p, self.units, self.style
        indent = self.indent if first else 0.0
        avail = self.measure - indent
        justify = style.align is Align.JUSTIFY and not last
        nat = self.natural(s, e, justify or not last)
        if abs(avail - nat) < EPS and style.align is not Align.RIGHT and style.align is not Align.CENTER \
                and self.plain(s, e):
            return self.set_plain(s, e, indent, last)
        left_c = [p.adj_l[i] if i > s else 0.0 for i in range(s, e + 1)]
        right_c = [p.adj_r[i] if i < e else 0.0 for i in range(s, e + 1)]
        sp = [p.sp[i] if i > s else 0.0 for i in range(s, e + 1)]
        if self.end_half and (justify or not last):
            right_c[-1] += p.rb[e]
        gap = 0.0
        overfull = False
        diff = avail - nat
        if diff < -EPS:  # push-in: compress the remaining blanks and CJK–Latin spaces proportionally
            room = self.shrink(s, e)
            ratio = min(1.0, -diff / room) if room > EPS else 0.0
            eighth = style.size / 8
            for k, i in enumerate(range(s, e + 1)):
                left_c[k] += p.lb[i] * ratio
                if i < e or not self.end_half:
                    right_c[k] += p.rb[i] * ratio
                if sp[k] > eighth:
                    sp[k] -= (sp[k] - eighth) * ratio
            if ratio >= 1.0 and -diff > room + EPS:
                overfull = True
                self.problems.append(Problem("overfull", units[e].end, f"line {-diff - room:.2f}pt too wide"))
        elif diff > EPS and justify:
            n_sp = sum(1 for x in sp if x > 0)
            if n_sp:
                extra = min(diff, n_sp * (style.latin_space_max - style.latin_space) * style.size)
                sp = [x + extra / n_sp if x > 0 else 0.0 for x in sp]
                diff -= extra
            gaps = e - s
            if gaps and diff > EPS:
                gap = diff / gaps
        width = sum(p.w[i] for i in range(s, e + 1)) - sum(left_c) - sum(right_c) + sum(sp) + gap * (e - s)
        if style.align is Align.RIGHT:
            x = indent + avail - width
        elif style.align is Align.CENTER:
            x = indent + (avail - width) / 2
        else:
            x = indent
        glyphs: list[Glyph] = []
        for k, i in enumerate(range(s, e + 1)):
            u = units[i]
            if k:
                x += sp[k] + gap
            x -= left_c[k]
            if not u.space:
                gx = x + u.shift
                for ch, adv, font, idx in zip(u.chars, u.advances, u.fonts, range(u.start, u.end), strict=True):
                    glyphs.append(new_glyph(Glyph, (ch, gx, font, idx)))
                    gx += adv
            x += p.w[i] - right_c[k]
        end = units[e].end
        return Line(tuple(glyphs), units[s].start, end, self.measure, x if not justify else self.measure,
                    last, overfull)


def break_units(text: str, units: list[Unit], style: TextStyle, measure: float, first_indent: bool) -> BrokenParagraph:
    prep = prepare(list(units), style)
    br = Breaker(text, prep, style, measure, first_indent)
    spans = br.run(0)
    lines: list[Line] = []
    for k, (s, e, _sq) in enumerate(spans):
        line = br.set_line(s, e, k == len(spans) - 1, k == 0)
        lines.append(line)
    # a line's range runs to the next line's start, so dropped spaces stay accounted for
    fixed = [Line(ln.glyphs, ln.start, lines[k + 1].start if k + 1 < len(lines) else len(text), ln.width,
                  ln.natural, ln.last, ln.overfull) for k, ln in enumerate(lines)]
    missing = [Problem("missing-glyph", idx, f"no font has '{text[idx]}' (U+{ord(text[idx]):04X})")
               for u in br.units for idx in u.missing]
    return BrokenParagraph(tuple(fixed), tuple(br.problems + missing))
