"""Properties of the breaker on random text (hypothesis): nothing lost, nothing too wide, rules kept.

A broken rule is accepted only where the breaker reported it: an overfull line or a forced break whose
index lies on that line (or at the break in question), not just anywhere in the paragraph. The one
exception is a known bug, spelt out in `hang`. Texts mix random characters with URLs, long words and
numbers; measures are whole em and arbitrary quarter points. Deliberate mutations that turn these red:
`may_break` always True (line start/end); push-in accepting, and the setter not reporting, lines 1 pt too
wide (width); a failed push-out not reported (line start/end); the fit ignoring the line-end cut (width);
the setter dropping a unit's second glyph (nothing lost).
"""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.model.style import Align, Kinsoku, PunctStyle, TextStyle
from layout.model.text import BrokenParagraph, Glyph, Line, ProblemKind
from layout.text import break_paragraph, break_params, break_units
from layout.text.classes import C, cls
from layout.text.kinsoku import NOT_END, NOT_START
from layout.text.units import UnitSpec, make_units
from tests.support.squarefont import METRICS

pytestmark = pytest.mark.slow  # hypothesis over random text: `make test` runs it, `make test-fast` not

ALPHABET = "天地玄黄宇宙洪荒日月" * 4 + "，。、：；！？“”‘’（）《》·%" + "——……" + "0123456789.ab " + "xyz"
# pieces hypothesis would hardly build from single characters: URLs, long words, numbers with units
TOKENS = ["https://www.example.org/a/b?x=1", "www.example.org/a/b/c/d/e/f", "Pneumonoultramicroscopic",
          "16.3%", "12-0001", "GDP", "COVID-19", "e-mail", "——", "……", "。”", "（“", "😀"]
SIZE = 10.0
BREAKING = (ProblemKind.OVERFULL, ProblemKind.FORCED_BREAK)

texts = st.one_of(
    st.text(alphabet=ALPHABET, min_size=1, max_size=200),
    st.lists(st.one_of(st.text(alphabet=ALPHABET, min_size=1, max_size=12), st.sampled_from(TOKENS)),
             min_size=1, max_size=24).map("".join),
)
styles = st.builds(
    lambda k, p, i, a: TextStyle("test", SIZE, 15.0, indent=i, kinsoku=k, punctuation=p, align=a),
    st.sampled_from(list(Kinsoku)), st.sampled_from(list(PunctStyle)), st.sampled_from([0.0, 2.0]),
    st.sampled_from([Align.JUSTIFY, Align.JUSTIFY, Align.LEFT, Align.RIGHT, Align.CENTER]),
)
# whole em (the grid), and any quarter point: widths then need not be multiples of the marks' halves
measures = st.one_of(st.integers(min_value=5, max_value=40).map(lambda n: n * SIZE),
                     st.integers(min_value=200, max_value=1600).map(lambda q: q / 4))


def reported(result: BrokenParagraph, lo: int, hi: int) -> bool:
    """Did the breaker report an overfull line or a forced break at a character index in [lo, hi]?"""
    return any(p.kind in BREAKING and lo <= p.index <= hi for p in result.problems)


def spaced_break(text: str, a: Line, b: Line) -> bool:
    """Is there a space between lines a and b (a break at a space is always allowed)?"""
    return any(text[i].isspace() for i in range(a.glyphs[-1].src + 1, b.glyphs[0].src))


@settings(max_examples=700, deadline=None)
@given(texts, styles, measures)
def test_nothing_lost_duplicated_or_reordered(text: str, style: TextStyle, measure: float) -> None:
    result = break_paragraph(text, style, measure, METRICS)
    drawn = [g for ln in result.lines for g in ln.glyphs if g.src >= 0]  # not the hyphens a break adds
    assert "".join(g.text for g in drawn) == "".join(ch for ch in text if not ch.isspace())
    assert [g.src for g in drawn] == [i for i, ch in enumerate(text) if not ch.isspace()]
    for ln in result.lines:  # a hyphen is added only at the end of a line, after a letter
        added = [k for k, g in enumerate(ln.glyphs) if g.src < 0]
        assert added in ([], [len(ln.glyphs) - 1])
        assert not added or ln.glyphs[-1].text == "-"


URL = re.compile(r"(?:https?://|www\.)\S+")


def inside_url(text: str, a: Line, b: Line) -> bool:
    """Is the break between lines a and b inside a URL (where it may come before a dot)?"""
    at = b.glyphs[0].src
    return any(m.start() < at < m.end() for m in URL.finditer(text))


def last_real(line: Line) -> Glyph:
    return next(g for g in reversed(line.glyphs) if g.src >= 0)


@settings(max_examples=700, deadline=None)
@given(texts, styles, measures)
def test_no_line_wider_than_the_measure_unless_reported(text: str, style: TextStyle, measure: float) -> None:
    result = break_paragraph(text, style, measure, METRICS)
    for ln in result.lines:
        if not ln.glyphs:
            continue
        slack = 1e-6
        # an opening mark's ink is in the right half of its em: its blank may be cut at the line start
        ink = ln.glyphs[0].x + (SIZE / 2 if cls(ln.glyphs[0].text) is C.OPEN else 0.0)
        # the pen after the last glyph (compressed marks count at their compressed width), no glyph box
        # starting beyond the measure, no ink left of the line's start
        if ln.natural > measure + slack or ln.glyphs[-1].x >= measure + 1e-6 or ink < -slack:
            assert reported(result, ln.start, ln.end), (ln.text, ln.natural, measure, result.problems)
        if ln.overfull:
            assert reported(result, ln.start, ln.end), (ln.text, result.problems)


@settings(max_examples=700, deadline=None)
@given(texts, styles, measures)
def test_no_forbidden_line_start_or_end_unless_reported(text: str, style: TextStyle, measure: float) -> None:
    result = break_paragraph(text, style, measure, METRICS)
    for a, b in itertools.pairwise(result.lines):
        if spaced_break(text, a, b) or inside_url(text, a, b) or a.glyphs[-1].src < 0:
            continue  # at a space, at a URL's break point, or at a hyphenation point inside a word
        at_break = (last_real(a).src + 1, b.glyphs[0].src)
        if cls(b.glyphs[0].text) in NOT_START[style.kinsoku]:
            assert reported(result, *at_break), (a.text, b.text, result.problems)
        if cls(a.glyphs[-1].text) in NOT_END[style.kinsoku]:
            assert reported(result, *at_break), (a.text, b.text, result.problems)


@settings(max_examples=100, deadline=None)
@given(texts, styles, measures)
def test_deterministic(text: str, style: TextStyle, measure: float) -> None:
    """The cached result equals a fresh one, and a style that differs only in what the breaker does not
    read (leading, font role) shares the cache entry."""
    a = break_paragraph(text, style, measure, METRICS)
    units = make_units(text, 0, SIZE, METRICS, style.punctuation,
                       UnitSpec(SIZE, METRICS, style.punctuation, style.hyphenate))
    b = break_units(text, units, break_params(style), measure, True) if units.units else BrokenParagraph(())
    assert a == b
    assert break_paragraph(text, dataclasses.replace(style, leading=20.0, font="other"), measure, METRICS) is a
