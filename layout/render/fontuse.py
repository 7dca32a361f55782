"""Which characters each font draws on a set of pages (what is subset, and part of the pages' cache key)."""

from __future__ import annotations

from collections.abc import Iterable

from layout.fonts.fontset import FontSet
from layout.infra.cache import on_clear
from layout.infra.workers import call, count, current
from layout.model.page import Page
from layout.model.plan import Edition


def _page_chars(page: Page) -> dict[str, frozenset[str]]:
    """The characters of one page per font; remembered for the pages of the last calls (a page object kept
    between renders by `layout serve` is looked at once)."""
    found = _PAGES.get(id(page))
    if found is not None and found[0] is page:
        return found[1]
    chars: dict[str, set[str]] = {}
    for run in page.texts:
        chars.setdefault(run.font, set()).update(run.text)
    out = {k: frozenset(v) for k, v in chars.items()}
    if len(_PAGES) >= KEEP_PAGES:
        _PAGES.clear()
    _PAGES[id(page)] = (page, out)  # the page is held, so its id is not reused while it is here
    return out


KEEP_PAGES = 256
_PAGES: dict[int, tuple[Page, dict[str, frozenset[str]]]] = {}
on_clear(_PAGES.clear)


def chars_by_font(pages: Iterable[Page]) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for page in pages:
        for font, chars in _page_chars(page).items():
            found[font] = found[font] | chars if font in found else chars
    return found


def font_requests(pages: list[Page], label_font: str) -> dict[str, frozenset[str]]:
    """Characters drawn per font key, including the photo placeholders' labels (an ad placeholder's label is
    among the page's text runs)."""
    chars = chars_by_font(pages)
    label_chars = frozenset("".join(i.label for p in pages for i in p.images))
    chars[label_font] = chars.get(label_font, frozenset()) | label_chars
    return chars


def scan_ahead(edition: Edition, fonts: FontSet) -> None:
    """While the edition is laid out, the render's workers (`layout.infra.workers`; none: nothing happens)
    each scan the glyphs its stories' text draws in the body's face for the subroutines they call
    (`layout.render.subset.scan`), as each would when subsetting its first page: the scan is per process,
    and their first page then comes sooner. Only an order of work: what a page embeds is the same."""
    pool = current()
    if pool is None:
        return
    face = fonts.face(edition.style.paragraphs.body.font)
    if not face.is_cff:
        return
    chars = set().union(*(p.text for a in edition.articles.values() for p in a.paragraphs))
    glyphs = face.glyphs
    gids = sorted({glyphs[cp] for cp in map(ord, chars) if cp in glyphs})
    for _ in range(count()):
        pool.submit(call, "layout.render.subset", "scan", face.file, gids)
