"""Small families of editions for the zone tests: a main edition (`base/`) and a zone (`zone/`) side by side
in a tmp folder, built from the conftest's two articles, plus the seed family copied where tests may edit it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from layout.cli import main
from tests.conftest import ARTICLE_A, ARTICLE_B, ROOT

SEEDS = ROOT / "seeds"
MAIN = "tianjin-daily-2026-04-23"
ZONE = "tianjin-daily-2026-04-23-jinnan"

BASE_PLAN = """\
style: tianjin-daily
date: 2026-04-23
issue: 28122
pages_total: 4
zones:
  - {code: JN, name: 津南区, pages_total: 6}
pages:
  - page: 1
    boxes:
      - masthead: true
        at: {col: 1, span: 8, line: 1, lines: 9}
      - story: jieneng
        at: {col: 1, span: 4, line: 11, lines: 20}
        columns: 4
  - page: 2
    section: 要闻
    boxes:
      - story: dashuju
        at: {col: 1, span: 4, line: 5, lines: 20}
        columns: 4
"""

ZONE_PLAN = """\
base: ../base
zone: JN
folio_name: 天津日报·津南版
pages:
  - page: 5
    section: 津南新闻
    boxes:
      - story: jinnan
        at: {col: 1, span: 4, line: 5, lines: 20}
        columns: 4
"""

ZONE_ARTICLE = """\
---
title: 津南小站稻 春播育秧全面展开
---
本报讯（记者 林晓）连日来，津南区各涉农街镇抢抓农时，小站稻春播育秧工作全面展开。
"""

REPLACE_PAGE_2 = """\
  - page: 2
    replaces: true
    section: 津南要闻
    boxes:
      - story: jinnan2
        at: {col: 1, span: 4, line: 5, lines: 20}
        columns: 4
"""

ZONE_ARTICLE_2 = ZONE_ARTICLE.replace("小站稻 春播育秧全面展开", "生态屏障 春来添新绿")


@dataclass
class Family:
    root: Path

    @property
    def base(self) -> Path:
        return self.root / "base"

    @property
    def zone(self) -> Path:
        return self.root / "zone"

    def write(self, folder: str, plan: str, articles: dict[str, str]) -> Path:
        path = self.root / folder
        (path / "articles").mkdir(parents=True, exist_ok=True)
        (path / "edition.yaml").write_text(plan, encoding="utf-8")
        for slug, text in articles.items():
            (path / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
        return path

    def edit(self, folder: str, old: str, new: str) -> None:
        path = self.root / folder / "edition.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def small_family(root: Path, zone_plan: str = ZONE_PLAN) -> Family:
    family = Family(root)
    family.write("base", BASE_PLAN, {"jieneng": ARTICLE_A, "dashuju": ARTICLE_B})
    family.write("zone", zone_plan, {"jinnan": ZONE_ARTICLE, "jinnan2": ZONE_ARTICLE_2}
                 if "jinnan2" in zone_plan else {"jinnan": ZONE_ARTICLE})
    return family


def seed_family(root: Path) -> tuple[Path, Path]:
    """The two seed editions copied side by side under `root` (tests edit the copies)."""
    main_dir, zone_dir = root / MAIN, root / ZONE
    shutil.copytree(SEEDS / MAIN, main_dir)
    shutil.copytree(SEEDS / ZONE, zone_dir)
    return main_dir, zone_dir


def cli(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result
