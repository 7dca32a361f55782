"""An article's body: CommonMark blocks (markdown-it-py) to paragraphs, normalised, with the bold spans moved
where the normaliser moved their characters."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from markdown_it.token import Token

from layout.errors import error
from layout.model.article import Paragraph, ParaKind, Span, SpanKind
from layout.source.article.file import (
    _FORBIDDEN,
    _INVISIBLE,
    _PARA_BREAKS,
    MAX_BRACKETS,
    MAX_DEPTH,
    MAX_PARAGRAPH_CHARS,
    _size_problem,
)
from layout.source.article.inline import _MD, LINE_BREAK, _Inline, _Line, _Where, _wide
from layout.text.normalize import normalize_mapped

BULLET = "●"  # printed for `- item`; `1. item` prints 1．, `1) item` prints 1）
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")


def read_body(body: str, first_line: int, file: str) -> tuple[Paragraph, ...]:
    """The Markdown body → paragraphs. `first_line` is the file line where the body starts."""
    lines: list[str] = []
    line_of: list[int] = []  # file line of each body line (a U+2029 splits a line in two)
    for i, raw in enumerate(_INVISIBLE.sub("", body).split("\n")):
        for k, part in enumerate(_PARA_BREAKS.split(raw)):
            if k:
                lines.append("")
                line_of.append(first_line + i)
            lines.append(part)
            line_of.append(first_line + i)
    where = _Where(file, lines, line_of)
    brackets = body.count("[")
    if brackets > MAX_BRACKETS:
        at = -1
        for _ in range(MAX_BRACKETS + 1):
            at = body.find("[", at + 1)
        raise error(f"{brackets:,} '[' in the article; at most {MAX_BRACKETS:,} are allowed (the one over the "
                    "limit is here)", file, first_line + body.count("\n", 0, at), None,
                    "write 【】 for brackets in Chinese text", code="too-many-brackets")
    tokens = _MD.parse("\n".join(lines))
    _check_depth(tokens, where)
    return tuple(_Walker(where).walk(tokens))


def _check_depth(tokens: list[Token], where: _Where) -> None:
    """Refuse lists and quotes nested more than MAX_DEPTH deep. markdown-it stops parsing (and drops
    the rest of the file) at maxNesting = 2·MAX_DEPTH + 2 levels; a list takes two levels (list and
    item), a quote one, so wherever it stops the tokens show more than MAX_DEPTH containers."""
    depth = 0
    for tok in tokens:
        if tok.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth > MAX_DEPTH:
                index = tok.map[0] if tok.map else 0
                raise where.fail(index, f"lists and '>' quotes nested more than {MAX_DEPTH} levels deep",
                                 "an article has no nested lists or quotes: write plain paragraphs",
                                 code="nested-block")
        elif tok.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            depth -= 1


_BLOCK_ERRORS = {
    "hr": ("a thematic break (---, *** or ___) in the body",
           "delete it: paragraphs are separated by a blank line; rules between stories are boxes in the plan"),
    "code_block": ("a line indented by 4 spaces or a tab (Markdown code)",
                   "remove the indentation: the first-line indent of a paragraph is set automatically"),
    "fence": ("a fenced code block (``` or ~~~)", "newspaper text has no code: write it as a paragraph"),
    "html_block": ("HTML in the body", "HTML cannot be printed: delete it, or write \\< for a literal <"),
}


@dataclass(slots=True)
class _Walker:
    """Walks markdown-it's block tokens; collects paragraphs; refuses what the format does not have."""

    where: _Where
    out: list[Paragraph] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)  # "quote", "list"
    quote_line: int | None = None  # body index of the top-level quote that must stay last
    marker: str = ""  # the list marker waiting for the item's first paragraph
    item_index: int = 0  # body index of the current list item
    item_text: bool = False  # the current list item has a paragraph
    numbers: list[int] = field(default_factory=list)  # next number of each open list (0: a quote)

    def walk(self, tokens: list[Token]) -> list[Paragraph]:
        for i, tok in enumerate(tokens):
            index = tok.map[0] if tok.map else 0
            if tok.level == 0 and tok.nesting >= 0 and tok.type != "blockquote_open" and self.quote_line is not None:
                raise self.where.fail(self.quote_line, "a '>' block that is not at the end of the article",
                                      "a final block of '> ' lines is the signature (issuing bodies, date): "
                                      f"move it to the end, or remove the '>' (text follows at line "
                                      f"{self.where.line(index)})", code="quote-not-last")
            if tok.type in _BLOCK_ERRORS:
                message, hint = _BLOCK_ERRORS[tok.type]
                raise self.where.fail(index, message, hint, code="unsupported-markdown")
            if tok.type == "inline":
                self.inline(tokens[i - 1], tok)
            else:
                self.block(tok, index)
        return self.out

    def block(self, tok: Token, index: int) -> None:
        if tok.type == "blockquote_open":
            self.enter("quote", index)
            self.numbers.append(0)
            if tok.level == 0 and self.quote_line is None:
                self.quote_line = index
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            self.enter("list", index)
            self.numbers.append(int(tok.attrs.get("start", 1)))
        elif tok.type == "list_item_open":
            if tok.markup in (".", ")"):
                n = self.numbers[-1]
                self.numbers[-1] += 1
                self.marker = f"{n}{'．' if tok.markup == '.' else '）'}"
            else:
                self.marker = BULLET
            self.item_index, self.item_text = index, False
        elif tok.type == "list_item_close" and not self.item_text:
            raise self.where.fail(self.item_index, "an empty list item",
                                  "write the item's text after the marker, or delete the line", code="empty-list-item")
        elif tok.type == "heading_open":
            if not tok.markup.startswith("#"):
                raise self.where.fail(index, "a line of === or --- under text (a Markdown heading)",
                                      "write a subhead as '## text'; to keep the line as text, put a blank "
                                      "line between", code="unsupported-markdown")
            if self.stack:
                raise self.where.fail(index, f"a subhead inside a {self.container()}",
                                      "subheads stand on their own: write '## text' outside the list or quote",
                                      code="nested-block")
        elif tok.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            self.stack.pop()
            self.numbers.pop()

    def container(self) -> str:
        return "'>' quote" if self.stack[-1] == "quote" else "list item"

    def enter(self, kind: str, index: int) -> None:
        if self.stack:
            what = "a '>' quote" if kind == "quote" else "a list"
            raise self.where.fail(index, f"{what} inside a {self.container()}",
                                  "an article has no nested lists or quotes: write plain paragraphs",
                                  code="nested-block")
        self.stack.append(kind)

    def inline(self, opener: Token, tok: Token) -> None:
        index = tok.map[0] if tok.map else 0
        if len(tok.content) > 2 * MAX_PARAGRAPH_CHARS:  # before markdown-it's inline pass; marks included
            raise self.where.fail(index, f"a paragraph of {len(tok.content):,} characters; the limit is "
                                  f"{MAX_PARAGRAPH_CHARS:,}", "split it into paragraphs with blank lines",
                                  code="text-too-long")
        content_lines = tok.content.split("\n")
        if opener.type == "paragraph_open" and len(content_lines) > 1 and "|" in content_lines[0] \
                and "|" in content_lines[1] and _TABLE_RULE.fullmatch(content_lines[1]):
            raise self.where.fail(index, "a table", "tables cannot be set in a text column: make it an image, "
                                  "or write each row as a paragraph", code="unsupported-markdown")
        children = _MD.inline.parse(tok.content, _MD, {}, [])
        lines = _Inline(self.where, index).run(children)
        if opener.type == "heading_open":
            self.add(ParaKind.SUBHEAD, lines, index, "an empty subhead",
                     "write the subhead after '## ', or delete the line")
        elif self.stack and self.stack[-1] == "quote":
            for line in lines:
                self.add(ParaKind.SIGNATURE, [line], line.index)
        else:
            if self.stack and not self.item_text:
                lines[0].chars[:0] = list(self.marker)
                lines[0].bold[:0] = [False] * len(self.marker)
                self.item_text = True
            self.add(ParaKind.BODY, lines, index)

    def add(self, kind: ParaKind, lines: list[_Line], index: int, empty: str = "", hint: str = "") -> None:
        chars, bold = _join(lines)
        if not chars:
            if empty:
                raise self.where.fail(index, empty, hint, code="empty-subhead")
            return
        self.out.append(_paragraph(kind, chars, bold, index, self.where))


