"""Replates: after one page of the main edition is edited, the next render says which page files changed,
only that plate's version goes up (in the zone too, where the page is shared), and --changed-only copies
exactly those files into send/ (docs/zones.md, "Manifest and replates")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.zones.family import MAIN, ZONE, cli, seed_family, small_family

EDITORS = "  - page: 2\n    section: 要闻\n"


def plates(folder: Path) -> dict[str, int]:
    doc = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {e["file"]: e["plate"] for e in doc["pages"]}


def sent(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "send").iterdir() if not p.name.startswith("."))


@pytest.mark.slow  # renders both editions twice, 2.5 s
def test_editing_one_page_of_the_main_edition_replates_that_page_in_both_editions(tmp_path: Path) -> None:
    main_dir, zone_dir = seed_family(tmp_path / "seeds")
    out = tmp_path / "out"
    main, zone = out / MAIN, out / ZONE
    first = cli("render", str(main_dir), str(zone_dir), "-o", str(out), "--changed-only")
    assert first.exit_code == 0, first.output
    assert f"first render in {main}: 5 page files, plate 1" in first.output
    # the night's run has one send/: each plate once, the shared pages 2 and 3 too
    assert sent(out) == ["20260423-01.pdf", "20260423-02.pdf", "20260423-03.pdf", "20260423-06.pdf", "20260423-08.pdf",
                         "20260423-JN-01.pdf", "20260423-JN-13.pdf", "manifest.json"]
    assert not (main / "send").exists() and not (zone / "send").exists()
    listed = json.loads((out / "send" / "manifest.json").read_text(encoding="utf-8"))
    assert {p["file"]: (p["editions"], p["zones"]) for p in listed["plates"]}["20260423-02.pdf"] == \
        ([MAIN, ZONE], ["main", "JN"])

    again = cli("render", str(main_dir), str(zone_dir), "-o", str(out), "--changed-only")
    assert f"no page file changed since the last render in {zone}" in again.output, again.output
    assert f"nothing to send: {out}/send/ is empty" in again.output
    assert sent(out) == []

    text = (main_dir / "edition.yaml").read_text(encoding="utf-8")
    assert text.count(EDITORS) == 1
    (main_dir / "edition.yaml").write_text(text.replace(EDITORS, EDITORS + "    editors: 责任编辑 王强\n"), "utf-8")
    edited = cli("render", str(main_dir), str(zone_dir), "-o", str(out), "--changed-only")
    assert edited.exit_code == 0, edited.output
    for folder in (main, zone):
        assert f"changed since the last render in {folder}: 20260423-02.pdf (plate 2)\n" in edited.output
        assert (out / "send" / "20260423-02.pdf").read_bytes() == (folder / "20260423-02.pdf").read_bytes()
    assert f"copied to {out}/send/: 20260423-02.pdf (each plate once;" in edited.output
    assert sent(out) == ["20260423-02.pdf", "manifest.json"]
    assert plates(main) == {"20260423-01.pdf": 1, "20260423-02.pdf": 2, "20260423-03.pdf": 1, "20260423-06.pdf": 1,
                            "20260423-08.pdf": 1}
    assert plates(zone) == {"20260423-JN-01.pdf": 1, "20260423-02.pdf": 2, "20260423-03.pdf": 1,
                            "20260423-06.pdf": 1, "20260423-08.pdf": 1, "20260423-JN-13.pdf": 1}
    assert (zone / "20260423-02.pdf").read_bytes() == (main / "20260423-02.pdf").read_bytes()
    assert f"warning: the base edition '{MAIN}' changed since this zone was last rendered into {zone}" \
        in edited.output
    rows = {line.split()[0]: line.split() for line in edited.output.splitlines() if line.startswith("tianjin")}
    assert rows[MAIN][4] == rows[ZONE][4] == "1"  # new plates


def test_a_base_changed_after_the_zones_manifest_is_a_warning_and_the_zone_is_rendered_again(
        tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    out = tmp_path / "out"
    assert cli("render", str(family.zone), "-o", str(out)).exit_code == 0
    story = family.base / "articles" / "dashuju.md"
    story.write_text(story.read_text(encoding="utf-8").replace("投入使用", "正式投入使用"), encoding="utf-8")
    result = cli("render", str(family.zone), "-o", str(out))
    assert result.exit_code == 0, result.output
    plan = family.zone / "edition.yaml"
    assert (f"{plan}:1:7: warning: the base edition 'base' changed since this zone was last rendered into {out} "
            f"(its manifest.json): the zone is rendered again from it") in result.output
    assert f"changed since the last render in {out}: 20260423-02.pdf (plate 2)" in result.output
    again = cli("render", str(family.zone), "-o", str(out))
    assert "changed since this zone" not in again.output
    assert f"no page file changed since the last render in {out}" in again.output


@pytest.mark.slow  # a render in a fresh process, killed mid-commit
def test_the_manifest_is_the_last_file_of_the_set(tmp_path: Path) -> None:
    """A render killed after its first rename leaves the old manifest: a plant that checks hashes against it
    sees that the set is not complete."""
    family = small_family(tmp_path / "family")
    out = tmp_path / "out"
    assert cli("render", str(family.base), "-o", str(out)).exit_code == 0
    old = (out / "manifest.json").read_bytes()
    family.edit("base", "issue: 28122", "issue: 28123")
    killed = Path(__file__).resolve().parents[1] / "support" / "killed.py"
    proc = subprocess.run([sys.executable, str(killed), "renamed-1", "render", str(family.base), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 137, proc.stderr
    assert (out / "manifest.json").read_bytes() == old
    result = cli("render", str(family.base), "-o", str(out))  # completes the committed set first
    assert result.exit_code == 0 and "no page file changed" in result.output, result.output
    assert plates(out) == {"20260423-01.pdf": 2, "20260423-02.pdf": 1}


def test_with_pages_the_other_entries_are_kept(tmp_path: Path) -> None:
    family = small_family(tmp_path / "family")
    out = tmp_path / "out"
    assert cli("render", str(family.base), "-o", str(out)).exit_code == 0
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    family.edit("base", "    section: 要闻\n", "    section: 经济\n")
    result = cli("render", str(family.base), "-o", str(out), "--pages", "2")
    assert f"changed since the last render in {out}: 20260423-02.pdf (plate 2)" in result.output, result.output
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert after["edition_pdf"] == before["edition_pdf"]
    assert plates(out) == {"20260423-01.pdf": 1, "20260423-02.pdf": 2}
