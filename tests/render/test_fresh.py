"""A fresh render's work on the render's workers (issue 29): the same pages, whoever did the work.

`layout.infra.workers` starts the render's pool when the render starts; the body face's glyphs are scanned
in it while the edition is laid out (`layout.render.subset.scan`), pages drawn and files preflighted in it.
Each test holds one of those to the result of doing the work in this process.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from layout.fonts.fontset import FontSet
from layout.infra import workers
from layout.infra.cache import clear_memory
from layout.infra.paths import FONTS
from layout.model.page import TextRun
from layout.render import pages
from layout.render.subset import cff_program, cff_source, scan
from layout.run.options import Options
from layout.run.pipeline import render
from layout.text import break_paragraph
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


def _render(edition: Path, out: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(cache))
    clear_memory()
    break_paragraph.cache_clear()
    render(edition, out, Options(allow_overset=True))
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".pdf", ".json")}


def test_a_render_on_workers_writes_the_bytes_of_a_render_in_one_process(
        edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "count", lambda: 2)
    streamed = pages._streamed
    on_workers: list[int] = []
    monkeypatch.setattr(pages, "_streamed", lambda jobs, pool: on_workers.append(len(jobs)) or streamed(jobs, pool))
    shared = _render(edition, tmp_path / "a", tmp_path / "ca", monkeypatch)
    assert on_workers == [2]  # both pages drawn on the render's workers, started with the render
    render(edition, tmp_path / "a", Options(allow_overset=True))  # warm: nothing to draw, no workers started
    assert on_workers == [2]
    monkeypatch.setattr(workers, "count", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    alone = _render(edition, tmp_path / "b", tmp_path / "cb", monkeypatch)
    assert shared == alone
    assert len(shared) >= 4  # edition.pdf, two page files, manifest.json


def test_the_workers_give_way_to_the_main_process() -> None:
    with workers.shared(2) as pool:
        assert pool is not None
        assert pool.submit(os.nice, 0).result() == os.nice(0) + workers.NICE


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


def test_a_text_run_sent_to_a_drawing_process_is_the_same_run() -> None:
    run = TextRun(1.5, 2.25, "中文", "NotoSerifCJKsc-Regular", 9.0, 0.125, (0.1, 0.2, 0.3, 0.4), True, 0.5)
    assert pickle.loads(pickle.dumps(run, pickle.HIGHEST_PROTOCOL)) == run
    assert pickle.loads(pickle.dumps(TextRun(0, 0, "a", "f", 1))) == TextRun(0, 0, "a", "f", 1)


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
