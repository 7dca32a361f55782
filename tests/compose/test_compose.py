"""Composition pieces: the computed imprint, headline sizing, style inheritance."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from layout.compose.imprint import lunar_date, pages_today, weekday
from layout.errors import LayoutError
from layout.infra.paths import STYLES
from layout.style.load import load_style


@pytest.mark.parametrize(
    ("date", "week", "lunar"),
    [
        (dt.date(2026, 4, 23), "星期四", "农历丙午年三月初七"),  # the sample page's imprint
        (dt.date(2023, 4, 1), "星期六", "农历癸卯年闰二月十一"),  # a leap month
        (dt.date(2025, 7, 30), "星期三", "农历乙巳年闰六月初六"),  # another leap month
        (dt.date(2024, 2, 10), "星期六", "农历甲辰年正月初一"),  # 春节
        (dt.date(2000, 1, 1), "星期六", "农历己卯年冬月廿五"),
    ],
)
def test_weekday_and_lunar_date(date: dt.date, week: str, lunar: str) -> None:
    assert weekday(date) == week
    assert lunar_date(date) == lunar


def test_pages_today() -> None:
    assert pages_today(12, "津南区16版") == "今日12版（津南区16版）"
    assert pages_today(8) == "今日8版"


def test_style_inheritance_and_line_numbered_errors(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "child.yaml").write_text("extends: tianjin-daily\nname: 测试晚报\nparagraphs:\n  body: {size: 五号}\n",
                                       encoding="utf-8")
    child = load_style(styles / "child.yaml")
    parent = load_style(STYLES / "tianjin-daily.yaml")
    assert child.name == "测试晚报" and child.paragraphs.body.size == 10.5
    assert child.paragraphs.body.font == parent.paragraphs.body.font  # merged key by key
    assert child.grid == parent.grid
    (styles / "bad.yaml").write_text("extends: tianjin-daily\ngrid:\n  columns: 8\n  chars: 30\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        load_style(styles / "bad.yaml")
    assert info.value.diagnostics[0].format().startswith(
        f"{styles / 'bad.yaml'}:4:10: error: the grid (2223.0pt) is wider than the page")
    (styles / "loop.yaml").write_text("extends: loop\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="extend each other in a loop"):
        load_style(styles / "loop.yaml")


def test_nothing_is_drawn_outside_its_box() -> None:
    """Structural check on the sample: every set line lies inside its story box's text area, every
    column inside the box, and every run on a page inside the trim."""
    from layout.model.geometry import text_area
    from layout.model.plan import HeadlineBox, StoryBox
    from layout.run.pipeline import lay_out, load
    from tests.conftest import SAMPLE

    laid = lay_out(load(SAMPLE))
    style = laid.edition.style
    boxes = {(p.number, b.story): [] for p in laid.edition.pages for b in p.boxes
             if isinstance(b, StoryBox | HeadlineBox)}
    for p in laid.edition.pages:
        for b in p.boxes:
            if isinstance(b, StoryBox | HeadlineBox):
                boxes[(p.number, b.story)].append(text_area(b, style.grid) if isinstance(b, StoryBox) else b.rect)
    for sl in laid.flowed.lines:
        areas = boxes[(sl.page, sl.story)]
        # a vertical line (page 8) is one grid line wide and as long as its measure
        across, down = (style.grid.line, sl.line.width) if sl.style.vertical else (sl.line.width, style.grid.line)
        assert any(a.x - 1e-6 <= sl.x and sl.x + across <= a.right + 1e-6 and a.y - 1e-6 <= sl.top
                   and sl.top + down <= a.bottom + 1e-6 for a in areas), (sl.story, sl.line.text)
    for page in laid.pages:
        for run in page.texts:
            assert 0 <= run.x <= page.width and 0 <= run.y <= page.height, run


def test_a_photo_is_cropped_around_its_focus(tmp_path: Path) -> None:
    from PIL import Image

    from layout.render.images import prepare_image

    img = Image.new("RGB", (400, 100), "white")
    img.paste((255, 0, 0), (300, 0, 400, 100))  # the red subject is at the right
    path = tmp_path / "p.png"
    img.save(path)
    right = Image.open(io.BytesIO(prepare_image(path, 100, 100, focus=(0.9, 0.5)).data)).convert("RGB")
    centre = Image.open(io.BytesIO(prepare_image(path, 100, 100).data)).convert("RGB")
    assert right.getpixel((50, 50))[0] > 200 and right.getpixel((50, 50))[1] < 70  # red kept
    assert min(centre.getpixel((50, 50))) > 245  # white
