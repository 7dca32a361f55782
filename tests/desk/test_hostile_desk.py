"""The desk (`serve`, `watch`, `init`) tried as a hostile user would (issue 24): nothing lost, nothing stale,
no traceback, nothing raw on the terminal.

- an edit saved right after the first render is rendered (the files are watched from before it);
- a folder deleted and restored, or swapped for a link, is followed and said;
- a file name that is not UTF-8 (at start, or saved while serving) is one message, the desk stays up;
- a client that hangs up prints nothing; `--host ::1` listens; `init` on a broken link is exit 2;
- escape sequences in a file name reach the terminal made visible.

These run the desk with the real watcher (watchfiles), on a copy of the sample.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.desk import Desk, Running, start_server
from layout.desk.watch import WatchState, run
from tests.desk.support import TONGWULANG_P3, TONGWULANG_P3_SHORT, copy_sample, edit_plan

BAD = os.fsdecode(b"bad\xff")  # a file name that is not UTF-8, as Python names it (\udcff), shown as \xff


class Live:
    """A desk on `folder` with the real watcher, its server on a free port, and what it said."""

    def __init__(self, folder: Path, hook: Callable[[str], None] | None = None) -> None:
        self.said: list[str] = []
        self.hook = hook
        self.desk = Desk(folder, dpi=20)
        self.server: Running = start_server(self.desk, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.desk.run, args=(self.echo,), daemon=True)
        self.thread.start()

    def echo(self, line: str) -> None:
        self.said.append(line)
        if self.hook is not None:
            self.hook(line)

    def state(self) -> dict[str, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.server.server_address[1], timeout=30)
        conn.request("GET", "/state")
        body = conn.getresponse().read()
        conn.close()
        data: dict[str, Any] = json.loads(body)
        return data

    def wait(self, test: Callable[[dict[str, Any]], bool], seconds: float = 120) -> dict[str, Any]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            state = self.state()
            if test(state):
                return state
            assert self.thread.is_alive(), f"the desk stopped; it said: {self.said}"
            time.sleep(0.1)
        raise AssertionError(f"not reached: status {self.state()['status']}; the desk said: {self.said}")

    def ready_after(self, version: int, seconds: float = 120) -> dict[str, Any]:
        return self.wait(lambda s: s["status"] == "ready" and s["version"] > version, seconds)

    def close(self) -> None:
        self.server.stop()
        self.thread.join(timeout=30)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Callable[..., Live]]:
    made: list[Live] = []

    def make(folder: Path, hook: Callable[[str], None] | None = None) -> Live:
        made.append(Live(folder, hook))
        return made[-1]

    yield make
    for desk in made:
        desk.close()


def overset(state: dict[str, Any]) -> list[str]:
    return [o["story"] for o in state["overset"]]


# --- 1. an edit saved right after the first render ---------------------------------------------------------

@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_an_edit_saved_right_after_the_first_render_is_rendered(tmp_path: Path, live: Callable[..., Live]) -> None:
    folder = copy_sample(tmp_path)
    article = folder / "articles" / "tongwulang.md"

    def save_at_once(line: str) -> None:  # the first render has been published: `/state` says ready
        if line.startswith("rendered ") and "changed" not in line:
            article.write_text(article.read_text(encoding="utf-8") + "\n记者从中新天津生态城获悉。\n", encoding="utf-8")

    desk = live(folder, save_at_once)
    # the re-render may follow so fast that the first state is never seen: wait for a later one
    desk.wait(lambda s: s["status"] == "ready" and not s["first"] and "changed: tongwulang.md" in desk.said,
              seconds=120)
    assert desk.said[-1].startswith("rendered in ")


@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_watch_renders_an_edit_saved_right_after_its_first_render(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path)
    article = folder / "articles" / "tongwulang.md"
    said: list[str] = []
    stop = threading.Event()

    def echo(line: str) -> None:
        said.append(line)
        if line.startswith("rendered ") and "changed" not in line:  # the first render is written
            article.write_text(article.read_text(encoding="utf-8") + "\n记者从中新天津生态城获悉。\n", encoding="utf-8")
        if line.startswith("rendered in "):
            stop.set()

    thread = threading.Thread(target=run, args=(WatchState(folder, tmp_path / "out", False, 20), echo, None, stop),
                              daemon=True)
    thread.start()
    thread.join(timeout=120)
    stop.set()
    assert "changed: tongwulang.md" in said and said[-1].startswith("rendered in "), said


# --- 2. the edition's path, not a folder handle -------------------------------------------------------------

@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_folder_deleted_and_restored_is_followed(tmp_path: Path, live: Callable[..., Live]) -> None:
    folder = copy_sample(tmp_path)
    backup = tmp_path / "backup"
    shutil.copytree(folder, backup)
    edit_plan(backup, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    desk = live(folder)
    first = desk.wait(lambda s: s["status"] == "ready")
    assert overset(first) == []
    shutil.rmtree(folder)
    gone = desk.wait(lambda s: s["status"] == "error")
    assert gone["stale"] and gone["pages"]  # the last pages stay, dimmed
    shutil.copytree(backup, folder)
    back = desk.ready_after(gone["version"])
    assert overset(back) == ["tongwulang"]  # the restored folder's plan, not the old one
    assert "is gone" in json.dumps(gone["errors"]) or "is gone" in back["notice"]
    assert any("is gone" in s for s in desk.said) and any(f"{folder} is back" in s for s in desk.said)
    # and it is watched: the next save renders
    edit_plan(folder, TONGWULANG_P3_SHORT, TONGWULANG_P3)
    assert overset(desk.ready_after(back["version"])) == []


@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_folder_swapped_for_a_link_is_followed_by_its_name(tmp_path: Path, live: Callable[..., Live]) -> None:
    folder = copy_sample(tmp_path)
    elsewhere = copy_sample(tmp_path / "elsewhere", "other")
    edit_plan(elsewhere, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    desk = live(folder)
    first = desk.wait(lambda s: s["status"] == "ready")
    old = tmp_path / "old"
    folder.rename(old)
    folder.symlink_to(elsewhere, target_is_directory=True)
    swapped = desk.wait(lambda s: s["version"] > first["version"] and s["status"] == "ready"
                        and overset(s) == ["tongwulang"])
    assert f"now leads to {elsewhere}" in swapped["notice"]
    assert any(f"{folder} now leads to {elsewhere}: following {folder} as named" in s for s in desk.said)
    # the link pointed elsewhere again (`ln -sfn`: no folder it leads to changes, only the path)
    (tmp_path / "new-link").symlink_to(old, target_is_directory=True)
    os.replace(tmp_path / "new-link", folder)
    repointed = desk.wait(lambda s: s["version"] > swapped["version"] and s["status"] == "ready"
                          and overset(s) == [])
    assert f"now leads to {old}" in repointed["notice"]
    # what the link leads to now is watched: a save there renders
    edit_plan(old, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    assert overset(desk.ready_after(repointed["version"])) == ["tongwulang"]


@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_folder_deleted_during_a_render_is_an_error_not_a_crash(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import layout.desk.state as desk_module

    folder = copy_sample(tmp_path)
    real = desk_module.check_json

    def then_delete(laid: Any) -> Any:  # the render is done; the folder goes before the plan is read again
        report = real(laid)
        shutil.rmtree(folder)
        return report

    monkeypatch.setattr(desk_module, "check_json", then_delete)
    said: list[str] = []
    desk = Desk(folder, dpi=20)
    desk.rebuild(said.append)
    state = desk.state()
    assert state["status"] == "error" and "edition.yaml again" in state["errors"][0]["message"]
    assert said[-1].startswith("not rendered")


# --- 3. file names that are not UTF-8 ------------------------------------------------------------------------

@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_file_name_not_utf8_at_start_is_one_message_and_the_desk_stays_up(
        tmp_path: Path, live: Callable[..., Live]) -> None:
    folder = copy_sample(tmp_path)
    bad = folder / "articles" / f"{BAD}.md"
    shutil.copy(folder / "articles" / "jieneng.md", bad)
    desk = live(folder)
    state = desk.wait(lambda s: s["status"] == "error")
    assert len(state["errors"]) == 1 and "bad\\xff" in state["errors"][0]["text"]
    assert "%FF" in state["errors"][0]["link"]  # the link keeps the file's own bytes
    told = [s for s in desk.said if "bad\\xff" in s]
    assert len(told) == 1 and "\udcff" not in "".join(desk.said)
    bad.unlink()
    desk.ready_after(state["version"])


@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_file_name_not_utf8_saved_while_serving_is_one_message(tmp_path: Path, live: Callable[..., Live]) -> None:
    folder = copy_sample(tmp_path)
    desk = live(folder)
    first = desk.wait(lambda s: s["status"] == "ready")
    bad = folder / "articles" / f"{BAD}.md"
    shutil.copy(folder / "articles" / "jieneng.md", bad)
    state = desk.wait(lambda s: s["status"] == "error" and s["version"] > first["version"])
    assert "bad\\xff" in state["errors"][0]["text"]
    bad.unlink()
    desk.ready_after(state["version"])
    assert "\udcff" not in "".join(desk.said)
    assert len([s for s in desk.said if "watching " in s and "rename the file" in s]) == 1


# --- 4. a client that hangs up -------------------------------------------------------------------------------

@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_client_that_hangs_up_prints_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    desk = Desk(copy_sample(tmp_path), dpi=20)
    server = start_server(desk, "127.0.0.1", 0)
    try:
        for error in (BrokenPipeError, ConnectionResetError):
            try:
                raise error(32, "hung up")
            except error:
                server.server.handle_error(None, ("127.0.0.1", 1))
        for _ in range(20):  # and for real: a request, then a reset before the answer is read
            s = socket.create_connection(("127.0.0.1", server.server.server_address[1]))
            s.sendall(b"GET /static/desk.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        time.sleep(0.5)
    finally:
        server.stop()
    err = capfd.readouterr().err
    assert "Traceback" not in err and err == ""


# --- 5. init on a broken link --------------------------------------------------------------------------------

def test_init_on_a_dangling_link_is_exit_2_and_one_message(tmp_path: Path) -> None:
    link = tmp_path / "new-edition"
    link.symlink_to(tmp_path / "nowhere")
    result = CliRunner().invoke(main, ["init", str(link)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{link}: error: {link} is a link to nothing ({tmp_path / 'nowhere'})"
    assert len(lines) == 2 and lines[1].startswith("  hint: ")
    assert not (tmp_path / "nowhere").exists()
    result = CliRunner().invoke(main, ["init", str(link / "sub")])  # below it: the same, not a crash
    assert result.exit_code == 2 and "internal error" not in result.output


# --- 6. IPv6 loopback --------------------------------------------------------------------------------------

def test_serve_listens_on_ipv6_loopback(tmp_path: Path) -> None:
    try:
        socket.socket(socket.AF_INET6).bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    desk = Desk(copy_sample(tmp_path), dpi=20)
    server = start_server(desk, "::1", 0)
    try:
        assert server.url.startswith("http://[::1]:")
        conn = http.client.HTTPConnection("::1", server.server.server_address[1], timeout=30)
        conn.request("GET", "/state")  # Host: [::1]:PORT
        answer = conn.getresponse()
        assert answer.status == 200 and json.loads(answer.read())["status"] == "rendering"
        conn.close()
    finally:
        server.stop()


# --- 7. escape sequences in file names -------------------------------------------------------------------

EVIL = "x\x1b]0;pwned\x07\x1b[2J.md"


@pytest.mark.slow  # a desk or a watch serving, with its waits, 1-3 s
def test_a_file_name_with_escapes_reaches_the_terminal_made_visible(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path)
    said: list[str] = []
    Desk(folder, dpi=20).run(said.append, [{(1, str(folder / "articles" / EVIL))}])
    changed = [s for s in said if s.startswith("changed: ")]
    assert changed == ["changed: x\\x1b]0;pwned\\x07\\x1b[2J.md"]
    assert not any("\x1b" in s or "\x07" in s for s in said)
    said.clear()  # `layout watch` too
    run(WatchState(folder, tmp_path / "out", proofs=False, dpi=20), said.append, [{(1, str(folder / EVIL))}])
    assert "changed: x\\x1b]0;pwned\\x07\\x1b[2J.md" in said
    assert not any("\x1b" in s or "\x07" in s for s in said)
