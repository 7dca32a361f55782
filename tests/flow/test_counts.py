"""What flow counts of set lines (layout/flow/paras.py): the story's printed characters and text."""

from __future__ import annotations

from layout.flow.paras import set_chars, set_text, visible_chars
from layout.model.text import Glyph, Line


def line(*glyphs: tuple[str, int]) -> Line:
    return Line(tuple(Glyph(t, float(k), "f", src) for k, (t, src) in enumerate(glyphs)), 0, 9, 100.0, 90.0, False)


def test_a_hyphen_a_break_adds_is_not_the_storys_text_and_a_space_is_not_printed() -> None:
    plain = line(("中", 0), ("\u3000", 1), ("文", 2))
    hyphenated = line(("a", 0), (" ", 1), ("b", 2), ("-", -1))
    assert (set_chars(plain), set_text(plain)) == (2, "中\u3000文")
    assert (set_chars(hyphenated), set_text(hyphenated)) == (2, "a b")
    assert (set_chars(line()), set_text(line())) == (0, "")


def test_visible_characters_leave_out_spaces_and_soft_hyphens() -> None:
    assert visible_chars("co\u00adop eration\u3000中文\t\n") == 13
    assert visible_chars("") == 0
