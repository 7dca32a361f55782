"""The ad list (ads.yaml or `ads:` in edition.yaml): bookings, placeholders for ads that have not arrived,
--final, and `layout ads`."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from layout.cli import main
from tests.ads import makeads
from tests.ads.makeads import ad_pdf
from tests.conftest import PLAN, MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")

# two ad boxes on page 1: a booked ad that has arrived, a booked ad that has not
BOXES = """\
      - ad: GG-0423-017
        at: {col: 1, span: 4, line: 40, lines: 20}
      - ad: GG-0423-021
        at: {col: 5, span: 4, line: 40, lines: 20}
"""
ADS = """\
ads:
  - id: GG-0423-017
    advertiser: 天津银行
    size: 4栏 × 95.25mm
    page: 1
    file: ads/bank.pdf
  - id: GG-0423-021
    advertiser: 海河乳业
    size: {columns: 4, height: 270pt}
    page: 1
    file: ads/milk.pdf
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def booked(make_edition: MakeEdition) -> Path:
    folder = make_edition(PLAN + BOXES)
    (folder / "ads").mkdir()
    (folder / "ads" / "bank.pdf").write_bytes(ad_pdf(makeads.cmyk))
    (folder / "ads.yaml").write_text(ADS, encoding="utf-8")
    return folder


@pytest.mark.slow  # renders the booked edition and reads the page back, 2 s
def test_a_missing_booked_ad_is_a_placeholder_with_the_booking(booked: Path, tmp_path: Path) -> None:
    code, output = run("render", str(booked), "-o", str(tmp_path))
    assert code == 0, output
    assert ("edition.yaml:18:9: warning: ad 'ads/milk.pdf' of booking 'GG-0423-021' (海河乳业, 4栏 × 95.25mm) has "
            "not arrived: a placeholder is drawn") in output
    page = pypdf.PdfReader(tmp_path / "edition.pdf").pages[0]
    text = page.extract_text()
    assert "广告占位 GG-0423-021" in text and "海河乳业" in text and "4栏 × 95.25mm" in text
    content = page.get_contents().get_data().decode("latin-1")
    assert "0 0 0 .18 k" in content and " re f" in content  # the grey box (K 18 %) under the label
    assert list(page["/Resources"]["/XObject"]) == ["/LayoutAd1"]  # the bank's ad, placed


