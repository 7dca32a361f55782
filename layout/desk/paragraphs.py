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
    from layout.run.pipeline import Laid

JSON = dict[str, Any]
Link = Callable[[str | None, int | None, int | None], str | None]


def paragraph_places(laid: Laid, link: Link) -> dict[int, list[JSON]]:
    """Page number → the rectangles of its paragraphs (trim coordinates in pt, as the boxes' `rect_pt`),
    each with its story, the article's line of the paragraph and the editor link to it."""
    edition = laid.edition
    pitch = edition.style.grid.line
    counted: dict[str, tuple[list[int], list[int]]] = {}  # story → paragraphs' cumulative ends, their lines
    done: dict[str, int] = {}  # story → characters set so far
    out: dict[int, list[JSON]] = {}
    for sl in laid.flowed.lines:
        article = edition.articles.get(sl.story)
        if sl.role not in TEXT_ROLES or article is None:
            continue
        if sl.story not in counted:
            ends = list(itertools.accumulate(visible_chars(p.text) for p in story_paras(article, edition.style)))
            counted[sl.story] = (ends, ([1] if article.byline else []) + [p.line for p in article.paragraphs])
        ends, lines = counted[sl.story]
        start = done.get(sl.story, 0)
        done[sl.story] = start + sum(len(g.text) for g in sl.line.glyphs if g.src >= 0)
        line = lines[min(bisect.bisect_right(ends, start), len(lines) - 1)]
        runs = out.setdefault(sl.page, [])
        last = runs[-1] if runs else None
        if last and (last["story"], last["line"], last["x"]) == (sl.story, line, sl.x) \
                and abs(last["y"] + last["height"] - sl.top) < 0.5:
            last["height"] += pitch
            continue
        runs.append({"x": sl.x, "y": sl.top, "width": sl.line.width, "height": pitch, "story": sl.story,
                     "line": line, "link": link(article.path, line, 1)})
    return out