def _join(lines: list[_Line]) -> tuple[list[str], list[bool]]:
    """Soft-wrapped lines join without a space where a CJK character meets the break and with one
    between Latin words; a hard break becomes U+2028. Whitespace at each line's ends is dropped."""
    chars: list[str] = []
    bold: list[bool] = []
    hard = False
    for ln in lines:
        hard = hard or ln.hard
        a, b = _strip(ln.chars, ln.bold)
        if not a:
            continue
        if chars:
            sep = LINE_BREAK if hard else "" if _wide(chars[-1]) or _wide(a[0]) else " "
            if sep:
                chars.append(sep)
                bold.append(bold[-1] and b[0])
        chars += a
        bold += b
        hard = False
    return chars, bold


def _strip(chars: list[str], bold: list[bool]) -> tuple[list[str], list[bool]]:
    i, j = 0, len(chars)
    while i < j and chars[i].isspace():
        i += 1
    while j > i and chars[j - 1].isspace():
        j -= 1
    return chars[i:j], bold[i:j]


def _paragraph(kind: ParaKind, chars: list[str], bold: list[bool], index: int, where: _Where) -> Paragraph:
    """Check, normalise (NFC and docs/text-engine.md §2) and carry the bold runs over to the final text."""
    raw = "".join(chars)
    problem = _size_problem(raw, "a paragraph")
    if problem:
        raise where.fail(index, *problem, code="text-too-long")
    m = _FORBIDDEN.search(raw)
    if m:  # the file itself was checked: this came from a character reference such as &#0;
        raise where.fail(index, f"a character reference gives U+{ord(m.group()):04X}, which cannot be printed",
                         "delete the &…; reference", "&", code="forbidden-character")
    nfc = unicodedata.normalize("NFC", raw)
    text, moved = normalize_mapped(nfc)
    runs: list[tuple[int, int]] = []
    k = 0 if True in bold else len(raw)  # most paragraphs have no bold: no walk over their characters
    while k < len(raw):
        if not bold[k] or raw[k].isspace():
            k += 1
            continue
        end = k
        while end < len(raw) and bold[end]:
            end += 1
        while raw[end - 1].isspace():
            end -= 1
        runs.append((k, end))
        k = end + 1
    return Paragraph(kind, text, where.line(index), _spans(runs, raw, text, moved if nfc == raw else None))


