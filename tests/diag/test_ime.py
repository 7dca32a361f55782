"""The slips of a Chinese input method left on (issue 30): each named on its own line and column, with the
corrected line as the hint; text that merely contains full-width characters is left alone."""

from __future__ import annotations

import pytest

from layout.errors import LayoutError
from layout.infra.yamlio.read import load_yaml_text
from layout.infra.yamlio.slips import ime_slips
from layout.source.edition import load_edition
from tests.conftest import PLAN, MakeEdition


def slips(text: str, offset: int = 0) -> list[tuple[int, int, str, str]]:
    return [(d.line or 0, d.col or 0, d.message.split(" (typed")[0], d.hint or "")
            for d in ime_slips(text, "p", offset)]


@pytest.mark.parametrize(("text", "found"), [
    ("style: a\npages_total：2\npages: []\n", (2, 12, "full-width colon", "write `pages_total: 2`")),
    ("issue: ２８３５０\n", (1, 8, "full-width digits", "write `issue: 28350`")),
    ("width: 370ｍｍ\n", (1, 8, "full-width letters", "write `width: 370mm`")),
    ("ａｔ: 1\n", (1, 1, "full-width letters in the key", "write `at: 1`")),
    ("pages:\n\u3000\u3000- page: 1\n", (2, 1, "ideographic space (U+3000) in the indentation",
                                          "write `  - page: 1`")),
    ("pages:\n  -\u3000page: 1\n", (2, 4, "ideographic space (U+3000) after the dash", "write `  - page: 1`")),
    ("issue:\u300028350\n", (1, 7, "ideographic space (U+3000) after the colon", "write `issue: 28350`")),
    ("at: {col: 1，span: 4}\n", (1, 12, "full-width comma", "write `at: {col: 1, span: 4}`")),
    ("focus: ［0.5, 0.5］\n", (1, 8, "full-width bracket", "write `focus: [0.5, 0.5]`")),
    ("at: {col: １, span: 4}\n", (1, 11, "full-width digits", "write `at: {col: 1, span: 4}`")),
])
def test_each_slip_is_named_at_its_place_with_the_corrected_line(text: str, found: tuple[int, int, str, str]) -> None:
    got = slips(text)
    assert len(got) == 1, got
    line, col, name, hint = got[0]
    assert (line, col, hint) == (found[0], found[1], found[3])
    assert name == found[2] or (name.startswith(found[2]) and "(" not in found[2])


@pytest.mark.parametrize("text", [
    "note: 今日：12版\n", "title: 第２届\n", "title: \"２０２６\"\n", "# pages_total：2\n",
    "text: |\n  pages_total：2\n  ２８３５０\nnext: 1\n", "name: 天津　日报\n",
])
def test_text_with_full_width_characters_is_left_alone(text: str) -> None:
    assert slips(text) == []


def test_a_title_in_front_matter_may_be_full_width_digits() -> None:
    assert slips("title: ２０２６\n", offset=1) == []
    assert slips("title：２０２６\n", offset=1)[0][:2] == (2, 6)


def test_the_plan_names_the_slip_on_its_own_line_not_pyyamls_later_one(make_edition: MakeEdition) -> None:
    plan = PLAN.replace("pages_total: 12", "pages_total：12").replace("issue: 28122", "issue: ２８１２２")
    folder = make_edition(plan=plan)
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    assert [(d.line, d.col, d.code) for d in info.value.diagnostics] == [(3, 8, "ime-slip"), (4, 12, "ime-slip")]
    assert info.value.exit_code == 2
    assert "full-width colon" in info.value.diagnostics[1].message


def test_clean_yaml_still_loads() -> None:
    assert load_yaml_text("a: 1\nb: [1, 2]\nc: 今日：12版\n", "p").data == {"a": 1, "b": [1, 2], "c": "今日：12版"}
