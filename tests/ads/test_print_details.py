"""Print details: overprint only for solid black, knockout for everything else (read object by object
from the page's graphics states); crop marks in the registration colour; PDF/X-4 with its profile and XMP
IDs; PDF/X-1a's conformance key."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from layout.plant.pdfops import iter_ops
from layout.plant.preflight import preflight
from tests.ads import makeads
from tests.conftest import PLAN, MakeEdition

GS_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "b", "S", "s", "Do"}


def painted(page: Any) -> list[tuple[str, str, bool]]:
    """(operator, the colour it paints with, whether overprint is on) for every painting operator."""
    states = {str(k): v.get_object() for k, v in (page["/Resources"].get("/ExtGState") or {}).items()}
    data = page.get_contents().get_data()
    fill, stroke, op = "0 0 0 1", "0 0 0 1", {"fill": False, "stroke": False}
    stack: list[tuple[str, str, dict[str, bool]]] = []
    out = []
    for raw, o in iter_ops(data):
        name = o.decode("latin-1")
        args = [t.decode("latin-1") for t in raw]
        if name == "q":
            stack.append((fill, stroke, dict(op)))
        elif name == "Q":
            fill, stroke, op = stack.pop()
        elif name == "gs":
            g = states[args[0]]
            for key, use in (("/op", "fill"), ("/OP", "stroke")):
                if key in g:
                    op[use] = g[key].value  # a BooleanObject: its value, not its truth

        elif name == "k":
            fill = " ".join(args)
        elif name == "K":
            stroke = " ".join(args)
        elif name == "SCN":
            stroke = "registration"
        elif name in PAINT:
            use = "stroke" if name in ("S", "s") else "fill"
            out.append((name, stroke if use == "stroke" else fill, op[use]))
    return out


@pytest.fixture(scope="module")
def first_page(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The sample's page 1: a red masthead, black text and rules, grey placeholders, crop marks."""
    from tests.conftest import SAMPLE

    out = tmp_path_factory.mktemp("marks")
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out), "--pages", "1", "--crop-marks"])
    assert result.exit_code == 0, result.output
    return pypdf.PdfReader(out / "20260423-01.pdf").pages[0]


def test_only_solid_black_overprints(first_page: Any) -> None:
    seen = painted(first_page)
    black = [s for s in seen if s[1] == "0 0 0 1"]
    other = [s for s in seen if s[1] not in ("0 0 0 1", "registration")]
    assert black and all(on for _o, _c, on in black), [s for s in black if not s[2]][:5]
    assert {c for _o, c, _on in other} >= {"0 1 1 0", "0 0 0 .18"}  # the red name, the placeholder tint
    assert not any(on for _o, _c, on in other), [s for s in other if s[2]][:5]
    text_ops = {"Tj", "TJ"}
    assert any(o in text_ops and c == "0 1 1 0" for o, c, _on in seen)  # the red name is text, knocked out


@pytest.mark.slow  # photo ink
def test_photos_knock_out(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN + "      - image: photo.jpg\n        caption: 测试照片。\n        credit: 某 摄\n"
                                 "        at: {col: 1, span: 4, line: 40, lines: 20}\n")
    Image.new("RGB", (1500, 900), (40, 120, 200)).save(folder / "photo.jpg")
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    images = [s for s in painted(pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]) if s[0] == "Do"]
    assert images and not any(on for *_x, on in images)


def test_crop_marks_are_registration_colour_and_at_least_a_tenth_of_a_mm(first_page: Any) -> None:
    spaces = {str(k): v.get_object() for k, v in first_page["/Resources"]["/ColorSpace"].items()}
    assert str(spaces["/All"][0]) == "/Separation" and str(spaces["/All"][1]) == "/All"
    content = first_page.get_contents().get_data().decode("latin-1")
    m = re.search(r"/All CS 1 SCN\n([\d.]+) w", content)
    assert m is not None and float(m.group(1)) >= 0.1 * 72 / 25.4
    marks = content[m.end(): content.index(" k", m.end())]
    assert marks.count(" l S") == 8 or marks.count("l\nS") == 8 or len(re.findall(r"\bl S\b", marks)) == 8


