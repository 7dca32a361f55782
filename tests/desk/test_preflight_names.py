"""Preflight names an image by its file and the plan box it fills (with file:line:col), never by the PDF's
internal name (/FormXob.…); on a PDF from elsewhere it has only that name, and says it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from layout.errors import LayoutError
from layout.plant.preflight import placed_images, preflight
from layout.run.pipeline import build, render
from tests.conftest import PLAN, MakeEdition

PHOTO_BOX = """\
      - image: photos/harbour.png
        caption: 港口
        at: {col: 1, span: 4, line: 32, lines: 20}
"""


def photo_edition(make_edition: MakeEdition) -> Path:
    folder = make_edition(PLAN + PHOTO_BOX)
    (folder / "photos").mkdir()
    Image.new("RGB", (60, 40), (200, 40, 40)).save(folder / "photos" / "harbour.png")  # far too few pixels
    return folder


def test_a_low_resolution_photo_is_named_by_file_and_box(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = photo_edition(make_edition)
    with pytest.raises(LayoutError) as info:
        render(folder, tmp_path / "out")
    text = info.value.diagnostics[0].format()
    where = f"{folder / 'edition.yaml'}:16:9"
    assert f"page 1: image 'photos/harbour.png' in box 'p1.image' ({where}) is " in text
    assert "/FormXob" not in text and "/Im" not in text
    assert not (tmp_path / "out" / "edition.pdf").exists()
    cli = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert cli.exit_code == 1 and "image 'photos/harbour.png' in box 'p1.image'" in cli.output


def test_without_the_plan_the_pdfs_own_name_is_all_there_is(make_edition: MakeEdition) -> None:
    built = build(photo_edition(make_edition))
    bare = preflight(built.edition, "edition.pdf")
    images = next(c for c in bare.checks if c.name.startswith("image resolution"))
    assert not images.ok and "image /FormXob." in images.details[0]
    named = preflight(built.edition, "edition.pdf",
                      placed=[placed_images(built.laid.pages, built.laid.flowed.figures)[1]])
    images = next(c for c in named.checks if c.name.startswith("image resolution"))
    assert images.details[0].startswith("page 1: image 'photos/harbour.png' in box 'p1.image' (")


def test_the_ink_of_a_jpeg_photo_is_measured_and_named(make_edition: MakeEdition) -> None:
    """Photos reach the PDF as JPEG with `/Filter [/DCTDecode]` (a list): their ink is measured, not skipped."""
    built = build(photo_edition(make_edition))
    placed = [placed_images(built.laid.pages, built.laid.flowed.figures)[1]]
    report = preflight(built.edition, "edition.pdf", tac_limit=240, placed=placed)
    assert not any("could not be decoded" in d for c in report.checks for d in c.details)
    strict = preflight(built.edition, "edition.pdf", tac_limit=150, placed=placed)
    tac = next(c for c in strict.checks if c.name.startswith("total ink"))
    assert not tac.ok
    assert tac.details[0].startswith("page 1: image 'photos/harbour.png' in box 'p1.image' (")
    assert tac.details[0].endswith("% total ink")
