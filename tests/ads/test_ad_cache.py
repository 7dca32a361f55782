"""What examining an ad found is remembered (namespace `adchecks`), keyed by the ad's bytes, its box and
fit, the print settings and the checking code: the same ad is not walked again, a replaced one is."""

from __future__ import annotations

from pathlib import Path

import pytest

import layout.plant.ads as ads
from tests.ads import makeads
from tests.ads.makeads import AD_BOX, ad_pdf
from tests.ads.test_ads import edition_with, render
from tests.conftest import MakeEdition

pytestmark = pytest.mark.skipif(not makeads.FONT_FILES, reason="LXGW WenKai (fonts-lxgw-wenkai) is not installed")


@pytest.mark.slow  # over 10 s
def test_an_ad_is_examined_once_and_again_when_replaced(make_edition: MakeEdition, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(tmp_path / "cache"))
    walked: list[int] = []
    real = ads.examine
    monkeypatch.setattr(ads, "examine", lambda *a, **k: walked.append(1) or real(*a, **k))
    folder = edition_with(make_edition, {"bank.pdf": ad_pdf(makeads.cmyk)}, AD_BOX.format(ad="ads/bank.pdf"))
    assert render(folder, tmp_path / "a")[0] == 0 and walked == [1]
    assert render(folder, tmp_path / "b")[0] == 0 and walked == [1]  # remembered
    (folder / "ads" / "bank.pdf").write_bytes(ad_pdf(makeads.over_ink))  # same name, other bytes
    code, output = render(folder, tmp_path / "c")
    assert walked == [1, 1] and code == 2 and "total ink" in output, output
    code, output = render(folder, tmp_path / "d")  # the refusal is remembered too, and still refuses
    assert walked == [1, 1] and code == 2 and "total ink" in output, output