def _spans(runs: list[tuple[int, int]], raw: str, text: str, moved: list[int] | None) -> tuple[Span, ...]:
    """The bold runs (positions in `raw`) as spans of the normalised `text`: `moved` is where the normaliser
    put each character; when NFC changed the text first, an alignment of the two instead."""
    if not runs:
        return ()
    pos = moved if moved is not None else _align(raw, text)
    spans: list[Span] = []
    for a, b in runs:
        start, end = pos[a], pos[b]
        if end <= start:
            continue
        if spans and spans[-1].end >= start:
            spans[-1] = Span(spans[-1].start, max(end, spans[-1].end), SpanKind.BOLD)
        else:
            spans.append(Span(start, end, SpanKind.BOLD))
    return tuple(spans)


def _align(src: str, dst: str) -> list[int]:
    """For each position 0..len(src) in `src`, the matching position in `dst` = normalize(src).

    The normaliser only replaces characters one for one, turns a lone — into ——, 3–6 dots into ……
    and drops spaces; a linear walk follows that. If it ever loses step, difflib aligns instead."""
    pos = [0] * (len(src) + 1)
    i = j = 0
    while i < len(src) and j < len(dst):
        a = src[i]
        if a == "." and dst[j] == "…" and src.startswith("...", i):
            run = len(src[i : i + 6]) - len(src[i : i + 6].lstrip("."))
            pos[i : i + run] = [j] * run
            i, j = i + run, j + 2
        elif a == "—" and dst.startswith("——", j) and not src.startswith("——", i) and src[i - 1 : i] != "—":
            pos[i], i, j = j, i + 1, j + 2
        elif a == dst[j] or a != " ":
            pos[i], i, j = j, i + 1, j + 1
        else:  # a space the normaliser dropped
            pos[i], i = j, i + 1
    while i < len(src) and src[i] == " ":
        pos[i], i = j, i + 1
    if i == len(src) and j == len(dst):
        pos[len(src)] = j
        return pos
    return _align_difflib(src, dst)


def _align_difflib(src: str, dst: str) -> list[int]:
    pos = [0] * (len(src) + 1)
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, src, dst, autojunk=False).get_opcodes():
        for k in range(a0, a1):
            pos[k] = b0 + (k - a0 if op == "equal" else min(k - a0, max(b1 - b0 - 1, 0)))
    pos[len(src)] = len(dst)
    return pos
