"""Proofs, diff and watch on the sample edition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from layout.desk.watch import WatchState, rerender
from layout.model.plan import HeadlineBox, StoryBox
from layout.run.options import Options
from layout.run.pipeline import render
from layout.source.edition import load_edition
from layout.tools.diff import diff_pdfs
from tests.conftest import SAMPLE

BOX = "      - story: tongwulang\n        at: {col: 5, span: 4, line: 5, lines: 9}\n"
MOVED = "      - story: tongwulang\n        at: {col: 5, span: 4, line: 40, lines: 9}\n"


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    return folder


def move_box(folder: Path) -> None:
    plan = folder / "edition.yaml"
    text = plan.read_text(encoding="utf-8")
    assert BOX in text
    plan.write_text(text.replace(BOX, MOVED), encoding="utf-8")


def test_proofs_overview_and_overlay(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["proof", str(SAMPLE), "-o", str(tmp_path / "proof"), "--dpi", "30", "--boxes"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "proof").glob("*.png"))
    assert names == ["overview.png", "page-01.png", "page-02.png", "page-03.png", "page-06.png", "page-08.png"]
    page = Image.open(tmp_path / "proof" / "page-01.png").convert("RGB")
    assert (230, 0, 90) in {page.getpixel((x, y)) for x in range(0, page.width, 2) for y in range(0, page.height, 2)}
    again = CliRunner().invoke(main, ["proof", str(SAMPLE), "-o", str(tmp_path / "again"), "--dpi", "30", "--boxes"])
    assert again.exit_code == 0
    for name in names:  # deterministic PNGs
        assert (tmp_path / "proof" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


@pytest.mark.slow  # over 10 s
def test_diff_reports_exactly_the_page_and_regions_that_changed(sample_copy: Path, tmp_path: Path) -> None:
    before = render(sample_copy, tmp_path / "a", Options(per_page=False)).pdf.read_bytes()
    move_box(sample_copy)
    after = render(sample_copy, tmp_path / "b", Options(per_page=False)).pdf.read_bytes()
    result = diff_pdfs(before, after)
    changed = [p.page for p in result.pages if p.share > 0.0002]
    assert changed == [3]
    edition = load_edition(sample_copy)
    bleed = edition.style.print.bleed
    old = next(b for b in load_edition(SAMPLE).pages[2].boxes
               if isinstance(b, StoryBox | HeadlineBox) and b.story == "tongwulang").rect
    new = next(b for b in edition.pages[2].boxes
               if isinstance(b, StoryBox | HeadlineBox) and b.story == "tongwulang").rect
    cell = 12  # regions are found on 8-pixel cells: 11.5 pt at 50 dpi
    x0, y0 = min(old.x, new.x) + bleed - cell, min(old.y, new.y) + bleed - cell
    x1, y1 = max(old.right, new.right) + bleed + cell, max(old.bottom, new.bottom) + bleed + cell
    page3 = result.pages[2]
    assert page3.regions
    for rx0, ry0, rx1, ry1 in page3.regions:
        assert x0 <= rx0 and y0 <= ry0 and rx1 <= x1 and ry1 <= y1, (page3.regions, (x0, y0, x1, y1))
    assert page3.moved > 0 and page3.edits() == []  # the text layer: moved, not changed
    out = tmp_path / "report"
    (tmp_path / "a.pdf").write_bytes(before)
    (tmp_path / "b.pdf").write_bytes(after)
    cli = CliRunner().invoke(main, ["diff", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"), "-o", str(out)])
    assert cli.exit_code == 1
    assert "page 1: same" in cli.output and "page 3: changed" in cli.output
    assert (out / "report.html").is_file() and (out / "diff-03.png").is_file()
    same = CliRunner().invoke(main, ["diff", str(tmp_path / "a.pdf"), str(tmp_path / "a.pdf")])
    assert same.exit_code == 0


@pytest.mark.slow  # a watch rendering and proofing twice, 1.6 s
def test_watch_rerenders_and_names_the_changed_pages(sample_copy: Path, tmp_path: Path) -> None:
    said: list[str] = []
    state = WatchState(sample_copy, tmp_path / "out", proofs=True, dpi=20)
    assert rerender(state, said.append) == {1, 2, 3, 6, 8}
    move_box(sample_copy)
    assert rerender(state, said.append) == {3}
    assert said[-1].startswith("rendered in ") and "pages changed: 3" in said[-1]
    assert (tmp_path / "out" / "proof" / "page-03.png").is_file()
    plan = sample_copy / "edition.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("issue: 28122", "issue: 第28122"), encoding="utf-8")
    assert rerender(state, said.append) == set()
    assert any("'issue' must be integer" in s for s in said) and said[-1].endswith("still watching")
