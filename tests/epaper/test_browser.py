"""The e-paper in a real browser (Debian's headless Chromium driven by Playwright, as tests/desk does):
on every page view of the sample day and its zone, a click at the centre of each story box (from
`layout check --json`, scaled onto the page image) opens that story's page, through the hover overlay as
a reader clicks, and through the image map alone with the overlay hidden. Screenshots go to
tests/output/epaper/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layout.epaper.gather import safe_name
from tests.conftest import SAMPLE
from tests.desk.test_browser import CHROMIUM, FLAGS, playwright_or_skip
from tests.epaper.support import ZONE, check_json, story_boxes

pytestmark = pytest.mark.slow  # the browser: 30 s a case

SCREENSHOTS = Path(__file__).resolve().parents[1] / "output" / "epaper"
NO_OVERLAY = ".sheet svg{display:none}"


@pytest.mark.parametrize("edition", [SAMPLE, ZONE], ids=lambda p: p.name)
def test_clicking_the_centre_of_each_story_box_opens_its_story(site: Path, edition: Path, tmp_path: Path) -> None:
    sync_playwright = playwright_or_skip()
    folder = site / edition.name
    report = check_json(edition)
    sizes = {e["page"]: e["size"] for e in json.loads((folder / "manifest.json").read_text("utf-8"))["pages"]}
    trim_w = report["grid"]["trim_pt"][0]
    boxes = story_boxes(report)
    with sync_playwright() as p:  # type: ignore[operator]
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            opened = 0
            for overlay in (True, False):
                for box in boxes:
                    view = (folder / f"page-{box.page:02d}.html").as_uri()
                    page.goto(view)
                    if not overlay:
                        page.add_style_tag(content=NO_OVERLAY)
                    img = page.locator(".sheet img")
                    img.scroll_into_view_if_needed()
                    where = img.bounding_box()
                    assert where is not None
                    scale = sizes[box.page][0] / trim_w
                    x, y = box.centre[0] * scale, box.centre[1] * scale
                    page.evaluate(f"window.scrollTo(0, {max(0.0, where['y'] + y - 700)})")
                    where = img.bounding_box()
                    assert where is not None
                    with page.expect_navigation():
                        page.mouse.click(where["x"] + x, where["y"] + y)
                    assert page.url.endswith("/" + f"story-{safe_name(box.story, set())}.html"), (box, overlay)
                    assert page.locator("h1").count() == 1
                    opened += 1
            assert opened == 2 * len(boxes) and problems == []
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.goto((folder / "page-01.html").as_uri())
            page.mouse.move(300, 500)
            page.screenshot(path=str(SCREENSHOTS / f"{edition.name}-page-01.png"))
        finally:
            browser.close()
