"""Which characters each font draws on a set of pages (what is subset, and part of the pages' cache key)."""

from __future__ import annotations

from collections.abc import Iterable

from layout.model.page import Page


def chars_by_font(pages: Iterable[Page]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for page in pages:
        for run in page.texts:
            found.setdefault(run.font, set()).update(run.text)
    return {k: frozenset(v) for k, v in found.items()}


def font_requests(pages: list[Page], label_font: str) -> dict[str, frozenset[str]]:
    """Characters drawn per font key, including the photo placeholders' labels (an ad placeholder's label is
    among the page's text runs)."""
    chars = chars_by_font(pages)
    label_chars = frozenset("".join(i.label for p in pages for i in p.images))
    chars[label_font] = chars.get(label_font, frozenset()) | label_chars
    return chars
