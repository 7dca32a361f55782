"""The per-paragraph tables total fit reads (layout/text/totalfit.py) answer as counting box by box would."""

from __future__ import annotations

from layout.model.style import TextStyle
from layout.text import break_params
from layout.text.items import Items, build_items
from layout.text.totalfit import GAP_ROOM, LETTER_ROOM, WORD_SPACE_ROOM, _room, _starts, word_spaces
from layout.text.units import make_units
from tests.support.squarefont import METRICS

STYLE = TextStyle(font="test", size=10.0, leading=15.0, indent=0.0)
TEXTS = ("The quick brown fox 跳过了 lazy dogs, and  then  some more words 以及 http://example.com/a_b?c=d 网址。",
         "  开头有空格 two  words  和 trailing spaces   ", "中文 only 一个 word", "a b", "纯中文段落，没有拉丁文。")


def items(text: str) -> Items:
    params = break_params(STYLE)
    return build_items(text, make_units(text, 0, params.size, METRICS, params.punctuation), params)


def test_the_room_of_a_line_counts_the_word_spaces_between_its_boxes() -> None:
    """`_room` reads the word spaces off `word_spaces`; counted box by box, they give the same room."""
    size = STYLE.size
    for text in TEXTS:
        it = items(text)
        units, run = it.units, word_spaces(it)
        assert run[-1] > 1 or text != TEXTS[0]  # the first text has word spaces to count
        for s in range(len(units)):
            for e in range(s, len(units)):
                line = it.measure(s, e, True)
                words = sum(1 for i in range(s + 1, e) if units[i].space and units[i - 1].latin and units[i + 1].latin)
                gaps = max(0, it.stretchable(s, e) - 2 * words)
                letters = it.letters(s, e)
                room = line.stretch + (words * WORD_SPACE_ROOM + gaps * GAP_ROOM + letters * LETTER_ROOM) * size
                assert _room(it, s, e, line, letters, run) == room, (text, s, e)


def test_starts_skip_the_spaces_after_a_break() -> None:
    for text in TEXTS:
        it = items(text)
        units, starts = it.units, _starts(it)
        for e in range(-1, len(units)):
            s = e + 1
            while s < len(units) and units[s].space:
                s += 1
            assert starts[e + 1] == s, (text, e)
