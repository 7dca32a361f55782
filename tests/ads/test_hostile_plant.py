"""The plant's side of the hostile inputs (issue 24): placed ads and the preflight's content checks.
Each case failed on e346689: a form walk that stopped silently, crashes on encrypted, rotated or huge
ads, subset fonts sharing a name on a plate, thresholds that disagreed, placeholders sent to the plant,
ads without PDF/X identification or with JavaScript, and a standalone preflight that checked less."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from tests.ads import makeads
from tests.ads.makeads import AD_BOX
from tests.conftest import PLAN, MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")

AT = "edition.yaml:16:9"  # the ad box's line in PLAN + AD_BOX
MAX_FORM_DEPTH = 12  # layout.plant.walk.MAX_FORM_DEPTH (a mutation raising it to 1000 must fail the tests)
IMAGE_BOX = "      - image: {path}\n        caption: 图片说明。\n        at: {{col: 1, span: 4, line: 40, lines: 20}}\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def with_ads(make_edition: MakeEdition, ads: dict[str, bytes], boxes: str, extra: str = "") -> Path:
    folder = make_edition(PLAN + boxes + extra)
    (folder / "ads").mkdir(exist_ok=True)
    for name, data in ads.items():
        (folder / "ads" / name).write_bytes(data)
    return folder


def render_ad(make_edition: MakeEdition, data: bytes, out: Path, *args: str) -> tuple[int, str]:
    folder = with_ads(make_edition, {"ad.pdf": data}, AD_BOX.format(ad="ads/ad.pdf"))
    return run("render", str(folder), "-o", str(out), *args)


def one_error(output: str) -> str:
    """The one error line of a refused render (no traceback), which must name the ad's box."""
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if ": error: " in line]
    assert len(errors) == 1, output
    assert errors[0].startswith(str(Path("edition") / "edition.yaml")) or AT in errors[0], output
    return errors[0]


# -- 1. forms nested too deep, forms drawing themselves: reported, never a silent stop ------------------------

def test_rgb_thirteen_forms_deep_is_refused_naming_the_depth_bound(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.nested_rgb(MAX_FORM_DEPTH + 1), tmp_path)
    assert code == 2, output
    assert f"nested more than {MAX_FORM_DEPTH} forms deep (MAX_FORM_DEPTH)" in one_error(output)
    assert not (tmp_path / "edition.pdf").exists()


def test_rgb_twelve_forms_deep_is_found(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.nested_rgb(MAX_FORM_DEPTH), tmp_path)
    assert code == 2 and "RGB colour operator rg" in one_error(output), output


def test_a_form_that_draws_itself_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.self_drawing(), tmp_path)
    assert code == 2, output
    assert "form /Me draws itself" in one_error(output)


def test_standalone_preflight_reports_the_depth_bound(tmp_path: Path) -> None:
    """The same bound (one constant) in the opener of outside PDFs: a file with forms one deeper is refused
    before its content is walked (exit 2, the bound named); one at the bound is opened and walked to the RGB."""
    path = tmp_path / "deep.pdf"
    path.write_bytes(makeads.nested_rgb(MAX_FORM_DEPTH + 1))
    code, output = run("preflight", str(path))
    assert code == 2, output
    assert f"deep.pdf: error: page 1: a form is nested more than {MAX_FORM_DEPTH} forms deep (MAX_FORM_DEPTH)" \
        in output and output.count("error:") == 1, output
    path.write_bytes(makeads.nested_rgb(MAX_FORM_DEPTH))
    code, output = run("preflight", str(path))
    assert code == 1 and "FAIL  no RGB" in output and "RGB colour operator rg" in output, output


# -- inline images (`BI … ID … EI`) judged as image XObjects are; a JPEG whose size is not its dictionary's ---

