"""What the e-paper shows, gathered from the laid-out edition (typed data; no JSON is read back).

A story is an article the plan places: in a story or headline box, or by a photo of its own in an image box
(a picture story without text has a page too). Its areas on a page are the rectangles of every box that is
its: headline, text, photos with their captions. Stories are ordered as a reader meets them: by page, then
in plan order on the page where they start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from layout.model.article import Article
from layout.model.flow import Flowed
from layout.model.plan import Box, Edition, HeadlineBox, ImageBox, ImageRef, Rect, StoryBox

SLUG_SAFE = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Figure:
    """A photo of a story as printed: its page, the picture's rectangle (pt) and its caption."""

    page: int
    photo: Rect
    image: ImageRef
    name: str  # the stem of the file the picture is cut into from the page image (a placeholder as printed)


@dataclass(frozen=True, slots=True)
class Story:
    slug: str
    name: str  # the file name stem: the slug sanitised, unique in the edition
    article: Article
    pages: tuple[int, ...]  # the pages it is on, in order
    figures: tuple[Figure, ...]

    @property
    def file(self) -> str:
        return f"story-{self.name}.html"


@dataclass(frozen=True, slots=True)
class PageStories:
    """One printed page: its number, section, and each story's rectangles on it (pt), in plan order."""

    number: int
    section: str
    areas: tuple[tuple[str, tuple[Rect, ...]], ...]  # (story slug, its boxes' rectangles)

    @property
    def file(self) -> str:
        return f"page-{self.number:02d}.html"


def owner(box: Box, articles: dict[str, Article]) -> str | None:
    """The story a box belongs to: its story, or the article whose photo it shows."""
    match box:
        case StoryBox(story=slug) | HeadlineBox(story=slug):
            return slug
        case ImageBox(image=ImageRef(article=str() as article)) if article in articles:
            return article
    return None


def page_stories(edition: Edition) -> tuple[PageStories, ...]:
    out: list[PageStories] = []
    for plan in edition.pages:
        areas: dict[str, list[Rect]] = {}
        for box in plan.boxes:
            slug = owner(box, edition.articles)
            if slug is not None:
                areas.setdefault(slug, []).append(box.rect)
        out.append(PageStories(plan.number, plan.section, tuple((s, tuple(r)) for s, r in areas.items())))
    return tuple(out)


def safe_name(slug: str, taken: set[str]) -> str:
    """A file name stem from a slug: lower-case ASCII letters, digits, '-' and '_' only, never empty, unique."""
    base = SLUG_SAFE.sub("-", slug.lower()).strip("-")[:60] or "story"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def stories(edition: Edition, flowed: Flowed, pages: tuple[PageStories, ...]) -> tuple[Story, ...]:
    """Every placed story once, in reading order, with its pages and printed photos."""
    seen: dict[str, list[int]] = {}
    for page in pages:
        for slug, _rects in page.areas:
            on = seen.setdefault(slug, [])
            if page.number not in on:
                on.append(page.number)
    taken: set[str] = set()
    out: list[Story] = []
    for slug, on in seen.items():
        name = safe_name(slug, taken)
        figures = [f for f in flowed.figures if f.image.article == slug]
        figs = tuple(Figure(f.page, f.photo, f.image, f"photo-{name}-{i + 1}") for i, f in enumerate(figures))
        out.append(Story(slug, name, edition.articles[slug], tuple(on), figs))
    return tuple(out)
