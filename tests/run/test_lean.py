"""Lean processes (issue 29, docs/performance.md "Lean processes"): a drawing process whose page has no photo
imports neither numpy nor Pillow's colour modules; a command line run that has committed its output leaves
by `os._exit` after flushing and closing everything, with its output whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ARTICLE_B, MakeEdition

HEAVY = ("numpy", "PIL.ImageCms", "PIL.ImageOps", "reportlab")  # reportlab: proof that a page was drawn here

DRAW_HERE = f"""
import json, sys
from pathlib import Path
from layout.run.pipeline import build
build(Path(sys.argv[1]))  # one page: drawn in this process (a pool only for two misses or more)
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""


def fresh(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ}, **kw)  # type: ignore[call-overload]


def one_page(make_edition: MakeEdition) -> Path:
    """The conftest's plan with text of its own (a page key no other test has: the page is drawn now)."""
    return make_edition(articles={"jieneng": f"---\ntitle: 节能\n---\n节能降碳{uuid.uuid4().hex}。\n",
                                  "dashuju": ARTICLE_B})


def test_a_page_without_photos_is_drawn_without_numpy_or_pillows_colour_modules(make_edition: MakeEdition) -> None:
    proc = fresh(["-c", DRAW_HERE, str(one_page(make_edition))])
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1]) == ["reportlab"]


AS_PROGRAM = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))  # skipped by os._exit: proof the fast exit was taken
sys.argv = ["layout", *sys.argv[1:]]
from layout.cli import run
run()
"""


def test_a_render_run_as_a_program_leaves_at_once_with_its_output_whole(make_edition: MakeEdition,
                                                                        tmp_path: Path) -> None:
    """`layout render` as the console script: exit 0 through `os._exit` (atexit handlers do not run), its
    summary on stdout though stdout is a pipe (flushed first), every file the manifest lists in place with its
    hash, no staging folder left."""
    import hashlib

    out = tmp_path / "out"
    proc = fresh(["-c", AS_PROGRAM, "render", str(one_page(make_edition)), "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    assert "atexit ran" not in proc.stderr
    assert "1 pages, 2 stories" in proc.stdout and "first render in" in proc.stdout, proc.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = [manifest["edition_pdf"], *manifest["pages"]]
    assert [f["file"] for f in listed] == ["edition.pdf", "20260423-01.pdf"]
    for f in listed:
        assert hashlib.sha256((out / f["file"]).read_bytes()).hexdigest() == f["sha256"], f["file"]
    assert sorted(p.name for p in out.iterdir()) == [".layout.lock", "20260423-01.pdf", "edition.pdf",
                                                     "manifest.json"]


def test_a_command_that_fails_or_runs_under_a_test_leaves_the_ordinary_way(make_edition: MakeEdition,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad input is not committed output: exit 2 the ordinary way (atexit handlers run); and under CliRunner
    (`main`, not `run`) `exit_now` returns, so the test process goes on."""
    from click.testing import CliRunner

    from layout.cli import base, main

    def refuse(code: int) -> None:
        raise AssertionError(f"os._exit({code}) under a test")

    monkeypatch.setattr(base, "os", SimpleNamespace(_exit=refuse))  # not os._exit itself: forked workers use it

    proc = fresh(["-c", AS_PROGRAM, "render", str(make_edition().parent / "nowhere")])
    assert proc.returncode == 2 and "atexit ran" in proc.stderr, proc.stderr
    result = CliRunner().invoke(main, ["render", str(one_page(make_edition)), "-o",
                                       str(make_edition().parent / "out")])
    assert result.exit_code == 0, result.output


def test_exit_now_flushes_stdout_and_stderr_before_it_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is still buffered reaches the pipe before `os._exit` (click.echo flushes its own lines; anything
    else written without a newline or a flush would be lost)."""
    import io

    from layout.cli import base

    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for name in ("stdout", "stderr")}
    seen: dict[str, bytes] = {}

    def leave(code: int) -> None:
        seen.update({name: s.buffer.getvalue() for name, s in streams.items()})  # type: ignore[attr-defined]
        seen["code"] = str(code).encode()

    for name, stream in streams.items():
        monkeypatch.setattr(sys, name, stream)
        stream.write(f"last words on {name}")
    monkeypatch.setattr(base, "os", SimpleNamespace(_exit=leave))
    monkeypatch.setattr(base, "AS_PROGRAM", True)
    base.exit_now(0)
    assert seen == {"stdout": b"last words on stdout", "stderr": b"last words on stderr", "code": b"0"}
