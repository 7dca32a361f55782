"""Text as content-stream operators, written by us (ReportLab assembles the document around them).

One text object (BT … ET) per line. A horizontal line is placed once (`x y Td`) and its runs are one TJ
array: each run's codes, and before each run after the first the adjustment (thousandths of an em,
negative to the right) that brings the pen from where the last run ended to where this one starts.
The pen is followed as a reader follows it (the rounded numbers as written, the advances of the font's
/W), so rounding never adds up along a line; each adjustment is rounded up by at least half its last
digit, so a glyph lands a few millionths of a point before its place, never past it (a reader's float noise
cannot widen a gap: a checker counting gaps over 1 em sees what was laid). Positions are written as
ReportLab writes them (`place`). A font, size or character-spacing change inside a line closes the array
and opens another after `Tf`/`Tc` (text state carries on, also from line to line).

A vertical line (runs in a vertical font, turned or scaled: `layout.compose.vertical`) is one text
object too, each of its runs placed by its own text matrix (`a b c d e f Tm`) and shown with `Tj`: its
cells go down the page, which a horizontal font's TJ cannot express.

Shown strings are 2-byte codes from the font (`EmbeddedFont.splitString`: what the subsetter embeds),
literal `( … )` when every byte is printable ASCII, else hex. Adjustments are rounded to 3 decimals with
trailing zeros and a leading zero dropped (`num`), positions to 7 significant digits (`place`): the same
page gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from reportlab.lib.rl_accel import fp_str

from layout.fonts.vertical import VERTICAL_SUFFIX
from layout.infra.cache import on_clear
from layout.model.page import TextRun
from layout.render.cidfont import OWN_CODES

NOT_LITERAL = re.compile(rb"[^\x20-\x7e]")  # a byte that a literal string would have to escape as \ddd
ESCAPED = {0x28: "\\(", 0x29: "\\)", 0x5C: "\\\\"}


class ShownFont(Protocol):
    """What the writer asks of a font (`layout.render.cidfont.EmbeddedFont`)."""

    def splitString(self, text: str, doc: Any, encoding: str = ...) -> list[tuple[int, bytes]]: ...

    def getSubsetInternalName(self, subset: int, doc: Any) -> str: ...

    def advance(self, ch: str) -> float: ...

    def width(self, text: str) -> float: ...


def num(v: float, places: int = 3) -> str:
    """`v` rounded to `places` decimals, without trailing zeros or a leading zero: 12.5, .25, -3, 0."""
    text = f"{v:.{places}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def place(*values: float) -> str:
    """Positions and matrices as ReportLab writes them (7 significant digits, `fp_str`): a page drawn with
    text objects of ours puts every line's first glyph exactly where ReportLab's drawing put it."""
    text: str = fp_str(*values)
    return text


def shown(codes: bytes) -> str:
    """A PDF string of `codes`: literal when every byte is printable ASCII, else hex."""
    if NOT_LITERAL.search(codes):
        return "<" + codes.hex() + ">"
    return "(" + codes.decode("ascii").translate(ESCAPED) + ")"


def is_vertical(run: TextRun) -> bool:
    """A run of a vertical line: a character in its vertical form, a turned word, a squeezed 纵中横."""
    return run.turned or run.scale != 1.0 or run.font.endswith(VERTICAL_SUFFIX)


def lines(runs: Sequence[TextRun]) -> Iterator[list[TextRun]]:
    """The runs in drawing order, cut into lines: consecutive runs of one colour on one baseline, or
    consecutive runs of one vertical line (going down the page, within about an em of its axis)."""
    line: list[TextRun] = []
    was = False  # whether the last run was vertical (each run's look taken once)
    for run in runs:
        vertical = is_vertical(run)
        if line and not _continues(line[-1], run, was, vertical):
            yield line
            line = []
        line.append(run)
        was = vertical
    if line:
        yield line


def _continues(prev: TextRun, run: TextRun, prev_vertical: bool, vertical: bool) -> bool:
    if run.colour != prev.colour or vertical != prev_vertical:
        return False
    if not vertical:
        return run.y == prev.y
    return run.y > prev.y and abs(run.x - prev.x) < 0.75 * max(run.size, prev.size)


@dataclass(slots=True)
class TextState:
    """The text state a page's content has set so far (it carries from one text object to the next)."""

    font: tuple[str, float] | None = None
    char_space: float = 0.0
    colour: tuple[float, float, float, float] | None = None


