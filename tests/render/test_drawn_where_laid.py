"""The PDF puts every character exactly where layout put it: the drawing and font embedding never move a
glyph. Each character of the composed pages (text runs at their fonts' advances) is read back from the
rendered PDF with PDFium and compared within 0.02 pt — whatever the line breaker decides, this holds (it
was the acceptance test of embedding the CFF faces directly, and stays one for any change to render/)."""

from __future__ import annotations

import pytest

from layout.run.options import Options
from layout.run.pipeline import render
from layout.tools.diff import read_pages
from tests.conftest import SAMPLE

PLACE = 0.02


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, bytes]:
    done = render(SAMPLE, tmp_path_factory.mktemp("drawn"), Options(per_page=False))
    return done, done.pdf.read_bytes()


def laid_chars(done: object) -> list[list[tuple[str, float, float, float]]]:
    """(char, x, baseline, size) of every glyph of the page tree, in the PDF's coordinates."""
    laid = done.laid  # type: ignore[attr-defined]
    bleed = laid.edition.style.print.bleed
    pages = []
    for page in laid.pages:
        out = []
        for run in page.texts:
            face = laid.fonts.loaded(run.font) if run.font else None
            x = run.x
            for ch in run.text:
                adv = face.advance(ch) if face is not None else None
                if not ch.isspace():
                    out.append((ch, round(x + bleed, 3), round(run.y + bleed, 3), run.size))
                x += (adv if adv is not None else 1.0) * run.size * run.scale + run.char_space  # 纵中横: scaled
        pages.append(out)
    return pages


def placeholder_rects(done: object) -> list[list[tuple[float, float, float, float]]]:
    """Where the placeholders' labels are drawn (by the renderer, not from text runs), per page."""
    laid = done.laid  # type: ignore[attr-defined]
    b = laid.edition.style.print.bleed
    return [[(i.x + b, i.y + b, i.x + i.w + b, i.y + i.h + b) for i in page.images if i.file is None]
            for page in laid.pages]


def unmatched(expected: list[tuple[str, float, float, float]], drawn: list[tuple[str, float, float, float]]
              ) -> list[tuple[str, float, float, float]]:
    """The expected characters with no drawn one of the same character and size within PLACE (each drawn
    character answers for one expected). Paired by place, not by a sorted order: positions written to 3
    decimals may sort two equal characters of one column the other way round."""
    pool: dict[tuple[str, float, int], list[tuple[float, float]]] = {}
    for ch, x, y, size in drawn:
        pool.setdefault((ch, size, round(y)), []).append((x, y))
    missing = []
    for ch, x, y, size in expected:
        for row in (round(y), round(y) - 1, round(y) + 1):
            near = pool.get((ch, size, row), [])
            found = next((i for i, (dx, dy) in enumerate(near) if abs(x - dx) <= PLACE and abs(y - dy) <= PLACE), None)
            if found is not None:
                near.pop(found)
                break
        else:
            missing.append((ch, x, y, size))
    return missing


def test_every_character_is_drawn_where_it_was_laid(rendered: tuple[object, bytes]) -> None:
    done, pdf = rendered
    want = laid_chars(done)
    got = read_pages(pdf)
    labels = placeholder_rects(done)
    assert len(got) == len(want)
    for number, (expected, page) in enumerate(zip(want, got, strict=True), 1):
        drawn = [(c.char, c.x, c.y, c.size) for c in page.chars
                 if not any(x0 <= c.x <= x1 and y0 <= c.y <= y1 for x0, y0, x1, y1 in labels[number - 1])]
        assert len(drawn) == len(expected), (number, len(drawn), len(expected))
        assert not (missing := unmatched(expected, drawn)), (number, missing[:5])
