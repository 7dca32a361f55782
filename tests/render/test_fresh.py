"""A fresh render's work spread over the render's workers (issue 29): the same pages, whoever did the work.

`layout.infra.workers` starts the render's pool when the render starts; paragraphs are broken ahead in it
(`layout.text.ahead`), the body face's glyphs scanned in it (`layout.render.subset.scan`), pages drawn and
files preflighted in it. Each test holds one of those to the result of doing the work in this process.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import layout.text
from layout.flow.edition import expected_breaks, slots_by_story
from layout.fonts.fontset import FontSet
from layout.infra import workers
from layout.infra.cache import clear_memory
from layout.infra.paths import FONTS
from layout.model.text import BrokenParagraph
from layout.render import pages
from layout.render.subset import cff_program, cff_source, scan
from layout.run.breaks import BreakStore
from layout.run.options import Options
from layout.run.pipeline import Stages, font_set, load, render
from layout.text import ahead, ahead_key, break_paragraph, parallel
from tests.conftest import MakeEdition

PARAGRAPHS = 60
PLAN = """\
style: tianjin-daily
date: 2026-04-23
issue: 28122
pages_total: 12
pages:
  - page: 1
    boxes:
      - story: long
        at: {col: 1, span: 8, line: 5, lines: 20}
        columns: 8
  - page: 2
    boxes:
      - story: long
        at: {col: 1, span: 4, line: 5, lines: 40}
        columns: 4
