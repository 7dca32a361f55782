"""A zone loads on top of its base: it inherits the base's style, date, issue and pages, replaces some and
adds its own; the main edition's imprint counts its zones (docs/zones.md)."""

from __future__ import annotations

from pathlib import Path

from layout.compose.imprint import imprint_note
from layout.model.plan import ImageBox, StoryBox
from layout.source.edition import load_edition
from tests.zones.family import MAIN, REPLACE_PAGE_2, SEEDS, ZONE, ZONE_PLAN, small_family


def test_the_seed_zone_inherits_the_main_editions_pages_and_adds_page_13() -> None:
    zone = load_edition(SEEDS / ZONE)
    main = load_edition(SEEDS / MAIN)
    assert zone.zone is not None and (zone.zone.code, zone.zone.name, zone.zone.pages_total) == ("JN", "津南区", 16)
    assert zone.base == main
    assert (zone.style, zone.date, zone.issue) == (main.style, main.date, main.issue)
    assert [p.number for p in zone.pages] == [1, 2, 3, 6, 8, 13]
    for kept, base in zip(zone.pages[:5], main.pages, strict=True):
        assert [b.name for b in kept.boxes] == [b.name for b in base.boxes]
        assert kept.section == base.section and kept.folio_name == ""
    own = zone.pages[5]
    assert own.section == "津南新闻" and own.folio_name == "天津日报·津南版"
    assert {b.story for b in own.boxes if isinstance(b, StoryBox)} == {
        "xiaozhandao", "pingzhang", "jiaoyu", "bianmin", "jianshen", "gegu"}
    assert set(main.articles) < set(zone.articles)
    # the base's photos are still read from the base's folder
    photos = [b.image for p in zone.pages[:3] for b in p.boxes if isinstance(b, ImageBox)]
    assert photos and all(r.root == main.folder for r in photos)


def test_the_imprint_brackets_count_the_family() -> None:
    main = load_edition(SEEDS / MAIN)
    zone = load_edition(SEEDS / ZONE)
    assert [(z.code, z.name, z.pages_total) for z in main.zones] == [("JN", "津南区", 16)]
    assert (main.pages_total, imprint_note(main)) == (12, "津南区16版")
    assert (zone.pages_total, imprint_note(zone)) == (16, "津南区版")


def test_a_zone_replaces_a_base_page_and_adds_its_own(tmp_path: Path) -> None:
    family = small_family(tmp_path, ZONE_PLAN + REPLACE_PAGE_2)
    zone = load_edition(family.zone)
    assert [p.number for p in zone.pages] == [1, 2, 5]
    page2 = zone.pages[1]
    assert page2.section == "津南要闻" and len(page2.boxes) == 1
    assert [b.story for b in page2.boxes if isinstance(b, StoryBox)] == ["jinnan2"]
    assert "dashuju" not in zone.articles  # the replaced page's story is not in the zone
    assert set(zone.articles) == {"jieneng", "jinnan", "jinnan2"}
    assert zone.pages[2].folio_name == "天津日报·津南版" and zone.pages[0].folio_name == ""


def test_a_zone_may_print_its_own_bracket(tmp_path: Path) -> None:
    family = small_family(tmp_path, ZONE_PLAN.replace("zone: JN\n", "zone: JN\npages_note: 津南版\n"))
    assert imprint_note(load_edition(family.zone)) == "津南版"
