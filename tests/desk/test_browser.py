"""`layout serve` in a real browser: Debian's headless Chromium driven by Playwright.

The server runs in this process on a free port against a copy of the sample edition; the page is loaded,
the overlay switched on, a box clicked, the plan edited so that a story oversets, and the live update
awaited: the page image must change (its address and its bytes) and the overset panel must name the
story. Then a broken plan: the error must appear on the page. Skipped, with the reason, only where
Chromium or Playwright is not installed (`make test` installs both: Makefile `debs`, pyproject `dev`).
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from layout.desk import Desk, Running, start_server
from tests.desk.support import TONGWULANG_P3, TONGWULANG_P3_SHORT, copy_sample, edit_plan

pytestmark = pytest.mark.slow  # a real browser: `make test` runs it, `make test-fast` not

CHROMIUM = Path(os.environ.get("LAYOUT_CHROMIUM", "/usr/bin/chromium"))
# Chromium on a machine without a network must not try to reach one (it hangs or floods refusals)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_RENDER_MS = 300_000  # a fresh font cache converts the fonts first (a minute on a loaded machine)
UPDATE_MS = 120_000
SCREENSHOTS = Path(__file__).resolve().parents[1] / "output" / "desk"


def playwright_or_skip() -> object:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: .venv/bin/pip install -e '.[dev]'")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: `make debs` as root installs Debian's chromium and chromium-driver")
    return sync_playwright


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Running]]:
    folder = copy_sample(tmp_path)
    desk = Desk(folder, dpi=40)
    server = start_server(desk, "127.0.0.1", 0)
    desk.start()
    try:
        yield folder, server
    finally:
        server.stop()


def image_digest(server: Running, src: str) -> str:
    with urllib.request.urlopen(server.url.rstrip("/") + src, timeout=30) as answer:
        assert answer.headers["Content-Type"] == "image/png"
        return hashlib.sha256(answer.read()).hexdigest()


def test_the_page_shows_the_edition_and_follows_each_save(served: tuple[Path, Running], tmp_path: Path) -> None:
    sync_playwright = playwright_or_skip()
    folder, server = served
    assert server.url.startswith("http://127.0.0.1:")
    with sync_playwright() as p:  # type: ignore[operator]
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=str(CHROMIUM),
                                                       headless=True, args=FLAGS,
                                                       viewport={"width": 1500, "height": 1000})
        try:
            page = context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.goto(server.url)
            page.wait_for_function("() => document.body.dataset.status === 'ready'", timeout=FIRST_RENDER_MS)
            page.wait_for_function("() => { const i = document.querySelector('#page-3 img');"
                                   " return i && i.complete && i.naturalWidth > 0; }", timeout=UPDATE_MS)
            before = page.get_attribute("#page-3 img", "src")
            assert before and before.startswith("/page/")
            digest_before = image_digest(server, before)
            assert page.inner_text("#overset") == "nothing overset"
            assert page.locator("figure").count() == 5  # pages 1, 2, 3, the 财经 page 6 and the 副刊 page 8

            page.check("#overlay")  # the box overlay: the grid and each box's name
            assert page.locator(".overlay svg .label").first.is_visible()
            assert "p3.story.tongwulang" in (page.locator("#page-3 svg").text_content() or "")
            page.locator('[data-box="3-2"]').click()
            assert page.inner_text("#box-name") == "p3.story.tongwulang"
            assert page.inner_text("#box-where").startswith("sample/edition.yaml:79:9")
            assert page.get_attribute("#box-where", "href") == f"vscode://file{folder / 'edition.yaml'}:79:9"
            assert "story: tongwulang" in page.inner_text("#box-plan") and "lines: 9" in page.inner_text("#box-plan")
            # a click on a text line names its paragraph, with the link that opens the article there
            page.locator("#page-3 svg").scroll_into_view_if_needed()
            x, y, line = page.evaluate(
                "() => { const p = current.pages.find((q) => q.page === 3);"
                " const t = p.paragraphs.find((q) => q.story === 'jieneng');"
                " const m = document.querySelector('#page-3 svg').getScreenCTM();"
                " const c = new DOMPoint(p.bleed_pt + t.x + t.width / 2, p.bleed_pt + t.y + t.height / 2)"
                ".matrixTransform(m); return [c.x, c.y, t.line]; }")
            page.mouse.click(x, y)
            assert page.inner_text("#box-name") == "p3.story.jieneng"
            assert page.inner_text("#box-para").startswith(f"jieneng: line {line} of its article")
            article = folder / "articles" / "jieneng.md"
            assert page.get_attribute("#box-para", "href") == f"vscode://file{article}:{line}:1"
            page.locator('[data-box="3-2"]').click()  # tongwulang's box selected again for what follows
            page.uncheck("#overlay")
            assert not page.locator("svg .label").first.is_visible()
            page.check("#overlay")

            edit_plan(folder, TONGWULANG_P3, TONGWULANG_P3_SHORT)
            page.wait_for_function("() => document.querySelector('#overset').textContent.includes('tongwulang')",
                                   timeout=UPDATE_MS)
            overset = page.inner_text("#overset")
            assert "story 'tongwulang'" in overset and "box 'p3.story.tongwulang' on page 3" in overset
            after = page.get_attribute("#page-3 img", "src")
            assert after != before
            assert image_digest(server, after) != digest_before
            assert "overset" in (page.get_attribute('[data-box="3-2"]', "class") or "")
            assert "lines: 4" in page.inner_text("#box-plan")  # the selected box shows its new plan entry
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "overset.png"))

            edit_plan(folder, "issue: 28122", "issue: 第28122号")
            page.wait_for_selector("#errors:not([hidden])", timeout=UPDATE_MS)
            assert "'issue' must be integer" in page.inner_text("#errors")
            assert page.get_attribute("#pages", "class") == "stale"  # the last pages stay, dimmed
            assert page.get_attribute("#page-3 img", "src") == after
            edit_plan(folder, "issue: 第28122号", "issue: 28122")
            page.wait_for_selector("#errors[hidden]", state="attached", timeout=UPDATE_MS)
            assert problems == []
        finally:
            context.close()
