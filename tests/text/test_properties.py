"""Properties of the breaker on random text (hypothesis): nothing lost, nothing too wide, rules kept."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.model.style import Kinsoku, PunctStyle, TextStyle
from layout.text import break_paragraph
from layout.text.classes import cls
from layout.text.kinsoku import NOT_END, NOT_START
from tests.support.squarefont import METRICS

ALPHABET = "天地玄黄宇宙洪荒日月" * 4 + "，。、：；！？“”‘’（）《》·%" + "——……" + "0123456789.ab " + "xyz"
SIZE = 10.0

texts = st.text(alphabet=ALPHABET, min_size=1, max_size=200)
styles = st.builds(
    lambda k, p, i: TextStyle("test", SIZE, 15.0, indent=i, kinsoku=k, punctuation=p),
    st.sampled_from(list(Kinsoku)), st.sampled_from(list(PunctStyle)), st.sampled_from([0.0, 2.0]),
)
measures = st.integers(min_value=5, max_value=40).map(lambda n: n * SIZE)


def advance(ch: str) -> float:
    found = METRICS.lookup(ch)
    return (found[1] if found else 1.0) * SIZE


@settings(max_examples=300, deadline=None)
@given(texts, styles, measures)
def test_nothing_lost_duplicated_or_reordered(text: str, style: TextStyle, measure: float) -> None:
    result = break_paragraph(text, style, measure, METRICS)
    drawn = [g for ln in result.lines for g in ln.glyphs]
    assert "".join(g.text for g in drawn) == "".join(ch for ch in text if not ch.isspace())
    assert [g.src for g in drawn] == [i for i, ch in enumerate(text) if not ch.isspace()]


@settings(max_examples=300, deadline=None)
@given(texts, styles, measures)
def test_no_line_wider_than_the_measure_unless_reported(text: str, style: TextStyle, measure: float) -> None:
    result = break_paragraph(text, style, measure, METRICS)
    for ln in result.lines:
        if not ln.glyphs:
            continue
        # the pen position after the last glyph (compressed marks count at their compressed width)
        if ln.natural > measure + 1e-6:
            assert ln.overfull or result.problems, (ln.text, ln.natural, measure)
        # and no glyph box starts beyond the measure
        assert ln.glyphs[-1].x < measure + 1e-6 or result.problems


@settings(max_examples=300, deadline=None)
@given(texts, styles, measures)
def test_no_forbidden_line_start_or_end_unless_reported(text: str, style: TextStyle, measure: float) -> None:
    result = break_paragraph(text, style, measure, METRICS)
    lines = result.lines
    for k, ln in enumerate(lines):
        if not ln.glyphs:
            continue
        if k > 0 and cls(ln.glyphs[0].text) in NOT_START[style.kinsoku]:
            prev = lines[k - 1]
            # a break at a space is always allowed (the space separates the two)
            if not any(text[i].isspace() for i in range(prev.glyphs[-1].src + 1, ln.glyphs[0].src)):
                assert result.problems, (prev.text, ln.text)
        if k < len(lines) - 1 and cls(ln.glyphs[-1].text) in NOT_END[style.kinsoku]:
            nxt = lines[k + 1]
            if not any(text[i].isspace() for i in range(ln.glyphs[-1].src + 1, nxt.glyphs[0].src)):
                assert result.problems, (ln.text, nxt.text)


@settings(max_examples=100, deadline=None)
@given(texts, styles, measures)
def test_deterministic(text: str, style: TextStyle, measure: float) -> None:
    a = break_paragraph.__wrapped__(text, style, measure, METRICS)
    b = break_paragraph.__wrapped__(text, dataclasses.replace(style), measure, METRICS)
    assert a == b
