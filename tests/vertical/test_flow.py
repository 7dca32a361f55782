"""Vertical story boxes in the flow: lines right to left as long as the box is tall, tiers top to bottom,
threading and jumping like horizontal boxes with the 下转/上接 lines set vertically. Square test font, 9-pt
body on 13.5-pt grid lines: a basic column (13 characters, 117 pt) holds 8 vertical lines; 10 grid lines
(135 pt) are 15 characters."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from layout.compose.vertical import vertical_runs
from layout.errors import LayoutError
from layout.model.geometry import vertical_line_x
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


def test_head_order_by_the_story_side_or_the_override() -> None:
    """A 竖题 reads right to left unless its story's box stands to its right (or `head_order` says)."""
    from layout.compose.vertical import head_order
    from layout.model.plan import GridPlace, HeadlineBox, Rect, StoryBox, Where

    where = Where("edition.yaml", 1, 1)
    at = GridPlace(1, 1, 1, 1)
    head = HeadlineBox("h", Rect(100, 0, 50, 300), where, at, story="s", vertical=True)
    left = StoryBox("l", Rect(0, 0, 90, 300), where, at, story="s")
    right = StoryBox("r", Rect(160, 0, 90, 300), where, at, story="s")
    assert head_order(head, (head, left)) is False and head_order(head, (head, right)) is True
    forced = HeadlineBox("h", head.rect, where, at, story="s", vertical=True, head_order="right-to-left")
    assert head_order(forced, (forced, right)) is False


def test_rendered_jump_lines_run_down_one_axis(make_edition: MakeEdition, tmp_path: Path) -> None:
    """With the real fonts, in the PDF: the （下转第2版） line's characters share one column axis, top to
    bottom, at the box's left; the text extracts in order with the jump line last on page 1; —— is one
    unbroken vertical rule (GB/T 15834)."""
    from layout.run.options import Options
    from layout.run.pipeline import render
    from tests.vertical.readback import read_chars

    head = "      - headline: s\n        at: {col: 3, span: 1, line: 10, lines: 20}\n        vertical: true"
    folder = make_edition(plan(page(1, vbox(1, 2, 10, 20), head), page(2, vbox(1, 2, 10, 20))),
                          {"s": article(ideos(5) + "——" + "。".join(ideos(29, k) for k in range(24)) + "。")})
    done = render(folder, tmp_path / "out", Options(per_page=True))
    pdf = next(p for p in done.page_files if p.name.endswith("-01.pdf")).read_bytes()
    chars = read_chars(pdf, 0, done.laid.edition.style.print.bleed)
    (jump,) = [sl for sl in done.laid.flowed.lines if sl.role is Role.JUMP]
    axis = jump.x + done.laid.edition.style.grid.line / 2
    drawn = [c for c in chars if jump.x <= (c.box[0] + c.box[2]) / 2 <= jump.x + 13.5
             and jump.top <= c.box[1] <= jump.top + jump.line.width]
    assert "".join(c.ch for c in drawn) == "（下转第2版）"
    assert all(abs(c.x + c.size / 2 - axis) < 0.05 for c in drawn if c.ch != "2")
    assert [c.y for c in drawn] == sorted(c.y for c in drawn)
    text = "".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert text.endswith("（下转第2版）")
    # —— runs down the column as one unbroken rule: each dash spans its em cell, the two meet
    first, second = [c for c in chars if c.ch == "—"]
    assert first.box[3] - first.box[1] >= first.size - 0.02  # at least its em cell (PDFium: 1.012 em)
    assert second.box[1] <= first.box[3] + 0.02 and first.box[0] == pytest.approx(second.box[0])  # no gap
