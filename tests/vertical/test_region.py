"""Regions in vertical text (docs/text-engine.md rule-13 and "Vertical text"): a Taiwan or Hong Kong paper
sets 。，、：；！？ centred in the cell in vertical lines too (the region's `locl` forms of Noto CJK, applied
before `vert`), and every mark keeps its full em; the mainland keeps its vertical forms in the upper right.
Read back from a small vertical edition rendered on the sample's style and on one that extends it with
`region: tw` (and `hk`)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from layout.run.options import Options
from layout.run.pipeline import render
from tests.vertical.readback import Char, read_chars

PLAN = """style: {style}
date: 2026-04-23
issue: 1
pages_total: 1
pages:
  - page: 1
    section: 副刊
    boxes:
      - headline: sanwen
        at: {{col: 8, span: 1, line: 5, lines: 30}}
        vertical: true
      - story: sanwen
        at: {{col: 5, span: 3, line: 5, lines: 30}}
        vertical: true
"""
ARTICLE = """---
title: 春夜读诗
---
他说：“春眠不觉晓。”我答：“处处闻啼鸟。”窗外有风、有雨，灯下有书，茶已经凉了，人还没有睡。

夜来风雨声，花落知多少？读到这里，我放下书，推开窗，听了一会儿雨。
"""
MARKS = "。，、：；！？"


def _render(tmp: Path, style: str) -> tuple[list[Char], float]:
    edition = tmp / style / "edition"
    (edition / "articles").mkdir(parents=True)
    (edition / "styles").mkdir()
    for region in ("tw", "hk"):
        (edition / "styles" / f"{region}.yaml").write_text(f"extends: tianjin-daily\nregion: {region}\n",
                                                           encoding="utf-8")
    (edition / "articles" / "sanwen.md").write_text(ARTICLE, encoding="utf-8")
    (edition / "edition.yaml").write_text(PLAN.format(style=style), encoding="utf-8")
    done = render(edition, tmp / style / "out", Options(per_page=True))
    pdf = done.page_files[0].read_bytes()
    return read_chars(pdf, 0, done.laid.edition.style.print.bleed), done.laid.edition.style.grid.char


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Char], float]]:
    tmp = tmp_path_factory.mktemp("vregion")
    return {style: _render(tmp, style) for style in ("tianjin-daily", "tw", "hk")}


def _body_marks(chars: list[Char], size: float) -> list[Char]:
    return [c for c in chars if c.ch in MARKS and abs(c.size - size) < 0.01]


def _offsets(c: Char) -> tuple[float, float]:
    """The ink's centre from the em cell's centre (x, y) in em; the baseline is 0.88 em under the cell's top."""
    left, upper, right, lower = c.box
    cell_x, cell_y = c.x + c.size / 2, c.y - 0.88 * c.size + c.size / 2
    return ((left + right) / 2 - cell_x) / c.size, ((upper + lower) / 2 - cell_y) / c.size


@pytest.mark.slow  # shares a module fixture that renders the vertical edition in three styles, 3 s
@pytest.mark.parametrize("region", ["tw", "hk"])
def test_taiwan_sets_stops_and_commas_centred_in_vertical_lines(both: dict[str, tuple[list[Char], float]],
                                                                region: str) -> None:
    """Taiwan (ZHT) and Hong Kong (ZHH): 。，、：？ ink centred in its cell within 0.1 em both ways."""
    chars, size = both[region]
    marks = _body_marks(chars, size)
    assert {c.ch for c in marks} >= set("。，、：？")
    for c in marks:
        dx, dy = _offsets(c)
        assert abs(dx) < 0.1 and abs(dy) < 0.1, (c.ch, dx, dy)


@pytest.mark.slow  # shares a module fixture that renders the vertical edition in three styles, 3 s
def test_the_mainland_keeps_them_in_the_upper_right(both: dict[str, tuple[list[Char], float]]) -> None:
    chars, size = both["tianjin-daily"]
    marks = [c for c in _body_marks(chars, size) if c.ch in "。，、"]
    assert len(marks) >= 8
    for c in marks:
        dx, dy = _offsets(c)
        assert dx > 0.1 and dy < -0.1, (c.ch, dx, dy)


@pytest.mark.slow  # shares a module fixture that renders the vertical edition in three styles, 3 s
def test_taiwan_marks_keep_their_full_em_down_the_column(both: dict[str, tuple[list[Char], float]]) -> None:
    """不压缩: a 。 before 」 keeps its whole cell in Taiwan; the mainland compresses 。” (the 。 half an em)."""
    steps = {}
    for style, quote in (("tw", "」"), ("tianjin-daily", "”")):
        chars, size = both[style]
        pairs = [(a, b) for a, b in itertools.pairwise(chars)
                 if a.ch == "。" and b.ch == quote and abs(a.x - b.x) < 0.01]
        assert len(pairs) == 2, style
        steps[style] = [(b.y - a.y) / size for a, b in pairs]
    assert all(abs(s - 1.0) < 0.01 for s in steps["tw"]), steps
    assert all(s < 0.75 for s in steps["tianjin-daily"]), steps
