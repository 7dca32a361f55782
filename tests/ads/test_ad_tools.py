"""The ads in the other commands: `layout watch` re-renders when an ad PDF or the ad list changes (and
re-proofs the page), `layout check` checks the ads as render does without drawing, and the advertiser's
name and booking id on a placeholder are checked for glyphs like any other text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.desk.watch import WatchState, paths_to_watch, run
from tests.ads import makeads
from tests.ads.makeads import AD_BOX, ad_pdf
from tests.ads.test_ad_list import ADS, BOXES
from tests.conftest import PLAN, MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")

NO_FONT = "\U0001fae8"  # a character no font of the machine has (tests/test_sample.py uses it too)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def with_ad(make_edition: MakeEdition) -> Path:
    folder = make_edition(PLAN + AD_BOX.format(ad="ads/bank.pdf"))
    (folder / "ads").mkdir()
    (folder / "ads" / "bank.pdf").write_bytes(ad_pdf(makeads.cmyk))
    return folder


@pytest.fixture
def booked(make_edition: MakeEdition) -> Path:
    folder = make_edition(PLAN + BOXES)
    (folder / "ads").mkdir()
    (folder / "ads" / "bank.pdf").write_bytes(ad_pdf(makeads.cmyk))
    (folder / "ads.yaml").write_text(ADS, encoding="utf-8")
    return folder


# -- layout watch ---------------------------------------------------------------------------------------------

def test_watch_watches_the_ads_folder_and_the_ad_list(with_ad: Path) -> None:
    watched = paths_to_watch(with_ad)
    for path in (with_ad / "ads" / "bank.pdf", with_ad / "ads.yaml"):
        assert any(w == path.resolve().parent or w in path.resolve().parents for w in watched), (path, watched)


@pytest.mark.slow  # a watch rendering and proofing twice, 1 s
def test_watch_rerenders_and_reproofs_the_page_of_a_replaced_ad(with_ad: Path, tmp_path: Path) -> None:
    said: list[str] = []
    out = tmp_path / "out"
    ad = with_ad / "ads" / "bank.pdf"
    proofs: list[bytes] = []

    def proof() -> bytes:
        return next((out / "proof").glob("*01*.png")).read_bytes()

    def batches() -> Iterator[set[tuple[int, str]]]:
        proofs.append(proof())
        ad.write_bytes(ad_pdf(makeads.cmyk_blue))  # the advertiser's corrected file, same name
        yield {(2, str(ad))}
        proofs.append(proof())
        ad.write_bytes(ad_pdf(makeads.rgb))  # a refused one: the error is printed, watching goes on
        yield {(2, str(ad))}

    run(WatchState(with_ad, out, proofs=True, dpi=20), said.append, batches())
    cycles = [s for s in said if s.startswith("rendered in ") or s.startswith("not rendered")]
    assert cycles[0].startswith("rendered in ") and "pages changed: 1 " in cycles[0], said
    assert proofs[0] != proofs[1]  # the page's proof was drawn again, with the new ad
    assert any("error: ad 'ads/bank.pdf': no RGB" in s for s in said) and cycles[1].startswith("not rendered")


def test_watch_rerenders_when_the_ad_list_brings_the_file(booked: Path, tmp_path: Path) -> None:
    said: list[str] = []
    plan = booked / "ads.yaml"

    def batches() -> Iterator[set[tuple[int, str]]]:
        plan.write_text(ADS.replace("file: ads/milk.pdf", "file: ads/bank2.pdf"), encoding="utf-8")
        (booked / "ads" / "bank2.pdf").write_bytes(ad_pdf(makeads.cmyk_blue))
        yield {(2, str(plan)), (1, str(booked / "ads" / "bank2.pdf"))}

    run(WatchState(booked, tmp_path / "out", proofs=False, dpi=20), said.append, batches())
    first = next(i for i, s in enumerate(said) if s.startswith("rendered "))
    assert any("has not arrived: a placeholder is drawn" in s for s in said[:first]), said
    assert said[first + 1] == "changed: ads.yaml, bank2.pdf", said
    assert said[-1].startswith("rendered in ") and "pages changed: 1 " in said[-1], said
    page = pypdf.PdfReader(tmp_path / "out" / "edition.pdf").pages[0]
    assert sorted(page["/Resources"]["/XObject"]) == ["/LayoutAd1", "/LayoutAd2"]  # both placed now


def test_watching_a_zone_watches_the_ads_of_its_bases_pages(tmp_path: Path) -> None:
    """A zone keeps its base's page 1, whose ad lives in the base's folder (a sibling): watched too, and a
    corrected ad there redraws the zone's page."""
    from tests.zones.family import small_family

    family = small_family(tmp_path / "family")
    family.edit("base", "        columns: 4\n  - page: 2", "        columns: 4\n" + AD_BOX.format(ad="ads/bank.pdf")
                + "  - page: 2")
    ad = family.base / "ads" / "bank.pdf"
    ad.parent.mkdir()
    ad.write_bytes(ad_pdf(makeads.cmyk))
    watched = paths_to_watch(family.zone)
    assert family.base.resolve() in watched and family.zone.resolve() in watched, watched
    said: list[str] = []

    def batches() -> Iterator[set[tuple[int, str]]]:
        ad.write_bytes(ad_pdf(makeads.cmyk_blue))
        yield {(2, str(ad))}

    run(WatchState(family.zone, tmp_path / "out", proofs=False, dpi=20), said.append, batches())
    assert said[-1].startswith("rendered in ") and "pages changed: 1 " in said[-1], said


