"""Shared by the e-paper tests: the sample day and its zone published once per session, the boxes of
`layout check --json`, and readers for what the pages hold (areas, text)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from click.testing import CliRunner

from layout.cli import main
from tests.conftest import SAMPLE

ZONE = SAMPLE.parent / (SAMPLE.name + "-jinnan")
WIDTH = 900  # the tests' page images: small enough to be quick, large enough for every box
AREA = re.compile(r'<area shape="poly" coords="([0-9,]+)" href="([^"]+)"')


def check_json(edition: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["check", str(edition), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@dataclass(frozen=True)
class StoryBox:
    page: int
    story: str  # the story it belongs to (its own, or the article whose photo it shows)
    centre: tuple[float, float]  # pt from the trim's top-left corner


def _photo_article(image: object) -> str | None:
    """The article of an `ARTICLE/ID` image box; None for a file path (`images/x.jpg`: no story's)."""
    parts = str(image or "").split("/")
    return parts[0] if len(parts) == 2 and "." not in parts[1] else None


def story_boxes(report: dict[str, Any]) -> list[StoryBox]:
    """Every box of a story (story and headline boxes, and photos of an article placed as a story)."""
    out: list[StoryBox] = []
    articles = {s["story"] for s in report["stories"]} | {
        _photo_article(b["image"]) for p in report["pages"] for b in p["boxes"] if _photo_article(b["image"])}
    for page in report["pages"]:
        for box in page["boxes"]:
            owner = box["story"] or _photo_article(box["image"])
            if owner is None or owner not in articles:
                continue
            r = box["rect_pt"]
            out.append(StoryBox(page["page"], owner, (r["x"] + r["width"] / 2, r["y"] + r["height"] / 2)))
    return out


def areas(page_html: str) -> list[tuple[list[tuple[int, int]], str]]:
    """(polygon, href) of each <area> of a page view."""
    out = []
    for coords, href in AREA.findall(page_html):
        v = [int(c) for c in coords.split(",")]
        out.append((list(zip(v[0::2], v[1::2], strict=True)), html.unescape(href)))
    return out


def inside(polygon: list[tuple[int, int]], x: float, y: float) -> bool:
    """Even-odd rule, as the browser hit-tests an <area shape="poly">."""
    hit = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def mask(polygon: list[tuple[int, int]], w: int, h: int) -> np.ndarray:
    """The pixels (by their centres) inside a polygon, even-odd, as a boolean array [y, x]."""
    ys, xs = np.mgrid[0:h, 0:w]
    px, py = xs + 0.5, ys + 0.5
    hit = np.zeros((h, w), dtype=bool)
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if y1 == y2:
            continue
        crosses = ((y1 > py) != (y2 > py)) & (px < x1 + (py - y1) * (x2 - x1) / (y2 - y1))
        hit ^= crosses
    return hit


def text_of(page_html: str) -> str:
    """The readable text of a page (tags dropped, entities read)."""
    body = re.sub(r"<script.*?</script>", "", page_html, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))
