"""Every box carries its place as the plan writes it (`at:`: the grid's col/span/line/lines, or lengths and
their unit), so `check --json`, the desk and the editor's hover take it from the box: nothing reads
edition.yaml again after loading (a zone's pages come from two plans, which re-reading got wrong)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from layout.desk.reports.jsonout import check_json, pages_json
from layout.lsp.hover import box_hover
from layout.model.plan import Edition, GridPlace, LengthPlace
from layout.run.pipeline import lay_out
from layout.source.edition import load_edition
from tests.conftest import PLAN, SAMPLE, MakeEdition

ZONE = SAMPLE.parent / "tianjin-daily-2026-04-23-jinnan"
GRID = ("col", "span", "line", "lines")


def written_places(folder: Path) -> dict[int, list[dict[str, Any]]]:
    """Page number → each box's `at:`, read from the plan itself (and a zone's base plan, for the pages the
    zone keeps), without the program's reader."""
    data = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    base = written_places((folder / data["base"]).resolve()) if "base" in data else {}
    own = {p["page"]: [b["at"] for b in p["boxes"]] for p in data["pages"]}
    return {**base, **own}


def places_of(edition: Edition) -> dict[int, list[GridPlace | LengthPlace]]:
    return {p.number: [b.place for b in p.boxes] for p in edition.pages}


def test_every_box_carries_the_grid_place_its_plan_writes() -> None:
    for folder in (SAMPLE, ZONE):
        edition = load_edition(folder)
        written = written_places(folder)
        assert sorted(written) == [p.number for p in edition.pages]
        want = {n: [GridPlace(*(at[k] for k in GRID)) for at in ats] for n, ats in written.items()}
        assert places_of(edition) == want, folder.name
        json_grids = {p["page"]: [b["grid"] for b in p["boxes"]] for p in pages_json(edition)}
        assert json_grids == {n: [{k: at[k] for k in GRID} for at in ats] for n, ats in written.items()}


def test_a_box_placed_in_lengths_keeps_them_as_written(make_edition: MakeEdition) -> None:
    rule = "      - rule: horizontal\n        at: {x: 20mm, y: 400mm, width: 100.5mm, height: 2}\n"
    folder = make_edition(PLAN + rule)
    edition = load_edition(folder)
    rule = edition.pages[0].boxes[-1]
    assert rule.place == LengthPlace("20mm", "400mm", "100.5mm", "2", "mm") and rule.grid is None
    assert pages_json(edition)[0]["boxes"][-1]["grid"] is None
    assert "at: x 20mm, y 400mm, 100.5mm × 2 (as written)" in box_hover(edition, None, 0, 3)
    assert "grid: col 1, span 4, line 11, lines 20 (grid lines); 4 text columns" in box_hover(edition, None, 0, 1)


def test_check_json_does_not_read_the_plan_again(make_edition: MakeEdition) -> None:
    """The grid places of `check --json` (and so of the desk) come from the loaded boxes: the plan may be
    gone by the time the JSON is made."""
    folder = make_edition()
    laid = lay_out(load_edition(folder))
    (folder / "edition.yaml").unlink()
    grids = [b["grid"] for p in check_json(laid)["pages"] for b in p["boxes"]]
    assert grids == [{"col": 1, "span": 8, "line": 1, "lines": 9}, {"col": 1, "span": 4, "line": 11, "lines": 20},
                     {"col": 5, "span": 4, "line": 11, "lines": 20}]