# -- layout check ---------------------------------------------------------------------------------------------

def test_check_refuses_a_refused_ad_as_render_does(with_ad: Path, tmp_path: Path) -> None:
    (with_ad / "ads" / "bank.pdf").write_bytes(ad_pdf(makeads.rgb))
    code, output = invoke("check", str(with_ad))
    assert code == 2, output
    error = "edition.yaml:16:9: error: ad 'ads/bank.pdf': no RGB: page 1: RGB colour operator rg .9 .1 .1"
    assert error in output and "hint: ask the advertiser for a CMYK PDF/X-4 file" in output, output
    rcode, routput = invoke("render", str(with_ad), "-o", str(tmp_path / "out"))
    assert rcode == 2 and error in routput  # the same message
    assert not (tmp_path / "out").exists() and not (with_ad / "out").exists()  # check draws and writes nothing


def test_check_warns_a_missing_booked_ad_and_final_makes_it_an_error(booked: Path) -> None:
    code, output = invoke("check", str(booked))
    assert code == 0, output
    warning = ("edition.yaml:18:9: warning: ad 'ads/milk.pdf' of booking 'GG-0423-021' (海河乳业, 4栏 × 95.25mm) "
               "has not arrived: a placeholder is drawn")
    assert warning in output
    code, output = invoke("check", "--final", str(booked))
    assert code == 2 and "edition.yaml:18:9: error: ad 'ads/milk.pdf' of booking 'GG-0423-021'" in output, output


def test_check_json_carries_the_ad_warnings(booked: Path) -> None:
    import json

    result = CliRunner().invoke(main, ["check", "--json", str(booked)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any("has not arrived" in w["message"] for w in data["warnings"]), data["warnings"]


# -- glyphs of a placeholder --------------------------------------------------------------------------------

def test_an_advertiser_name_no_font_has_is_an_error_at_the_ad_list(booked: Path, tmp_path: Path) -> None:
    (booked / "ads.yaml").write_text(ADS.replace("海河乳业", f"海河{NO_FONT}乳业"), encoding="utf-8")
    code, output = invoke("render", str(booked), "-o", str(tmp_path / "out"))
    assert code == 2, output
    want = (f"ads.yaml:7: error: no font has the character '{NO_FONT}' (U+1FAE8) used in the placeholder of "
            "booking 'GG-0423-021'")
    assert want in output, output
    assert not (tmp_path / "out").exists()
    code, output = invoke("check", str(booked))
    assert code == 2 and want in output


def test_a_booking_id_no_font_has_is_drawn_as_geta_when_allowed(booked: Path, tmp_path: Path) -> None:
    (booked / "ads.yaml").write_text(ADS.replace("GG-0423-021", f"GG-0423-{NO_FONT}"), encoding="utf-8")
    (booked / "edition.yaml").write_text((booked / "edition.yaml").read_text(encoding="utf-8").replace(
        "GG-0423-021", f"GG-0423-{NO_FONT}"), encoding="utf-8")
    code, output = invoke("render", "--allow-missing-glyphs", str(booked), "-o", str(tmp_path))
    assert code == 0, output
    assert f"ads.yaml:7: warning: no font has the character '{NO_FONT}'" in output
    text = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0].extract_text()
    assert "广告占位 GG-0423-〓" in text and "海河乳业" in text


def test_an_arrived_ad_does_not_check_its_bookings_text(booked: Path, tmp_path: Path) -> None:
    """The label is printed only while the file is missing: an arrived ad's booking text is not drawn."""
    (booked / "ads.yaml").write_text(ADS.replace("天津银行", f"天津{NO_FONT}银行"), encoding="utf-8")
    code, output = invoke("render", str(booked), "-o", str(tmp_path))
    assert code == 0, output
