"""Lengths: "12mm", "9pt", "小五", "2em", "13字", "4行" → points. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

MM = 72.0 / 25.4

# Chinese type sizes (号) in points, docs/text-engine.md §1.
HAO: dict[str, float] = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0,
    "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5.0,
}

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_LENGTH = re.compile(rf"^\s*({_NUMBER})\s*(mm|cm|pt|em|字|行|in)?\s*$")
UNITS_HELP = ("a number with a unit: mm, cm, pt, in, em, 字 (body characters), 行 (grid lines), "
              "or a 号 size such as 小五")


@dataclass(frozen=True, slots=True)
class UnitContext:
    """What relative units refer to: the body character size and the grid line pitch, in pt."""

    em: float = 9.0  # 1 em, and 1 字 (a body character) unless `char` says otherwise
    char: float = 9.0  # 1 字
    line: float = 13.5  # 1 行 (grid line pitch)


class UnitError(ValueError):
    """A length that could not be read; the message says why and what is accepted."""


def parse_length(value: object, ctx: UnitContext | None = None, default_unit: str = "pt") -> float:
    """Read a length and return points.

    >>> round(parse_length("10mm"), 3)
    28.346
    >>> parse_length("小五")
    9.0
    """
    ctx = ctx or UnitContext()
    if isinstance(value, bool):
        raise UnitError(f"expected a length, got {value!r}; {UNITS_HELP}")
    if isinstance(value, int | float):
        return _scale(float(value), default_unit, ctx)
    if not isinstance(value, str):
        raise UnitError(f"expected a length, got {value!r}; {UNITS_HELP}")
    text = value.strip()
    if text in HAO:
        return HAO[text]
    m = _LENGTH.match(text)
    if not m:
        raise UnitError(f"cannot read length {value!r}{_suggest(text)}; {UNITS_HELP}")
    return _scale(float(m.group(1)), m.group(2) or default_unit, ctx)


def _scale(number: float, unit: str, ctx: UnitContext) -> float:
    factors = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0, "em": ctx.em, "字": ctx.char, "行": ctx.line}
    return number * factors[unit]


def unit_written(value: object, default_unit: str = "pt") -> str:
    """The unit a length was written in (`"120mm"` → mm; a bare number or a 号 size → `default_unit`, pt)."""
    m = _LENGTH.match(value) if isinstance(value, str) else None
    return (m.group(2) or default_unit) if m else default_unit


def show_length(pt: float, unit: str = "pt", ctx: UnitContext | None = None) -> str:
    """`pt` points said in `unit` as the user wrote it: `show_length(340.16, "mm")` → `120mm`."""
    number = pt / _scale(1.0, unit, ctx or UnitContext())
    return f"{number:.2f}".rstrip("0").rstrip(".") + unit  # 0.25pt stays 0.25pt (a bound said exactly)


def _suggest(text: str) -> str:
    """A 'did you mean' for near misses like '12 mmm' or '小五五'."""
    m = re.match(rf"^\s*({_NUMBER})\s*([a-z]+)\s*$", text)
    if m:
        for unit in ("mm", "cm", "pt", "em", "in"):
            if m.group(2).startswith(unit) or unit.startswith(m.group(2)):
                return f" (did you mean '{m.group(1)}{unit}'?)"
    for name in HAO:
        if name in text:
            return f" (did you mean '{name}'?)"
    return ""
