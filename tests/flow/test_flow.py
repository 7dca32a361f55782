"""Flow: threading through boxes of different widths, jump lines, the fixed point, copyfit, overset.

Exact lines with the square test font (every ideograph 1 em): with 9-pt body type a basic column is 13
characters, 2 merged columns 27, 3 merged columns 41.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from layout.flow import flow_edition
from layout.model.flow import Flowed, HeadKind
from layout.model.plan import Box, Edition
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph
from layout.run.pipeline import lay_out
from layout.source.edition import load_edition
from layout.text import break_paragraph
from tests.conftest import SAMPLE, MakeEdition
from tests.support.squarefont import METRICS

IDEOS = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈"


def ideos(n: int, offset: int = 0) -> str:
    return "".join(IDEOS[(i + offset) % len(IDEOS)] for i in range(n))


def square(text: str, style: TextStyle, measure: float, start: int, first_indent: bool,
           bold: tuple[tuple[int, int], ...] = ()) -> BrokenParagraph:
    return break_paragraph(text, dataclasses.replace(style, font="test"), measure, METRICS, start=start,
                           first_indent=first_indent)


def no_heads(box: Box, kind: HeadKind) -> int:
    return 0


def plan(*boxes: str) -> str:
    pages = "\n".join(boxes)
    return f"style: tianjin-daily\ndate: 2026-04-23\nissue: 1\npages_total: 4\npages:\n{pages}\n"


def page(n: int, *boxes: str) -> str:
    return f"  - page: {n}\n    boxes:\n" + "\n".join(boxes)


def story_box(col: int, span: int, line: int, lines: int, columns: int = 1) -> str:
    return (f"      - story: s\n        at: {{col: {col}, span: {span}, line: {line}, lines: {lines}}}\n"
            f"        columns: {columns}")


def flow(folder: Path) -> tuple[Edition, Flowed]:
    edition = load_edition(folder)
    return edition, flow_edition(edition, square, no_heads)


def lines_by_page(flowed: Flowed) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for sl in flowed.lines:
        out.setdefault(sl.page, []).append(sl.line.text)
    return out


def article(body: str) -> str:
    return f"---\ntitle: 测试\n---\n{body}\n"


def test_story_threads_three_boxes_of_different_widths(make_edition: MakeEdition) -> None:
    body = ideos(50 + 27 + 41 * 2 + 10)
    folder = make_edition(plan(page(1, story_box(1, 1, 5, 5)), page(2, story_box(1, 2, 5, 3)),
                               page(3, story_box(1, 3, 5, 10))), {"s": article(body)})
    _, flowed = flow(folder)
    got = lines_by_page(flowed)
    assert got[1] == [body[0:11], body[11:24], body[24:37], body[37:50], "（下转第2版）"]
    assert got[2] == ["（上接第1版）", body[50:77], "（下转第3版）"]
    assert got[3] == ["（上接第2版）", body[77:118], body[118:159], body[159:169]]
    # the resumed text starts mid-paragraph: no indent, re-broken at the new width
    resumed = next(sl for sl in flowed.lines if sl.page == 2 and sl.role == "body")
    assert resumed.line.glyphs[0].x == 0.0 and resumed.line.start == 50
    jump = next(sl for sl in flowed.lines if sl.role == "jump" and sl.page == 1)
    assert jump.line.glyphs[-1].x + 4.5 == pytest.approx(13 * 9.0)  # flush right: ）'s ink meets the edge
    assert flowed.fits[0].jumps == ((1, 2), (2, 3))


def test_jump_line_that_tips_a_line_over(make_edition: MakeEdition) -> None:
    """The fixed point: a story that fits a box exactly has no jump line; one line more needs the jump
    line, which pushes a second line into the next box."""
    box1 = story_box(1, 1, 5, 4)
    box2 = story_box(1, 1, 5, 10)
    exact = ideos(11 + 13 * 3)
    _, flowed = flow(make_edition(plan(page(1, box1), page(2, box2)), {"s": article(exact)}))
    assert lines_by_page(flowed) == {1: [exact[:11], exact[11:24], exact[24:37], exact[37:50]]}
    assert flowed.fits[0].jumps == ()
    longer = ideos(11 + 13 * 4)
    _, flowed = flow(make_edition(plan(page(1, box1), page(2, box2)), {"s": article(longer)}))
    got = lines_by_page(flowed)
    assert got[1] == [longer[:11], longer[11:24], longer[24:37], "（下转第2版）"]
    assert got[2] == ["（上接第1版）", longer[37:50], longer[50:63]]


def test_columns_in_the_last_box_are_balanced(make_edition: MakeEdition) -> None:
    body = ideos(11 + 13 * 6)  # 7 lines in a box of 3 columns: 3 + 2 + 2
    _, flowed = flow(make_edition(plan(page(1, story_box(1, 3, 5, 10, columns=3))), {"s": article(body)}))
    xs = [round(sl.x, 1) for sl in flowed.lines]
    counts = [xs.count(x) for x in sorted(set(xs))]
    assert counts == [3, 2, 2]


def test_overset_and_underset_reports(make_edition: MakeEdition) -> None:
    body = ideos(11 + 13 * 9)  # 10 lines, the box has 4
    _, flowed = flow(make_edition(plan(page(1, story_box(1, 1, 5, 4))), {"s": article(body)}))
    fit = flowed.fits[0]
    assert (fit.overset_chars, fit.overset_lines) == (13 * 6, 6)
    assert fit.stopped_at == body[50:66]
    assert [(b.capacity, b.used, b.chars) for b in fit.boxes] == [(4, 4, 50)]
    body = ideos(11 + 13 * 2)
    _, flowed = flow(make_edition(plan(page(1, story_box(1, 1, 5, 8))), {"s": article(body)}))
    (w,) = flowed.warnings
    assert w.message == "s: box 'p1.story.s' on page 1 has 5 empty grid lines at its foot"
    assert (Path(w.file or "").name, w.line, w.col) == ("edition.yaml", 8, 9)  # the box's entry in the plan


def test_columns_are_full_even_if_a_paragraph_starts_at_a_column_foot(make_edition: MakeEdition) -> None:
    """On the grid a column is full: a paragraph's first line may stand at the foot of a column (a column a
    line short would be the worse fault); only a subhead moves on with its text."""
    first = ideos(11 + 13 * 2)  # 3 lines
    second = ideos(11 + 13 * 4, 7)  # 5 lines
    _, flowed = flow(make_edition(plan(page(1, story_box(1, 2, 5, 4, columns=2))),
                                  {"s": article(first + "\n\n" + second)}))
    by_col: dict[float, list[str]] = {}
    for sl in flowed.lines:
        by_col.setdefault(round(sl.x, 1), []).append(sl.line.text)
    left, right = (by_col[x] for x in sorted(by_col))
    assert len(left) == 4 and left[3] == second[:11] and len(right) == 4


def test_a_subhead_never_ends_a_column(make_edition: MakeEdition) -> None:
    body = ideos(11 + 13 * 2)  # 3 lines, then a subhead that would be the 4th line of the column
    text = f"---\ntitle: 测试\n---\n{body}\n\n## 小标题\n\n{ideos(11 + 13 * 2, 5)}\n"
    _, flowed = flow(make_edition(plan(page(1, story_box(1, 2, 5, 4, columns=2))), {"s": text}))
    by_col: dict[float, list[str]] = {}
    for sl in flowed.lines:
        by_col.setdefault(round(sl.x, 1), []).append(sl.line.text)
    left, right = (by_col[x] for x in sorted(by_col))
    assert len(left) == 3 and right[0] == "小标题"


def test_moving_a_box_to_another_page_updates_both_jump_lines(tmp_path: Path) -> None:
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    plan_file = folder / "edition.yaml"
    text = plan_file.read_text(encoding="utf-8")
    p3 = text.index("  - page: 3")
    block = "      - story: tongwulang\n        at: {col: 5, span: 4, line: 5, lines: 9}\n        columns: 4\n"
    assert block in text[p3:]
    # the same box, moved from page 3 to the foot of page 2's plan: nothing else is edited
    moved = text[:p3].rstrip("\n") + "\n" + block.replace("line: 5", "line: 12") + "\n" + text[p3:].replace(block, "")
    plan_file.write_text(moved, encoding="utf-8")
    laid = lay_out(load_edition(folder))
    jumps = [(sl.page, sl.line.text) for sl in laid.flowed.lines
             if sl.story == "tongwulang" and sl.role in ("jump", "continued")]
    assert jumps == [(1, "（下转第2版）"), (2, "（上接第1版）")]


def test_sample_continuations_land_where_the_seed_says() -> None:
    laid = lay_out(load_edition(SAMPLE))
    jumps = {f.story: f.jumps for f in laid.flowed.fits if f.jumps}
    assert jumps == {"jieneng": ((1, 3),), "tongwulang": ((1, 3),), "waimao": ((1, 2),), "rongxin": ((1, 2),)}
    texts = [sl.line.text for sl in laid.flowed.lines if sl.role in ("jump", "continued")]
    assert all(re.fullmatch(r"（[下上][转接]第[123]版）", t) for t in texts)


def test_text_flows_around_an_inset_photo(make_edition: MakeEdition) -> None:
    """The L-shaped story: a photo over the top 4 lines of the right column; that column gets shorter
    and its text starts under the photo."""
    box = story_box(1, 2, 5, 10, columns=2) + (
        "\n        inset: {image: s/p, span: 1, lines: 4, position: top-right, placeholder: true}")
    body = ideos(11 + 13 * 20)
    art = "---\ntitle: 测试\nphotos:\n  - id: p\n    caption: 图\n---\n" + body + "\n"
    edition, flowed = flow(make_edition(plan(page(1, box)), {"s": art}))
    g = edition.style.grid
    by_col: dict[float, list[float]] = {}
    for sl in flowed.lines:
        by_col.setdefault(round(sl.x, 1), []).append(sl.top)
    left, right = (by_col[x] for x in sorted(by_col))
    assert len(left) == 10 and len(right) == 6
    assert right[0] == pytest.approx(g.line_y(5) + 4 * g.line)  # starts under the photo
    assert flowed.fits[0].boxes[0].capacity == 16
    assert flowed.fits[0].overset_chars == len(body) - (11 + 13 * 15)


def test_a_headline_in_its_own_box_is_not_repeated_over_the_story(make_edition: MakeEdition) -> None:
    """`headline: s` beside the story: the story's box then starts with text, and the head is drawn once."""
    head = "      - headline: s\n        at: {col: 1, span: 2, line: 5, lines: 8}"
    folder = make_edition(plan(page(1, head, story_box(3, 2, 5, 8, columns=2))),
                          {"s": "---\ntitle: 独立标题框\n---\n" + ideos(60) + "\n"})
    laid = lay_out(load_edition(folder))
    box = laid.edition.pages[0].boxes[1]
    first = next(sl for sl in laid.flowed.lines if sl.role == "body")
    assert first.top == box.rect.y  # no headline block over the text
    drawn = "".join(r.text for r in laid.pages[0].texts)
    assert drawn.count("独立标题框") == 1


