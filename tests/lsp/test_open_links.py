"""`POST /open`'s other side (lsp/shared.py), without a process: which links are opened and where, and what
an editor that cannot open files is told."""

from __future__ import annotations

import asyncio
import http.client
from typing import Any

from lsprotocol import types as t

from layout.desk.serve import start_server
from layout.desk.state import Desk
from layout.lsp.shared import SharedDesk, paragraph_lines, place_of
from tests.conftest import MakeEdition


class Editor:
    def __init__(self, capabilities: t.ClientCapabilities) -> None:
        self.client_capabilities = capabilities
        self.shown: list[Any] = []

    def window_show_message(self, params: t.ShowMessageParams) -> None:
        pass

    def take_render(self, analysis: Any) -> None:
        pass

    def show(self, place: Any) -> None:
        self.shown.append(place)


def test_a_paragraph_runs_to_the_blank_line_and_columns_count_utf16() -> None:
    lines = ["---", "title: x", "---", "第一行", "第二行𠀋", "", "## 二"]
    assert paragraph_lines(lines, 4) == (3, 4)
    assert paragraph_lines(lines, 7) == (6, 6)
    assert paragraph_lines(lines, 99) == (6, 6)


def test_links_open_inside_the_edition_only(make_edition: MakeEdition) -> None:
    folder = make_edition()
    article = folder / "articles" / "jieneng.md"
    place = place_of(folder, str(article), 5, 1)
    assert (place.start, place.end) == ((4, 0), (4, len(article.read_text(encoding="utf-8").splitlines()[4])))
    wide = folder / "articles" / "wide.md"
    wide.write_text("---\ntitle: x\n---\n第一行\n第二行𠀋\n\n下一段\n", encoding="utf-8")
    place = place_of(folder, str(wide), 4, 1)
    assert (place.start, place.end) == ((3, 0), (4, 5))  # 𠀋 is two UTF-16 units, as the protocol counts
    plan = place_of(folder, str(folder / "edition.yaml"), 10, 9)
    assert plan.start == plan.end == (9, 8)
    for bad in (str(folder.parent), str(folder / "articles" / "nothere.md"), "/etc/passwd"):
        try:
            place_of(folder, bad, 1, 1)
        except ValueError as exc:
            assert "inside the edition" in str(exc)
        else:
            raise AssertionError(bad)


def test_an_editor_that_cannot_show_documents_is_said_so(make_edition: MakeEdition) -> None:
    folder = make_edition()
    editor = Editor(t.ClientCapabilities())
    shared = SharedDesk(editor, 0)
    shared.desk, shared.loop = Desk(folder), asyncio.new_event_loop()
    try:
        link = f"/open?file={folder / 'edition.yaml'}&line=1&col=1"
        assert shared.open(link)[0] == 501
        editor.client_capabilities = t.ClientCapabilities(window=t.WindowClientCapabilities(
            show_document=t.ShowDocumentClientCapabilities(support=True)))
        assert shared.open(link)[0] == 202
        assert shared.open("/open?file=x&line=1")[0] == 400
        assert shared.open(link.replace("line=1", "line=0"))[0] == 403
    finally:
        shared.loop.close()


def test_plain_serve_takes_no_post_and_its_page_no_token(make_edition: MakeEdition) -> None:
    running = start_server(Desk(make_edition()), "127.0.0.1", 0)
    try:
        port = running.server.server_address[1]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/open", body=b'{"link": "/open?file=/x&line=1&col=1"}',
                     headers={"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"})
        assert conn.getresponse().status == 404
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/")
        assert b'<meta name="desk-open" content="">' in conn.getresponse().read()
        conn.close()
    finally:
        running.stop()