def test_final_makes_a_missing_booked_ad_an_error(booked: Path, tmp_path: Path) -> None:
    code, output = run("render", "--final", str(booked), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert ("edition.yaml:18:9: error: ad 'ads/milk.pdf' of booking 'GG-0423-021' (海河乳业, 4栏 × 95.25mm) has not "
            "arrived") in output
    assert not (tmp_path / "out").exists()
    (booked / "ads" / "milk.pdf").write_bytes(ad_pdf(makeads.cmyk_blue))
    code, output = run("render", "--final", str(booked), "-o", str(tmp_path / "out"))
    assert code == 0, output


def test_a_booking_without_a_file_yet(booked: Path, tmp_path: Path) -> None:
    (booked / "ads.yaml").write_text(ADS.replace("    file: ads/milk.pdf\n", ""), encoding="utf-8")
    code, output = run("render", str(booked), "-o", str(tmp_path))
    assert code == 0 and "warning: the ad of booking 'GG-0423-021'" in output, output
    assert "give the booking a `file:` (ads.yaml line 7)" in output


def test_a_booking_no_box_places(booked: Path, tmp_path: Path) -> None:
    (booked / "ads.yaml").write_text(ADS + "  - {id: GG-0423-030, advertiser: 津城地产, size: 8栏 × 100mm, page: 2}\n",
                                     encoding="utf-8")
    code, output = run("render", str(booked), "-o", str(tmp_path / "a"))
    assert code == 0 and "ads.yaml:12:5: warning: booking 'GG-0423-030' (津城地产, 8栏 × 100mm, page 2) is not placed" \
        in output, output
    code, output = run("render", "--final", str(booked), "-o", str(tmp_path / "b"))
    assert code == 2 and "error: booking 'GG-0423-030'" in output


def test_layout_ads_prints_each_ad_with_its_state(booked: Path) -> None:
    (booked / "ads.yaml").write_text(ADS + "  - {id: GG-0423-030, advertiser: 津城地产, size: 8栏 × 100mm, page: 2}\n"
                                     "  - {id: GG-0423-040, advertiser: 红光商场, size: 4栏 × 95.25mm, page: 1, "
                                     "file: ads/rgb.pdf}\n", encoding="utf-8")
    (booked / "ads" / "rgb.pdf").write_bytes(ad_pdf(makeads.rgb))
    plan = booked / "edition.yaml"
    plan.write_text(plan.read_text() + "      - ad: ads/rgb.pdf\n        at: {col: 1, span: 4, line: 61, lines: 20}\n")
    code, output = run("ads", str(booked))
    assert code == 1, output
    lines = output.splitlines()
    assert lines[0].split() == ["booking", "advertiser", "size", "page", "file", "state"]
    rows = {line.split()[0]: line for line in lines[1:] if line.startswith("GG-")}
    assert rows["GG-0423-017"].split()[-1] == "placed" and "天津银行" in rows["GG-0423-017"]
    assert rows["GG-0423-021"].split()[-1] == "missing" and "ads/milk.pdf" in rows["GG-0423-021"]
    assert rows["GG-0423-040"].split()[-1] == "refused"
    assert rows["GG-0423-030"].endswith("not placed")
    assert "    no RGB: page 1: RGB colour operator rg .9 .1 .1" in lines
    assert lines[-1] == "1 placed, 1 missing, 1 refused, 1 not placed"


def test_the_list_may_sit_in_edition_yaml_but_not_in_both(booked: Path, tmp_path: Path) -> None:
    plan = booked / "edition.yaml"
    plan.write_text(plan.read_text() + ADS, encoding="utf-8")
    code, output = run("render", str(booked), "-o", str(tmp_path / "a"))
    assert code == 2 and "error: the ad list is given twice: in ads.yaml and as `ads:` here" in output, output
    (booked / "ads.yaml").unlink()
    code, output = run("render", str(booked), "-o", str(tmp_path / "b"))
    assert code == 0 and "placeholder is drawn" in output, output


@pytest.mark.parametrize(("ads", "boxes", "message"), [
    (ADS.replace("size: 4栏 × 95.25mm", "size: 4 columns"), BOXES,
     "ads.yaml:4:11: error: cannot read the ad size '4 columns'"),
    (ADS.replace("size: 4栏 × 95.25mm", "size: 3栏 × 95.25mm"), BOXES,
     "edition.yaml:17:13: error: the box is 174.6 × 95.2 mm, booking 'GG-0423-017' is 3栏 × 95.25mm (130.2 × 95.2 mm)"),
    (ADS.replace("page: 1\n    file: ads/bank.pdf", "page: 2\n    file: ads/bank.pdf"), BOXES,
     "edition.yaml:16:13: error: booking 'GG-0423-017' (天津银行) is booked for page 2, this box is on page 1"),
    (ADS, BOXES.replace("ad: GG-0423-021", "ad: GG-0423-071"),
     "edition.yaml:18:13: error: 'GG-0423-071' is neither a booking id nor a PDF file (did you mean 'GG-0423-021'?)"),
    (ADS.replace("id: GG-0423-021", "id: GG-0423-017"), BOXES,
     "ads.yaml:7:9: error: booking 'GG-0423-017' is listed twice (first at line 2)"),
    (ADS.replace("    file: ads/milk.pdf\n", "    file: ads/milk.png\n"), BOXES,
     "ads.yaml:11:11: error: an ad is a PDF file, not 'ads/milk.png'"),
    (ADS.replace("    page: 1\n    file: ads/milk.pdf\n", "    pgae: 1\n"), BOXES,
     "ads.yaml:10:5: error: unknown key 'pgae' (did you mean 'page'?)"),
    (ADS, BOXES.replace("GG-0423-021", "GG-0423-017"),
     "edition.yaml:18:9: error: booking 'GG-0423-017' is placed twice (first on page 1, line 16)"),
], ids=["size", "booked-size", "booked-page", "unknown-booking", "twice-listed", "not-pdf", "unknown-key",
        "placed-twice"])
def test_ad_list_errors_have_file_line_and_column(booked: Path, tmp_path: Path, ads: str, boxes: str,
                                                  message: str) -> None:
    (booked / "ads.yaml").write_text(ads, encoding="utf-8")
    plan = booked / "edition.yaml"
    plan.write_text(plan.read_text().replace(BOXES, boxes), encoding="utf-8")
    code, output = run("render", str(booked), "-o", str(tmp_path / "out"))
    assert code == 2 and "Traceback" not in output
    assert message in output.replace(str(booked) + "/", ""), output
    assert not (tmp_path / "out").exists()
