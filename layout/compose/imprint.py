"""Texts the program computes for the masthead and the 报眉: dates, weekday, lunar date, page count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from layout.model.plan import Edition

WEEKDAYS = "一二三四五六日"


def cn_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def weekday(date: dt.date) -> str:
    return "星期" + WEEKDAYS[date.weekday()]


def lunar_date(date: dt.date) -> str:
    """农历丙午年三月初七 (a leap month reads 闰二月)."""
    from lunar_python import Solar  # here: only a masthead prints it (its import ≈13 ms)

    lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
    return f"农历{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def pages_today(total: int, note: str = "") -> str:
    return f"今日{total}版" + (f"（{note}）" if note else "")


def family_note(zones: Sequence[tuple[str, int]]) -> str:
    """The bracket of an edition with zones, counted from them: 津南区16版 (今日12版（津南区16版）); several
    zones are listed with 、 in the plan's order."""
    return "、".join(f"{name}{total}版" for name, total in zones)


def zone_note(name: str, zones: Sequence[tuple[str, int]] = ()) -> str:
    """The bracket of a zone's own imprint: its name and 版 (今日16版（津南区版）), then its own zones if it has
    any (津南区版、咸水沽18版)."""
    return "、".join([f"{name}版", *([family_note(zones)] if zones else [])])


def imprint_note(edition: Edition) -> str:
    """The bracket the imprint prints after 今日N版: `pages_note` as typed; otherwise counted from the zones
    the edition heads (津南区16版), and a zone's own form first (津南区版)."""
    if edition.pages_note:
        return edition.pages_note
    counts = [(z.name, z.pages_total) for z in edition.zones]
    if edition.zone is not None:
        return zone_note(edition.zone.name, counts)
    return family_note(counts)


def founded(date: dt.date) -> str:
    return f"{cn_date(date)}创刊"


def issue_no(issue: int) -> str:
    return f"第{issue}号"


def page_label(number: int) -> str:
    return f"第{number}版"
