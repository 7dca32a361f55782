"""A stock table rendered and read back from the PDF: decimal points aligned to 0.1 pt in every numeric
column, a mark on every rise and fall, 停牌 on halted rows, the header at the top of every text column,
rises and falls in CMYK, other data of the same header rendered without touching the plan."""

from __future__ import annotations

import csv
import io
import itertools
from decimal import Decimal
from pathlib import Path

import pytest

from layout.flow.cells import BLACK, FALL, RISE
from tests.tables.support import HEADER, STOCKS, Char, lines_in, make, rendered, text_columns

ODD = HEADER + """
000001,平安银行,10.52,-0.35,-3.22,1234567
000002,万科Ａ,0.00,0.00,0.00,0
000003,*ST长城电,1688.88,123.45,7.89,99
000004,华北制药,9.99,停牌,停牌,0
000005,负数测试,3.00,-0.01,-0.33,1000000
600006,千元股,2345.67,-234.56,-9.09,12
600007,ST中天科技,1500.00,+1.00,+0.07,4567
"""


def rows_of(text: str) -> dict[str, dict[str, str]]:
    return {r["代码"]: r for r in csv.DictReader(io.StringIO(text))}


def data_lines(chars: list[Char], built: object) -> list[tuple[int, list[Char]]]:
    """Each data row's glyphs, with its text column's index (header lines and the title left out)."""
    out = []
    for n, col in enumerate(text_columns(built)):  # type: ignore[arg-type]
        lines = [ln for ln in lines_in(chars, col) if ln[0].text.isdigit()]
        assert len(lines) == col.count, f"text column {n}: {len(lines)} rows read back, {col.count} set"
        out += [(n, ln) for ln in lines]
    return out


def decimal_columns(lines: list[tuple[int, list[Char]]]) -> dict[int, list[list[float]]]:
    """Per text column, the x of every decimal point, clustered by table column (points > 3 pt apart)."""
    out: dict[int, list[list[float]]] = {}
    for n, ln in lines:
        for c in ln:
            if c.text == ".":
                clusters = out.setdefault(n, [])
                near = [cl for cl in clusters if abs(cl[0] - c.x0) < 3]
                if not near:
                    clusters.append(near := [[]][0:1][0])
                    near = [near]
                near[0].append(c.x0)
    return out


def check_table(folder: Path, data: str) -> None:
    built, chars = rendered(folder)
    lines = data_lines(chars, built)
    rows = rows_of(data)
    assert len(lines) == len(rows)
    for n, clusters in decimal_columns(lines).items():
        assert len(clusters) == 3, f"text column {n}: decimal points in {len(clusters)} places, not 3"
        for xs in clusters:
            assert max(xs) - min(xs) <= 0.1, f"text column {n}: points spread over {max(xs) - min(xs):.2f} pt"
    pitches = [(b.x0 + b.x1 - a.x0 - a.x1) / 2 for _n, ln in lines for a, b in itertools.pairwise(ln)
               if a.text.isdigit() and b.text.isdigit() and b.x0 - a.x1 < 1]
    assert max(pitches) - min(pitches) <= 0.1, "digits are not of equal width"
    for _n, ln in lines:
        text = "".join(c.text for c in ln)
        row = rows[text[:6]]
        change = row["涨跌"]
        marks = [c for c in ln if c.text in "▲▼"]
        if change == "停牌":
            assert "停牌" in text and not marks, text
            continue
        value = Decimal(change)
        expected = "".join(mark(Decimal(row[k])) for k in ("涨跌", "涨跌幅"))
        assert "".join(c.text for c in marks) == expected, text
        colour = RISE if value > 0 else FALL if value < 0 else BLACK
        for c in marks:
            assert c.colour == pytest.approx(colour), (text, c.colour)


def mark(value: Decimal) -> str:
    return "▲" if value > 0 else "▼" if value < 0 else ""


def test_sample_stocks_aligned_marked_coloured(tmp_path: Path) -> None:
    check_table(make(tmp_path), STOCKS)


def test_other_rows_of_the_same_header_render_without_touching_the_plan(tmp_path: Path) -> None:
    check_table(make(tmp_path, ODD), ODD)


def test_header_repeated_at_the_top_of_every_text_column(tmp_path: Path) -> None:
    built, chars = rendered(make(tmp_path))
    columns = text_columns(built)
    assert len(columns) >= 2
    for col in columns:
        lines = list(lines_in(chars, col))
        heads = ["".join(c.text for c in ln) for ln in lines if not ln[0].text.isdigit()]
        assert heads and heads[-1] == "代码名称收盘涨跌涨跌幅成交量（手）", heads
        assert lines[len(heads) - 1][0].top < lines[len(heads)][0].top  # above the rows


def test_rules_at_least_a_quarter_point(tmp_path: Path) -> None:
    built, _chars = rendered(make(tmp_path))
    page = built.laid.pages[0]
    assert page.rules and min(r.width for r in page.rules) >= 0.25


def test_black_only_with_signs_still_marks_every_rise_and_fall(tmp_path: Path) -> None:
    from tests.tables.support import plan

    folder = make(tmp_path, ODD, plan(extra="        colour: false\n        marks: signs\n"))
    built, chars = rendered(folder)
    rows = rows_of(ODD)
    for _n, ln in data_lines(chars, built):
        text = "".join(c.text for c in ln)
        assert all(c.colour == pytest.approx(BLACK) for c in ln), text
        row = rows[text[:6]]
        if row["涨跌"] != "停牌":
            signs = "".join(c.text for c in ln if c.text in "+−")
            assert signs == "".join({1: "+", -1: "−", 0: ""}[(d > 0) - (d < 0)]
                                    for d in (Decimal(row["涨跌"]), Decimal(row["涨跌幅"]))), text
