"""Every way a zone can be wrong is an error at file:line:col with a hint, exit code 2, no traceback, nothing
written (docs/zones.md, "Errors")."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ARTICLE_A
from tests.zones.family import BASE_PLAN, REPLACE_PAGE_2, ZONE_PLAN, Family, cli, small_family

ADD_PAGE_2 = "  - page: 2\n    boxes: []\n"


def cycle(f: Family) -> None:
    f.write("a", ZONE_PLAN.replace("../base", "../b"), {"jinnan": (f.zone / "articles" / "jinnan.md").read_text()})
    f.write("b", ZONE_PLAN.replace("../base", "../a"), {})


def outside(f: Family) -> None:
    (f.root.parent / "elsewhere").mkdir()
    f.write("../elsewhere/base", BASE_PLAN, {})
    f.edit("zone", "base: ../base", "base: ../../elsewhere/base")


def jump(f: Family) -> None:
    f.edit("base", "      - story: dashuju\n", "      - story: jieneng\n"
           "        at: {col: 5, span: 4, line: 5, lines: 20}\n        columns: 4\n      - story: dashuju\n")
    f.edit("zone", "pages:\n", "pages:\n" + REPLACE_PAGE_2)
    f.write("zone", (f.zone / "edition.yaml").read_text(), {"jinnan2": ARTICLE_A.replace("节能降碳", "津南生态")})


CASES: list[tuple[str, Callable[[Family], object], str, list[str]]] = [
    ("base missing", lambda f: f.edit("zone", "../base", "../nowhere"), "zone",
     ["{root}/zone/edition.yaml:1:7: error: base edition not found: '../nowhere' ({root}/nowhere is not a folder)",
      "hint: a zone's base is the main edition's folder next to the zone's: base: ../<folder>; editions next to "
      "this one: base"]),
    ("cycle of bases", cycle, "a",
     ["{root}/a/edition.yaml:1:7: error: the bases form a cycle: a → b → a",
      "hint: a family has one main edition, which names no base: remove `base:` from it"]),
    ("page collides with a base page", lambda f: f.edit("zone", "pages:\n", "pages:\n" + ADD_PAGE_2), "zone",
     ["{root}/zone/edition.yaml:5:5: error: page 2 collides with page 2 of the base edition, which the zone does "
      "not replace",
      "hint: add `replaces: true` to print this page instead of the base's, or number it 5 or higher (the base "
      "has 4 pages)"]),
    ("base not a sibling", outside, "zone",
     ["{root}/zone/edition.yaml:1:7: error: base '../../elsewhere/base' is not a folder next to this edition "
      "(it is {parent}/elsewhere/base)",
      "hint: a zone's base is the main edition's folder next to the zone's: base: ../<folder>: an edition reads "
      "only its own folder and its base's"]),
    ("base is the zone itself", lambda f: f.edit("zone", "../base", "../zone"), "zone",
     ["{root}/zone/edition.yaml:1:7: error: the edition names itself as its base"]),
    ("base without edition.yaml", lambda f: (f.root / "empty").mkdir() or f.edit("zone", "../base", "../empty"),
     "zone", ["{root}/zone/edition.yaml:1:7: error: base '../empty' has no edition.yaml"]),
    ("story jumps to a replaced page", jump, "zone",
     ["{root}/zone/edition.yaml:5:5: error: page 2 replaces the base's page 2, but story 'jieneng' of the base "
      "also stands on page 1, which the zone keeps",
      "hint: a story cannot jump between a shared page and a replaced one: replace page 1 as well, or leave "
      "page 2 to the base"]),
    ("zone not in the base's zones", lambda f: f.edit("zone", "zone: JN", "zone: XQ"), "zone",
     ["{root}/zone/edition.yaml:2:7: error: zone 'XQ' is not one of the base's zones\n",
      "hint: the base lists JN; add `- {{code: XQ, name: …, pages_total: …}}` to zones: in "
      "{root}/base/edition.yaml"]),
    ("zone with a style", lambda f: f.edit("zone", "zone: JN\n", "zone: JN\nstyle: tianjin-daily\n"), "zone",
     ["{root}/zone/edition.yaml:3:1: error: a zone takes its style from its base",
      "hint: remove `style:` from the zone's plan"]),
    ("zone with a page count", lambda f: f.edit("zone", "zone: JN\n", "zone: JN\npages_total: 6\n"), "zone",
     ["{root}/zone/edition.yaml:3:1: error: a zone takes its page count from the base's zones: list"]),
    ("replaces nothing", lambda f: f.edit("zone", "  - page: 5\n", "  - page: 5\n    replaces: true\n"), "zone",
     ["{root}/zone/edition.yaml:5:5: error: page 5 replaces nothing: the base edition has 4 pages"]),
    ("page above the zone's count", lambda f: f.edit("zone", "  - page: 5\n", "  - page: 7\n"), "zone",
     ["{root}/zone/edition.yaml:5:5: error: page 7 is planned but zone JN has 6 pages (printed as 今日6版)",
      "hint: raise pages_total of JN in the zones: of {root}/base/edition.yaml, or give the page a number up to 6"]),
    ("a story of the base again", lambda f: f.write("zone", (f.zone / "edition.yaml").read_text(),
                                                      {"jieneng": ARTICLE_A}), "zone",
     ["{root}/zone/articles/jieneng.md: error: story 'jieneng' is also a story of the base edition "
      "({root}/base/articles/jieneng.md)"]),
    ("no zone code", lambda f: f.edit("zone", "zone: JN\n", ""), "zone",
     ["{root}/zone/edition.yaml:1:1: error: the plan has no 'zone'",
      "hint: a zone (a plan with base:) names its code in the base's zones: list, e.g. `zone: JN`"]),
    ("zone code in lower case", lambda f: f.edit("zone", "zone: JN", "zone: jn"), "zone",
     ["{root}/zone/edition.yaml:2:7: error: 'zone' must be a zone code (capital letters and digits, a letter "
      "first, at most 8), got 'jn'"]),
    ("pages_note and zones", lambda f: f.edit("base", "pages_total: 4\n", "pages_total: 4\npages_note: 津南区6版\n"),
     "base", ["{root}/base/edition.yaml:5:13: error: pages_note and zones: both give the bracket after the page "
              "count", "hint: remove pages_note: the imprint counts the bracket from the zones"]),
    ("a zone smaller than its base", lambda f: f.edit("base", "pages_total: 6}", "pages_total: 3}"), "base",
     ["{root}/base/edition.yaml:6:40: error: zone 'JN' has 3 pages; it must have 4 to 999"]),
    ("zone code twice", lambda f: f.edit("base", "pages_total: 6}\n", "pages_total: 6}\n  - {code: JN, name: 西青区, "
                                         "pages_total: 8}\n"), "base",
     ["{root}/base/edition.yaml:7:12: error: zone 'JN' is listed twice (first at line 6)"]),
    ("a zone with fonts of its own", lambda f: (f.zone / "fonts").mkdir(), "zone",
     ["{root}/zone/fonts: error: a zone is set with its base's style and fonts: its fonts/ folder would not be "
      "used"]),
]


@pytest.mark.parametrize(("case", "setup", "edition", "messages"), CASES, ids=[c[0] for c in CASES])
def test_zone_errors(case: str, setup: Callable[[Family], object], edition: str, messages: list[str],
                     tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    setup(family)
    out = tmp_path / "out"
    result = cli("render", str(family.root / edition), "-o", str(out))
    assert result.exit_code == 2, result.output
    for message in messages:
        assert message.format(root=family.root, parent=tmp_path) in result.output, result.output
    assert not out.exists()


def test_several_editions_with_pages_is_refused(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    result = cli("render", str(family.base), str(family.zone), "--pages", "1", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--pages renders one edition" in result.output, result.output


def test_an_error_in_one_edition_stops_the_night_before_anything_is_written(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    family.edit("zone", "pages:\n", "pages:\n" + ADD_PAGE_2)
    result = cli("render", str(family.root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "page 2 collides with page 2 of the base edition" in result.output
    assert not (tmp_path / "out").exists()


def test_send_must_be_a_folder_of_its_own(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", out / "send")
    result = cli("render", str(family.base), "-o", str(out), "--changed-only")
    assert result.exit_code == 2, result.output
    assert f"{out}/send: error: {out}/send is not a folder of its own (a file or a symbolic link)" in result.output
    assert not list((tmp_path / "elsewhere").iterdir()) and not (out / "edition.pdf").exists()


def test_a_damaged_manifest_is_reported_and_replaced(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    out = tmp_path / "out"
    assert cli("render", str(family.base), "-o", str(out)).exit_code == 0
    (out / "manifest.json").write_text("{not json", encoding="utf-8")
    result = cli("render", str(family.base), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"{out}/manifest.json: warning: the manifest of the last render cannot be used" in result.output
    assert "every page file starts again at plate 1" in result.output
    assert (out / "manifest.json").read_text(encoding="utf-8").startswith('{\n  "format": "layout-manifest/1"')
