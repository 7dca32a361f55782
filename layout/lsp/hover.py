"""Hover and go-to-definition from the edition as loaded and laid out: on a box, its place on the grid and in
mm and its copyfit (characters and capacity, spare or overset, in text lines and grid lines); on a story
slug, the headline and length of the story, and its article as the definition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from layout.errors import LayoutError
from layout.infra.yamlio.read import load_yaml_text
from layout.model.lengths import MM
from layout.model.plan import Box, Edition, GridPlace, HeadlineBox, LengthPlace, StoryBox
from layout.run.overset import grid_lines, overset_words

if TYPE_CHECKING:
    from layout.run.pipeline import Laid

_WORD = re.compile(r"[\w/.-]+")


@dataclass(frozen=True, slots=True)
class Target:
    """A place to go: a file and a 0-based line."""

    file: str
    line: int


def word_at(line: str, col: int) -> str:
    """The slug-like word around 0-based `col` of `line`."""
    for m in _WORD.finditer(line):
        if m.start() <= col <= m.end():
            return m.group()
    return ""


def box_at(text: str, file: str, line: int) -> tuple[int, int] | None:
    """(page index, box index) of the box whose entry holds 1-based `line` of the plan."""
    try:
        doc = load_yaml_text(text, file)
    except LayoutError:
        return None
    pages = doc.data.get("pages") if isinstance(doc.data, dict) else None
    found = None
    for i, page in enumerate(pages if isinstance(pages, list) else []):
        boxes = page.get("boxes") if isinstance(page, dict) else None
        for j, box in enumerate(boxes if isinstance(boxes, list) else []):
            where = [p.line for path, p in doc.values.items() if path[:4] == ("pages", i, "boxes", j)]
            if where and min(where) <= line <= max(where) and isinstance(box, dict):
                found = (i, j)
    return found


def _mm(pt: float) -> str:
    return f"{pt / MM:.1f}"


def box_hover(edition: Edition, laid: Laid | None, page: int, index: int) -> str:
    """Markdown: the box's name, its place on the grid and in mm, and its copyfit."""
    box: Box = edition.pages[page].boxes[index]
    r = box.rect
    story = box.story if isinstance(box, StoryBox | HeadlineBox) else ""
    out = [f"**{box.name}** — {box.kind}" + (f" `{story}`" if story else "")]
    match box.place:
        case GridPlace(col, span, line, lines):
            out.append(f"grid: col {col}, span {span}, line {line}, lines {lines} (grid lines)"
                       + (f"; {box.columns} text columns" if isinstance(box, StoryBox) else ""))
        case LengthPlace(x, y, width, height):
            out.append(f"at: x {x}, y {y}, {width} × {height} (as written)")
    out.append(f"mm: x {_mm(r.x)}, y {_mm(r.y)}, {_mm(r.w)} × {_mm(r.h)}")
    fits = [(f, b) for f in (laid.flowed.fits if laid else ()) for b in f.boxes if b.box == box.name]
    for fit, b in fits:
        spare = b.capacity - b.used
        out.append(f"copyfit: {b.chars} characters in {b.used} of {b.capacity} text lines (about "
                   f"{b.capacity * b.line_chars} characters fit); spare {spare} text lines, "
                   f"{grid_lines(spare, b.columns):+d} grid lines")
        if fit.overset_chars and b is fit.boxes[-1]:
            out.append(f"**overset**: {overset_words(fit)} left after this box")
    return "\n\n".join(out)


def story_hover(edition: Edition, slug: str) -> str | None:
    """Markdown: the story's headline, its length and its file."""
    article = edition.articles.get(slug.split("/", 1)[0])
    if article is None:
        return None
    chars = sum(len(p.text) for p in article.paragraphs)
    head = " / ".join(t for t in (article.kicker, article.title, article.subtitle) if t)
    return (f"**{head}**\n\n{chars} characters in {len(article.paragraphs)} paragraphs"
            + (f", {len(article.photos)} photos" if article.photos else "") + f"\n\n{article.path}")


def definition(edition: Edition, word: str) -> Target | None:
    """A story slug's article (at the photo's line for `slug/photo`)."""
    slug, _sep, photo = word.partition("/")
    article = edition.articles.get(slug)
    if article is None:
        return None
    line = next((p.line for p in article.photos if p.id == photo), 1) if photo else 1
    return Target(article.path, max(0, line - 1))
