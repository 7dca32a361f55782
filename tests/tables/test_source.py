"""Bad table data and bad table plans: one clear error at file:row:column (data) or file:line:col (plan),
with the value and the type expected; overset tables reported like overset stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import layout.source.table as source_table
from layout.cli import main
from layout.errors import Diagnostic, Kind, LayoutError, Level
from layout.run.options import Selection
from layout.run.pipeline import build, lay_out
from layout.source.edition import load_edition
from tests.tables.support import FIELDS, HEADER, ROWS, STOCKS, make, plan

GOOD = HEADER + "\n000001,平安银行,10.52,-0.35,-3.22,1234567\n000002,万科,8.00,0.10,1.27,5000\n"


def failure(folder: Path) -> Diagnostic:
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    assert len(info.value.diagnostics) == 1
    return info.value.diagnostics[0]


@pytest.mark.parametrize(("row", "line", "col", "value", "expected"), [
    ("000003,测试,abc,0.10,1.00,100", 4, 3, "'abc'", "decimal(2)"),
    ("000003,测试,1.234,0.10,1.00,100", 4, 3, "'1.234'", "at most 2 decimal places"),
    ("000003,测试,1.23,0.10,1.00,100.5", 4, 6, "'100.5'", "a whole number"),
    ("000003,测试,1.23,涨,1.00,100", 4, 4, "'涨'", "or 停牌"),
    ("000003,测试,1.23,0.10,,100", 4, 5, "''", "percent(2)"),
])
def test_a_bad_cell_names_file_row_column_value_and_type(tmp_path: Path, row: str, line: int, col: int, value: str,
                                                         expected: str) -> None:
    d = failure(make(tmp_path, GOOD + row + "\n"))
    assert (Path(d.file or "").as_posix().endswith("data/stocks.csv"), d.line, d.col) == (True, line, col), d.format()
    assert value in d.message and expected in d.message, d.message


def test_a_row_with_too_few_values(tmp_path: Path) -> None:
    d = failure(make(tmp_path, GOOD + "000003,测试,1.00\n"))
    assert d.line == 4 and "3 values, the header 6" in d.message


def test_a_field_the_file_lacks_is_an_error_at_the_plan(tmp_path: Path) -> None:
    d = failure(make(tmp_path, GOOD.replace("收盘", "收市")))
    assert d.file and d.file.endswith("edition.yaml") and d.line == 17, d.format()  # its fields entry
    assert "'收盘' is not a column of data/stocks.csv" in d.message and "收市" in (d.message + (d.hint or ""))


@pytest.mark.parametrize(("change", "what"), [
    ("type: decimal(2), width: 4, colour: true", "type: money, width: 4"),
    ("width: 4.5}", "width: 40}"),
])
def test_bad_plans_are_errors_at_their_line(tmp_path: Path, change: str, what: str) -> None:
    fields = FIELDS.replace(change, what, 1)
    d = failure(make(tmp_path, GOOD, plan(fields=fields)))
    assert d.file and d.file.endswith("edition.yaml") and d.line is not None, d.format()


def test_columns_wider_than_a_text_column(tmp_path: Path) -> None:
    d = failure(make(tmp_path, GOOD, plan(columns=8)))  # 8 text columns of 13 characters
    assert "the table's columns need" in d.message and d.line == 15, d.format()  # `fields:`


def test_a_thinner_rule_than_a_quarter_point(tmp_path: Path) -> None:
    d = failure(make(tmp_path, GOOD, plan(extra="        rule_width: 0.1pt\n")))
    assert "rule_width" in d.message and "0.25" in d.message


def test_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_table, "MAX_ROWS", 1)
    d = failure(make(tmp_path, GOOD + "000003,测试,1.00,0.10,1.00,100\n"))
    assert "more than 1 rows" in d.message


def test_not_utf8(tmp_path: Path) -> None:
    folder = make(tmp_path)
    (folder / "data" / "stocks.csv").write_bytes(GOOD.encode("gbk"))
    d = failure(folder)
    assert "not UTF-8" in d.message and "iconv" in (d.hint or "")


def test_a_data_file_outside_the_edition(tmp_path: Path) -> None:
    folder = make(tmp_path, GOOD)
    (folder / "edition.yaml").write_text(plan().replace("data/stocks.csv", "../stocks.csv"), encoding="utf-8")
    (folder.parent / "stocks.csv").write_text(GOOD, encoding="utf-8")
    assert "outside the edition" in failure(folder).message


def test_json_rows_checked_by_row_and_field(tmp_path: Path) -> None:
    rows = [{"代码": "000001", "名称": "平安银行", "收盘": 10.52, "涨跌": -0.35, "涨跌幅": -3.22, "成交量": 1234},
            {"代码": "000002", "名称": "万科", "收盘": "8.00", "涨跌": 0.1, "涨跌幅": 1.27, "成交量": 12.5}]
    folder = make(tmp_path, json.dumps({"rows": rows}, ensure_ascii=False), plan().replace("stocks.csv", "s.json"),
                  name="s.json")
    d = failure(folder)
    assert (d.line, d.col) == (2, 6) and "'12.5'" in d.message and "whole number" in d.message, d.format()


def test_the_cli_prints_one_message_and_exits_2(tmp_path: Path) -> None:
    folder = make(tmp_path, GOOD + "000003,测试,x,0.10,1.00,100\n")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 2, result.output
    assert "data/stocks.csv:4:3: error: 收盘: 'x' is not" in result.output
    assert "Traceback" not in result.output


def test_a_continuing_box_without_a_first(tmp_path: Path) -> None:
    text = plan().replace("        title: 沪深股市行情\n", "").replace(FIELDS, "")
    d = failure(make(tmp_path, GOOD, text))
    assert "must give its columns" in d.message


def test_overset_names_the_table_and_the_rows_left(tmp_path: Path) -> None:
    folder = make(tmp_path, STOCKS, plan(lines=10))
    edition = load_edition(folder)
    with pytest.raises(LayoutError) as info:
        lay_out(edition)
    [d] = info.value.diagnostics
    assert d.kind is Kind.LAYOUT and d.line == 9  # the box
    placed = sum(c for p in lay_out(edition, allow_overset=True).flowed.tables for _f, c in p.column_rows)
    assert f"overset: table 'data/stocks.csv' does not fit: {ROWS - placed} rows left" in d.message, d.message
    warnings = lay_out(edition, allow_overset=True).warnings
    assert any(w.level is Level.WARNING and "overset: table" in w.message for w in warnings)


def test_a_table_flows_on_into_its_next_box(tmp_path: Path) -> None:
    more = """\
      - table: data/stocks.csv
        at: {col: 1, span: 8, line: 30, lines: 60}
        columns: 4