@pytest.mark.parametrize(("mode", "size", "message"), [
    ("RGB", (1400, 760), "no RGB: page 1: inline image is RGB"),
    ("CMYK", (70, 38), "image resolution (error < 100 ppi, warning < 150 ppi): page 1: inline image is 10 ppi at "
                       "its placed size"),
])
def test_an_inline_image_in_an_ad_is_judged_like_an_image_xobject(make_edition: MakeEdition, tmp_path: Path,
                                                                  mode: str, size: tuple[int, int],
                                                                  message: str) -> None:
    data = makeads.ad_pdf(makeads.inline_image(mode, size))
    assert b"BI /W %d /H %d" % size in pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    code, output = render_ad(make_edition, data, tmp_path)
    assert code == 2, output
    assert f"error: ad 'ads/ad.pdf': {message}" in one_error(output), output


def test_an_inline_images_data_is_skipped_whole() -> None:
    """Its data may hold the bytes `EI` and what looks like operators: only an EI between delimiters (or the
    one its /Length points at) ends it."""
    from layout.plant.pdfops import iter_ops

    data = b"BI /W 4 /H 1 /CS /G /BPC 8 ID \x00\xffEI1 0 0 rg\x00 EI Q 0 0 0 1 k BI /W 2 /H 1 /L 8 ID  EI 0 rg EI f"
    assert [(op, raw) for raw, op in iter_ops(data)] == [
        (b"BI", [b" /W 4 /H 1 /CS /G /BPC 8 "]), (b"Q", []), (b"k", [b"0", b"0", b"0", b"1"]),
        (b"BI", [b" /W 2 /H 1 /L 8 "]), (b"f", [])]


def test_a_good_inline_image_passes_and_standalone_preflight_finds_an_rgb_one(make_edition: MakeEdition,
                                                                             tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.ad_pdf(makeads.inline_image("CMYK", (1400, 760))), tmp_path)
    assert code == 0 and "inline image" not in output, output
    path = tmp_path / "inline.pdf"
    path.write_bytes(makeads.ad_pdf(makeads.inline_image("RGB", (1400, 760))))
    code, output = run("preflight", str(path))
    assert code == 1 and "FAIL  no RGB" in output and "page 1: inline image is RGB" in output, output


def test_an_inline_image_claiming_ten_billion_pixels_in_an_ad_is_refused(make_edition: MakeEdition,
                                                                         tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.huge_inline(), tmp_path)
    assert code == 2, output
    assert ("page 1: inline image is not decoded: 100000 × 100000 px (10000 megapixels): the limit is 120 "
            "megapixels per image") in one_error(output), output


def test_a_jpeg_whose_size_is_not_its_dictionarys_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    data = makeads.jpeg_mismatch(1000)
    code, output = render_ad(make_edition, data, tmp_path)
    assert code == 2, output
    assert re.search(r"page 1: image \S+ says it is 1000 × 760 px, its JPEG data is 1400 × 760 px: a RIP draws it "
                     "garbled or not at all", one_error(output)), output
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    code, output = run("preflight", str(path))  # the opener of outside PDFs says it first, in its words
    assert code == 2 and "broken.pdf: error: page 1: an image says it is 1,000 × 760 pixels, its JPEG data is " \
        "1,400 × 760: a broken image" in output and output.count("error:") == 1, output
    code, output = render_ad(make_edition, makeads.jpeg_mismatch(1400), tmp_path / "same")
    assert code == 0, output  # (the same ad with its true size)


# -- 2., 3. encrypted, rotated by a name, too many pixels: exit 2, one message -------------------------------

def test_an_aes256_encrypted_ad_is_refused_as_encrypted(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.aes256(), tmp_path)
    assert code == 2, output
    line = one_error(output)
    assert "the PDF is encrypted" in line and "encrypted ads are refused" in line and "cryptography" not in output
    assert "hint: ask the advertiser for an unencrypted PDF" in output


