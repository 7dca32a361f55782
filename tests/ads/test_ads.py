"""Advertisements: placed unchanged as form XObjects, sized or fitted, checked before placing (every
message names the file, exit 2, nothing written), the ad list with placeholders and --final, `layout ads`."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.plant.preflight import preflight
from tests.ads import makeads
from tests.ads.makeads import AD_BOX, MM, ad_pdf
from tests.conftest import PLAN, MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")


def edition_with(make_edition: MakeEdition, ads: dict[str, bytes], boxes: str, extra: str = "") -> Path:
    folder = make_edition(PLAN + boxes + extra)
    (folder / "ads").mkdir(exist_ok=True)
    for name, data in ads.items():
        (folder / "ads" / name).write_bytes(data)
    return folder


def render(folder: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out), *args])
    return result.exit_code, result.output


def page_of(out: Path) -> Any:
    return pypdf.PdfReader(out / "edition.pdf").pages[0]


def tail_ops(page: Any) -> str:
    contents = page["/Contents"]
    return contents[-1].get_object().get_data().decode("latin-1") if isinstance(contents, list) else ""


# -- placing -------------------------------------------------------------------------------------------------

def test_a_cmyk_ad_is_placed_unchanged_as_a_form_xobject_clipped_to_its_box(make_edition: MakeEdition,
                                                                           tmp_path: Path) -> None:
    folder = edition_with(make_edition, {"bank.pdf": ad_pdf(makeads.cmyk)}, AD_BOX.format(ad="ads/bank.pdf"))
    code, output = render(folder, tmp_path)
    assert code == 0, output
    page = page_of(tmp_path)
    form = page["/Resources"]["/XObject"]["/LayoutAd1"].get_object()
    assert form["/Subtype"] == "/Form"
    bleed = makeads.BLEED
    assert [float(v) for v in form["/BBox"]] == pytest.approx([bleed, bleed, bleed + 495, bleed + 270], abs=0.01)
    content = form.get_data().decode("latin-1")
    assert "0 .9 .8 0 k" in content and "0 0 0 1 K" in content and "Tf" in content  # the ad's own operators
    fonts = form["/Resources"]["/Font"]
    described = [f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                 if f.get_object()["/Subtype"] == "/Type0" else f.get_object()["/FontDescriptor"].get_object()
                 for f in fonts.values()]
    assert described and all("/FontFile2" in d for d in described)  # its font, embedded, went in with it
    # the page clips to the box (x = trim + grid left, y from the bottom), then draws the form 1:1, centred
    ops = tail_ops(page)
    m = re.search(r"q ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re W n 1 0 0 1 ([\d.-]+) ([\d.-]+) cm /LayoutAd1 Do Q", ops)
    assert m is not None, ops
    x, y, w, h, e, f = (float(v) for v in m.groups())
    assert (w, h) == (495, 270)
    assert (e, f) == pytest.approx((x - bleed, y - bleed), abs=0.01)
    assert preflight((tmp_path / "edition.pdf").read_bytes(), "edition.pdf").ok


def test_the_ad_text_and_fonts_survive_in_the_edition(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = edition_with(make_edition, {"bank.pdf": ad_pdf(makeads.cmyk)}, AD_BOX.format(ad="ads/bank.pdf"))
    assert render(folder, tmp_path)[0] == 0
    text = page_of(tmp_path).extract_text()
    assert "天津银行" in text and "开业大吉" in text
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(tmp_path / "edition.pdf")], capture_output=True, text=True).stdout
        ad_font = [line for line in listing.splitlines() if "AdKai" in line or "LXGWWenKai" in line]
        assert ad_font and all(" yes " in line for line in ad_font)


def test_a_size_mismatch_names_both_sizes_in_mm(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = edition_with(make_edition, {"big.pdf": ad_pdf(makeads.cmyk, (100 * MM, 100 * MM))},
                          AD_BOX.format(ad="ads/big.pdf"))
    code, output = render(folder, tmp_path / "out")
    assert code == 2, output
    assert "error: ad 'ads/big.pdf': the ad is 100.0 × 100.0 mm (TrimBox), its box is 174.6 × 95.2 mm" in output
    assert "edition.yaml:16:9" in output and "fit: true" in output
    assert not (tmp_path / "out").exists()


def test_within_one_mm_is_placed(make_edition: MakeEdition, tmp_path: Path) -> None:
    near = ad_pdf(makeads.cmyk, (495 + 0.9 * MM, 270 - 0.9 * MM), trim=False)  # MediaBox only, 0.9 mm off
    folder = edition_with(make_edition, {"near.pdf": near}, AD_BOX.format(ad="ads/near.pdf"))
    code, output = render(folder, tmp_path)
    assert code == 0, output


@pytest.mark.parametrize(("size", "scale", "warned"), [((990.0, 540.0), 0.5, True), ((510.0, 278.0), 495 / 510, False)])
def test_fit_scales_the_ad_into_its_box(make_edition: MakeEdition, tmp_path: Path, size: tuple[float, float],
                                        scale: float, warned: bool) -> None:
    folder = edition_with(make_edition, {"big.pdf": ad_pdf(makeads.cmyk, size)},
                          AD_BOX.format(ad="ads/big.pdf") + "        fit: true\n")
    code, output = render(folder, tmp_path)
    assert code == 0, output
    assert ("warning: ad 'ads/big.pdf': scaled to" in output) is warned, output
    if warned:
        assert "scaled to 50 % to fit its box (349.2 × 190.5 mm into 174.6 × 95.2 mm)" in output
    m = re.search(r"re W n ([\d.]+) 0 0 ([\d.]+) ", tail_ops(page_of(tmp_path)))
    assert m is not None and float(m.group(1)) == pytest.approx(scale, abs=1e-4) == float(m.group(2))


def test_the_page_cache_sees_a_replaced_ad(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = edition_with(make_edition, {"bank.pdf": ad_pdf(makeads.cmyk)}, AD_BOX.format(ad="ads/bank.pdf"))
    assert render(folder, tmp_path / "a")[0] == 0
    assert render(folder, tmp_path / "b")[0] == 0
    assert (tmp_path / "a" / "edition.pdf").read_bytes() == (tmp_path / "b" / "edition.pdf").read_bytes()
    (folder / "ads" / "bank.pdf").write_bytes(ad_pdf(makeads.cmyk_blue))
    assert render(folder, tmp_path / "c")[0] == 0
    assert (tmp_path / "a" / "edition.pdf").read_bytes() != (tmp_path / "c" / "edition.pdf").read_bytes()


# -- refused ads ------------------------------------------------------------------------------------------------

REFUSED: list[tuple[str, Callable[[], bytes], str]] = [
    ("rgb", lambda: ad_pdf(makeads.rgb), "no RGB: page 1: RGB colour operator rg"),
    ("lab", makeads.lab_image, "no Lab: page 1: image /FormXob"),
    ("transparency", lambda: ad_pdf(makeads.transparent), "no transparency: page 1: graphics state"),
    ("unembedded", lambda: ad_pdf(makeads.unembedded), "fonts embedded: page 1: font /Helvetica is not embedded"),
    ("low-res", lambda: ad_pdf(makeads.low_res), "ppi at its placed size"),
    ("over-ink", lambda: ad_pdf(makeads.over_ink), "total ink ≤ 240%: page 1: fill (0.9, 0.8, 0.8, 1.0) is 350%"),
    ("inky-photo", lambda: ad_pdf(makeads.inky_photo), "total ink ≤ 240%: page 1: image /FormXob"),  # reaches 341 %
    ("spot", lambda: ad_pdf(makeads.spot), "no spot colours: page 1: colour space"),
    ("encrypted", makeads.encrypted, "the PDF is encrypted (password-protected)"),
    ("broken", makeads.broken, "cannot read the PDF"),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_faulty_ad_is_refused_naming_its_file(make_edition: MakeEdition, tmp_path: Path, name: str,
                                                make: Callable[[], bytes], message: str) -> None:
    folder = edition_with(make_edition, {f"{name}.pdf": make()}, AD_BOX.format(ad=f"ads/{name}.pdf"))
    code, output = render(folder, tmp_path / "out")
    assert code == 2, output
    errors = [line for line in output.splitlines() if ": error: " in line]
    assert errors and all(f"ad 'ads/{name}.pdf'" in line and "edition.yaml:16:9" in line for line in errors), output
    assert any(message in line for line in errors), output
    assert "Traceback" not in output and not (tmp_path / "out").exists()


def test_spot_colours_pass_when_the_style_allows_them(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = edition_with(make_edition, {"spot.pdf": ad_pdf(makeads.spot)}, AD_BOX.format(ad="ads/spot.pdf"))
    (folder / "styles").mkdir()
    (folder / "styles" / "mine.yaml").write_text("extends: tianjin-daily\nprint:\n  spot_colours: true\n")
    plan = folder / "edition.yaml"
    plan.write_text(plan.read_text().replace("style: tianjin-daily", "style: mine"))
    code, output = render(folder, tmp_path)
    assert code == 0, output


def test_an_ad_outside_the_edition_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.pdf").write_bytes(ad_pdf(makeads.cmyk))
    folder = edition_with(make_edition, {}, AD_BOX.format(ad="../elsewhere.pdf"))
    code, output = render(folder, tmp_path / "out")
    assert code == 2 and "ad '../elsewhere.pdf' is outside the edition" in output, output


def test_a_missing_unbooked_ad_is_an_error(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = edition_with(make_edition, {}, AD_BOX.format(ad="ads/none.pdf"))
    code, output = render(folder, tmp_path / "out")
    assert code == 2 and "edition.yaml:16:13: error: missing ad file 'ads/none.pdf'" in output, output
    assert "book the ad in ads.yaml" in output


def test_image_resolution_is_judged_at_the_fitted_size(make_edition: MakeEdition, tmp_path: Path) -> None:
    """Scaled to 50 %, an ad's 51 ppi image becomes 102 ppi: above the minimum, under the warning level."""
    folder = edition_with(make_edition, {"coarse.pdf": ad_pdf(makeads.coarse_image, (990.0, 540.0))},
                          AD_BOX.format(ad="ads/coarse.pdf") + "        fit: true\n")
    code, output = render(folder, tmp_path)
    assert code == 0, output
    assert re.search(r"warning: ad 'ads/coarse\.pdf': image resolution \(error < 100 ppi, warning < 150 ppi\): "
                     r"page 1: image /\S+ is 102 ppi at its placed size", output), output
