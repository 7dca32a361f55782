"""Vertical story boxes in the flow: lines right to left as long as the box is tall, tiers top to bottom,
threading and jumping like horizontal boxes with the 下转/上接 lines set vertically. Square test font, 9-pt
body on 13.5-pt grid lines: a basic column (13 characters, 117 pt) holds 8 vertical lines; 10 grid lines
(135 pt) are 15 characters."""

from __future__ import annotations

import pytest

from layout.compose.vertical import vertical_runs
from layout.errors import LayoutError
from layout.geometry import vertical_line_x
from layout.model.style import Role
from layout.source.edition import load_edition
from layout.text.vertical import VerticalMetrics
from tests.conftest import MakeEdition
from tests.flow.test_flow import article, flow, ideos, page, plan
from tests.support.squarefont import METRICS


def vbox(col: int, span: int, line: int, lines: int, extra: str = "") -> str:
    return (f"      - story: s\n        at: {{col: {col}, span: {span}, line: {line}, lines: {lines}}}\n"
            f"        vertical: true{extra}")


HEAD = "      - headline: s\n        at: {col: 8, span: 1, line: 10, lines: 10}\n        vertical: true"


def test_vertical_lines_run_right_to_left_as_long_as_the_box_is_tall(make_edition: MakeEdition) -> None:
    folder = make_edition(plan(page(1, vbox(1, 1, 10, 10), HEAD)), {"s": article(ideos(60))})
    edition, flowed = flow(folder)
    box = edition.pages[0].boxes[0]
    lines = [sl for sl in flowed.lines if sl.role is Role.BODY]
    assert [len(sl.line.text) for sl in lines] == [13, 15, 15, 15, 2]  # the first line indented 2 characters
    assert all(sl.line.width == 15 * 9.0 and sl.style.vertical and sl.top == box.rect.y for sl in lines)
    assert [sl.x for sl in lines] == [vertical_line_x(box, edition.style.grid, i) for i in range(5)]
    assert lines[0].x + 13.5 == pytest.approx(box.rect.right - (box.rect.w - 8 * 13.5) / 2)  # 8 lines, centred


def test_tiers_are_filled_top_to_bottom(make_edition: MakeEdition) -> None:
    """`columns: 2`: two tiers of 7 characters (15 less a 1-character gutter, halved); the upper tier's 8
    lines fill first, right to left, then the lower tier's."""
    folder = make_edition(plan(page(1, vbox(1, 1, 10, 10, "\n        columns: 2"), HEAD)), {"s": article(ideos(100))})
    edition, flowed = flow(folder)
    box = edition.pages[0].boxes[0]
    lines = [sl for sl in flowed.lines if sl.role is Role.BODY]
    assert {sl.line.width for sl in lines} == {7 * 9.0}
    tops = [sl.top for sl in lines]
    assert tops[:8] == [box.rect.y] * 8 and set(tops[8:]) == {box.rect.y + 8 * 9.0}
    assert [sl.x for sl in lines[8:]] == [vertical_line_x(box, edition.style.grid, i) for i in range(len(lines) - 8)]


def test_a_vertical_story_jumps_with_vertical_jump_lines(make_edition: MakeEdition) -> None:
    folder = make_edition(plan(page(1, vbox(1, 1, 10, 10), HEAD), page(2, vbox(1, 1, 10, 10))),
                          {"s": article(ideos(150))})
    edition, flowed = flow(folder)
    grid = edition.style.grid
    b1, b2 = edition.pages[0].boxes[0], edition.pages[1].boxes[0]
    jump = [sl for sl in flowed.lines if sl.role is Role.JUMP]
    cont = [sl for sl in flowed.lines if sl.role is Role.CONTINUED]
    assert [sl.line.text for sl in jump] == ["（下转第2版）"] and [sl.line.text for sl in cont] == ["（上接第1版）"]
    assert jump[0].style.vertical and cont[0].style.vertical
    assert jump[0].page == 1 and jump[0].x == vertical_line_x(b1, grid, 7)  # the box's last (leftmost) line
    assert cont[0].page == 2 and cont[0].x == vertical_line_x(b2, grid, 0)  # the first (rightmost) line
    body1 = [sl for sl in flowed.lines if sl.page == 1 and sl.role is Role.BODY]
    assert len(body1) == 7 and min(sl.x for sl in body1) > jump[0].x
    runs = vertical_runs(jump[0].line, jump[0].x, jump[0].top, grid.line, 9.0, VerticalMetrics(METRICS))
    assert "".join(r.text for r in runs) == "（下转第2版）"
    assert len({r.x for r in runs if r.text != "2"}) == 1  # one axis; the 2 is a 纵中横 cell of ½ em
    assert [r.y for r in runs] == sorted(r.y for r in runs) and not any(r.turned for r in runs)


@pytest.mark.parametrize(("extra", "kind", "message"), [
    ("\n        inset: {image: a.jpg, placeholder: true, span: 1, lines: 3}", "story", "cannot have `inset`"),
    ("", "image", "`vertical: true` is for story and headline boxes"),
    ("\n        head_order: left-to-right", "story", "`head_order` is for a vertical headline box"),
    ("", "headless", "starts in a vertical box, which carries no headline block"),
    ("\n        tcy_digits: 3", "horizontal", "`tcy_digits` is for a vertical story box"),
])
def test_wrong_vertical_keys_are_errors_with_their_place(make_edition: MakeEdition, extra: str, kind: str,
                                                         message: str) -> None:
    box = vbox(1, 1, 10, 10, extra)
    if kind == "image":
        box = box.replace("story: s", "image: a.jpg\n        placeholder: true")
    if kind == "horizontal":
        box = box.replace("        vertical: true", "        columns: 1")
    boxes = (box,) if kind == "headless" else (box, HEAD)
    folder = make_edition(plan(page(1, *boxes)), {"s": article(ideos(20))})
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    d = info.value.diagnostics[0]
    assert message in d.message and d.file and d.file.endswith("edition.yaml") and d.line and d.col


def test_the_jump_line_ends_the_last_tier(make_edition: MakeEdition) -> None:
    """In a box of tiers the 下转 line is the leftmost line of the lowest tier."""
    tiers = "\n        columns: 2"
    folder = make_edition(plan(page(1, vbox(1, 1, 10, 10, tiers), HEAD), page(2, vbox(1, 1, 10, 10, tiers))),
                          {"s": article(ideos(150))})
    edition, flowed = flow(folder)
    box = edition.pages[0].boxes[0]
    (jump,) = [sl for sl in flowed.lines if sl.role is Role.JUMP]
    assert jump.page == 1 and jump.top == box.rect.y + 8 * 9.0  # the lower tier: 7 characters and a gap down
    assert jump.x == vertical_line_x(box, edition.style.grid, 7)


def test_overset_is_counted_in_vertical_lines(make_edition: MakeEdition) -> None:
    """8 lines of 15 characters hold 118 of 200 (the first line indented); the 82 left need 6 more
    vertical lines (at the box's width they would be 7 lines of 13)."""
    folder = make_edition(plan(page(1, vbox(1, 1, 10, 10), HEAD)), {"s": article(ideos(200))})
    _edition, flowed = flow(folder)
    (fit,) = flowed.fits
    assert (fit.overset_chars, fit.overset_lines) == (82, 6)
