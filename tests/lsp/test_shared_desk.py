"""`layout lsp --desk`: one process serves the editor and the browser on one edition state (issue 30). Driven
as an editor drives it, over stdio, with the desk's page read over HTTP as the browser reads it: the desk's
render is what hover and diagnostics say while nothing is unsaved; a click's `POST /open` makes the server
ask the editor to show the article at that paragraph (`window/showDocument`); only the page itself may post;
`shutdown` and `exit` close the port and end the process with 0."""

from __future__ import annotations

import http.client
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTICLE_A, ARTICLE_B, PLAN, MakeEdition
from tests.lsp.client import Client
from tests.lsp.test_stdio import change, uri

CAPABLE = {"window": {"showDocument": {"support": True}}}


class Page:
    """The browser's side: the desk's address, its state, its page's token, a post as the page makes it."""

    def __init__(self, url: str) -> None:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", url)
        assert match, url
        self.port = int(match.group(1))
        self.origin = f"http://127.0.0.1:{self.port}"

    def call(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        return answer.status, data

    def state(self, status: str = "ready", seconds: float = 300) -> dict[str, Any]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            state: dict[str, Any] = json.loads(self.call("GET", "/state")[1])
            if state["status"] == status:
                return state
            time.sleep(0.1)
        raise AssertionError(f"the desk never got to '{status}'")

    def token(self) -> str:
        match = re.search(rb'<meta name="desk-open" content="([^"]*)">', self.call("GET", "/")[1])
        assert match
        return match.group(1).decode()

    def open(self, link: str, token: str | None = None, origin: str | None = None,
             kind: str = "application/json", body: bytes | None = None) -> tuple[int, dict[str, Any]]:
        headers = {"Origin": self.origin if origin is None else origin, "Content-Type": kind,
                   "X-Desk-Token": self.token() if token is None else token}
        status, data = self.call("POST", "/open", json.dumps({"link": link}).encode() if body is None else body,
                                 headers)
        return status, json.loads(data)


@pytest.fixture
def client() -> Iterator[Client]:
    c = Client("--desk", "--port", "0")
    try:
        yield c
    finally:
        if c.proc.poll() is None:
            c.close()


def start(client: Client, folder: Path) -> Page:
    client.request("initialize", {"processId": None, "rootUri": uri(folder), "capabilities": CAPABLE})
    client.send("initialized", {})
    said = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert "layout desk: http://127.0.0.1:" in said["params"]["message"], said
    return Page(said["params"]["message"])


def hover(client: Client, doc: str, line: int, character: int) -> str:
    result = client.request("textDocument/hover", {"textDocument": {"uri": doc},
                                                   "position": {"line": line, "character": character}})
    return str(result["contents"]["value"])


def copyfit(text: str) -> tuple[int, int]:
    match = re.search(r"in (-?\d+) of (-?\d+) text lines", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


@pytest.mark.slow  # the language server and its desk in a fresh process, 2 s
def test_the_editor_is_told_the_desks_render_and_unsaved_buffers_are_checked_apart(
        client: Client, make_edition: MakeEdition) -> None:
    folder = make_edition()
    page = start(client, folder)
    state = page.state()
    assert state["edition"]["folder"] == str(folder.resolve()) or state["folder"] == str(folder)
    plan = folder / "edition.yaml"
    doc = uri(plan)
    client.send("textDocument/didOpen", {"textDocument": {"uri": doc, "languageId": "yaml", "version": 1,
                                                          "text": plan.read_text(encoding="utf-8")}})
    assert {d["code"] for d in client.diagnostics(doc)} == {"empty-lines-at-foot"}
    box = hover(client, doc, 10, 12)  # jieneng's box: its copyfit is the desk's, from the same render
    state = page.state()
    (fit,) = [b["fit"] for b in state["pages"][0]["boxes"] if b["name"] == "p1.story.jieneng"]
    assert copyfit(box) == (fit["used"], fit["capacity"])
    assert f"as on the desk: its render {state['version']}, of the saved files" in box
    change(client, doc, PLAN.replace("line: 11, lines: 20}\n        columns: 4\n      - story: dashuju",
                                     "line: 11, lines: 6}\n        columns: 4\n      - story: dashuju"), 2)
    assert "overset" in {d["code"] for d in client.diagnostics(doc)}  # the unsaved buffer, checked here
    unsaved = hover(client, doc, 10, 12)
    assert copyfit(unsaved)[1] < fit["capacity"] and "as on the desk" not in unsaved
    assert page.state()["version"] == state["version"]  # the desk renders the saved files only
    client.send("textDocument/didClose", {"textDocument": {"uri": doc}})  # closed unsaved: the desk's again
    assert {d["code"] for d in client.diagnostics(doc)} == {"empty-lines-at-foot"}
    client.send("textDocument/didOpen", {"textDocument": {"uri": doc, "languageId": "yaml", "version": 1,
                                                          "text": PLAN.replace("lines: 20", "lines: 6", 1)}})
    assert "overset" in {d["code"] for d in client.diagnostics(doc)}
    change(client, doc, PLAN, 2)  # back as saved: the desk's render again
    assert {d["code"] for d in client.diagnostics(doc)} == {"empty-lines-at-foot"}
    assert f"its render {state['version']}" in hover(client, doc, 10, 12)
    article = folder / "articles" / "dashuju.md"
    article.write_text("---\ntitle：大数据\n---\n正文。\n", encoding="utf-8")  # saved by another program
    (slip,) = client.diagnostics(uri(article))  # the desk rendered it: the editor is told
    assert slip["code"] == "ime-slip" and slip["range"]["start"] == {"line": 1, "character": 5}
    assert [e["code"] for e in page.state("error")["errors"]] == ["ime-slip"]


@pytest.mark.slow  # the language server and its desk in a fresh process, 2 s
def test_a_click_in_the_page_opens_the_paragraph_in_the_editor_and_exit_closes_the_port(
        client: Client, make_edition: MakeEdition) -> None:
    folder = make_edition(articles={"jieneng": ARTICLE_A.replace("总基调，", "总基调，\n"), "dashuju": ARTICLE_B})
    page = start(client, folder)
    state = page.state()
    paragraphs = [p for p in state["pages"][0]["paragraphs"] if p["story"] == "jieneng" and p["line"] == 7]
    link = paragraphs[0]["link"]
    assert link.startswith("/open?file=") and link.endswith("&line=7&col=1")
    status, answer = page.open(link)
    assert (status, answer["ok"]) == (202, True) and "jieneng.md:7" in answer["message"]
    asked = client.wait(lambda m: m.get("method") == "window/showDocument")
    article = folder / "articles" / "jieneng.md"
    heading = article.read_text(encoding="utf-8").splitlines()[6]
    assert asked["params"] == {"uri": uri(article), "takeFocus": True, "selection": {
        "start": {"line": 6, "character": 0}, "end": {"line": 6, "character": len(heading)}}}
    client.reply(asked["id"], {"success": True})
    (two,) = {p["link"] for p in state["pages"][0]["paragraphs"] if p["story"] == "jieneng" and p["line"] == 9}
    assert page.open(two)[0] == 202  # a paragraph of two lines in the file: both selected
    asked = client.wait(lambda m: m.get("method") == "window/showDocument")
    assert asked["params"]["selection"] == {"start": {"line": 8, "character": 0},
                                            "end": {"line": 9, "character": len("统筹发展和安全。")}}
    client.reply(asked["id"], {"success": True})
    refused(page, folder)
    client.request("shutdown", None, timeout=30)
    with pytest.raises(OSError):  # the desk stops with the server, before `exit`
        page.call("GET", "/state")
    client.send("exit", None)
    assert client.proc.wait(timeout=60) == 0
    assert not [line for line in client.stderr if b"Traceback" in line or b"rror" in line], client.stderr


def refused(page: Page, folder: Path) -> None:
    """Only the page itself opens files, and only the edition's."""
    link = page.state()["pages"][0]["paragraphs"][0]["link"]
    assert page.open(link, token="guessed")[0] == 403
    assert page.open(link, origin="http://evil.example")[0] == 403
    assert page.open(link, kind="text/plain")[0] == 415
    assert page.open(link, body=b'{"link": "' + b"x" * 5000 + b'"}')[0] == 413
    outside = folder.parent / "secret.md"
    outside.write_text("x\n", encoding="utf-8")
    status, answer = page.open(f"/open?file={outside}&line=1&col=1")
    assert status == 403 and "inside the edition" in answer["message"]
    assert page.open(f"/open?file={folder}/articles/../../secret.md&line=1&col=1")[0] == 403


@pytest.mark.slow  # the language server and its desk in a fresh process, 2 s
def test_stdin_closed_stops_the_desk_and_the_process(client: Client, make_edition: MakeEdition) -> None:
    page = start(client, make_edition())
    page.state("ready")
    assert client.proc.stdin is not None
    client.proc.stdin.close()  # the editor went away without a word
    client.proc.wait(timeout=60)
    with pytest.raises(OSError):
        page.call("GET", "/state")