def test_encryption_is_refused_before_pypdf_tries_to_decrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the `cryptography` package pypdf cannot compute an AES-256 key ("cryptography>=3.1 is
    required"): the ad is refused as encrypted before pypdf tries (the shared environment may have it)."""
    import pypdf._encryption

    from layout.model.paper import PrintSpec
    from layout.plant.ads import examine

    def no_aes(*_args: object) -> bytes:
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf._encryption, "aes_cbc_encrypt", no_aes)
    monkeypatch.setattr(pypdf._encryption, "aes_cbc_decrypt", no_aes)
    found = examine(makeads.aes256(), 1, *makeads.BOX, False, PrintSpec())
    assert found.errors and found.errors[0][0] == "encrypted", found
    assert "encrypted ads are refused" in found.errors[0][1]


def test_a_rotate_that_is_no_number_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.rotate_name(), tmp_path)
    assert code == 2, output
    assert "the page's /Rotate is /Ninety, not a whole number of degrees" in one_error(output)


def test_an_ad_image_claiming_900_megapixels_is_refused_naming_the_bound(make_edition: MakeEdition,
                                                                      tmp_path: Path) -> None:
    from PIL import Image as PILImage

    before = PILImage.MAX_IMAGE_PIXELS
    code, output = render_ad(make_edition, makeads.huge_jpeg(), tmp_path)
    assert code == 2, output
    line = one_error(output)
    assert "30000 × 30000 px (900 megapixels): the limit is 120 megapixels per image" in line
    assert before == PILImage.MAX_IMAGE_PIXELS and before is not None


def test_reading_a_photo_leaves_pillows_own_bound_alone(make_edition: MakeEdition, tmp_path: Path) -> None:
    from layout.infra.imagefiles import MAX_PIXELS

    folder = make_edition(PLAN + IMAGE_BOX.format(path="photo.jpg"))
    Image.new("RGB", (800, 600), (200, 30, 30)).save(folder / "photo.jpg")
    code, output = run("check", str(folder))
    assert code == 0, output
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < MAX_PIXELS


def test_a_one_by_100000_photo_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN + IMAGE_BOX.format(path="strip.png"))
    Image.new("L", (1, 100000), 128).save(folder / "strip.png")
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert "Traceback" not in output
    assert "image 'strip.png' is 1 × 100000 px: the longer side is more than 50 × the shorter (the limit)" in output


# -- 4. subset fonts of two ads: one name each on the plate, the content unchanged ----------------------------

SECOND_BOX = "      - ad: {ad}\n        at: {{col: 5, span: 4, line: 40, lines: 20}}\n"


def _font_names(form: Any) -> set[str]:
    names = set()
    for ref in form["/Resources"]["/Font"].values():
        font = ref.get_object()
        names |= {str(font["/BaseFont"]), str(font["/FontDescriptor"].get_object()["/FontName"])}
    return names


def test_two_ads_subset_fonts_get_names_of_their_own_on_the_plate(make_edition: MakeEdition, tmp_path: Path) -> None:
    one, two = makeads.ad_pdf(makeads.cmyk), makeads.ad_pdf(makeads.other_words)
    sources = [pypdf.PdfReader(io.BytesIO(d)).pages[0] for d in (one, two)]
    assert {str(p["/Resources"]["/Font"]["/F1+0"]["/BaseFont"]) for p in sources} == {"/AAAAAA+LXGWWenKai-Regular"}
    folder = with_ads(make_edition, {"one.pdf": one, "two.pdf": two},
                      AD_BOX.format(ad="ads/one.pdf") + SECOND_BOX.format(ad="ads/two.pdf"))
    code, output = run("render", str(folder), "-o", str(tmp_path))
    assert code == 0, output
    page = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]
    forms = [page["/Resources"]["/XObject"][f"/LayoutAd{i}"].get_object() for i in (1, 2)]
    first, second = (_font_names(f) for f in forms)
    assert len(first) == 1 and len(second) == 1 and first != second, (first, second)
    assert all(n.endswith("+LXGWWenKai-Regular") and re.match(r"^/[A-Z]{6}\+", n) for n in first | second)
    for form, source in zip(forms, sources, strict=True):  # the content stream byte for byte, resource names too
        assert form.get_data() == source.get_contents().get_data()
        assert set(form["/Resources"]["/Font"]) == set(source["/Resources"]["/Font"])
    assert set(page.extract_text().split()) >= {"家具城", "天津银行"}


