"""Articles as read from `articles/<slug>.md` (data only). Text is already normalised."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ParaKind(StrEnum):
    BODY = "body"
    SUBHEAD = "subhead"  # `## ` line: own line(s), bold, keeps with the next paragraph
    SIGNATURE = "signature"  # `> ` block at the end: issuing bodies / date, right-aligned


class SpanKind(StrEnum):
    BOLD = "bold"  # `**…**` in the article: set in the bold face of the paragraph's role


@dataclass(frozen=True, slots=True)
class Span:
    """A run of a paragraph's text set differently: `text[start:end]` (half-open, in characters)."""

    start: int
    end: int
    kind: SpanKind


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph. `text` is plain normalised text (no Markdown marks); it may hold U+2028 (a forced
    line break) and U+00AD (a soft hyphen: an allowed break). `spans` index into `text`: sorted,
    non-empty, not overlapping."""

    kind: ParaKind
    text: str
    line: int  # line in the article file where the paragraph starts (1-based, front matter included)
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Photo:
    id: str
    caption: str
    credit: str
    file: str | None  # path relative to the edition folder; None: no picture yet
    line: int
    # where `file:` is written in the article (0: not known), for messages about the file; not part of the value
    file_line: int = field(default=0, compare=False)
    file_col: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    path: str
    title: str  # 主题; a space or `|` marks an allowed break
    kicker: str = ""  # 引题
    subtitle: str = ""  # 副题
    byline: str = ""  # own line above the body (■记者 …)
    source: str = ""  # 新华社 / 本报 …: metadata only, never printed (`layout check` lists it)
    jump_title: str = ""  # shortened 主题 for the continuation head
    photos: tuple[Photo, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()  # front-matter key → the line of its value, for messages

    def line_of(self, key: str) -> int | None:
        return next((line for k, line in self.lines if k == key), None)
