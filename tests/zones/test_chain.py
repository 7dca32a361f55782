"""A zone may itself be the base of a zone (a 镇 edition of a 区 edition): plates are shared down the chain."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from tests.zones.family import ZONE_ARTICLE, cli, small_family

SUB_PLAN = """\
base: ../zone
zone: XZ
pages:
  - page: 7
    boxes:
      - story: xiaozhan
        at: {col: 1, span: 4, line: 5, lines: 20}
        columns: 4
"""


@pytest.mark.slow  # renders three chained editions, 1.2 s
def test_a_zone_of_a_zone_shares_the_plates_of_both(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    family.edit("zone", "zone: JN\n", "zone: JN\nzones:\n  - {code: XZ, name: 小站镇, pages_total: 7}\n")
    family.write("sub", SUB_PLAN, {"xiaozhan": ZONE_ARTICLE.replace("津南小站稻", "小站镇稻田")})
    out = tmp_path / "out"
    result = cli("render", str(family.root), "-o", str(out))
    assert result.exit_code == 0, result.output
    editions = [line.split()[0] for line in result.output.splitlines()[-6:-2]]
    assert editions[1:] == ["base", "zone", "sub"]  # bases first
    files = {name: [(e["file"], e["zones"]) for e in json.loads((out / name / "manifest.json").read_text())["pages"]]
             for name in ("base", "zone", "sub")}
    assert files["sub"] == [("20260423-XZ-01.pdf", ["XZ"]), ("20260423-02.pdf", ["main", "JN", "XZ"]),
                            ("20260423-JN-05.pdf", ["JN", "XZ"]), ("20260423-XZ-07.pdf", ["XZ"])]
    assert (out / "sub" / "20260423-JN-05.pdf").read_bytes() == (out / "zone" / "20260423-JN-05.pdf").read_bytes()
    assert (out / "sub" / "20260423-02.pdf").read_bytes() == (out / "base" / "20260423-02.pdf").read_bytes()
    imprints = ["".join(pypdf.PdfReader(out / n / "edition.pdf").pages[0].extract_text().split())
                for n in ("base", "zone", "sub")]
    assert "今日4版（津南区6版）" in imprints[0]
    assert "今日6版（津南区版、小站镇7版）" in imprints[1]
    assert "今日7版（小站镇版）" in imprints[2]
