"""`layout watch ZONE` follows its base: the base's folder is watched too, and an edit there re-renders the
zone with the pages it shares (docs/zones.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from layout.desk.watch import WatchState, run, watch_paths
from tests.zones.family import seed_family


def test_watching_a_zone_watches_its_base(tmp_path: Path) -> None:
    base, zone = seed_family(tmp_path)
    watched = watch_paths(WatchState(zone, tmp_path / "out", False, 20))
    assert zone.resolve() in watched and base.resolve() in watched


@pytest.mark.slow  # a watch over both editions, 3 s
def test_an_edit_in_the_base_re_renders_the_zone(tmp_path: Path) -> None:
    base, zone = seed_family(tmp_path)
    said: list[str] = []
    article = base / "articles" / "jieneng.md"
    text = article.read_text(encoding="utf-8")

    def batches() -> Iterator[set[tuple[int, str]]]:  # the edit is made after the first render
        article.write_text(text.replace("节能降碳", "节能减碳", 1), encoding="utf-8")
        yield {(2, str(article))}

    run(WatchState(zone, tmp_path / "out", False, 20), said.append, batches())
    assert "changed: jieneng.md" in said
    again = [line for line in said if line.startswith("rendered in ")]
    assert len(again) == 1 and "pages changed: 1 →" in again[0], said  # the headline on page 1
