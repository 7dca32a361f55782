"""The part of a paragraph style that decides where lines break and where glyphs go.

Broken paragraphs are cached by `BreakParams`, not by the whole `TextStyle`: two styles that differ only
in leading, font role, weight or Latin font (fonts reach the breaker only through `Metrics`) share them.
"""

from __future__ import annotations

from dataclasses import dataclass

from layout.model.style import Align, Kinsoku, PunctStyle, TextStyle


@dataclass(frozen=True, slots=True)
class BreakParams:
    """Everything of a `TextStyle` that the line breaker reads (sizes in pt, the rest in em of `size`)."""

    size: float  # type size, pt: 1 em
    indent: float  # first-line indent, em (justified paragraphs only, docs/text-engine.md §7)
    align: Align
    kinsoku: Kinsoku  # 禁则 level (§3)
    punctuation: PunctStyle  # punctuation width style (§4)
    latin_space: float  # CJK–Latin space, em (§5)
    latin_space_max: float  # what it may stretch to, em
    hanging: bool  # reserved: hanging punctuation is not set yet
    no_orphan_char: bool  # 孤字不成行 (§3)
    hyphenate: str = "en_US"  # pyphen language of Latin words ("": no dictionary hyphenation)
    keep_words: bool = False  # break only at spaces (names in bylines, credits, signatures)


def break_params(style: TextStyle) -> BreakParams:
    return BreakParams(style.size, style.indent, style.align, style.kinsoku, style.punctuation, style.latin_space,
                       style.latin_space_max, style.hanging, style.no_orphan_char, style.hyphenate, style.keep_words)
