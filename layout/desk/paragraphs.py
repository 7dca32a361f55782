"""Where each paragraph's text lines stand on the pages, with the link that opens its article at that
paragraph: in the desk a click on a text line opens the article there (issue 30, docs/desk.md).

The lines of a story are set in order, so the characters set before a line say which paragraph it is in
(the paragraphs' visible characters, as the text audit counts them: `layout/flow/audit.py`). Consecutive
lines of one paragraph in one column are one rectangle."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from layout.flow.paras import story_paras, visible_chars
from layout.model.style import TEXT_ROLES

if TYPE_CHECKING:
    from layout.model.article import Article
    from layout.model.flow import SetLine
    from layout.model.plan import Edition
    from layout.run.pipeline import Laid

JSON = dict[str, Any]
Link = Callable[[str | None, int | None, int | None], str | None]


def paragraph_places(laid: Laid, link: Link) -> dict[int, list[JSON]]:
    """Page number → the rectangles of its paragraphs (trim coordinates in pt, as the boxes' `rect_pt`),
    each with its story, the article's line of the paragraph and the editor link to it. A story whose lines,
    article, style and link are those of the last call keeps its rectangles (`layout serve` asks on every
    render; most stories did not change)."""
    edition = laid.edition
    by_story: dict[str, list[SetLine]] = {}
    for sl in laid.flowed.lines:
        if sl.role in TEXT_ROLES and sl.story in edition.articles:
            by_story.setdefault(sl.story, []).append(sl)
    out: dict[int, list[JSON]] = {}
    kept: dict[tuple[str, str], tuple[tuple[Any, ...], dict[int, list[JSON]]]] = {}
    for story, lines in by_story.items():
        article = edition.articles[story]
        inputs = (tuple(lines), article, edition.style, link)
        found = _KEPT.get((edition.file, story))
        places = found[1] if found is not None and found[0] == inputs else _story_places(lines, article, edition, link)
        kept[(edition.file, story)] = (inputs, places)
        for page, runs in places.items():
            out.setdefault(page, []).extend(runs)
    _KEPT.clear()
    _KEPT.update(kept)
    return out


_KEPT: dict[tuple[str, str], tuple[tuple[Any, ...], dict[int, list[JSON]]]] = {}  # the last call's stories


def _story_places(lines: list[SetLine], article: Article, edition: Edition, link: Link) -> dict[int, list[JSON]]:
    """One story's rectangles per page: consecutive lines of one paragraph in one column are one."""
    pitch = edition.style.grid.line
    ends = list(itertools.accumulate(visible_chars(p.text) for p in story_paras(article, edition.style)))
    numbers = ([1] if article.byline else []) + [p.line for p in article.paragraphs]
    done = 0  # characters set so far
    out: dict[int, list[JSON]] = {}
    for sl in lines:
        start = done
        done = start + sum(len(g.text) for g in sl.line.glyphs if g.src >= 0)
        line = numbers[min(bisect.bisect_right(ends, start), len(numbers) - 1)]
        runs = out.setdefault(sl.page, [])
        last = runs[-1] if runs else None
        if last and (last["line"], last["x"]) == (line, sl.x) and abs(last["y"] + last["height"] - sl.top) < 0.5:
            last["height"] += pitch
            continue
        runs.append({"x": sl.x, "y": sl.top, "width": sl.line.width, "height": pitch, "story": sl.story,
                     "line": line, "link": link(article.path, line, 1)})
    return out
