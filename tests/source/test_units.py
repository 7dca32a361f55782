"""Units: 号 names, mm/pt/em/字/行, and the messages for near misses."""

from __future__ import annotations

import pytest

from layout.model.lengths import HAO, MM, UnitContext, UnitError, parse_length


@pytest.mark.parametrize(
    ("value", "points"),
    [
        ("10mm", 10 * MM), ("1cm", 10 * MM), ("9pt", 9.0), (12, 12.0), (7.5, 7.5), ("1in", 72.0),
        ("小五", 9.0), ("初号", 42.0), ("五号", 10.5), ("八号", 5.0),
        ("2em", 18.0), ("13字", 117.0), ("4行", 54.0), (" 3.5 mm ", 3.5 * MM), ("-2pt", -2.0),
    ],
)
def test_lengths(value: object, points: float) -> None:
    assert parse_length(value, UnitContext(em=9, char=9, line=13.5)) == pytest.approx(points)


def test_every_hao_size_from_typography_doc() -> None:
    assert HAO == {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
                   "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5,
                   "七号": 5.5, "八号": 5}


def test_default_unit_for_bare_numbers() -> None:
    assert parse_length(3, default_unit="mm") == pytest.approx(3 * MM)


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("12 mmm", "did you mean '12mm'?"), ("小五五", "did you mean '小五'?"), ("3 p", "did you mean '3pt'?")],
)
def test_near_misses_suggest(value: str, suggestion: str) -> None:
    with pytest.raises(UnitError, match=suggestion):
        parse_length(value)


@pytest.mark.parametrize("value", ["abc", "", True, None, [1], "mm"])
def test_rejects_non_lengths(value: object) -> None:
    with pytest.raises(UnitError, match="a number with a unit"):
        parse_length(value)
