"""The GWG 2015 NewspaperAds checks of the ad preflight: small text and thin lines at their placed size
(warnings citing the limit), optional content (refused), annotations (refused when they print, dropped
with a warning when not), a bounded walk of a hostile content stream; and the transparency group a
PDF/X-4 page gets when it places an ad with transparency."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.plant.preflight import preflight
from tests.ads import makeads
from tests.ads.makeads import AD_BOX, ad_pdf
from tests.ads.test_print_details import GS_CMYK, _style
from tests.conftest import PLAN, MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")

AT = "edition.yaml:16:9"  # the ad box's line in PLAN + AD_BOX


def render(make_edition: MakeEdition, data: bytes, out: Path, box: str = AD_BOX) -> tuple[int, str]:
    folder = make_edition(PLAN + box.format(ad="ads/ad.pdf"))
    (folder / "ads").mkdir(exist_ok=True)
    (folder / "ads" / "ad.pdf").write_bytes(data)
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out)])
    return result.exit_code, result.output


def test_small_text_is_a_warning_citing_the_limit(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, ad_pdf(makeads.small_text), tmp_path)
    assert code == 0, output
    assert (f"{AT}: warning: ad 'ads/ad.pdf': page 1: 1 text run on one separation smaller than 5 pt at the placed "
            "size, the smallest 4.0 pt (GWG 2015 NewspaperAds, Small Text)") in output
    assert ("page 1: 2 text runs on two or more separations or white smaller than 9 pt at the placed size, the "
            "smallest 6.0 pt (GWG 2015 NewspaperAds, Small Text)") in output  # 7 pt red (M + Y), 6 pt white


def test_the_text_size_is_tf_times_the_text_matrix(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, ad_pdf(makeads.scaled_text), tmp_path)  # 1 pt Tf, Tm scaled 4 ×
    assert code == 0 and "smaller than 5 pt at the placed size, the smallest 4.0 pt" in output, output


def test_the_text_size_is_judged_at_the_fitted_size(make_edition: MakeEdition, tmp_path: Path) -> None:
    """8 pt is fine at 100 %; the ad is twice its box, fitted at 50 %: 4 pt on the page."""
    box = AD_BOX + "        fit: true\n"
    code, output = render(make_edition, ad_pdf(makeads.big_text, (990, 540)), tmp_path, box)
    assert code == 0, output
    assert "1 text run on one separation smaller than 5 pt at the placed size, the smallest 4.0 pt" in output


def test_thin_lines_are_a_warning_citing_the_limit(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, ad_pdf(makeads.hairlines), tmp_path)
    assert code == 0, output
    assert (f"{AT}: warning: ad 'ads/ad.pdf': page 1: 2 strokes on one separation thinner than 0.25 pt at the "
            "placed size, the thinnest 0 pt (`0 w`: one device pixel) (GWG 2015 NewspaperAds, Effective Line "
            "Width)") in output
    assert ("page 1: 1 stroke on two or more separations or white thinner than 0.5 pt at the placed size, the "
            "thinnest 0.30 pt (0.106 mm)") in output


def test_text_and_lines_at_the_limits_pass_quietly(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, makeads.as_pdfx(ad_pdf(makeads.fine)), tmp_path)  # (identified: no warning)
    assert code == 0, output
    assert "GWG" not in output and "warning: ad" not in output


def test_optional_content_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, makeads.with_layers(), tmp_path / "out")
    assert code == 2, output
    assert f"{AT}: error: ad 'ads/ad.pdf': optional content (layers, /OCProperties)" in output
    assert "hint: ask the advertiser for the file with its layers flattened" in output
    assert not (tmp_path / "out").exists()


def test_a_printing_annotation_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, makeads.with_annotation("/Stamp", printing=True), tmp_path / "out")
    assert code == 2, output
    assert (f"{AT}: error: ad 'ads/ad.pdf': page 1: a Stamp annotation prints (its Print flag is set) but is not "
            "part of the page's content") in output
    assert not (tmp_path / "out").exists()


def test_a_link_is_dropped_with_a_warning(make_edition: MakeEdition, tmp_path: Path) -> None:
    code, output = render(make_edition, makeads.with_annotation("/Link", printing=False), tmp_path)
    assert code == 0, output
    assert f"{AT}: warning: ad 'ads/ad.pdf': page 1: annotations not placed (1 Link)" in output
    page = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]
    assert "/Annots" not in page  # only the ad's content went in


def test_a_hostile_content_stream_is_walked_only_up_to_the_cap_and_refused(
        make_edition: MakeEdition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forms drawing forms: 1.6 billion strokes in a few KB. The walk stops at the cap (here lowered to
    20 000 to keep the test short; the real cap, 500 000, takes about 4 s) and the ad is refused: our own
    preflight and the plant's RIP would have to walk it all."""
    import layout.plant.ads as ads

    monkeypatch.setattr(ads, "MAX_OPERATORS", 20_000)
    start = time.perf_counter()
    code, output = render(make_edition, makeads.operator_bomb(), tmp_path / "out")
    assert time.perf_counter() - start < 60
    assert code == 2, output
    assert (f"{AT}: error: ad 'ads/ad.pdf': page 1: its content has more than 20,000 operators (its forms drawn as "
            "often as they are used): examined no further, not placed") in output
    assert "hint: ask the advertiser for a simpler file" in output and not (tmp_path / "out").exists()


