"""Articles as read from `articles/<slug>.md` (data only). Text is already normalised."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ParaKind(StrEnum):
    BODY = "body"
    SUBHEAD = "subhead"  # `## ` line: own line(s), bold, keeps with the next paragraph
    SIGNATURE = "signature"  # `> ` block at the end: issuing bodies / date, right-aligned


@dataclass(frozen=True, slots=True)
class Paragraph:
    kind: ParaKind
    text: str
    line: int  # line in the article file where the paragraph starts


@dataclass(frozen=True, slots=True)
class Photo:
    id: str
    caption: str
    credit: str
    file: str | None  # path relative to the edition folder; None: no picture yet
    line: int


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    path: str
    title: str  # 主题; a space or `|` marks an allowed break
    kicker: str = ""  # 引题
    subtitle: str = ""  # 副题
    byline: str = ""  # own line above the body (■记者 …)
    source: str = ""  # 新华社 / 本报 …
    jump_title: str = ""  # shortened 主题 for the continuation head
    photos: tuple[Photo, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