# Lines as written (text object, text state after it, each font's characters), by everything that decides
# them: `TextWriter.line`. A page drawn again after an edit writes only its changed lines anew.
KEPT_LINES: dict[tuple[Any, ...], tuple[str, tuple[Any, ...], tuple[tuple[str, str], ...]]] = {}
MAX_KEPT_LINES = 40_000  # ~50 broadsheet pages; forgotten all at once past that
on_clear(KEPT_LINES.clear)


class TextWriter:
    """Writes a page's lines; `fonts`: font key → the font; `doc`: the document the codes are for."""

    def __init__(self, fonts: Mapping[str, ShownFont], doc: Any, height: float) -> None:
        self.fonts, self.doc, self.height = fonts, doc, height
        self.state = TextState()

    def _set(self, out: list[str], run: TextRun) -> None:
        """Font, size and character spacing for `run`, where they change."""
        if self.state.font != (run.font, run.size):
            self.state.font = (run.font, run.size)
            name = self.fonts[run.font].getSubsetInternalName(0, self.doc)
            out.append(f"{name} {place(run.size)} Tf")
        if run.char_space != self.state.char_space:
            self.state.char_space = run.char_space
            out.append(f"{place(run.char_space)} Tc")

    def _colour(self, out: list[str], run: TextRun) -> None:
        if run.colour != self.state.colour:
            self.state.colour = run.colour
            out.append(place(*run.colour) + " k")

    def _codes(self, run: TextRun) -> bytes:
        parts = self.fonts[run.font].splitString(run.text, self.doc)
        return b"".join(codes for _subset, codes in parts)

    def line(self, runs: Sequence[TextRun]) -> str:
        """One text object: the line's runs (`lines`); a line written before in this process with the same
        runs, text state, page height, fonts and names of the fonts in this document is taken as it was
        written (`KEPT_LINES`), and its characters are told to the document's subsets again (`splitString`:
        what the subsetter embeds). A line with a character that gets a code of its own (`OWN_CODES`: the
        codes follow the order of first use in the document) is always written anew."""
        fonts = dict.fromkeys(run.font for run in runs)
        names = tuple((key, id(self.fonts[key]), self.fonts[key].getSubsetInternalName(0, self.doc)) for key in fonts)
        state = self.state
        key = (tuple(runs), state.font, state.char_space, state.colour, self.height, names)
        found = KEPT_LINES.get(key)
        if found is not None:
            text, after, chars = found
            for font, used in chars:
                self.fonts[font].splitString(used, self.doc)
            state.font, state.char_space, state.colour = after
            return text
        text = self._write(runs)
        if any(OWN_CODES.search(run.text) for run in runs):
            return text
        if len(KEPT_LINES) >= MAX_KEPT_LINES:
            KEPT_LINES.clear()
        chars = tuple((font, "".join(sorted({ch for run in runs if run.font == font for ch in run.text})))
                      for font in fonts)
        KEPT_LINES[key] = (text, (state.font, state.char_space, state.colour), chars)
        return text

    def _write(self, runs: Sequence[TextRun]) -> str:
        out = ["BT"]
        self._colour(out, runs[0])
        if is_vertical(runs[0]):
            self._vertical(out, runs)
        else:
            self._horizontal(out, runs)
        out.append("ET")
        return " ".join(out)

    def _horizontal(self, out: list[str], runs: Sequence[TextRun]) -> None:
        first = runs[0]
        x, y = place(first.x), place(self.height - first.y)
        out.append(f"{x} {y} Td")
        pen = float(x)
        array: list[str] = []
        for i, run in enumerate(runs):
            if i == 0 or self.state.font != (run.font, run.size) or self.state.char_space != run.char_space:
                if array:
                    out.append("[" + " ".join(array) + "] TJ")
                    array = []
                self._set(out, run)
            if i:
                adjust = num(math.ceil((pen - run.x) * 1e6 / run.size + 0.5) / 1000)  # never past its place
                if adjust != "0":
                    array.append(adjust)
                    pen -= float(adjust) * run.size / 1000
            array.append(shown(self._codes(run)))
            pen += self.fonts[run.font].width(run.text) * run.size / 1000 + len(run.text) * run.char_space
        out.append("[" + " ".join(array) + "] TJ")

    def _vertical(self, out: list[str], runs: Sequence[TextRun]) -> None:
        """Each cell by its text matrix (as ReportLab placed it: readers that group glyphs by their exact
        positions read the same cells)."""
        for run in runs:
            self._set(out, run)
            a, b, c, d = (0.0, -run.scale, 1.0, 0.0) if run.turned else (run.scale, 0.0, 0.0, 1.0)
            out.append(place(a, b, c, d, run.x, self.height - run.y) + " Tm " + shown(self._codes(run)) + " Tj")
