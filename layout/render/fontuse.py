"""Which characters each font draws on a set of pages (what is subset, and part of the pages' cache key)."""

from __future__ import annotations

from collections.abc import Iterable

from layout.infra.cache import on_clear
from layout.model.page import Page


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
