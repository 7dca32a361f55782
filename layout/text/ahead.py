"""Paragraphs broken ahead, in other processes, while this one flows the stories (issue 29: a fresh render).

The line breaker is a pure function of its arguments, so a paragraph may be broken anywhere. A fresh render
breaks every paragraph (the break store holds none), one after the other in the main process, while the
render's workers (`layout.infra.workers`) wait for pages to draw. `layout.text.parallel.break_ahead` sends
them the paragraphs flow is expected to ask for (`layout.flow.edition`), in chunks and in order;
`break_paragraph` takes a
paragraph from here when it is asked for exactly that paragraph (same text, break parameters, measure, fonts,
resume point and indent) and breaks it itself otherwise. A chunk no worker has started yet when flow reaches
it is taken back and broken here, so this process never waits for work nobody does.

What comes back is the paragraph as the worker's `break_paragraph` made it, carried as plain tuples
(`encode`): every number is the same float, every line and glyph the same, so the pages are the same bytes.
"""

from __future__ import annotations

from collections.abc import Hashable
from concurrent.futures import Future
from typing import Any

from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Glyph, Line, Metrics, Problem, ProblemKind

Bold = tuple[tuple[int, int], ...]
# a paragraph as `break_paragraph` takes it: text, style, measure, metrics, start, first indent, bold ranges,
# bold metrics
Call = tuple[str, TextStyle, float, Metrics, int, bool, Bold, Metrics | None]
Encoded = tuple[Any, ...]

_PENDING: dict[Hashable, tuple[Future[list[Encoded]], int]] = {}  # `_broken`'s key → its chunk and place


def encode(p: BrokenParagraph) -> Encoded:
    lines = tuple((tuple(tuple(g) for g in ln.glyphs), ln.start, ln.end, ln.width, ln.natural, ln.last, ln.overfull)
                  for ln in p.lines)
    return lines, tuple((str(q.kind), q.index, q.detail) for q in p.problems)


def decode(data: Encoded) -> BrokenParagraph:
    lines, problems = data
    new = tuple.__new__  # Glyph._make without its length check (they were Glyphs when encoded)
    return BrokenParagraph(
        tuple(Line(tuple([new(Glyph, g) for g in glyphs]), s, e, w, n, last, over)
              for glyphs, s, e, w, n, last, over in lines),
        tuple(Problem(ProblemKind(k), i, d) for k, i, d in problems))


def register(keys: list[Hashable], future: Future[list[Encoded]]) -> None:
    """The paragraphs of a chunk sent to a worker (`layout.text.parallel`): `_broken`'s keys, in the chunk's order."""
    for k, key in enumerate(keys):
        _PENDING.setdefault(key, (future, k))


def take(key: Hashable) -> BrokenParagraph | None:
    """The paragraph broken ahead under `_broken`'s key, waiting for its worker if one has started it; None
    when it was not sent, or when no worker has started its chunk yet (taken back: the caller breaks it)."""
    found = _PENDING.pop(key, None)
    if found is None:
        return None
    future, k = found
    if future.cancel():
        return None
    try:
        return decode(future.result()[k])
    except Exception:  # a worker that failed (or its pool ended): broken here, as without workers
        return None


def forget() -> None:
    """Drop what was sent and not asked for (the render is over); unstarted chunks are cancelled."""
    for future, _k in _PENDING.values():
        future.cancel()
    _PENDING.clear()
