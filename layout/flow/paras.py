"""A story's paragraphs as the flow stage sees them: role, text and paragraph style."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from layout.model.article import Article, ParaKind
from layout.model.paper import PaperStyle
from layout.model.style import Role, TextStyle
from layout.model.text import BrokenParagraph

# the text stage, as flow gets it: (text, style, measure, resume at character, indent the first line)
BreakFn = Callable[[str, TextStyle, float, int, bool], BrokenParagraph]
ROLE_OF = {ParaKind.BODY: Role.BODY, ParaKind.SUBHEAD: Role.SUBHEAD, ParaKind.SIGNATURE: Role.SIGNATURE}


@dataclass(frozen=True, slots=True)
class Para:
    role: Role
    text: str
    style: TextStyle


def story_paras(article: Article, style: PaperStyle) -> list[Para]:
    """The byline (own line above the body), then the article's paragraphs."""
    ps = style.paragraphs
    out: list[Para] = []
    if article.byline:
        out.append(Para(Role.BYLINE, article.byline, ps.byline))
    for p in article.paragraphs:
        role = ROLE_OF[p.kind]
        out.append(Para(role, p.text, ps[role]))
    return out


def visible_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())
