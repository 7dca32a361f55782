"""`layout serve` without a browser: the routes, the state, the live-update stream, the image cache, the
error state, loopback only, and the file changes it acts on (fed in by the test instead of watchfiles)."""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.desk import Desk, Running, start_server
from layout.desk.state import editor_pattern, plan_entry
from layout.errors import LayoutError
from tests.desk.support import TONGWULANG_P3, TONGWULANG_P3_SHORT, copy_sample, edit_plan

Batch = set[tuple[int, str]]


class Served:
    """A desk on a copy of the sample, its server on a free port, and the file changes the test sends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.changes: queue.Queue[Batch | None] = queue.Queue()
        self.said: list[str] = []
        self.desk = Desk(folder, dpi=20)
        self.server: Running = start_server(self.desk, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.desk.run, args=(self.said.append, iter(self.changes.get, None)),
                                       daemon=True)
        self.thread.start()

    def get(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
        port = self.server.server.server_address[1]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers={"Host": host} if host else {})
        answer = conn.getresponse()
        body = answer.read()
        conn.close()
        return answer.status, dict(answer.getheaders()), body

    def state(self) -> dict[str, Any]:
        status, _headers, body = self.get("/state")
        assert status == 200
        data: dict[str, Any] = json.loads(body)
        return data

    def wait(self, status: str, after: int = 0, seconds: float = 300) -> dict[str, Any]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            state = self.state()
            if state["status"] == status and state["version"] > after:
                return state
            time.sleep(0.1)
        raise AssertionError(f"no '{status}' state after version {after}: {self.state()['status']}")

    def change(self, *names: str) -> None:
        self.changes.put({(2, str(self.folder / name)) for name in names})

    def close(self) -> None:
        self.changes.put(None)
        self.server.stop()
        self.thread.join(timeout=30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = Served(copy_sample(tmp_path))
    try:
        yield s
    finally:
        s.close()


def test_the_routes_and_the_state(served: Served) -> None:
    state = served.wait("ready")
    assert state["first"] is True and state["changed"] == [] and served.said[-1].startswith("rendered 5 pages in ")
    assert [p["page"] for p in state["pages"]] == [1, 2, 3, 6, 8] and state["overset"] == [] and state["errors"] == []
    box = state["pages"][2]["boxes"][1]
    assert box["id"] == "3-2" and box["name"] == "p3.story.tongwulang" and box["marks"] == []
    assert box["plan"] == ("      - story: tongwulang\n        at: {col: 5, span: 4, line: 5, lines: 9}\n"
                           "        columns: 4")
    assert box["link"] == f"vscode://file{served.folder.resolve() / 'edition.yaml'}:79:9"
    assert box["fit"]["capacity"] == 28 and box["fit"]["page"] == 3
    status, headers, body = served.get(state["pages"][0]["image"])
    assert status == 200 and headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
    assert "immutable" in headers["Cache-Control"]
    status, headers, page = served.get("/")
    assert status == 200 and b'src="/static/desk.js"' in page and "default-src 'self'" in headers[
        "Content-Security-Policy"]
    assert served.get("/static/desk.js")[0] == 200 and served.get("/static/desk.css")[0] == 200
    assert served.get("/static/../../edition.yaml")[0] == 404
    assert served.get("/edition.yaml")[0] == 404
    assert served.get("/page/0123456789abcdef.png")[0] == 404
    assert served.get("/state", host="evil.example:80")[0] == 403  # DNS rebinding
    assert served.get("/state", host=f"localhost:{served.server.server.server_address[1]}")[0] == 200


def read_event(stream: Any) -> dict[str, Any]:
    """The next `state` event of a server-sent event stream."""
    event = ""
    while True:
        line = stream.readline().decode("utf-8")
        if line.startswith("event: "):
            event = line[7:].strip()
        elif line.startswith("data: ") and event == "state":
            data: dict[str, Any] = json.loads(line[6:])
            return data


@pytest.mark.slow  # a served desk rendering again, 1-2 s
def test_a_save_updates_the_stream_and_only_what_changed(served: Served) -> None:
    ready = served.wait("ready")
    port = served.server.server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/events")
    stream = conn.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    assert read_event(stream)["version"] == ready["version"]

    served.change(".edition.yaml.swp", "4913", "edition.yaml~")  # an editor at work: nothing to do
    edit_plan(served.folder, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    served.change("edition.yaml")
    assert read_event(stream)["status"] == "rendering"
    new = read_event(stream)
    assert new["status"] == "ready" and new["version"] == ready["version"] + 2  # one render, not two
    assert 3 in new["changed"] and 2 not in new["changed"]
    images = {p["page"]: p["image"] for p in new["pages"]}
    before = {p["page"]: p["image"] for p in ready["pages"]}
    assert images[3] != before[3] and images[2] == before[2]
    assert served.get(before[3])[0] == 404 and served.get(images[3])[0] == 200  # old images are dropped
    (over,) = new["overset"]
    assert over["story"] == "tongwulang" and over["box_id"] == "3-2" and over["page"] == 3
    box = new["pages"][2]["boxes"][1]
    assert "overset" in box["marks"] and "lines: 4" in box["plan"]
    assert all("box_id" in w for w in new["warnings"])  # (the short box has no other warning since columns are
    # always filled: the orphan-line warning it had is gone with the orphan rules)
    assert not any(w["message"].startswith("overset:") for w in new["warnings"])
    assert served.said[-1].startswith("rendered in ") and "pages changed: " in served.said[-1]
    assert "changed: edition.yaml" in served.said
    conn.close()


@pytest.mark.slow  # a served desk rendering again, 1-2 s
def test_errors_are_published_and_the_last_pages_stay(served: Served) -> None:
    ready = served.wait("ready")
    edit_plan(served.folder, "issue: 28122", "issue: 第28122号")
    served.change("edition.yaml")
    state = served.wait("error", ready["version"])
    (err,) = state["errors"]
    assert err["text"] == f"{served.folder.resolve() / 'edition.yaml'}:7:8: error: 'issue' must be integer, got " \
                          "'第28122号'"
    assert err["link"].endswith("edition.yaml:7:8")
    assert state["stale"] is True and state["pages"] == ready["pages"]
    assert any("'issue' must be integer" in s for s in served.said)
    edit_plan(served.folder, "issue: 第28122号", "issue: 28122")
    served.change("edition.yaml")
    again = served.wait("ready", state["version"])
    assert again["errors"] == [] and again["stale"] is False and again["changed"] == []


def test_loopback_by_default_and_a_port_in_use(tmp_path: Path) -> None:
    desk = Desk(copy_sample(tmp_path))
    first = start_server(desk, port=0)
    try:
        port = first.server.server_address[1]
        assert first.server.server_address[0] == "127.0.0.1" and first.url == f"http://127.0.0.1:{port}/"
        with pytest.raises(LayoutError) as info:
            start_server(Desk(desk.folder), port=port)
        msg = info.value.diagnostics[0].format()
        assert msg.startswith(f"error: cannot listen on 127.0.0.1:{port}: Address already in use")
        assert "--port 0 for any free port" in msg
    finally:
        first.stop()
    serve = main.commands["serve"]
    assert next(p for p in serve.params if p.name == "host").default == "127.0.0.1"


def test_plan_entries_and_editor_links() -> None:
    lines = ["pages:", "  - page: 1", "    boxes:", "      - story: a  # the lead", "        at: {col: 1}",
             "        # a note", "        columns: 2", "      - rule: horizontal", "", "  - page: 2"]
    assert plan_entry(lines, 4, 9) == "      - story: a  # the lead\n        at: {col: 1}\n        # a note\n" \
                                      "        columns: 2"
    assert plan_entry(lines, 8, 9) == "      - rule: horizontal"
    assert plan_entry(lines, 99, 1) == ""
    assert editor_pattern("none") == "" and editor_pattern("vscode").startswith("vscode://file{path}")
    assert editor_pattern("idea://open?file={path}&line={line}") == "idea://open?file={path}&line={line}"
    for bad in ("emacs", "x://{path}:{lnie}", "x://{path}:{"):
        with pytest.raises(LayoutError):
            editor_pattern(bad)
    desk = Desk(Path("."), editor="editor")
    assert desk.link("/e/edition.yaml", 3, 9) == "editor://open?file=/e/edition.yaml&line=3&column=9"
    assert Desk(Path("."), editor="none").link("/e/edition.yaml", 3, 9) is None


def test_serve_refuses_a_missing_edition_before_listening(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nope"), "--port", "0"])
    assert result.exit_code == 2 and "error: the edition folder" in result.output and "serving" not in result.output
