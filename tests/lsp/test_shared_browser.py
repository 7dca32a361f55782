"""`layout lsp --desk` in a real browser (issue 30): the page that the language server's process serves is
loaded in headless Chromium; a click on a box, then on a text line of it, makes the server ask the editor
(this test's client, over stdio) to show the article at that paragraph; the plan's link of the box too.
Skipped, with the reason, only where Chromium or Playwright is missing (as tests/desk/test_browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MakeEdition
from tests.desk.test_browser import CHROMIUM, FIRST_RENDER_MS, FLAGS, playwright_or_skip
from tests.lsp.client import Client
from tests.lsp.test_shared_desk import start
from tests.lsp.test_stdio import uri

pytestmark = pytest.mark.slow  # a real browser


@pytest.fixture
def client() -> Iterator[Client]:
    c = Client("--desk", "--port", "0")
    try:
        yield c
    finally:
        c.close()


def test_a_click_on_a_text_line_in_the_browser_opens_the_paragraph_in_the_editor(
        client: Client, make_edition: MakeEdition, tmp_path: Path) -> None:
    sync_playwright = playwright_or_skip()
    folder = make_edition()
    desk = start(client, folder)
    with sync_playwright() as p:  # type: ignore[operator]
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=str(CHROMIUM),
                                                       headless=True, args=FLAGS,
                                                       viewport={"width": 1500, "height": 1000})
        try:
            page = context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.goto(f"{desk.origin}/")
            page.wait_for_function("() => document.body.dataset.status === 'ready'", timeout=FIRST_RENDER_MS)
            page.check("#overlay")
            x, y, line = page.evaluate(
                "() => { const p = current.pages[0];"
                " const t = p.paragraphs.find((q) => q.story === 'jieneng' && q.line === 9);"
                " const m = document.querySelector('#page-1 svg').getScreenCTM();"
                " const c = new DOMPoint(p.bleed_pt + t.x + t.width / 2, p.bleed_pt + t.y + t.height / 2)"
                ".matrixTransform(m); return [c.x, c.y, t.line]; }")
            page.mouse.click(x, y)  # selects the box, names the paragraph
            assert page.inner_text("#box-name") == "p1.story.jieneng"
            assert page.inner_text("#box-para").startswith(f"jieneng: line {line} of its article")
            page.mouse.click(x, y)  # a text line of the selected box: opened in the editor
            asked = client.wait(lambda m: m.get("method") == "window/showDocument", 30)
            assert asked["params"]["uri"] == uri(folder / "articles" / "jieneng.md")
            assert asked["params"]["selection"]["start"] == {"line": line - 1, "character": 0}
            assert asked["params"]["takeFocus"] is True
            client.reply(asked["id"], {"success": True})
            page.wait_for_function("() => document.querySelector('#opened').textContent.includes('jieneng.md')")
            page.click("#box-where")  # the box's plan entry: the plan at its line, in the editor
            asked = client.wait(lambda m: m.get("method") == "window/showDocument", 30)
            assert asked["params"]["uri"] == uri(folder / "edition.yaml")
            assert asked["params"]["selection"]["start"] == {"line": 9, "character": 8}  # `- story: jieneng`
            client.reply(asked["id"], {"success": True})
            assert page.url == f"{desk.origin}/" and problems == []
        finally:
            context.close()
