"""Inside a paragraph: markdown-it's inline tokens to text with bold ranges, links printed with their address;
where in the body a problem is (`_Where`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from layout.errors import error
from layout.source.article.file import _INVISIBLE, MAX_DEPTH, _visible

LINE_BREAK = "\u2028"
_BREAKS = re.compile("[\u2028\u2029\x85]")  # a line break inside text

_MD = MarkdownIt("commonmark", {"maxNesting": 2 * MAX_DEPTH + 2})
# No link reference definitions (`[x]: …` lines would vanish from the text); the inline pass runs per
# paragraph, after the paragraph's length is checked.
_MD.disable(["reference", "inline", "text_join"])


# ---------------------------------------------------------------------------------------------------
# where in the body a problem is


@dataclass(frozen=True, slots=True)
class _Where:
    """Positions in the body for messages: body line index → file line, and the body's lines."""

    file: str
    lines: list[str]
    line_of: list[int]

    def line(self, index: int) -> int:
        return self.line_of[min(max(index, 0), len(self.line_of) - 1)]

    def col(self, index: int, needle: str | None = None) -> int | None:
        text = self.lines[min(max(index, 0), len(self.lines) - 1)]
        if needle is None:
            return len(text) - len(text.lstrip()) + 1
        k = text.find(needle)
        return k + 1 if k >= 0 else None

    def fail(self, index: int, message: str, hint: str, needle: str | None = None, *, code: str) -> Exception:
        return error(message, self.file, self.line(index), self.col(index, needle), hint, code=code)


# ---------------------------------------------------------------------------------------------------
# inline content


@dataclass(slots=True)
class _Line:
    """One source line of a paragraph's inline content, as characters with a bold flag each."""

    index: int  # body line index
    hard: bool = False  # a hard break (or U+2028) comes before this line
    chars: list[str] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)


_INLINE_ERRORS = {
    "em_open": ("*…* or _…_ (emphasis): Chinese type has no italics",
                "write **…** for bold; write \\* or \\_ for a literal * or _"),
    "image": ("a picture in the text",
              "pictures are photos: list them under `photos:` in the front matter and place them in the plan"),
    "code_inline": ("`…` (code) in the text", "remove the backticks, or write \\` for a literal backtick"),
    "html_inline": ("HTML in the text", "HTML cannot be printed: delete it, or write \\< for a literal <"),
}


@dataclass(slots=True)
class _Inline:
    """Inline tokens → lines of characters: text, bold runs, links with their address, line breaks."""

    where: _Where
    index: int
    lines: list[_Line] = field(default_factory=list)
    strong: int = 0
    link_at: tuple[int, int] = (0, 0)  # (line, position in it) where the current link's text starts
    link_href: str = ""

    def run(self, children: list[Token]) -> list[_Line]:
        self.lines = [_Line(self.index)]
        for tok in children:
            if tok.type == "text" and "**" in tok.content:
                raise self.where.fail(self.lines[-1].index, "'**' that neither opens nor closes bold text",
                                      "next to Chinese punctuation Markdown cannot tell where bold ends: put the "
                                      "punctuation outside the marks (“**引号**”), or write \\*\\* for two "
                                      "asterisks", "**", code="unmatched-bold")
            if tok.type in ("text", "text_special"):
                self.text(tok.content)
            elif tok.type in ("softbreak", "hardbreak"):
                self.lines.append(_Line(self.lines[-1].index + 1, tok.type == "hardbreak"))
            elif tok.type in ("strong_open", "strong_close"):
                self.strong += 1 if tok.type == "strong_open" else -1
            elif tok.type == "link_open":
                self.link_open(tok)
            elif tok.type == "link_close":
                self.link_close(tok)
            else:
                self.refuse(tok)
        return self.lines

    def text(self, content: str) -> None:
        if not _BREAKS.search(content):  # most text: its characters, the invisible ones dropped, at once
            chars = _INVISIBLE.sub("", content).replace("\t", " ")
            self.lines[-1].chars += chars
            self.lines[-1].bold += [self.strong > 0] * len(chars)
            return
        for ch in content:
            if ch in "\u2028\u2029\x85":  # typed U+2028, or any of them from a character reference
                self.lines.append(_Line(self.lines[-1].index, True))
            elif not _INVISIBLE.match(ch):
                self.lines[-1].chars.append(" " if ch == "\t" else ch)
                self.lines[-1].bold.append(self.strong > 0)

    def refuse(self, tok: Token) -> None:
        message, hint = _INLINE_ERRORS.get(tok.type, (f"Markdown '{tok.type}' in the text",
                                                      "write plain text"))
        needle = {"em_open": tok.markup, "image": "![", "code_inline": "`"}.get(tok.type, tok.content[:20])
        if tok.type == "html_inline":
            message += f" ({_visible(tok.content[:40])})"
        raise self.where.fail(self.lines[-1].index, message, hint, needle or None, code="unsupported-markdown")

    def link_open(self, tok: Token) -> None:
        if tok.attrs.get("title"):
            raise self.where.fail(self.lines[-1].index, "a link with a title ([text](address \"title\"))",
                                  "a link title cannot be printed: delete it or write it into the text", "](",
                                  code="unsupported-markdown")
        self.link_at = (len(self.lines) - 1, len(self.lines[-1].chars))
        self.link_href = str(tok.attrs.get("href", ""))

    def link_close(self, tok: Token) -> None:
        """A link prints its text and then its address in brackets (once, if they are the same)."""
        if tok.markup == "autolink" or not self.link_href:
            return
        first, start = self.link_at
        shown = "".join("".join(ln.chars[start if k == first else 0 :])
                        for k, ln in enumerate(self.lines) if k >= first).strip()
        url = _MD.normalizeLinkText(self.link_href)
        if shown in (url, url.removeprefix("mailto:")):
            return
        if not shown:
            self.text(url)
        else:
            self.text(f"（{url}）" if _wide(shown[-1]) else f" ({url})")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"
