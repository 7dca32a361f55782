"""Does every character the edition prints have a glyph in its role's fonts? Checked before layout, so a
missing glyph is an error with the file and line where the character is (or 〓 with the flag)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from layout.errors import Diagnostic, Level
from layout.fonts.fontset import FontSet
from layout.model.plan import Edition
from layout.model.style import Role


class TextUse(NamedTuple):
    role: str  # font role
    text: str
    file: str
    line: int | None
    what: str  # the story (or the part of the page) that prints it


def edition_texts(edition: Edition) -> Iterator[TextUse]:
    """Every text the edition prints, with the font role it is set in."""
    ps = edition.style.paragraphs
    hs = edition.style.headline
    for a in edition.articles.values():
        for p in a.paragraphs:
            yield TextUse(ps[Role(p.kind.value)].font, p.text, a.path, p.line, a.slug)
        for role, text in ((hs.kicker.font, a.kicker), (hs.title.font, a.title), (hs.subtitle.font, a.subtitle),
                           (ps.byline.font, a.byline)):
            if text:
                yield TextUse(role, text, a.path, None, a.slug)
        for ph in a.photos:
            yield TextUse(ps.caption.font, ph.caption + ph.credit, a.path, ph.line, a.slug)


def check_glyphs(edition: Edition, fonts: FontSet, allow_missing: bool) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    for use in edition_texts(edition):
        metrics = fonts.metrics(use.role)
        for ch in use.text:
            if ch.isspace() or (use.role, ch) in seen:
                continue
            seen.add((use.role, ch))
            if metrics.lookup(ch) is None:
                out.append(Diagnostic(
                    Level.WARNING if allow_missing else Level.ERROR,
                    f"no font has the character '{ch}' (U+{ord(ch):04X}) used in story '{use.what}'",
                    use.file, use.line, None,
                    "install a font that has it and add it to the role's fallback chain in fonts/catalogue.yaml, "
                    "or replace the character (--allow-missing-glyphs draws 〓)"))
    return out
