"""A story's paragraphs as the flow stage sees them: role, text and paragraph style."""

from __future__ import annotations

from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Protocol

from layout.model.article import Article, ParaKind, SpanKind
from layout.model.paper import PaperStyle
from layout.model.style import Role, TextStyle
from layout.model.text import BrokenParagraph, Line

Ranges = tuple[tuple[int, int], ...]
ROLE_OF = {ParaKind.BODY: Role.BODY, ParaKind.SUBHEAD: Role.SUBHEAD, ParaKind.SIGNATURE: Role.SIGNATURE}


class BreakFn(Protocol):
    """The text stage, as flow gets it: text[start:] broken at `measure`, the first line indented or not,
    the `bold` ranges in the bold face of the style's font."""

    def __call__(self, text: str, style: TextStyle, measure: float, start: int, first_indent: bool,
                 bold: Ranges = ()) -> BrokenParagraph: ...


@dataclass(frozen=True, slots=True)
class Para:
    role: Role
    text: str
    style: TextStyle
    bold: Ranges = ()  # `**…**` in the article


def story_paras(article: Article, style: PaperStyle) -> list[Para]:
    """The byline (own line above the body), then the article's paragraphs."""
    ps = style.paragraphs
    out: list[Para] = []
    if article.byline:
        out.append(Para(Role.BYLINE, article.byline, ps.byline))
    for p in article.paragraphs:
        role = ROLE_OF[p.kind]
        bold = tuple((s.start, s.end) for s in p.spans if s.kind is SpanKind.BOLD)
        out.append(Para(role, p.text, ps[role], bold))
    return out


def vertical_style(style: TextStyle, tcy_digits: int = 2) -> TextStyle:
    """A paragraph style for vertical lines: vertical metrics, numbers of up to `tcy_digits` digits set
    纵中横, and no CJK–Latin space (a 纵中横 number fills its cell; a turned word sits in the column as it
    is, docs/text-engine.md "Vertical text")."""
    return replace(style, vertical=True, latin_space=0.0, latin_space_max=0.0, tcy_digits=tcy_digits)


def vertical_paras(paras: list[Para], tcy_digits: int = 2) -> list[Para]:
    return [replace(p, style=vertical_style(p.style, tcy_digits)) for p in paras]


def visible_chars(text: str) -> int:
    """Characters of `text` that are printed: not a space, nor a soft hyphen (which is not a space)."""
    return len(text) - sum(map(str.isspace, text)) - text.count("\u00ad")


_text, _src = itemgetter(0), itemgetter(3)  # of a Glyph


def set_text(line: Line) -> str:
    """The story's text a line sets: its glyphs but the hyphens a break inside a word adds (src −1)."""
    glyphs = line.glyphs
    if min(map(_src, glyphs), default=0) >= 0:
        return "".join(map(_text, glyphs))
    return "".join(g.text for g in glyphs if g.src >= 0)


def set_chars(line: Line) -> int:
    """How many of a line's glyphs set the story's text and are not spaces."""
    glyphs = line.glyphs
    if min(map(_src, glyphs), default=0) >= 0:
        return len(glyphs) - sum(map(str.isspace, map(_text, glyphs)))
    return sum(1 for g in glyphs if g.src >= 0 and not g.text.isspace())
