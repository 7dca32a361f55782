"""The content-stream lexer preflight reads pages with (layout/plant/pdfops.py) against pypdf's own parser: the same
operators in the same order, except that a run of positioned strings (`… Tm (…) Tj`, how a vertical line's
turned runs are drawn) comes out as one Tj without operands — it sets no colour or state, so the checks lose
nothing. A line's TJ array (`layout.render.textstream`) is passed over in one match too."""

from __future__ import annotations

from pathlib import Path

import pypdf
from click.testing import CliRunner
from pypdf.generic import ContentStream

from layout.cli import main
from layout.plant.pdfops import iter_ops
from tests.conftest import SAMPLE


def test_a_run_of_positioned_strings_is_one_tj_and_nothing_else_is_lost() -> None:
    data = (b"q 0 0 0 1 k BT 1 0 0 1 10 20 Tm (a\\)b) Tj 1 0 0 1 30 20 Tm (c) Tj ET "
            b"0.2 0.3 0.4 1 k BT /F1 9 Tf 1 0 0 1 0 0 Tm (x(y)z) Tj ET 1 0 0 RG Q")
    ops = [([t.decode() for t in raw], op.decode()) for raw, op in iter_ops(data)]
    assert ops == [([], "q"), (["0", "0", "0", "1"], "k"), ([], "BT"), ([], "Tj"), ([], "ET"),
                   (["0.2", "0.3", "0.4", "1"], "k"), ([], "BT"), (["/F1", "9"], "Tf"),
                   (["1", "0", "0", "1", "0", "0"], "Tm"), (["()"], "Tj"), ([], "ET"),
                   (["1", "0", "0"], "RG"), ([], "Q")]
    # a colour set between two runs ends the first: the text after it is judged in its colour
    between = b"BT 1 0 0 1 0 0 Tm (a) Tj 0.5 0.5 0.5 1 k 1 0 0 1 0 9 Tm (b) Tj ET"
    assert [op for _raw, op in iter_ops(between)] == [b"BT", b"Tj", b"k", b"Tj", b"ET"]


def test_a_line_array_is_one_tj_and_what_follows_is_read() -> None:
    data = b"BT 0 0 0 1 k 53.256 1402.688 Td /F1+0 9 Tf [<ff08> -5.024 (a\\)[) 12 <4e0a>] TJ ET [3 1] 0 d"
    ops = [([t.decode() for t in raw], op.decode()) for raw, op in iter_ops(data)]
    assert ops == [([], "BT"), (["0", "0", "0", "1"], "k"), (["53.256", "1402.688"], "Td"), (["/F1+0", "9"], "Tf"),
                   (["[]"], "TJ"), ([], "ET"), (["[]", "0"], "d")]


def collapsed(ops: list[str]) -> list[str]:
    """pypdf's operators with each maximal run of Tm-Tj pairs as one Tj."""
    out: list[str] = []
    i = 0
    while i < len(ops):
        if ops[i:i + 2] == ["Tm", "Tj"]:
            while ops[i:i + 2] == ["Tm", "Tj"]:
                i += 2
            out.append("Tj")
            continue
        out.append(ops[i])
        i += 1
    return out


def test_the_lexer_agrees_with_pypdf_on_the_sample(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "edition.pdf")
    lines = 0
    for page in reader.pages:
        data = page.get_contents().get_data()
        theirs = [op.decode() for _operands, op in ContentStream(page.get_contents(), reader).operations]
        ours = [op.decode() for _operands, op in iter_ops(data)]
        assert ours == collapsed(theirs)
        lines += ours.count("TJ")
    assert lines > 1000  # the sample's lines, each one TJ array
