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
