"""`layout fonts`: which file serves each role, and its coverage of an edition's characters."""

from __future__ import annotations

from pathlib import Path

from layout.fonts.fontset import FontSet
from layout.infra.paths import FONTS


def fonts_report(edition_dir: Path | None) -> str:
    chars: frozenset[str] = frozenset()
    if edition_dir is not None:
        from layout.run.glyphs import edition_texts
        from layout.run.pipeline import font_set, load

        edition = load(edition_dir)
        fonts = font_set(edition)
        chars = frozenset(ch for use in edition_texts(edition) for ch in use.text if not ch.isspace())
    else:
        fonts = FontSet.load(FONTS / "catalogue.yaml")
    return fonts.describe(chars)