@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript is not installed")
def test_crop_marks_print_on_all_four_plates(tmp_path: Path, first_page: Any) -> None:
    """tiffsep: the registration marks are on C, M, Y and K, in the corner outside the trim."""
    writer = pypdf.PdfWriter()
    writer.add_page(first_page)
    pdf = tmp_path / "p1.pdf"
    writer.write(pdf)
    subprocess.run(["gs", "-q", "-o", str(tmp_path / "sep.tif"), "-sDEVICE=tiffsep", "-r72", str(pdf)], check=True)
    for plate in ("Cyan", "Magenta", "Yellow", "Black"):
        with Image.open(tmp_path / f"sep({plate}).tif") as img:
            corner = img.convert("L").crop((0, 0, 36, 40))  # top-left, outside the trim (at 36.85 pt)
            assert corner.getextrema()[0] < 128, plate  # ink (tiffsep plates are 0 = full ink)


def _style(folder: Path, body: str) -> None:
    (folder / "styles").mkdir(exist_ok=True)
    (folder / "styles" / "mine.yaml").write_text("extends: tianjin-daily\n" + body, encoding="utf-8")
    plan = folder / "edition.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("style: tianjin-daily", "style: mine"), encoding="utf-8")


def test_x4_without_a_profile_is_refused_at_the_style_line(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    _style(folder, "print:\n  standard: x4\n")
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "styles/mine.yaml:3:13: error: PDF/X-4 needs the printing condition's ICC profile" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not GS_CMYK.is_file(), reason="ghostscript's ICC profiles are not installed")
def test_x4_embeds_its_profile_and_carries_the_xmp_ids(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN + makeads.AD_BOX.format(ad="ads/glow.pdf"))
    (folder / "ads").mkdir()
    (folder / "ads" / "glow.pdf").write_bytes(makeads.ad_pdf(makeads.transparent))  # fine in PDF/X-4
    shutil.copy(GS_CMYK, folder / "styles-plant.icc")
    _style(folder, "print:\n  standard: x4\n  profile: ../styles-plant.icc\n")
    outs = []
    for name in ("a", "b"):
        result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / name / "edition.pdf").read_bytes())
    assert outs[0] == outs[1]
    reader = pypdf.PdfReader(io.BytesIO(outs[0]))
    assert outs[0].startswith(b"%PDF-1.6")
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/DestOutputProfile"].get_object().get_data() == GS_CMYK.read_bytes()
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    ids = dict(re.findall(r"<xmpMM:(\w+)>([^<]+)</xmpMM:\1>", xmp))
    assert ids["RenditionClass"] == "default" and ids["VersionID"] == "1"
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", ids["DocumentID"]) and re.fullmatch(r"uuid:[0-9a-f-]{36}",
                                                                                   ids["InstanceID"])
    page_xmp = pypdf.PdfReader(tmp_path / "a" / "20260423-01.pdf").trailer["/Root"]["/Metadata"].get_object()
    page_ids = dict(re.findall(r"<xmpMM:(\w+)>([^<]+)</xmpMM:\1>", page_xmp.get_data().decode()))
    assert page_ids["DocumentID"] != ids["DocumentID"] and page_ids["InstanceID"] != ids["InstanceID"]
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    report = preflight(outs[0], "x4.pdf")
    assert report.ok, report.table()
    assert any("transparency" in c.name and c.details for c in report.checks)  # noted, allowed in X-4


def test_x1a_names_its_conformance(make_edition: MakeEdition, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(make_edition()), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    info = pypdf.PdfReader(tmp_path / "edition.pdf").metadata
    assert info is not None and info["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    assert info["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
