"""Photos for newsprint, judged from the PDF: a 16-bit grey PNG prints with ink, a dark neutral photo sits
on the black plate (C = M = Y ≈ 0, K high), saturated colour stays under the ink limit (decoding the JPEGs
and with Ghostscript's inkcov), the sample edition with real photographs, and the photos are scikit-image's."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from layout.plant.preflight import preflight
from tests.ads.photos import NAMES, photo, write_photos
from tests.conftest import PLAN, SAMPLE, MakeEdition

BOX = ("      - image: {file}\n        caption: 照片。\n        credit: 某 摄\n"
       "        at: {{col: 1, span: 4, line: 40, lines: 20}}\n")
TAC = 240


def rendered_images(folder: Path, out: Path) -> list[np.ndarray]:
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page: Any = pypdf.PdfReader(out / "edition.pdf").pages[0]
    found = []
    for ref in page["/Resources"]["/XObject"].values():
        obj = ref.get_object()
        if obj["/Subtype"] == "/Image":
            found.append(np.asarray(Image.open(io.BytesIO(obj.get_data())), dtype=np.float64) / 255.0)
    return found


def with_photo(make_edition: MakeEdition, img: Image.Image, name: str) -> Path:
    folder = make_edition(PLAN + BOX.format(file=name))
    img.save(folder / name)
    return folder


@pytest.mark.slow  # photo ink
def test_a_16_bit_grey_png_prints_with_ink(make_edition: MakeEdition, tmp_path: Path) -> None:
    ramp = np.tile(np.linspace(0, 65535, 1500), (900, 1)).astype(np.uint16)  # black … white, 16 bits
    [grey] = rendered_images(with_photo(make_edition, Image.fromarray(ramp), "ramp.png"), tmp_path)
    assert grey.ndim == 2  # kept greyscale: one plate (K)
    ink = 1.0 - grey  # DeviceGray: 0 = full ink
    assert ink[:, :20].mean() > 0.9 and ink[:, -20:].mean() < 0.05 and 0.35 < ink.mean() < 0.65


@pytest.mark.slow  # photo ink
def test_a_dark_neutral_photo_sits_on_the_black_plate(make_edition: MakeEdition, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    level = rng.integers(8, 60, size=(90, 150, 1)).repeat(10, axis=0).repeat(10, axis=1)  # dark greys (shadows)
    rgb = np.repeat(level, 3, axis=2).astype(np.uint8)
    [cmyk] = rendered_images(with_photo(make_edition, Image.fromarray(rgb, "RGB"), "dark.png"), tmp_path)
    assert cmyk.shape[2] == 4
    c, m, y, k = (cmyk[..., i] for i in range(4))
    assert max(c.mean(), m.mean(), y.mean()) < 0.03, (c.mean(), m.mean(), y.mean())
    assert k.mean() > 0.75


@pytest.mark.slow  # photo ink
def test_saturated_colour_stays_under_the_ink_limit(make_edition: MakeEdition, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 256, size=(900, 1500, 3)).astype(np.uint8)
    rgb[:, :300] = (10, 0, 40)  # a deep violet shadow: without a cap C + M + Y + K would pass 300 %
    folder = with_photo(make_edition, Image.fromarray(rgb, "RGB"), "loud.png")
    [cmyk] = rendered_images(folder, tmp_path)
    assert cmyk.sum(axis=2).max() * 100 <= TAC + 0.5
    assert preflight((tmp_path / "edition.pdf").read_bytes(), "edition.pdf", tac_limit=TAC).ok


@pytest.mark.slow  # photo ink
@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript is not installed")
def test_ghostscript_inkcov_of_the_real_photos(tmp_path: Path) -> None:
    """The reference case's page of real photographs: every colour plate inked, the total within the limit."""
    from tests.reference.test_reference import CASES

    result = CliRunner().invoke(main, ["render", str(CASES["photos"]), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = subprocess.run(["gs", "-q", "-o", "-", "-sDEVICE=inkcov", str(tmp_path / "edition.pdf")],
                         capture_output=True, text=True, check=True).stdout
    size = (tmp_path / "edition.pdf").stat().st_size
    assert size < 450_000, size  # three colour photos and a grey one, with type: measured 385 KB (444 KB at q 85)
    c, m, y, k = (float(v) for v in out.split()[:4])  # each plate's coverage of the page, 0..1
    assert min(c, m, y) > 0.002 and k > 0.05, out
    assert c + m + y + k < TAC / 100


def test_the_reference_photos_are_scikit_images_samples() -> None:
    from tests.reference.test_reference import CASES

    folder = CASES["photos"] / "images"
    for name in NAMES:
        path = next(folder.glob(f"{name}.*"))
        with Image.open(path) as img:
            have = np.asarray(img, dtype=np.float64)
        want = np.asarray(photo(name), dtype=np.float64)
        scale = 257.0 if name.endswith("grey16") else 1.0
        assert np.abs(have - want).mean() / scale < 3.0, name  # JPEG at quality 92, or the PNG exactly


@pytest.mark.slow  # photo ink
def test_the_sample_edition_with_real_photographs(tmp_path: Path) -> None:
    """The sample's three placeholders given real photographs (enlarged 3×: the samples are 512 px, the
    sample's boxes up to 8.6 in wide): rendered, preflighted, a few hundred KB."""
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    files = write_photos(folder / "images")
    for path in files.values():
        with Image.open(path) as img:
            img.load()
        img.resize((img.width * 3, img.height * 3), Image.Resampling.LANCZOS).save(path)
    plan = folder / "edition.yaml"
    front, rest = plan.read_text(encoding="utf-8").split("\n  - page: 2", 1)  # page 1's placeholders only
    plan.write_text(front.replace("        placeholder: true\n", "") + "\n  - page: 2" + rest, encoding="utf-8")
    for slug, ids in (("tongwulang", {"station": "astronaut", "xianqu": "rocket-grey16"}),
                      ("hannover", {"expo": "coffee"})):
        article = folder / "articles" / f"{slug}.md"
        text = article.read_text(encoding="utf-8")
        for pid, name in ids.items():
            text = text.replace(f"  - id: {pid}\n", f"  - id: {pid}\n    file: images/{files[name].name}\n")
        article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page: Any = pypdf.PdfReader(out / "20260423-01.pdf").pages[0]
    kinds = sorted(str(x.get_object()["/ColorSpace"]) for x in page["/Resources"]["/XObject"].values())
    assert kinds == ["/DeviceCMYK", "/DeviceCMYK", "/DeviceGray"]
    size = (out / "20260423-01.pdf").stat().st_size
    # measured 955 KB: 0.27 MB of type, 0.65 MB for three large photos (59 square inches, stored at 200–223
    # ppi, JPEG quality 80); it was 1.35 MB at the old defaults (250 ppi, quality 85), and a photo stored at
    # full resolution or without JPEG would take several MB
    assert size < 1_000_000, size