def test_a_jump_line_that_wraps_takes_its_own_grid_lines(make_edition: MakeEdition) -> None:
    """In 3-character columns （下转第2版） needs two lines: they take the column's last two grid lines,
    one each, under the text (never two lines drawn at one height)."""
    box1 = story_box(1, 2, 5, 6, columns=7)  # 27 characters in 7 columns of 3
    body = ideos(200)
    edition, flowed = flow(make_edition(plan(page(1, box1), page(2, story_box(1, 4, 5, 40))), {"s": article(body)}))
    g = edition.style.grid
    jump = [sl for sl in flowed.lines if sl.role == "jump"]
    assert "".join(sl.line.text for sl in jump) == "（下转第2版）" and len(jump) == 2
    last = g.line_y(5 + 6 - 1)
    assert [sl.top for sl in jump] == pytest.approx([last - g.line, last])
    column = [sl for sl in flowed.lines if sl.page == 1 and round(sl.x, 1) == round(jump[0].x, 1)]
    tops = [sl.top for sl in column]
    assert len(tops) == len(set(tops)) == 6  # four text lines above two jump lines, no two at one height
    assert max(sl.top for sl in column if sl.role == "body") < jump[0].top


def test_a_box_shorter_than_its_head_has_no_room_not_a_negative_one(make_edition: MakeEdition) -> None:
    """A story box of 2 grid lines under a headline that needs more: 0 text lines of room (the copyfit, the
    hover and --json said "-4"), and the whole story overset."""
    body = ideos(100)
    article = "---\ntitle: 测试标题\n---\n" + body + "\n"
    folder = make_edition(plan(page(1, story_box(1, 2, 5, 2, columns=2))), {"s": article})
    laid = lay_out(load_edition(folder), allow_overset=True)
    (fit,) = laid.flowed.fits
    assert [b.capacity for b in fit.boxes] == [0] and fit.boxes[0].used == 0
    assert fit.overset_chars == len(body)
