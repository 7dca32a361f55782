"""Our content-stream writer (layout/render/textstream.py): the exact bytes of a known line and a known
vertical line with a test font, its number format, and on the sample: every horizontal line one text object
with one TJ array per font, in the order the page composed its runs."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from pypdf.generic import ContentStream

from layout.cli import main
from layout.model.page import TextRun
from layout.render.textstream import TextWriter, is_vertical, lines, num, place, shown
from layout.tools.diff import diff_pdfs, read_pages
from tests.conftest import SAMPLE


class TestFont:
    """Codes are the code points; ASCII ½ em, everything else 1 em."""

    __test__ = False

    def __init__(self, name: str) -> None:
        self.name = name

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        return [(0, b"".join(ord(c).to_bytes(2, "big") for c in text))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        return self.name

    def advance(self, ch: str) -> float:
        return 500.0 if ch.isascii() else 1000.0

    def width(self, text: str) -> float:
        return sum(self.advance(ch) for ch in text)


FONTS = {"song": TestFont("/F1+0"), "hei": TestFont("/F2+0"), "song~v": TestFont("/F3+0")}


def test_numbers_are_rounded_to_three_decimals_without_zeros() -> None:
    assert [num(v) for v in (12.5, 0.25, -0.25, -0.0001, -3.0, 1465.28349, 0.0, 100.0)] == \
        ["12.5", ".25", "-.25", "0", "-3", "1465.283", "0", "100"]
    assert num(0.1234567, 6) == ".123457"


def test_positions_are_written_as_reportlab_writes_them() -> None:
    assert place(53.255910001, 1465.2834, 0.5, -12.5, 8.503937) == "53.25591 1465.283 .5 -12.5 8.503937"


def test_strings_are_literal_when_printable_else_hex() -> None:
    assert shown(b"Y)m%") == "(Y\\)m%)"
    assert shown(b"a\\(") == "(a\\\\\\()"
    assert shown(b"\x00\x31\x4e\x0a") == "<00314e0a>"


def test_a_line_is_one_text_object_with_one_array_per_font() -> None:
    runs = [TextRun(10, 20, "天津", "song", 9), TextRun(30.5, 20, "12", "song", 9), TextRun(45, 20, "日报", "hei", 9),
            TextRun(70, 20, "ab", "hei", 9, char_space=0.5)]
    assert [len(line) for line in lines(runs)] == [4]
    out = TextWriter(FONTS, None, 100.0).line(runs)
    # 天津 ends at 28: 2.5 pt to 12 (277.778/1000 em of 9 pt, rounded up: never past its place), which ends
    # at 39.5: 5.5 pt to 日报, then 7 pt
    assert out == ("BT 0 0 0 1 k 10 80 Td /F1+0 9 Tf [(Y\\)m%) -277.777 <00310032>] TJ "
                   "/F2+0 9 Tf [-611.111 <65e562a5>] TJ .5 Tc [-777.778 <00610062>] TJ ET")


def test_the_pen_follows_the_written_numbers_and_no_glyph_lands_past_its_place() -> None:
    runs = [TextRun(1 / 3 + i * 10.1234567, 20, "天", "song", 9) for i in range(200)]
    out = TextWriter(FONTS, None, 100.0).line(runs)
    adjustments = [float(a) for a in re.findall(r"(?<=[)>] )-?\d*\.?\d+(?= [(<])", out.split("[", 1)[1])]
    assert len(adjustments) == len(runs) - 1
    found = re.search(r"(\S+) \S+ Td", out)
    assert found is not None
    pen = float(found.group(1))  # the line's x as Td has it
    for i, adjust in enumerate(adjustments, 1):
        pen += 9 - adjust * 9 / 1000
        assert 0 <= runs[i].x - pen < 2e-5, i  # never past its place, never far from it


def test_a_vertical_line_places_each_cell_and_turns_the_turned() -> None:
    runs = [TextRun(50, 30, "天", "song~v", 9), TextRun(50, 39, "津", "song~v", 9),
            TextRun(46.6, 48, "AB", "song", 9, turned=True), TextRun(50, 60, "日", "song~v", 9),
            TextRun(80, 30, "报", "song~v", 9)]  # the next line, to the right: another text object
    assert all(is_vertical(r) for r in runs) and [len(line) for line in lines(runs)] == [4, 1]
    out = TextWriter(FONTS, None, 100.0).line(runs[:4])
    assert out == ("BT 0 0 0 1 k /F3+0 9 Tf 1 0 0 1 50 70 Tm (Y\\)) Tj 1 0 0 1 50 61 Tm (m%) Tj /F1+0 9 Tf "
                   "0 -1 1 0 46.6 52 Tm <00410042> Tj /F3+0 9 Tf 1 0 0 1 50 40 Tm <65e5> Tj ET")


def test_text_state_carries_from_line_to_line_and_colour_cuts_a_line() -> None:
    red = (0.0, 1.0, 1.0, 0.0)
    runs = [TextRun(10, 20, "天", "song", 9), TextRun(20, 20, "津", "song", 9, colour=red),
            TextRun(10, 40, "日", "song", 9, colour=red)]
    writer = TextWriter(FONTS, None, 100.0)
    assert [writer.line(line) for line in lines(runs)] == [
        "BT 0 0 0 1 k 10 80 Td /F1+0 9 Tf [(Y\\))] TJ ET", "BT 0 1 1 0 k 20 80 Td [(m%)] TJ ET",
        "BT 10 60 Td [<65e5>] TJ ET"]


def _objects(ops: list[tuple[list[Any], bytes]]) -> list[list[tuple[list[Any], str]]]:
    out: list[list[tuple[list[Any], str]]] = []
    for operands, op in ops:
        name = op.decode()
        if name == "BT":
            out.append([])
        elif out and name != "ET":
            out[-1].append((operands, name))
    return out


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    out = tmp_path_factory.mktemp("textstream")
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return list(pypdf.PdfReader(Path(out) / "edition.pdf").pages)


def test_every_horizontal_line_of_the_sample_is_one_text_object_with_one_tj_per_font(sample_pages: list[Any]) -> None:
    """Read back with pypdf's own parser: a text object placed once by Td is one line — no Tj, one TJ per
    font, the next object not on the same baseline in the same colour (a line is not cut in two)."""
    lines_seen = 0
    for page in sample_pages:
        previous: tuple[float, bool] | None = None
        for obj in _objects(ContentStream(page.get_contents(), None).operations):
            names = [name for _operands, name in obj]
            if "Tj" in names:  # a vertical line, or a placeholder's label (ReportLab's own)
                previous = None
                continue
            assert names.count("Td") == 1 and "Tj" not in names, names
            assert names.count("TJ") == max(1, names.count("Tf")), names
            y = float(next(operands for operands, name in obj if name == "Td")[1])
            recoloured = "k" in names
            assert previous is None or previous[0] != y or recoloured, (y, names)
            previous = (y, recoloured)
            lines_seen += 1
    assert lines_seen > 1000


def test_the_sample_draws_its_vertical_lines_as_text_objects_of_their_own(sample_pages: list[Any]) -> None:
    """A vertical line is one text object with a Tj per cell (ReportLab's placeholder labels set TL)."""
    vertical = [[name for _o, name in obj] for page in sample_pages
                for obj in _objects(ContentStream(page.get_contents(), None).operations)]
    vertical = [names for names in vertical if "Tj" in names and "TL" not in names]
    assert len(vertical) > 20 and sum(names.count("Tj") for names in vertical) > 5 * len(vertical)
    assert all("TJ" not in names for names in vertical)


def _letters(grouped: bool) -> bytes:
    """Big A B and small cd ef just under them: as four text objects, or as one TJ line each."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(300, 300), invariant=1)
    canvas.setFont("Helvetica", 40)  # the page's font resource /F1
    if grouped:
        canvas._code.append("BT /F1 80 Tf 10 150 Td [(A) -583 (B)] TJ ET "
                            "BT /F1 10 Tf 10 145 Td [(cd) -9944 (ef)] TJ ET")
    else:
        canvas._code.append("BT /F1 80 Tf 10 150 Td (A) Tj ET BT /F1 80 Tf 110 150 Td (B) Tj ET "
                            "BT /F1 10 Tf 10 145 Td (cd) Tj ET BT /F1 10 Tf 120 145 Td (ef) Tj ET")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_layout_diff_does_not_depend_on_how_text_is_grouped_into_operators() -> None:
    """PDFium reads separate text objects on one line in the order of their x (A c d B e f here), one TJ in
    its own order: the diff reads characters in the content's order, so both encodings are the same page."""
    separate, grouped = _letters(False), _letters(True)
    assert "".join(c.char for c in read_pages(separate)[0].chars) == "ABcdef"
    result = diff_pdfs(separate, grouped)
    assert not result.different(0.0), result.report(0.0)
