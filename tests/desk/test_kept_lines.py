"""The text writer keeps the lines it wrote (`textstream.KEPT_LINES`): a page drawn again after an edit
writes only its changed lines anew. A kept line must be what writing it anew gives, in any document and
after any line: the same bytes, the same font names, the same characters told to each subset."""

from __future__ import annotations

from typing import Any

from layout.model.page import TextRun
from layout.render import textstream
from layout.render.cidfont import OWN_CODES
from layout.render.textstream import TextWriter


class Doc:
    """What a document keeps of its fonts: the names given in order of first use, the characters used."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.used: dict[str, set[str]] = {}
        self.own: dict[str, dict[str, int]] = {}  # characters that get codes of their own, in order of use


class Font:
    def __init__(self, name: str) -> None:
        self.name = name

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        doc.used.setdefault(self.name, set()).update(text)
        own = doc.own.setdefault(self.name, {})
        codes = b"".join((0xE000 + own.setdefault(ch, len(own))).to_bytes(2, "big") if OWN_CODES.match(ch)
                         else ch.encode("utf-16-be") for ch in text)
        return [(0, codes)]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        return "/" + doc.names.setdefault(self.name, f"F{len(doc.names) + 1}") + f"+{subset}"

    def advance(self, ch: str) -> float:
        return 1000.0

    def width(self, text: str) -> float:
        return 1000.0 * len(text)


FONTS = {"body": Font("body"), "head": Font("head")}
RED = (0.0, 1.0, 1.0, 0.0)


def run(text: str, y: float, font: str = "body", size: float = 9.0, x: float = 20.0, **kw: Any) -> TextRun:
    return TextRun(x, y, text, font, size, **kw)


LINE = [run("正文一行", 100), run("接着", 100, x=60.0), run("标题", 100, "head", 12.0, x=90.0)]
OWN = [run("一\xa0行\U00020000", 120)]
PAGES = [  # each a page (a document of its own): its lines in order
    [[run("前一行", 80, "head", 12.0)], LINE, OWN],
    [[run("红色", 80, colour=RED)], LINE],  # the line after another colour
    [[run("间距", 80, char_space=0.5)], [run("正文", 90)], LINE],  # after another character spacing
    [LINE],  # the first line of a page: no text state yet
    [[run("\U00020001\xa0", 80)], OWN, LINE],  # the own codes in another order of first use
    [[run("标题在先", 80, "head", 12.0)], [run("正文", 90)], LINE],  # the same state, the fonts named
    [[run("正文", 90)], LINE],  # in another order
]


def _draw(pages: list[list[list[TextRun]]], fresh: bool) -> list[tuple[list[str], object, object, object]]:
    out = []
    for page in pages:
        doc = Doc()
        writer = TextWriter(FONTS, doc, 800.0)
        texts = []
        for line in page:
            if fresh:
                textstream.KEPT_LINES.clear()
            texts.append(writer.line(line))
        out.append((texts, doc.names, doc.used, doc.own))
    return out


def test_pages_drawn_with_kept_lines_are_the_pages_a_fresh_process_draws() -> None:
    textstream.KEPT_LINES.clear()
    fresh = _draw(PAGES, fresh=True)
    textstream.KEPT_LINES.clear()
    kept = _draw(PAGES + PAGES[::-1], fresh=False)  # every line written again, in other documents and orders
    assert kept == fresh + fresh[::-1]
    assert textstream.KEPT_LINES  # and lines were kept


def test_the_runs_of_a_kept_line_are_those_of_the_line_at_its_place_size_and_metrics() -> None:
    """`compose.page.kept_runs` (a page composed again keeps the runs of the lines it set before): the runs
    of the very line and metrics at the same place and size, else made anew."""
    from layout.compose.page import KEPT_RUNS, kept_runs
    from layout.compose.runs import runs_for_line
    from layout.model.text import Glyph, Line

    class Square:
        def __init__(self, font: str) -> None:
            self.font = font

        def __hash__(self) -> int:
            return 1

        def lookup(self, ch: str) -> tuple[str, float] | None:
            return (self.font, 1.0)

    line = Line(tuple(Glyph(ch, 9.0 * i, "body", i) for i, ch in enumerate("一行正文")), 0, 4, 36.0, 36.0, True)
    body, head = Square("body"), Square("head")
    KEPT_RUNS.clear()
    for x, y, size, metrics in [(10.0, 20.0, 9.0, body), (30.0, 20.0, 9.0, body), (10.0, 50.0, 9.0, body),
                                (10.0, 20.0, 12.0, body), (10.0, 20.0, 9.0, head), (10.0, 20.0, 9.0, body)]:
        assert kept_runs(line, x, y, size, metrics) == runs_for_line(line, x, y, size, metrics)
    assert len(KEPT_RUNS) == 5
