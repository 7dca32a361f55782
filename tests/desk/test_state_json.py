"""The desk's state JSON follows the one rule for lone surrogates (errors.for_json): a byte of a file name
that is not UTF-8 shows as \\xff, as on the terminal and in --json."""

from __future__ import annotations

import json
import os
from pathlib import Path

from layout.desk.state import state_json


def test_a_raw_lone_surrogate_in_the_state_is_shown_by_the_one_rule() -> None:
    name = os.fsdecode(b"bad\xff.md")  # what Python makes of the byte: \udcff
    data = state_json({"changed": [name], "text": "正文 ok"})
    assert json.loads(data) == {"changed": ["bad\\xff.md"], "text": "正文 ok"}


def test_a_state_without_surrogates_is_written_as_it_is() -> None:
    state = {"pages": [{"n": 1, "title": "天津日报"}], "ok": True}
    assert state_json(state) == json.dumps(state, ensure_ascii=False).encode("utf-8")


def test_the_rendering_state_is_the_last_state_with_its_version_and_status_written_anew(tmp_path: Path) -> None:
    """`Desk._publish_status` writes only the head of the JSON anew: the bytes are those of the whole state."""
    from layout.desk.state import Desk

    desk = Desk(tmp_path, editor="none")
    for state in ({"status": "ready", "pages": [{"page": 1, "section": "要闻"}], "seconds": 0.25},
                  {"status": "error", "errors": [{"text": os.fsdecode(b"bad\xff.md")}], "notice": "回来了"}):
        desk._publish(**state)
        before = desk.version
        desk._publish_status("rendering")
        version, data = desk.state_bytes()
        assert version == before + 1 and json.loads(data)["status"] == "rendering"
        assert data == state_json(desk._state) and json.loads(data)["version"] == version
