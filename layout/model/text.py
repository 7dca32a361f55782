"""Output of the text stage: broken, justified lines of positioned glyphs (data only)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, Protocol


class Metrics(Hashable, Protocol):
    """What the text engine knows of fonts: which font serves a character, and its advance.

    Implemented by `layout.fonts` for real fonts and by the square test font in tests.
    """

    def lookup(self, ch: str) -> tuple[str, float] | None:
        """(font key, advance in em) of the font in the fallback chain that has `ch`; None if none has it."""
        ...


class Glyph(NamedTuple):
    """One drawn glyph of a line (a named tuple: millions are made, and it must be cheap)."""

    text: str  # the character drawn (one code point, or a cluster drawn as one)
    x: float  # where the glyph's origin is drawn, pt from the line's left edge
    font: str  # font key returned by Metrics.lookup
    src: int  # index of the character in the paragraph text


@dataclass(frozen=True, slots=True)
class Line:
    """A broken line. `glyphs` are in reading order; `start`/`end` index the paragraph text."""

    glyphs: tuple[Glyph, ...]
    start: int  # index of the first character in the paragraph text
    end: int  # one past the last character (spaces dropped at the break are inside [start, end))
    width: float  # the measure the line was set to, pt
    natural: float  # the ink-relevant width of the content as set, pt (== width when justified)
    last: bool  # the paragraph's final line (not justified)
    overfull: bool = False  # no legal break let the line fit; reported upstream

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


class ProblemKind(StrEnum):
    """What went wrong (a StrEnum: it compares equal to its string value)."""

    OVERFULL = "overfull"  # a line wider than the measure: nothing left to compress, or a unit cut inside
    MISSING_GLYPH = "missing-glyph"  # no font in the chain has the character (set 1 em wide)
    FORCED_BREAK = "forced-break"  # a break that breaks a 禁则 rule, or a URL part cut at a break point
    LOOSE = "loose"  # a justified line with a gap over ½ em (nothing better could be done)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the text engine could not do by the rules (an overfull line, a missing glyph)."""

    kind: ProblemKind
    index: int  # character index in the paragraph text
    detail: str


@dataclass(frozen=True, slots=True)
class BrokenParagraph:
    lines: tuple[Line, ...]
    problems: tuple[Problem, ...] = ()
