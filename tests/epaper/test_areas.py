"""The story areas of the page views: every story box's centre (from `layout check --json`, scaled onto the
page image) lies in exactly one area, its own story's; no two stories' areas share a pixel."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from layout.epaper.gather import safe_name
from layout.epaper.shapes import outline
from tests.conftest import SAMPLE
from tests.epaper.support import ZONE, areas, check_json, inside, mask, story_boxes

EDITIONS = [SAMPLE, ZONE]


def story_file(slug: str) -> str:
    return f"story-{safe_name(slug, set())}.html"


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.name)
def test_every_story_box_centre_lies_in_exactly_its_own_area(site: Path, edition: Path) -> None:
    folder = site / edition.name
    report = check_json(edition)
    boxes = story_boxes(report)
    assert len(boxes) >= 10
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    sizes = {e["page"]: e["size"] for e in manifest["pages"]}
    trim_w = report["grid"]["trim_pt"][0]
    for box in boxes:
        scale = sizes[box.page][0] / trim_w
        x, y = box.centre[0] * scale, box.centre[1] * scale
        page = (folder / f"page-{box.page:02d}.html").read_text("utf-8")
        hits = [href for polygon, href in areas(page) if inside(polygon, x, y)]
        assert hits == [story_file(box.story)], (box, hits)


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.name)
def test_no_two_stories_areas_overlap(site: Path, edition: Path) -> None:
    folder = site / edition.name
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    shared = 0
    for entry in manifest["pages"]:
        w, h = entry["size"]
        page = (folder / entry["html"]).read_text("utf-8")
        owners: dict[str, np.ndarray] = {}
        for polygon, href in areas(page):
            m = mask(polygon, w, h)
            assert m.any(), (entry["page"], href)
            owners[href] = owners.get(href, np.zeros((h, w), dtype=bool)) | m
        count = sum((m.astype(np.int32) for m in owners.values()), np.zeros((h, w), dtype=np.int32))
        assert int(np.max(count)) <= 1, entry["page"]
        shared += len(owners) >= 2
    assert shared >= 2  # pages where stories meet


def test_an_l_shaped_story_is_one_polygon() -> None:
    # a text box over a photo narrower than it: one outline of six corners, clockwise on the screen
    assert outline([(0, 0, 100, 50), (0, 50, 60, 90)]) == [((0, 0), (100, 0), (100, 50), (60, 50), (60, 90), (0, 90))]


def test_disjoint_boxes_are_one_area_each_and_a_corner_does_not_join() -> None:
    assert len(outline([(0, 0, 10, 10), (20, 0, 30, 10)])) == 2
    assert len(outline([(0, 0, 10, 10), (10, 10, 20, 20)])) == 2
    assert len(outline([(0, 0, 10, 10), (10, 0, 20, 10)])) == 1  # sharing an edge: one


def test_a_ring_of_boxes_is_given_as_its_rectangles_so_the_hole_stays_free() -> None:
    ring = [(0, 0, 30, 10), (0, 10, 10, 20), (20, 10, 30, 20), (0, 20, 30, 30)]
    shapes = outline(ring)
    assert len(shapes) == 4
    assert not any(inside(list(p), 15, 15) for p in shapes)
