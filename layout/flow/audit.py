"""After flow: is every character of every story set exactly once, in order? (Nothing is lost silently.)"""

from __future__ import annotations

from collections.abc import Set

from layout.errors import Diagnostic, Kind, Level
from layout.flow.paras import set_text, story_paras
from layout.model.flow import Flowed
from layout.model.plan import Edition
from layout.model.style import TEXT_ROLES


def audit_text(edition: Edition, flowed: Flowed, passed: Set[str] = frozenset()) -> list[Diagnostic]:
    """Compare, per story, the characters placed in lines with the article's text (overset excluded); the
    stories in `passed` were audited before as they are now (`layout serve` keeps them, layout/run/incremental.py)."""
    placed: dict[str, list[str]] = {}
    for sl in flowed.lines:
        if sl.role in TEXT_ROLES and sl.story not in passed:
            # the hyphens a break inside a word adds (src −1) are not the story's text
            placed.setdefault(sl.story, []).append(set_text(sl.line))
    problems: list[Diagnostic] = []
    for fit in flowed.fits:
        if fit.story in passed:
            continue
        article = edition.articles[fit.story]
        # what is printed: not the spaces, nor soft hyphens (drawn only as the hyphen of a break)
        source = "".join("".join(p.text.split()) for p in story_paras(article, edition.style)).replace("\u00ad", "")
        got = "".join(placed.get(fit.story, []))
        expected = source[: len(source) - fit.overset_chars] if fit.overset_chars else source
        if got != expected:
            k = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
                     min(len(got), len(expected)))
            problems.append(Diagnostic(
                Level.ERROR, f"text of story '{fit.story}' was not set exactly: {len(got)} characters set, "
                f"{len(expected)} expected; first difference at character {k} (“{expected[k:k + 12]}”)",
                article.path, None, None, "this is a bug in layout: please report it with the article",
                Kind.LAYOUT, code="text-not-set-exactly"))
    return problems
