"""The page image is the trimmed page: a rule the page tree places at y pt is the darkest row of the image
at y × scale (a bleed or crop marks left on would move it by several pixels), at the width asked."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from layout.epaper import ImageSettings, Printed
from tests.conftest import SAMPLE
from tests.epaper.support import WIDTH


def test_the_page_image_is_the_trim_at_the_width_asked(site: Path, printed: list[Printed]) -> None:
    folder = site / SAMPLE.name
    edition = printed[0].edition
    trim_w, trim_h = edition.style.trim
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    entry = next(e for e in manifest["pages"] if e["page"] == 1)
    picture = Image.open(io.BytesIO((folder / entry["image"]).read_bytes())).convert("L")
    assert picture.size == (WIDTH, round(WIDTH * trim_h / trim_w)) == tuple(entry["size"])
    grey = np.asarray(picture, dtype=np.float64)
    scale = WIDTH / trim_w
    from layout.run.options import Selection
    from layout.run.pipeline import build

    page = build(SAMPLE, selection=Selection({1})).laid.pages[0]
    rules = [r for r in page.rules if r.y1 == r.y2 and r.x2 - r.x1 > 200]
    assert len(rules) >= 3
    for rule in rules:
        y = rule.y1 * scale
        x1, x2 = round(rule.x1 * scale) + 2, round(rule.x2 * scale) - 2
        rows = range(max(0, round(y) - 12), min(grey.shape[0], round(y) + 13))
        darkest = min(rows, key=lambda row: float(grey[row, x1:x2].mean()))
        assert abs(darkest - y) <= 1.5, (rule, darkest, y)


def test_the_image_key_follows_the_drawing_code(printed: list[Printed], monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose PDF is unchanged is drawn again when layout/epaper/images.py changed (its source is in
    the key, as every cache key holds its producer's code)."""
    from layout.epaper.edition import _key
    from layout.infra import cache

    page = printed[0].pages[0]
    before = _key(page, (), ImageSettings())
    real = cache.code_version

    def other(module: str, root: Path = cache.PACKAGE) -> str:
        return real(module, root) + ("+" if module == "layout.epaper.images" else "")

    monkeypatch.setattr(cache, "code_version", other)
    assert _key(page, (), ImageSettings()) != before
    assert _key(page, (), ImageSettings(width=1000)) != _key(page, (), ImageSettings())
