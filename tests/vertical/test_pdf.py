"""The rules of vertical text read back from a rendered PDF (the sample's 副刊 page 8: Tang poems set
vertically, with its 竖题): every character on its column's axis except 纵中横 pairs (side by side within
1.05 em), 。，ink in the upper-right quarter of the cell, no column starting with a closing mark, the text
extracting in reading order (columns right to left, down each column). docs/text-engine.md."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
import pytest

from layout.flow.paras import story_paras
from layout.model.flow import SetLine
from layout.model.plan import HeadlineBox
from layout.run.options import Options, Selection
from layout.run.pipeline import Rendered, render
from tests.conftest import SAMPLE
from tests.vertical.readback import Char, read_chars

PAGE, STORY = 8, "tangshi"
AXIS_TOLERANCE = 0.05  # pt
FORBIDDEN_AT_START = "。，、；：？！）》」』”’〕"


@dataclass(frozen=True)
class Page8:
    done: Rendered
    pdf: bytes
    chars: list[Char]
    lines: list[SetLine]  # the story's vertical lines as flow placed them


@pytest.fixture(scope="module")
def page8(tmp_path_factory: pytest.TempPathFactory) -> Page8:
    done = render(SAMPLE, tmp_path_factory.mktemp("vertical"), Options(per_page=True), Selection(pages={PAGE}))
    pdf = next(p for p in done.page_files if p.name.endswith(f"-{PAGE:02d}.pdf")).read_bytes()
    chars = read_chars(pdf, 0, done.laid.edition.style.print.bleed)
    lines = [sl for sl in done.laid.flowed.lines if sl.page == PAGE and sl.story == STORY]
    assert lines and all(sl.style.vertical for sl in lines)
    return Page8(done, pdf, chars, lines)


def in_line(c: Char, sl: SetLine, pitch: float) -> bool:
    """Is the character's glyph in this vertical line's column (its middle inside the column's strip)?"""
    mid_x, mid_y = (c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2
    return sl.x <= mid_x <= sl.x + pitch and sl.top - 1 <= mid_y <= sl.top + sl.line.width + 1


def columns(page8: Page8) -> list[tuple[SetLine, list[Char]]]:
    pitch = page8.done.laid.edition.style.grid.line
    return [(sl, [c for c in page8.chars if in_line(c, sl, pitch)]) for sl in page8.lines]


def test_the_story_extracts_in_reading_order(page8: Page8) -> None:
    """Columns right to left, each top to bottom: the page's text as pypdf extracts it holds the article's
    text, whole and in order (and the 竖题's 引题, 主题, 副题 in that order)."""
    done, lines = page8.done, page8.lines
    extracted = "".join(pypdf.PdfReader(io.BytesIO(page8.pdf)).pages[0].extract_text().split())
    article = done.laid.edition.articles[STORY]
    want = "".join("".join(p.text.split()) for p in story_paras(article, done.laid.edition.style))
    assert want in extracted
    assert "".join((article.kicker + article.title + article.subtitle).split()) in extracted
    xs = [sl.x for sl in lines]
    assert xs == sorted(xs, reverse=True) and len(set(xs)) == len(xs)  # one tier: right to left


def test_every_character_on_its_column_axis(page8: Page8) -> None:
    """Upright characters centred on the axis (their em cell: origin to origin + 1 em); 纵中横 digits side by
    side within 1.05 em, centred; turned letters' glyphs across the axis."""
    pitch = page8.done.laid.edition.style.grid.line
    seen_tcy = seen_turned = 0
    for sl, chars in columns(page8):
        axis = sl.x + pitch / 2
        assert len(chars) == sum(1 for g in sl.line.glyphs if not g.text.isspace())
        k = 0
        while k < len(chars):
            c = chars[k]
            if c.ch.isdigit() and not c.turned:  # a 纵中横 number: the digits drawn together
                group = [c]
                while k + len(group) < len(chars) and chars[k + len(group)].ch.isdigit():
                    group.append(chars[k + len(group)])
                left, right = group[0].x, group[-1].box[2]
                assert right - left <= 1.05 * c.size
                assert abs((group[0].box[0] + group[-1].box[2]) / 2 - axis) < 0.1 * c.size
                seen_tcy += 1
                k += len(group)
                continue
            if c.turned:
                assert c.box[0] < axis < c.box[2]
                seen_turned += 1
            else:
                assert abs(c.x + c.size / 2 - axis) < AXIS_TOLERANCE, (c.ch, c.x, axis)
            k += 1
    assert seen_tcy >= 2 and seen_turned >= 4  # "4" and "23" set 纵中横; "2026" turned


def test_stops_and_commas_sit_in_the_upper_right_of_their_cell(
        page8: Page8) -> None:
    """GB/T 15834—2011 §5.2: in vertical text 。，、 sit in the upper right of their cell (the font's vertical
    forms), not the lower left as horizontally."""
    marks = [c for _sl, chars in columns(page8) for c in chars if c.ch in "。，、"]
    assert len(marks) > 20
    for c in marks:
        top = c.y - 0.88 * c.size  # the em cell: the baseline is 0.88 em under its top
        mid_x, mid_y = c.x + c.size / 2, top + c.size / 2
        left, upper, right, lower = c.box
        assert left >= mid_x - 1e-3 and right <= c.x + c.size + 1e-3, (c.ch, c.box, c.x)
        assert upper >= top - 1e-3 and lower <= mid_y + 1e-3, (c.ch, c.box, c.y)


def test_no_column_starts_with_a_closing_mark(page8: Page8) -> None:
    for _sl, chars in columns(page8):
        assert chars and chars[0].ch not in FORBIDDEN_AT_START
        assert [c.y for c in chars] == sorted(c.y for c in chars)  # drawn down the column


def test_the_vertical_heads_are_columns(page8: Page8) -> None:
    """The 竖题: the 主题 one column (its characters on one axis, top to bottom), the 引题 to its right and
    the 副题 to its left (the story stands to the head's left: read right to left)."""
    done, chars = page8.done, page8.chars
    article = done.laid.edition.articles[STORY]
    box = next(b for p in done.laid.edition.pages for b in p.boxes if isinstance(b, HeadlineBox) and b.story == STORY)
    inside = [c for c in chars if box.rect.x <= c.x <= box.rect.right and box.rect.y <= c.y <= box.rect.bottom]
    text = "".join(c.ch for c in inside)
    assert text == "".join((article.kicker + article.title + article.subtitle).split())
    title = [c for c in inside if c.size == max(c.size for c in inside)]
    assert "".join(c.ch for c in title) == article.title
    assert max(c.x for c in title) - min(c.x for c in title) < 0.01
    kicker = next(c for c in inside if c.ch == article.kicker[0])
    subtitle = next(c for c in inside if c.ch == article.subtitle[0])
    assert kicker.x > title[0].x > subtitle.x


def test_no_vertical_line_on_the_page_starts_with_a_closing_mark(page8: Page8) -> None:
    """Every vertical story on the page (the poems and the two-tier 随笔): no line starts with a mark 禁则
    forbids there, read back from the PDF (the first character drawn in each line's strip)."""
    done = page8.done
    pitch = done.laid.edition.style.grid.line
    lines = [sl for sl in done.laid.flowed.lines if sl.page == PAGE and sl.style.vertical]
    assert len({sl.story for sl in lines}) >= 2 and len(lines) > 60
    for sl in lines:
        chars = [c for c in page8.chars if in_line(c, sl, pitch)]
        assert chars and chars[0].ch not in FORBIDDEN_AT_START, (sl.story, "".join(c.ch for c in chars[:8]))
