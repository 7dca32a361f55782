"""Print-ready output: PDF/X keys, boxes, colour, fonts; preflight passes ours and fails planted faults."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from layout.cli import main
from layout.plant.preflight import preflight
from tests.conftest import SAMPLE

MM = 72 / 25.4


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("print")
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_edition_and_page_files_are_written(rendered: Path) -> None:
    assert sorted(p.name for p in rendered.glob("*.pdf")) == [
        "20260423-01.pdf", "20260423-02.pdf", "20260423-03.pdf", "20260423-06.pdf", "20260423-08.pdf", "edition.pdf"]
    for path in rendered.glob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF-1.4")
        assert path.stat().st_mode & 0o044  # readable by the plant's fetch, not 0600


def test_pdfx_keys_output_intent_and_boxes(rendered: Path) -> None:
    reader = pypdf.PdfReader(rendered / "edition.pdf")
    info = reader.metadata
    assert info is not None
    assert info["/GTS_PDFXVersion"] == "PDF/X-1a:2003" and info["/Trapped"] == "/False"
    assert info["/CreationDate"] == "D:20260423000000+08'00'"
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "IFRA26"
    bleed = 3 * MM
    for page in reader.pages:
        trim = [float(v) for v in page["/TrimBox"]]
        media = [float(v) for v in page["/MediaBox"]]
        assert trim[0] == pytest.approx(bleed, abs=0.01) and media[2] - trim[2] == pytest.approx(bleed, abs=0.01)
        assert trim[2] - trim[0] == pytest.approx(390 * MM, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(545 * MM, abs=0.01)


def test_preflight_passes_the_sample(rendered: Path) -> None:
    for path in rendered.glob("*.pdf"):
        report = preflight(path.read_bytes(), path.name)
        assert report.ok, report.table()
    result = CliRunner().invoke(main, ["preflight", *map(str, sorted(rendered.glob("*.pdf")))])
    assert result.exit_code == 0 and result.output.count(": PASS") == 6


def test_text_is_pure_k_and_overprints(rendered: Path) -> None:
    reader = pypdf.PdfReader(rendered / "20260423-02.pdf")
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    fills = set(re.findall(r"([\d.]+ [\d.]+ [\d.]+ [\d.]+) k", content))
    assert fills <= {"0 0 0 1", "0 0 0 .18"}
    states = [dict(s.get_object()) for s in reader.pages[0]["/Resources"]["/ExtGState"].values()]
    assert {"/op": True} in states and {"/OP": True} in states and {"/OPM": 1} in states


@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript is not installed")
def test_ghostscript_ink_coverage_of_a_text_page_is_black_only(rendered: Path) -> None:
    out = subprocess.run(["gs", "-q", "-o", "-", "-sDEVICE=inkcov", str(rendered / "20260423-02.pdf")],
                         capture_output=True, text=True, check=True).stdout
    c, m, y, k = (float(v) for v in out.split()[:4])
    assert (c, m, y) == (0.0, 0.0, 0.0) and k > 0


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_check_is_clean(rendered: Path) -> None:
    for path in rendered.glob("*.pdf"):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_two_renders_give_the_same_bytes(rendered: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for path in rendered.glob("*.pdf"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_crop_marks_enlarge_the_media_box(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path), "--pages", "2", "--crop-marks"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "edition.pdf").exists()  # --pages writes only those pages' files
    page = pypdf.PdfReader(tmp_path / "20260423-02.pdf").pages[0]
    trim, bleed, media = (float(page[k][0]) for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
    assert media == 0 and bleed == pytest.approx(10 * MM, abs=0.01) and trim == pytest.approx(13 * MM, abs=0.01)


# ---- planted faults --------------------------------------------------------------------------------


def _pdf(draw: object, trim: bool = True) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(300, 300), invariant=1)
    if trim:
        canvas.setTrimBox((10, 10, 290, 290))
    draw(canvas)  # type: ignore[operator]
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _failed(data: bytes) -> dict[str, list[str]]:
    report = preflight(data, "planted.pdf")
    return {c.name: c.details for c in report.checks if not c.ok}


def test_planted_rgb_image_fails() -> None:
    img = Image.new("RGB", (600, 600), (200, 30, 30))
    failed = _failed(_pdf(lambda c: c.drawImage(ImageReader(img), 20, 20, 200, 200)))
    assert len(failed["no RGB"]) == 1 and re.fullmatch(r"page 1: image /\S+ is RGB", failed["no RGB"][0])


def test_planted_low_resolution_image_fails() -> None:
    img = Image.new("CMYK", (100, 100), (0, 0, 0, 128))  # 100 px over 100 pt = 72 ppi
    failed = _failed(_pdf(lambda c: c.drawImage(ImageReader(img), 20, 20, 100, 100)))
    details = failed["image resolution (error < 100 ppi, warning < 150 ppi)"]
    assert len(details) == 1 and details[0].endswith("is 72 ppi at its placed size")


def test_planted_unembedded_font_fails() -> None:
    def draw(c: Canvas) -> None:
        c.setFont("Helvetica", 12)
        c.drawString(20, 20, "Hello")

    failed = _failed(_pdf(draw))
    assert "page 1: font /Helvetica is not embedded" in failed["fonts embedded and subset"]


def test_planted_missing_trim_box_fails() -> None:
    failed = _failed(_pdf(lambda c: c.line(0, 0, 10, 10), trim=False))
    assert failed["page boxes"] == ["page 1: no TrimBox"]


def test_planted_rgb_text_and_no_pdfx_keys_fail() -> None:
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(1, 0, 0)
        c.rect(20, 20, 50, 50, fill=1)

    failed = _failed(_pdf(draw))
    assert any("RGB colour operator rg" in d for d in failed["no RGB"])
    assert failed["PDF/X identification"][0] == "no GTS_PDFXVersion in the document information"
    assert failed["OutputIntent"] == ["no /GTS_PDFX OutputIntent with an OutputConditionIdentifier"]


def _photo_edition(make_edition: object, size: tuple[int, int]) -> Path:
    from tests.conftest import ARTICLE_A, ARTICLE_B, PLAN

    plan = PLAN + ("      - image: photo.jpg\n        caption: 测试照片。\n        credit: 记者 某 摄\n"
                   "        at: {col: 1, span: 4, line: 40, lines: 20}\n")
    folder = make_edition(plan, {"jieneng": ARTICLE_A, "dashuju": ARTICLE_B})  # type: ignore[operator]
    Image.new("RGB", size, (40, 120, 200)).save(folder / "photo.jpg", quality=90)
    return folder


def test_rgb_photo_is_converted_to_cmyk_and_passes_preflight(make_edition: object, tmp_path: Path) -> None:
    folder = _photo_edition(make_edition, (1500, 900))  # 495 x 256 pt: about 218 ppi
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]
    images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    assert [img["/ColorSpace"] for img in images] == ["/DeviceCMYK"]


def test_low_resolution_photo_fails_the_render_and_writes_nothing(make_edition: object, tmp_path: Path) -> None:
    folder = _photo_edition(make_edition, (300, 160))  # about 44 ppi at its placed size
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "preflight failed" in result.output and "ppi at its placed size" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # over 10 s
def test_a_replaced_photo_is_drawn_again(make_edition: object, tmp_path: Path) -> None:
    """The page cache is keyed by content: a new photo under the same name changes the page."""
    import os

    folder = _photo_edition(make_edition, (1500, 900))
    first = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    Image.new("RGB", (1500, 900), (200, 10, 10)).save(folder / "photo.jpg", quality=90)
    os.utime(folder / "photo.jpg", ns=(1, 10**18))
    second = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert (tmp_path / "a" / "edition.pdf").read_bytes() != (tmp_path / "b" / "edition.pdf").read_bytes()


def test_rich_black_text_fails_but_coloured_text_passes() -> None:
    def rich(c: Canvas) -> None:
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.drawString(20, 20, "rich black")

    def red(c: Canvas) -> None:
        c.setFillColorCMYK(0, 1, 1, 0)
        c.drawString(20, 20, "red masthead")

    assert _failed(_pdf(rich))["black text is K only"] == [
        "page 1: black text drawn in CMYK (0.6, 0.4, 0.4, 1.0), not K only"]
    assert "black text is K only" not in _failed(_pdf(red))


def test_the_masthead_is_process_red(rendered: Path) -> None:
    content = pypdf.PdfReader(rendered / "20260423-01.pdf").pages[0].get_contents().get_data().decode("latin-1")
    assert "0 1 1 0 k" in content


def test_masthead_logo_and_a_fitted_framed_photo(make_edition: object, tmp_path: Path) -> None:
    """The style may give the name as an image; a photo may be shown whole (fit) with a thin frame."""
    folder = _photo_edition(make_edition, (1500, 900))
    logo = Image.new("CMYK", (1200, 300), (0, 255, 255, 0))
    (folder / "styles").mkdir()
    logo.save(folder / "styles" / "logo.tif")
    (folder / "styles" / "mine.yaml").write_text(
        "extends: tianjin-daily\nmasthead:\n  logo: logo.tif\nrules:\n  photo: 0.5pt\n", encoding="utf-8")
    plan = folder / "edition.yaml"
    text = plan.read_text(encoding="utf-8").replace("style: tianjin-daily", "style: mine")
    plan.write_text(text.replace("      - image: photo.jpg\n", "      - image: photo.jpg\n        mode: fit\n"),
                    encoding="utf-8")
    from layout.run.pipeline import lay_out, load

    page = lay_out(load(folder)).pages[0]
    assert [(i.fit, i.frame) for i in page.images] == [(True, 0.0), (True, 0.5)]  # the logo, the photo
    assert "天津日报" not in "".join(r.text for r in page.texts)  # the name is the image now
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    xobjects = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]["/Resources"]["/XObject"]
    assert len(xobjects) == 2