PAGE_TWO = "  - page: 2\n    boxes:\n" + AD_BOX


def test_two_ads_on_two_plates_get_names_of_their_own(make_edition: MakeEdition, tmp_path: Path) -> None:
    """A RIP caches fonts across the pages of a job: a name stands for one program on every plate."""
    folder = with_ads(make_edition, {"one.pdf": makeads.ad_pdf(makeads.cmyk),
                                     "two.pdf": makeads.ad_pdf(makeads.other_words)},
                      AD_BOX.format(ad="ads/one.pdf") + PAGE_TWO.format(ad="ads/two.pdf"))
    code, output = run("render", str(folder), "-o", str(tmp_path))
    assert code == 0, output
    pages = pypdf.PdfReader(tmp_path / "edition.pdf").pages
    first, second = (_font_names(p["/Resources"]["/XObject"]["/LayoutAd1"].get_object()) for p in pages[:2])
    assert first.isdisjoint(second), (first, second)


def test_the_same_ad_twice_keeps_one_name(make_edition: MakeEdition, tmp_path: Path) -> None:
    one = makeads.ad_pdf(makeads.cmyk)
    boxes = AD_BOX.format(ad="ads/one.pdf") + SECOND_BOX.format(ad="ads/one.pdf")
    folder = with_ads(make_edition, {"one.pdf": one}, boxes)
    code, output = run("render", str(folder), "-o", str(tmp_path))
    assert code == 0, output
    page = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]
    names = [_font_names(page["/Resources"]["/XObject"][f"/LayoutAd{i}"].get_object()) for i in (1, 2)]
    assert names[0] == names[1]


# -- 5., 6. one resolution threshold everywhere; placeholders are not for the plant -----------------------------

PHOTO_BOX = ("      - image: photo.jpg\n        caption: 测试照片。\n        credit: 记者 某 摄\n"
             "        at: {col: 1, span: 4, line: 40, lines: 20}\n")  # 495 × 270 pt
AT_PHOTO = "edition.yaml:16:9"


def photo_at(make_edition: MakeEdition, ppi: float) -> Path:
    folder = make_edition(PLAN + PHOTO_BOX)
    width = round(495 / 72 * ppi)
    Image.new("RGB", (width, round(width * 270 / 495) + 2), (40, 120, 200)).save(folder / "photo.jpg", quality=90)
    return folder


