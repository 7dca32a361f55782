"""`layout serve` says a warning once: not again after a failed render and its recovery (issue 30)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layout.desk.state import Desk


def state(status: str, errors: list[str], warnings: list[str]) -> dict[str, Any]:
    return {"status": status, "errors": [{"text": t} for t in errors], "warnings": [{"text": t} for t in warnings],
            "first": False, "pages": [1], "changed": [], "seconds": 0.1}


def test_a_warning_is_not_said_again_after_a_recovery() -> None:
    desk = Desk(Path("."), editor="none")
    said: list[str] = []
    desk._echo(state("ready", [], ["w: empty grid lines"]), said.append, ())
    desk._echo(state("error", ["e: unknown story"], []), said.append, ())
    desk._echo(state("ready", [], ["w: empty grid lines"]), said.append, ())
    assert [s for s in said if s.startswith(("w:", "e:"))] == ["w: empty grid lines", "e: unknown story"]
    desk._echo(state("error", ["e: unknown story"], []), said.append, ())  # the error again: said again
    assert said.count("e: unknown story") == 2