"""
    folder = make(tmp_path, STOCKS, plan(lines=24, more_boxes=more))
    placements = lay_out(load_edition(folder)).flowed.tables
    assert len(placements) == 2
    first, second = ([c for _f, c in p.column_rows] for p in placements)
    assert all(c == first[0] for c in first) and sum(first) + sum(second) == ROWS
    assert placements[1].column_rows[0][0] == sum(first)  # it goes on where the first box stopped
    heads = [t for t in placements[1].texts if "".join(g.text for g in t.glyphs).startswith("代码名称收盘")]
    assert len(heads) == sum(1 for c in second if c)  # the header again at the top of each text column


def test_the_sample_finance_page(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE

    built = build(SAMPLE, selection=Selection(pages={6}))
    tables = {p.table: p for p in built.laid.flowed.tables}
    assert set(tables) == {"data/stocks.csv", "data/weather.json", "data/standings.csv", "data/indices.csv"}
    assert sum(1 for _f, c in tables["data/stocks.csv"].column_rows if c) >= 2
    texts = {"".join(g.text for g in t.glyphs) for p in tables.values() for t in p.texts}
    assert {"示例数据，非真实行情", "天气预报", "示例数据", "天津市区晴转多云12～24℃南风3～4级"} <= texts
    assert (SAMPLE / "data" / "stocks.csv").read_text(encoding="utf-8").splitlines()[0] == HEADER


def test_a_character_no_font_has_is_an_error_at_its_row(tmp_path: Path) -> None:
    folder = make(tmp_path, GOOD + "000003,测\ue000试,1.00,0.10,1.00,100\n")
    with pytest.raises(LayoutError) as info:
        lay_out(load_edition(folder))
    d = info.value.diagnostics[0]
    assert "no font has the character" in d.message and d.line == 4, d.format()


def test_check_and_render_exit_1_on_an_overset_table(tmp_path: Path) -> None:
    folder = make(tmp_path, STOCKS, plan(lines=10))
    checked = CliRunner().invoke(main, ["check", str(folder)])
    assert checked.exit_code == 1, checked.output
    assert "table data/stocks.csv: " in checked.output and "error: overset: table 'data/stocks.csv'" in checked.output
    rendered = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert rendered.exit_code == 1 and "error: overset: table 'data/stocks.csv' does not fit" in rendered.output
    assert not (tmp_path / "out" / "edition.pdf").exists()


def test_the_data_file_is_part_of_the_editions_inputs(tmp_path: Path) -> None:
    from layout.output.plates import inputs_digest

    folder = make(tmp_path, GOOD)
    before = inputs_digest(load_edition(folder))
    (folder / "data" / "stocks.csv").write_text(GOOD.replace("10.52", "10.53"), encoding="utf-8")
    assert inputs_digest(load_edition(folder)) != before


def test_numbers_too_wide_for_their_column_are_reported(tmp_path: Path) -> None:
    folder = make(tmp_path, GOOD + "000003,测试,1.00,0.10,1.00,123456789012345678\n")
    with pytest.raises(LayoutError) as info:
        lay_out(load_edition(folder))
    [d] = info.value.diagnostics
    assert "the numbers of column '成交量'" in d.message and d.kind is Kind.LAYOUT and d.line == 20, d.format()


@pytest.mark.parametrize("text", ["[{\"代码\": 1}", "[" * 100_000, "[{\"代码\": " + "9" * 5000 + "}]"])
def test_broken_json_is_one_message(tmp_path: Path, text: str) -> None:
    folder = make(tmp_path, text, plan().replace("stocks.csv", "s.json"), name="s.json")
    d = failure(folder)
    assert d.message.startswith("cannot read the JSON"), d.format()
