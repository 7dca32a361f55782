"""`layout diff` sees every change of text, a word's place, colour, objects and boxes; the pixel tolerance
only absorbs anti-aliasing noise."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from layout.cli import main
from layout.run.options import Options
from layout.run.pipeline import render
from layout.tools.diff import Change, DrawnChar, compare_text, diff_pdfs
from tests.conftest import SAMPLE

BLACK = (35, 31, 32, 255)


def chars(text: str, x0: float = 10.0, y: float = 20.0, size: float = 9.0) -> tuple[DrawnChar, ...]:
    return tuple(DrawnChar(ch, x0 + 9 * i, y, size, BLACK) for i, ch in enumerate(text))


def test_a_replaced_character_is_named_with_its_context() -> None:
    got = compare_text(chars("节能降碳工作的意见"), chars("节能降碳工作地意见"))
    assert [(c.kind, c.before, c.after) for c in got] == [
        (Change.CHANGED, "降碳工作[的]意见", "降碳工作[地]意见")]


def test_the_same_words_at_another_place_have_moved() -> None:
    a = chars("一栋楼就是一个产业园")
    b = a[:5] + tuple(DrawnChar(c.char, c.x, c.y + 13.5, c.size, c.colour) for c in a[5:])
    got = compare_text(a, b)
    assert [(c.kind, c.before) for c in got] == [(Change.MOVED, "一个产业园")]
    assert "by +0.00, +13.50 pt" in got[0].describe()


def test_size_and_colour_changes_are_restyles() -> None:
    a = chars("天津日报")
    b = (DrawnChar("天", a[0].x, a[0].y, 9.0, (237, 28, 36, 255)), *a[1:])
    assert [(c.kind, c.before) for c in compare_text(a, b)] == [(Change.RESTYLED, "天")]
    assert compare_text(a, a) == []


def test_added_and_removed_text() -> None:
    assert [c.kind for c in compare_text(chars("甲乙"), chars("甲乙丙"))] == [Change.ADDED]
    assert [c.kind for c in compare_text(chars("甲乙丙"), chars("甲乙"))] == [Change.REMOVED]


def pdf(draw: Callable[[Canvas], None], size: tuple[float, float] = (200, 200)) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def rule(colour: tuple[float, float, float, float], x: float = 20) -> Callable[[Canvas], None]:
    def draw(c: Canvas) -> None:
        c.setStrokeColorCMYK(*colour)
        c.setLineWidth(0.3)
        c.line(x, 100, x + 100, 100)

    return draw


def test_a_recoloured_or_moved_hairline_differs_at_any_pixel_tolerance() -> None:
    base = pdf(rule((0, 0, 0, 1)))
    assert not diff_pdfs(base, pdf(rule((0, 0, 0, 1)))).different(1.0)
    recoloured = diff_pdfs(base, pdf(rule((0, 0, 0, 0.8))))
    assert recoloured.different(1.0) and recoloured.pages[0].shapes_added
    moved = diff_pdfs(base, pdf(rule((0, 0, 0, 1), x=20.5)))
    assert moved.different(1.0)


def test_another_page_box_differs() -> None:
    def trimmed(c: Canvas) -> None:
        c.setTrimBox((10, 10, 190, 190))

    assert diff_pdfs(pdf(lambda c: None), pdf(trimmed)).pages[0].boxes == ["TrimBox"]


@pytest.fixture(scope="module")
def sample_and_changed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample, and a copy in which one 的 of the first story became 地."""
    work = tmp_path_factory.mktemp("diff")
    copy = work / "edition"
    shutil.copytree(SAMPLE, copy)
    article = copy / "articles" / "jieneng.md"
    text = article.read_text(encoding="utf-8")
    i = text.index("的", text.index("---", 4) + 200)
    article.write_text(text[:i] + "地" + text[i + 1:], encoding="utf-8")
    a = render(SAMPLE, work / "a", Options(per_page=False)).pdf
    b = render(copy, work / "b", Options(per_page=False)).pdf
    return a, b


@pytest.mark.slow  # over 5 s
def test_diff_of_a_one_character_edit_exits_1_and_names_it(sample_and_changed: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    a, b = sample_and_changed
    result = CliRunner().invoke(main, ["diff", str(a), str(b), "-o", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "page 1: changed" in result.output and "page 2: same" in result.output
    assert "[的]" in result.output and "[地]" in result.output
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "[的]" in report and "[地]" in report  # the report's text column lists it
    same = CliRunner().invoke(main, ["diff", str(a), str(a)])
    assert same.exit_code == 0, same.output
