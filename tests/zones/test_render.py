"""The seed family rendered: both imprints, the zone's shared page files byte-identical to the main edition's
and drawn once, the zone's own plates named with its code, the manifests (docs/zones.md)."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import pypdf
import pytest

from layout.infra.cache import Store
from layout.render import pages as drawing
from tests.zones.family import MAIN, SEEDS, ZONE, cli


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The night's run of both seed editions: (main's output folder, the zone's, what the command printed)."""
    out = tmp_path_factory.mktemp("night")
    result = cli("render", str(SEEDS / MAIN), str(SEEDS / ZONE), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / MAIN, out / ZONE, result.output


def page_one_text(pdf: Path) -> str:
    return "".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())


def test_both_imprints(night: tuple[Path, Path, str]) -> None:
    main, zone, _ = night
    main_text, zone_text = page_one_text(main / "edition.pdf"), page_one_text(zone / "edition.pdf")
    assert "今日12版（津南区16版）" in main_text and "今日16版" not in main_text
    assert "今日16版（津南区版）" in zone_text and "今日12版" not in zone_text
    assert page_one_text(zone / "20260423-JN-01.pdf") == zone_text


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_the_zones_page_files(night: tuple[Path, Path, str]) -> None:
    main, zone, _ = night
    assert names(main) == [
        "20260423-01.pdf", "20260423-02.pdf", "20260423-03.pdf", "20260423-06.pdf", "20260423-08.pdf", "edition.pdf",
        "manifest.json"]
    assert names(zone) == [
        "20260423-02.pdf", "20260423-03.pdf", "20260423-06.pdf", "20260423-08.pdf", "20260423-JN-01.pdf",
        "20260423-JN-13.pdf", "edition.pdf", "manifest.json"]


def test_shared_pages_are_the_main_editions_files_byte_for_byte(night: tuple[Path, Path, str]) -> None:
    main, zone, _ = night
    for name in ("20260423-02.pdf", "20260423-03.pdf", "20260423-06.pdf", "20260423-08.pdf"):
        assert (zone / name).read_bytes() == (main / name).read_bytes(), name
    assert (zone / "20260423-JN-01.pdf").read_bytes() != (main / "20260423-01.pdf").read_bytes()
    # the zone's edition.pdf holds its six pages in order; page 13 has the zone's 报眉
    reader = pypdf.PdfReader(zone / "edition.pdf")
    assert len(reader.pages) == 6
    folio = "".join(reader.pages[5].extract_text().split())
    assert "第13版" in folio and "津南新闻" in folio and "天津日报·津南版" in folio


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_manifests(night: tuple[Path, Path, str]) -> None:
    main, zone, _ = night
    m = json.loads((main / "manifest.json").read_text(encoding="utf-8"))
    z = json.loads((zone / "manifest.json").read_text(encoding="utf-8"))
    assert {k: m[k] for k in ("format", "edition", "paper", "date", "issue", "zone")} == {
        "format": "layout-manifest/1", "edition": MAIN, "paper": "天津日报", "date": "2026-04-23", "issue": 28122,
        "zone": "main"}
    assert "base" not in m
    assert [(e["page"], e["file"], e["zones"], e["plate"]) for e in m["pages"]] == [
        (1, "20260423-01.pdf", ["main"], 1), (2, "20260423-02.pdf", ["main", "JN"], 1),
        (3, "20260423-03.pdf", ["main", "JN"], 1), (6, "20260423-06.pdf", ["main", "JN"], 1),
        (8, "20260423-08.pdf", ["main", "JN"], 1)]
    # the night's run knows the zone shares pages 2, 3, 6 and 8
    assert (z["edition"], z["zone"], z["base"]["edition"]) == (ZONE, "JN", MAIN)
    assert len(z["base"]["inputs"]) == 64
    assert [(e["page"], e["file"], e["zones"], e["plate"]) for e in z["pages"]] == [
        (1, "20260423-JN-01.pdf", ["JN"], 1), (2, "20260423-02.pdf", ["main", "JN"], 1),
        (3, "20260423-03.pdf", ["main", "JN"], 1), (6, "20260423-06.pdf", ["main", "JN"], 1),
        (8, "20260423-08.pdf", ["main", "JN"], 1),
        (13, "20260423-JN-13.pdf", ["JN"], 1)]
    for folder, doc in ((main, m), (zone, z)):
        assert doc["edition_pdf"] == {"file": "edition.pdf", "sha256": sha(folder / "edition.pdf")}
        for entry in doc["pages"]:
            assert entry["sha256"] == sha(folder / entry["file"])
    assert (main / "manifest.json").read_bytes().endswith(b"\n") and b"\\u" not in (zone / "manifest.json").read_bytes()


def test_the_night_prints_one_table(night: tuple[Path, Path, str]) -> None:
    *_, output = night
    lines = output.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("edition "))
    assert lines[head].split() == ["edition", "pages", "shared", "drawn", "new", "plates", "seconds"]
    assert lines[head + 1].split()[:5] == [MAIN, "5", "0", lines[head + 1].split()[3], "5"]
    assert lines[head + 2].split()[:5] == [ZONE, "6", "4", lines[head + 2].split()[3], "6"]
    assert lines[head + 3].startswith("drawing")
    assert lines[head + 4].startswith("night's run: 2 editions, 11 page files")


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the pages drawn (in this process; an empty page cache of its own, the fonts' cache kept)."""
    drawn: list[int] = []
    real = drawing._draw

    def counting(job: drawing.Job) -> bytes:
        drawn.append(job[0].number)
        return real(job)

    monkeypatch.setattr(drawing, "STORE", Store(f"pages-test-{uuid.uuid4().hex}", ".pdf"))
    monkeypatch.setattr(drawing, "_draw", counting)
    monkeypatch.setattr(drawing.os, "cpu_count", lambda: 1)
    return drawn


@pytest.mark.slow  # draws both whole editions again, 2 s
def test_the_nights_run_draws_a_shared_page_once(draws: list[int], tmp_path: Path) -> None:
    result = cli("render", str(SEEDS / MAIN), str(SEEDS / ZONE), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(draws) == [1, 1, 2, 3, 6, 8, 13]  # main's 1–8; the zone's 1, 13; its 2–8 are main's


@pytest.mark.slow  # draws both whole editions again, 2 s
def test_a_zone_rendered_after_its_base_draws_only_its_own_pages(draws: list[int], tmp_path: Path) -> None:
    assert cli("render", str(SEEDS / MAIN), "-o", str(tmp_path / "main")).exit_code == 0
    assert sorted(draws) == [1, 2, 3, 6, 8]
    draws.clear()
    result = cli("render", str(SEEDS / ZONE), "-o", str(tmp_path / "zone"))
    assert result.exit_code == 0, result.output
    assert sorted(draws) == [1, 13]
    assert (tmp_path / "zone" / "20260423-02.pdf").read_bytes() == (tmp_path / "main" / "20260423-02.pdf").read_bytes()
