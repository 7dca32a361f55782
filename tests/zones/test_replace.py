"""A replaced page is the zone's plate: its file carries the zone's code and the base's file of that number
is not in the zone's set; the pages the zone keeps unchanged are the base's files."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf

from tests.zones.family import REPLACE_PAGE_2, ZONE_PLAN, cli, small_family


def test_a_replaced_page_is_the_zones_plate(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family", ZONE_PLAN + REPLACE_PAGE_2)
    out = tmp_path / "out"
    result = cli("render", str(family.base), str(family.zone), "-o", str(out))
    assert result.exit_code == 0, result.output
    zone = json.loads((out / "zone" / "manifest.json").read_text(encoding="utf-8"))
    assert [(e["page"], e["file"], e["zones"]) for e in zone["pages"]] == [
        (1, "20260423-JN-01.pdf", ["JN"]), (2, "20260423-JN-02.pdf", ["JN"]), (5, "20260423-JN-05.pdf", ["JN"])]
    texts = ["".join(p.extract_text().split()) for p in pypdf.PdfReader(out / "zone" / "edition.pdf").pages]
    assert "生态屏障春来添新绿" in texts[1] and "一栋楼" not in texts[1] and "津南要闻" in texts[1]
    assert "天津日报·津南版" in texts[1] and "天津日报·津南版" in texts[2]
    base = json.loads((out / "base" / "manifest.json").read_text(encoding="utf-8"))
    assert [e["file"] for e in base["pages"]] == ["20260423-01.pdf", "20260423-02.pdf"]


def test_the_zone_of_the_sample_keeps_the_base_pages_it_does_not_replace(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    out = tmp_path / "out"
    assert cli("render", str(family.base), str(family.zone), "-o", str(out)).exit_code == 0
    assert (out / "zone" / "20260423-02.pdf").read_bytes() == (out / "base" / "20260423-02.pdf").read_bytes()
    assert not (out / "zone" / "20260423-JN-02.pdf").exists()