"""
WORDS = ("节能降碳是推进碳达峰碳中和加快发展方式绿色转型的重要抓手"
         "坚持稳中求进工作总基调统筹发展和安全北方大数据交易中心大楼投入使用")


def long_story() -> str:
    """PARAGRAPHS paragraphs, no two alike, one with a bold phrase and one with Latin words."""
    paras = []
    for i in range(PARAGRAPHS):
        body = "".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(30 + i % 25))
        paras.append(f"{body}，第{i + 1}段。" if i % 9 else f"**{body[:6]}**{body[6:]} layout {i} 。")
    return "---\ntitle: 长篇\n---\n" + "\n\n".join(paras) + "\n"


@pytest.fixture
def edition(make_edition: MakeEdition) -> Path:
    return make_edition(PLAN, {"long": long_story()})


def test_flow_is_told_the_paragraphs_it_breaks_in_the_order_it_breaks_them(edition: Path) -> None:
    ed = load(edition)
    fonts = font_set(ed)
    expected = expected_breaks(ed, slots_by_story(ed, lambda box, kind: 3))
    assert len(expected) == PARAGRAPHS
    stages = Stages(ed, fonts, BreakStore.for_folder(edition))
    asked: list[tuple[Any, ...]] = []

    def brk(*args: Any) -> BrokenParagraph:
        asked.append(args)
        return stages.brk(*args)

    from layout.flow import flow_edition

    flow_edition(ed, brk, lambda box, kind: 3, fonts.metrics)
    first_box = [a for a in asked if a in set(expected)]
    assert first_box, "flow asked for none of the paragraphs it was told of"
    assert list(dict.fromkeys(first_box)) == expected[:len(dict.fromkeys(first_box))]


def test_paragraphs_broken_ahead_are_the_paragraphs_broken_here(edition: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    ed = load(edition)
    stages = Stages(ed, font_set(ed), BreakStore.for_folder(edition))
    requests = expected_breaks(ed, slots_by_story(ed, lambda box, kind: 3))
    calls = [stages.text_call(*r) for r in requests] + [stages.text_call(*requests[5][:3], 7, False, ())]
    break_paragraph.cache_clear()
    here = [break_paragraph(t, s, m, mx, start=st, first_indent=f, bold=b, bold_metrics=bm)
            for t, s, m, mx, st, f, b, bm in calls]
    break_paragraph.cache_clear()
    taken = []
    decode = ahead.decode
    monkeypatch.setattr(ahead, "decode", lambda data: taken.append(1) or decode(data))
    with ProcessPoolExecutor(2) as pool:
        parallel.break_ahead(calls[:-1], pool, ahead_key)  # the last one (resumed at 7) is not sent
        there = [break_paragraph(t, s, m, mx, start=st, first_indent=f, bold=b, bold_metrics=bm)
                 for t, s, m, mx, st, f, b, bm in calls]
    break_paragraph.cache_clear()
    assert there == here
    assert len(taken) >= parallel.CHUNK  # the workers' chunks under way were waited for, not broken again here
    assert not ahead._PENDING


def test_a_chunk_no_worker_started_is_broken_here(edition: Path) -> None:
    ed = load(edition)
    stages = Stages(ed, font_set(ed), BreakStore.for_folder(edition))
    calls = [stages.text_call(*r) for r in expected_breaks(ed, slots_by_story(ed, lambda box, kind: 3))]
    break_paragraph.cache_clear()
    with ProcessPoolExecutor(1) as pool:
        blocker = pool.submit(pow, 2, 2)
        blocker.result()
        pool.submit(__import__("time").sleep, 0.5)  # the one worker is busy: later chunks wait in the queue
        parallel.break_ahead(calls, pool, ahead_key)
        last = calls[-1]
        broken = break_paragraph(last[0], last[1], last[2], last[3], start=last[4], first_indent=last[5],
                                 bold=last[6], bold_metrics=last[7])
        ahead.forget()
    break_paragraph.cache_clear()
    assert broken == break_paragraph(last[0], last[1], last[2], last[3], start=last[4], first_indent=last[5],
                                     bold=last[6], bold_metrics=last[7])


def _render(edition: Path, out: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(cache))
    clear_memory()
    break_paragraph.cache_clear()
    render(edition, out, Options(allow_overset=True))
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".pdf", ".json")}


def test_a_render_on_workers_writes_the_bytes_of_a_render_in_one_process(
        edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "count", lambda: 2)
    broken_here: list[int] = []
    units = layout.text.break_units
    monkeypatch.setattr(layout.text, "break_units", lambda *a: broken_here.append(1) or units(*a))
    shared = _render(edition, tmp_path / "a", tmp_path / "ca", monkeypatch)
    assert len(broken_here) < PARAGRAPHS - parallel.CHUNK  # most paragraphs were broken by the workers
    monkeypatch.setattr(workers, "count", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    alone = _render(edition, tmp_path / "b", tmp_path / "cb", monkeypatch)
    assert shared == alone
    assert len(shared) >= 4  # edition.pdf, two page files, manifest.json


def test_a_page_two_jobs_share_is_drawn_once_on_the_workers(edition: Path) -> None:
    from layout.run.pipeline import plan

    planned = plan(edition, options=Options(allow_overset=True))
    jobs = [plate.job for plate in planned.plates]
    with workers.shared(2) as pool:
        assert pool is not None
        blobs, drawn = pages.draw_jobs([jobs[0], jobs[1], jobs[0]])
    assert drawn == [True, True, False]
    assert blobs[0] == blobs[2] != blobs[1]
    assert pages.draw_jobs([jobs[1]]) == ([blobs[1]], [False])  # from the cache


def test_glyphs_scanned_ahead_subset_to_the_same_bytes() -> None:
    face = FontSet.load(FONTS / "catalogue.yaml").face("song")
    if not face.is_cff:
        pytest.skip("the body face is not CFF")
    codes = sorted(ord(c) for c in set(WORDS + "，。") if ord(c) in face.glyphs)
    gids = [face.glyphs[c] for c in codes]
    advances = {face.glyphs[c]: face.advances[c] for c in codes}
    clear_memory()
    plain = cff_program(face.file, codes, gids, set(), advances)
    clear_memory()
    scan(face.file, gids)
    source = cff_source(face.file)
    assert all(g in source.uses for g in gids)
    assert all(isinstance(source.pieces((0, g)), tuple) for g in gids)
    assert cff_program(face.file, codes, gids, set(), advances) == plain
