"""The plant's side of the hostile inputs (issue 24): placed ads and the preflight's content checks.
Each case failed on e346689: a form walk that stopped silently, crashes on encrypted, rotated or huge
ads, subset fonts sharing a name on a plate, thresholds that disagreed, placeholders sent to the plant,
ads without PDF/X identification or with JavaScript, and a standalone preflight that checked less."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main

from tests.ads import makeads
from tests.ads.makeads import AD_BOX
from tests.conftest import PLAN, MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")

AT = "edition.yaml:16:9"  # the ad box's line in PLAN + AD_BOX
MAX_FORM_DEPTH = 12  # layout.preflight.MAX_FORM_DEPTH (a mutation raising it to 1000 must fail the tests)
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
    assert f"nested more than {MAX_FORM_DEPTH} forms deep (the limit)" in one_error(output)
    assert not (tmp_path / "edition.pdf").exists()


def test_rgb_twelve_forms_deep_is_found(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.nested_rgb(MAX_FORM_DEPTH), tmp_path)
    assert code == 2 and "RGB colour operator rg" in one_error(output), output


def test_a_form_that_draws_itself_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.self_drawing(), tmp_path)
    assert code == 2, output
    assert "form /Me draws itself" in one_error(output)


def test_standalone_preflight_reports_the_depth_bound(tmp_path: Path) -> None:
    path = tmp_path / "deep.pdf"
    path.write_bytes(makeads.nested_rgb(MAX_FORM_DEPTH + 1))
    code, output = run("preflight", str(path))
    assert code == 1, output
    assert "FAIL  content examined" in output and f"more than {MAX_FORM_DEPTH} forms deep" in output


# -- 2., 3. encrypted, rotated by a name, too many pixels: exit 2, one message -------------------------------

def test_an_aes256_encrypted_ad_is_refused_as_encrypted(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render_ad(make_edition, makeads.aes256(), tmp_path)
    assert code == 2, output
    line = one_error(output)
    assert "the PDF is encrypted" in line and "encrypted ads are refused" in line and "cryptography" not in output
    assert "hint: ask the advertiser for an unencrypted PDF" in output


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
    assert PILImage.MAX_IMAGE_PIXELS == before and before is not None


def test_reading_a_photo_leaves_pillows_own_bound_alone(make_edition: MakeEdition, tmp_path: Path) -> None:
    from layout.imagefiles import MAX_PIXELS

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
