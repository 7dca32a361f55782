"""Shared fixtures: small editions written into tmp folders."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "tianjin-daily-2026-04-23"

ARTICLE_A = """\
---
title: 节能降碳 工作的意见
kicker: 关于
---
节能降碳是推进碳达峰碳中和、加快发展方式绿色转型的重要抓手。

## 一、总体要求

坚持稳中求进工作总基调，统筹发展和安全。
"""

ARTICLE_B = """\
---
title: 一栋楼就是一个产业园
---
本报讯（记者 王睿）记者从中新天津生态城获悉，北方大数据交易中心大楼投入使用。
"""

PLAN = """\
style: tianjin-daily
date: 2026-04-23
issue: 28122
pages_total: 12
pages:
  - page: 1
    boxes:
      - masthead: true
        at: {col: 1, span: 8, line: 1, lines: 9}
      - story: jieneng
        at: {col: 1, span: 4, line: 11, lines: 20}
        columns: 4
      - story: dashuju
        at: {col: 5, span: 4, line: 11, lines: 20}
        columns: 4
"""

MakeEdition = Callable[..., Path]


_TEST_CACHE = Path(tempfile.mkdtemp(prefix="layout-test-cache-"))
os.environ["LAYOUT_CACHE_DIR"] = str(_TEST_CACHE)  # before any layout module runs: never the user's cache


@pytest.fixture(autouse=True)
def _own_kept_renders(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Each test keeps its renders for warm replay (layout/run/replay.py) in a namespace of its own: a CLI
    render in this process replays only a render of the same test, never one another test made of the same
    edition (a test counting what a render draws would otherwise see a replay draw nothing)."""
    import hashlib

    import layout.run.replay as replay

    monkeypatch.setattr(replay, "NAMESPACE", "renders-" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16])


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_TEST_CACHE, ignore_errors=True)


def session_cache() -> Path:
    """The test session's own cache (empty when the session starts)."""
    return _TEST_CACHE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-references", action="store_true", default=False,
                     help="rewrite tests/reference/*.pdf from the current renders and say which changed")


@pytest.fixture
def make_edition(tmp_path: Path) -> MakeEdition:
    """Write a small edition: make_edition(plan=..., articles={slug: text}) -> folder."""

    def make(plan: str = PLAN, articles: dict[str, str] | None = None) -> Path:
        folder = tmp_path / "edition"
        (folder / "articles").mkdir(parents=True, exist_ok=True)
        (folder / "edition.yaml").write_text(textwrap.dedent(plan), encoding="utf-8")
        for slug, text in (articles if articles is not None else {"jieneng": ARTICLE_A, "dashuju": ARTICLE_B}).items():
            (folder / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
        return folder

    return make