def test_layout_preflight_stops_at_its_cap_on_a_hostile_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import layout.plant.preflight as pf

    monkeypatch.setattr(pf, "MAX_PAGE_OPERATORS", 20_000)
    start = time.perf_counter()
    report = preflight(makeads.operator_bomb(), "bomb.pdf")
    assert time.perf_counter() - start < 60
    assert not report.ok and "FAIL  content examined" in report.table()
    assert "page 1: more than 20,000 content operators" in report.table()


# -- transparency in PDF/X-4 -------------------------------------------------------------------------------

@pytest.mark.skipif(not GS_CMYK.is_file(), reason="ghostscript's ICC profiles are not installed")
@pytest.mark.parametrize("ad, group", [("transparent", True), ("cmyk", False)])
def test_a_page_placing_a_transparent_ad_in_x4_is_a_cmyk_transparency_group(
        make_edition: MakeEdition, tmp_path: Path, ad: str, group: bool) -> None:
    folder = make_edition(PLAN + AD_BOX.format(ad="ads/ad.pdf"))
    (folder / "ads").mkdir()
    (folder / "ads" / "ad.pdf").write_bytes(ad_pdf(getattr(makeads, ad)))
    shutil.copy(GS_CMYK, folder / "styles-plant.icc")
    _style(folder, "print:\n  standard: x4\n  profile: ../styles-plant.icc\n")
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("edition.pdf", "20260423-01.pdf"):  # the edition and the plant's page file
        page = pypdf.PdfReader(tmp_path / name).pages[0]
        if group:
            g = page["/Group"].get_object()
            assert (g["/Type"], g["/S"], g["/CS"]) == ("/Group", "/Transparency", "/DeviceCMYK"), name
        else:
            assert "/Group" not in page, name
        report = preflight((tmp_path / name).read_bytes(), name)
        assert report.ok, report.table()


@pytest.mark.skipif(not GS_CMYK.is_file(), reason="ghostscript's ICC profiles are not installed")
def test_an_rgb_blending_space_is_refused_in_x4(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN + AD_BOX.format(ad="ads/ad.pdf"))
    (folder / "ads").mkdir()
    (folder / "ads" / "ad.pdf").write_bytes(makeads.rgb_blend_group())
    shutil.copy(GS_CMYK, folder / "styles-plant.icc")
    _style(folder, "print:\n  standard: x4\n  profile: ../styles-plant.icc\n")
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert (f"{AT}: error: ad 'ads/ad.pdf': no RGB: page 1: the transparency group's blending colour space is "
            "RGB") in result.output