def test_a_photo_at_139_ppi_is_a_warning_from_render_check_and_json(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = photo_at(make_edition, 139)
    expected = "photo 'photo.jpg' in box"
    for args in (("render", str(folder), "-o", str(tmp_path / "out")), ("check", str(folder))):
        code, output = run(*args)
        assert code == 0, output
        line = next((x for x in output.splitlines() if expected in x), "")
        assert AT_PHOTO in line and ": warning: " in line and "is 139 ppi at its placed size" in line, output
        assert "the style warns below 150 ppi (print.warn_ppi)" in line
    code, output = run("check", str(folder), "--json")
    assert code == 0 and "is 139 ppi at its placed size" in output, output


def test_a_photo_at_160_ppi_is_fine_and_one_at_90_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = run("check", str(photo_at(make_edition, 160)))
    assert code == 0 and "ppi at its placed size" not in output, output
    folder = photo_at(make_edition, 90)
    code, output = run("check", str(folder))
    assert code == 0 and "is 90 ppi at its placed size (619 × 340 px over 175 × 89 mm): the preflight refuses " \
        "below 100 ppi (print.min_ppi)" in output, output
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1 and "preflight failed" in output and not (tmp_path / "out").exists(), output


@pytest.mark.slow  # renders photos through separation, then preflights, 1.4 s
def test_standalone_preflight_uses_the_styles_threshold(make_edition: MakeEdition, tmp_path: Path) -> None:
    """The tool's own 200 ppi photos pass a standalone preflight without a warning; the threshold is an option."""
    folder = photo_at(make_edition, 200)
    assert run("render", str(folder), "-o", str(tmp_path))[0] == 0
    code, output = run("preflight", str(tmp_path / "edition.pdf"))
    assert code == 0 and "image resolution (error < 100 ppi, warning < 150 ppi)" in output, output
    assert "ppi at its placed size" not in output, output
    from layout.plant.preflight import preflight

    names = [c.name for c in preflight((tmp_path / "edition.pdf").read_bytes(), "edition.pdf").checks]
    assert "image resolution (error < 100 ppi, warning < 150 ppi)" in names  # the function's defaults too
    code, output = run("preflight", "--warn-ppi", "250", str(tmp_path / "edition.pdf"))
    assert code == 0 and "warning: page 1: image" in output and "ppi at its placed size" in output, output


def test_final_refuses_a_photo_placeholder_naming_the_box(make_edition: MakeEdition, tmp_path: Path) -> None:
    plan = PLAN + ("      - image: nothing-yet.jpg\n        placeholder: true\n        caption: 待定。\n"
                   "        at: {col: 1, span: 4, line: 40, lines: 20}\n")
    folder = make_edition(plan)
    code, output = run("render", str(folder), "-o", str(tmp_path / "proof"))
    assert code == 0, output
    code, output = run("render", str(folder), "-o", str(tmp_path / "plant"), "--final")
    assert code == 2, output
    assert f"{AT_PHOTO}: error: box '" in output and "is a photo placeholder (图片占位" in output, output
    assert not (tmp_path / "plant").exists()


# -- 7. ads without PDF/X identification; JavaScript and actions ------------------------------------------------

def test_an_ad_without_pdfx_identification_is_a_warning_asking_for_pdfx4(make_edition: MakeEdition,
                                                                         tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.ad_pdf(makeads.cmyk), tmp_path / "a")
    assert code == 0, output
    line = next((x for x in output.splitlines() if "not identified as PDF/X" in x), "")
    assert f"{AT}: warning: ad 'ads/ad.pdf': not identified as PDF/X (no GTS_PDFXVersion and no /GTS_PDFX " \
           "output intent)" in line, output
    assert "hint: ask the advertiser for a PDF/X-4 file (GWG 2015 NewspaperAds)" in output
    code, output = render_ad(make_edition, makeads.as_pdfx(makeads.ad_pdf(makeads.cmyk)), tmp_path / "b")
    assert code == 0 and "not identified as PDF/X" not in output, output


def test_final_refuses_an_ad_without_pdfx_when_the_style_says_so(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = with_ads(make_edition, {"ad.pdf": makeads.ad_pdf(makeads.cmyk)}, AD_BOX.format(ad="ads/ad.pdf"))
    code, output = run("render", str(folder), "-o", str(tmp_path / "a"), "--final")
    assert code == 0 and ": warning: ad 'ads/ad.pdf': not identified as PDF/X" in output, output  # the default
    (folder / "styles").mkdir()
    (folder / "styles" / "mine.yaml").write_text("extends: tianjin-daily\nprint:\n  ads_pdfx: true\n")
    plan = (folder / "edition.yaml").read_text().replace("style: tianjin-daily", "style: mine")
    (folder / "edition.yaml").write_text(plan)
    code, output = run("render", str(folder), "-o", str(tmp_path / "b"))
    assert code == 0 and ": warning: ad 'ads/ad.pdf': not identified as PDF/X" in output, output
    code, output = run("render", str(folder), "-o", str(tmp_path / "c"), "--final")
    assert code == 2, output
    assert "error: ad 'ads/ad.pdf': not identified as PDF/X" in one_error(output)
    assert "(print.ads_pdfx: required with --final)" in output
    assert not (tmp_path / "c").exists()


def test_layout_ads_shows_the_pdfx_warning_in_the_renders_words(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = with_ads(make_edition, {"ad.pdf": makeads.ad_pdf(makeads.cmyk),
                                     "x4.pdf": makeads.as_pdfx(makeads.ad_pdf(makeads.cmyk_blue))},
                      AD_BOX.format(ad="ads/ad.pdf") + SECOND_BOX.format(ad="ads/x4.pdf"))
    code, output = run("ads", str(folder))
    assert code == 0, output
    lines = output.splitlines()
    rows = {line.split()[4]: k for k, line in enumerate(lines) if line.startswith("-")}
    assert lines[rows["ads/ad.pdf"]].split()[-1] == "placed" and lines[rows["ads/x4.pdf"]].split()[-1] == "placed"
    code, rendered = run("render", str(folder), "-o", str(tmp_path))
    words = next(x for x in rendered.splitlines() if "not identified as PDF/X" in x).split("ad 'ads/ad.pdf': ", 1)[1]
    assert words.startswith("not identified as PDF/X (no GTS_PDFXVersion and no /GTS_PDFX output intent)")
    assert f"    {words}" in lines, output  # under the ad's row, the render's words: one implementation
    assert output.count("not identified as PDF/X") == 1, output  # the PDF/X-4 ad has none


def test_javascript_and_actions_are_reported_and_not_placed(make_edition: MakeEdition, tmp_path: Path) -> None:
    data = makeads.with_actions()
    code, output = render_ad(make_edition, data, tmp_path)
    assert code == 0, output
    line = next((x for x in output.splitlines() if "JavaScript and actions are not placed" in x), "")
    assert f"{AT}: warning: ad 'ads/ad.pdf': page 1: JavaScript and actions are not placed (" in line, output
    for what in ("document /OpenAction", "document /Names /JavaScript", "/Link annotation /A",
                 "/AA in the resources"):
        assert what in line, line
    plate = (tmp_path / "edition.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(plate))
    form = reader.pages[0]["/Resources"]["/XObject"]["/LayoutAd1"].get_object()
    inner = form["/Resources"]["/XObject"]["/Deep"].get_object()
    assert "/AA" not in inner and inner.get_data() == b"0 0 0 1 k 0 0 10 10 re f"
    assert form.get_data() == pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    assert "/OpenAction" not in reader.trailer["/Root"] and "/Names" not in reader.trailer["/Root"]
    assert b"/JavaScript" not in plate and b"/JS" not in plate


# -- 8. standalone preflight: the ad checks inside placed forms, whole fonts reported ---------------------------

def test_standalone_preflight_runs_the_gwg_checks_in_placed_ads(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.ad_pdf(makeads.small_text), tmp_path)
    assert code == 0, output
    ad_check = next(x for x in output.splitlines() if "1 text run on one separation smaller than 5 pt" in x)
    code, output = run("preflight", str(tmp_path / "edition.pdf"))
    assert code == 0, output
    assert "pass  GWG 2015 small text and thin lines in placed forms (ads)" in output, output
    expected = ad_check.split("ad 'ads/ad.pdf': ", 1)[1]  # the same words: one implementation
    assert f"warning: form /LayoutAd1 on {expected}" in output, output
    assert "2 text runs on two or more separations or white smaller than 9 pt" in output


def test_our_own_pages_get_no_gwg_lines(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.ad_pdf(makeads.cmyk), tmp_path)
    assert code == 0, output
    code, output = run("preflight", str(tmp_path / "edition.pdf"))
    assert code == 0 and "GWG 2015" not in output and "embedded whole" not in output, output


def test_a_whole_font_in_a_placed_ad_is_not_passed_as_subset(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.whole_font(makeads.ad_pdf(makeads.cmyk)), tmp_path)
    assert code == 0, output
    code, output = run("preflight", str(tmp_path / "edition.pdf"))
    assert code == 0, output
    assert re.search(r"warning: page 1: font /LXGWWenKai-Regular_[A-Z]{6} in a placed form is embedded whole, "
                     r"not subset \(allowed there: PDF/X asks for embedding\)", output), output


def test_two_ads_whole_fonts_sharing_a_name_get_names_of_their_own(make_edition: MakeEdition,
                                                                   tmp_path: Path) -> None:
    """Two ads embed different programs under one whole-font name (no subset tag): on the plate each gets a
    suffix from its program; the same ad placed again on another plate gets the same name (one font)."""
    one, two = (makeads.whole_font(makeads.ad_pdf(d)) for d in (makeads.cmyk, makeads.other_words))
    sources = [pypdf.PdfReader(io.BytesIO(d)).pages[0] for d in (one, two)]
    assert {str(p["/Resources"]["/Font"]["/F1+0"]["/BaseFont"]) for p in sources} == {"/LXGWWenKai-Regular"}
    folder = with_ads(make_edition, {"one.pdf": one, "two.pdf": two},
                      AD_BOX.format(ad="ads/one.pdf") + SECOND_BOX.format(ad="ads/two.pdf")
                      + PAGE_TWO.format(ad="ads/one.pdf"))
    code, output = run("render", str(folder), "-o", str(tmp_path))
    assert code == 0, output
    pages = pypdf.PdfReader(tmp_path / "edition.pdf").pages
    forms = [pages[0]["/Resources"]["/XObject"][f"/LayoutAd{i}"].get_object() for i in (1, 2)]
    first, second = (_font_names(f) for f in forms)
    assert len(first) == 1 and len(second) == 1 and first != second, (first, second)
    assert all(re.fullmatch(r"/LXGWWenKai-Regular_[A-Z]{6}", n) for n in first | second), (first, second)
    again = _font_names(pages[1]["/Resources"]["/XObject"]["/LayoutAd1"].get_object())
    assert again == first, (again, first)
    for form, source in zip(forms, sources, strict=True):  # the content stream byte for byte, resource names too
        assert form.get_data() == source.get_contents().get_data()
        assert set(form["/Resources"]["/Font"]) == set(source["/Resources"]["/Font"])
    assert set(pages[0].extract_text().split()) >= {"家具城", "天津银行"}


def _type0(program: bytes) -> Any:
    """A composite font as an advertiser's tool writes it: Type0 → CIDFontType2 → descriptor → FontFile2."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    stream = DecodedStreamObject()
    stream.set_data(program)
    desc = DictionaryObject({NameObject("/FontName"): NameObject("/AAAAAA+Song"), NameObject("/FontFile2"): stream})
    cid = DictionaryObject({NameObject("/Subtype"): NameObject("/CIDFontType2"),
                            NameObject("/BaseFont"): NameObject("/AAAAAA+Song"), NameObject("/FontDescriptor"): desc})
    return DictionaryObject({NameObject("/Subtype"): NameObject("/Type0"), NameObject("/BaseFont"):
                             NameObject("/AAAAAA+Song-Identity-H"), NameObject("/DescendantFonts"): ArrayObject([cid])})


def test_a_composite_fonts_three_names_are_retagged_together() -> None:
    from pypdf.generic import DictionaryObject, NameObject

    from layout.render.ads import unique_font_names

    fonts = [_type0(b"one program"), _type0(b"another program")]
    forms = [DictionaryObject({NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): font})})}) for font in fonts]
    unique_font_names(forms, DictionaryObject())
    tags = []
    for font in fonts:
        cid = font["/DescendantFonts"][0]
        names = (str(font["/BaseFont"]), str(cid["/BaseFont"]), str(cid["/FontDescriptor"]["/FontName"]))
        assert names[0].endswith("+Song-Identity-H") and names[1].endswith("+Song") and names[2] == names[1]
        assert names[0][:7] == names[1][:7] != "/AAAAAA"
        tags.append(names[0][:7])
    assert tags[0] != tags[1]
