"""Read `articles/<slug>.md`: YAML front matter and a CommonMark body (parsed by markdown-it-py).

What the body may hold and what each construct becomes is in docs/edition-format.md ("Articles");
every refusal is a LayoutError naming file:line(:col) with a hint. Hostile files are bounded: size,
lines, paragraph length, nesting and `[` count are limited before markdown-it can be slow or deep.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from layout.errors import Diagnostic, LayoutError, error
from layout.files import overlaid
from layout.model.article import Article, Paragraph, ParaKind, Photo, Span, SpanKind
from layout.text import normalize
from layout.text.normalize import normalize_mapped
from layout.yamlio.read import Located, Pos, load_yaml_text

FRONT_KEYS = ("title", "kicker", "subtitle", "byline", "source", "jump_title", "photos")
PHOTO_KEYS = ("id", "caption", "credit", "file")

MAX_FILE_BYTES = 2_000_000  # 2 MB: a whole page of text is about 10,000 characters
MAX_LINES = 50_000
MAX_PARAGRAPH_CHARS = 50_000  # also for each front-matter value
MAX_RUN = 1_000  # letters/digits in a row without a space or punctuation (the normaliser is quadratic in it)
MAX_DEPTH = 4  # lists and `>` quotes inside each other (any nesting is refused; this bounds the parser)
MAX_BRACKETS = 10_000  # `[` in one article: markdown-it's link parser is quadratic in unmatched ones
MAX_YAML_DEPTH = 8  # front matter needs 3 (mapping → photos → photo)

BULLET = "●"  # printed for `- item`; `1. item` prints 1．, `1) item` prints 1）

# Errors wherever they occur: C0 controls but tab and newline (CR is turned into a newline first),
# DEL, C1 controls but NEL (a paragraph break), the replacement character, bidirectional controls.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffd\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u200b\ufeff]")  # zero-width space, zero-width no-break space: dropped
_PARA_BREAKS = re.compile("[\u2029\x85]")  # paragraph separator, NEL: a blank line
_FENCE = re.compile(r"---[ \t]*")
_KEY_LINE = re.compile(r"\s*(?:" + "|".join(FRONT_KEYS) + r")\s*[:：]", re.IGNORECASE)
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")
_RUN = re.compile(r"[\w.+-]+")
LINE_BREAK = "\u2028"

_MD = MarkdownIt("commonmark", {"maxNesting": 2 * MAX_DEPTH + 2})
# No link reference definitions (`[x]: …` lines would vanish from the text); the inline pass runs per
# paragraph, after the paragraph's length is checked.
_MD.disable(["reference", "inline", "text_join"])


# ---------------------------------------------------------------------------------------------------
# the file


def file_kind(mode: int) -> str:
    """What a stat mode is, in words, for messages about things that are not regular files."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISREG, "a regular file")):
        if test(mode):
            return name
    return "not a regular file"


def _read_bytes(path: Path) -> bytes:
    """At most MAX_FILE_BYTES of a regular file. A FIFO or device is never read (no hang)."""
    file = str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"not a regular file but {file_kind(st.st_mode)}", file,
                        hint="an article is a regular UTF-8 file", code="not-a-file")
        buffer = overlaid(path)  # an editor's unsaved text of the article (layout lsp)
        if buffer is not None:
            if len(buffer) > MAX_FILE_BYTES:
                raise _too_big(file, len(buffer))
            return buffer
        if st.st_size > MAX_FILE_BYTES:
            raise _too_big(file, st.st_size)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after the stat
                raise error("not a regular file", file, hint="an article is a regular UTF-8 file", code="not-a-file")
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise error("file not found", file, hint="check the slug and the articles/ folder",
                    code="file-not-found") from None
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", file, hint="check the file's permissions",
                    code="unreadable-file") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(file, len(raw))
    return raw


def _too_big(file: str, size: int) -> Exception:
    return error(f"the file is {size:,} bytes; an article may be at most {MAX_FILE_BYTES:,} bytes (2 MB)", file,
                 hint="split it into several articles: one story per file", code="file-too-large")


def read_text_file(path: Path) -> str:
    """UTF-8 (a BOM is allowed); anything else is an input error naming the byte. Newlines become LF;
    forbidden characters are errors naming file:line:col and the code point; the text is NFC."""
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = "the file looks like GBK/GB18030: convert it with `iconv -f gb18030 -t utf-8`"
        except UnicodeDecodeError:
            pass
        raise error(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", str(path), line, None, hint,
                    code="not-utf8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise error(f"the file has {lines:,} lines; an article may have at most {MAX_LINES:,}", str(path),
                    hint="split it into several articles: one story per file", code="too-many-lines")
    m = _FORBIDDEN.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        message, hint = _forbidden(m.group())
        raise error(message + " in the text", str(path), line, col, hint, code="forbidden-character")
    return unicodedata.normalize("NFC", text)


def _forbidden(ch: str) -> tuple[str, str]:
    """(what, hint) for a character that cannot be printed; the character is named, never shown."""
    cp = f"U+{ord(ch):04X}"
    if ch == "\ufffd":
        return (f"replacement character {cp}",
                "the text was damaged when it was converted: type the missing character again")
    if unicodedata.category(ch) == "Cf":
        return (f"bidirectional control character {cp} ({unicodedata.name(ch)})",
                "delete it: it is invisible and cannot be printed")
    return f"control character {cp}", "delete it: it cannot be printed"


# ---------------------------------------------------------------------------------------------------
# front matter


@dataclass(slots=True)
class _Front:
    meta: dict[str, Any] = field(default_factory=dict)  # as YAML types it (None, list, dict, str, int …)
    raw: dict[str, Any] = field(default_factory=dict)  # every scalar as the text written
    located: Located | None = None


def _split_front(text: str, file: str) -> tuple[str | None, int, int, str]:
    """(front matter or None, its first line, the body's first line, the body). Lines are 1-based."""
    lines = text.split("\n")
    k = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if k is None:
        return None, 0, 1, text
    if _FENCE.fullmatch(lines[k]):
        for e in range(k + 1, len(lines)):
            if _FENCE.fullmatch(lines[e]):
                return "\n".join(lines[k + 1 : e]), k + 2, e + 2, "\n".join(lines[e + 1 :])
        raise error("front matter is opened with '---' but never closed", file, k + 1, 1,
                    "add a line '---' after the last front-matter key", code="front-matter-unclosed")
    if _KEY_LINE.match(lines[k]):
        raise error("the front matter has no opening '---'", file, k + 1, 1,
                    f"line {k + 1} looks like a front-matter key: add a line '---' above it and another "
                    "after the last key", code="front-matter-unopened")
    return None, 0, 1, text


def _front_matter(src: str, first: int, file: str) -> _Front:
    src = re.sub("[\u2028\u2029\x85]", " ", src)  # YAML counts them as line breaks: keep lines aligned
    _check_yaml_shape(src, first, file)
    located = load_yaml_text(src, file, offset_lines=first - 1)
    if located.data is None:
        return _Front(located=located)
    if not isinstance(located.data, dict):
        hint = "write one `key: value` per line, starting with `title: …`"
        if "：" in src:
            hint += " (with an ASCII colon and a space, not ：)"
        raise error(f"front matter must be a mapping of keys to values, not {_type_name(located.data)}", file,
                    first, 1, hint, code="front-matter-not-mapping")
    raw = yaml.load(src, Loader=yaml.BaseLoader)  # safe: no aliases, shallow (checked above)
    return _Front(located.data, raw if isinstance(raw, dict) else {}, located)


def _check_yaml_shape(src: str, first: int, file: str) -> None:
    """No aliases (a few lines of `*a` can expand to gigabytes) and no deep nesting (PyYAML composes
    recursively). Malformed YAML is left to load_yaml_text, which reports it with its position."""
    depth = 0
    try:
        for event in yaml.parse(src, Loader=yaml.SafeLoader):
            mark = event.start_mark
            line, col = (mark.line + first, mark.column + 1) if mark else (None, None)
            if isinstance(event, yaml.AliasEvent):
                raise error("YAML aliases (*name) are not allowed in front matter", file, line, col,
                            "write the value out in full", code="yaml-alias")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise error(f"front matter nested more than {MAX_YAML_DEPTH} levels deep", file, line, col,
                                "front matter is `key: value` lines and a photo list", code="yaml-too-deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a single value"


def _text(value: Any, raw: Any, what: str, file: str, pos: Pos | None) -> str:
    """A front-matter text value exactly as written (YAML's 007, 1e3, yes, 2026-04-23 stay text)."""
    if value is None:
        return ""
    line, col = (pos.line, pos.col) if pos else (None, None)
    if isinstance(value, list | dict):
        raise error(f"{what} must be text, not {_type_name(value)}", file, line, col,
                    "write the text on the same line after the colon; quote it if it starts with [ { - or #",
                    code="not-text")
    text = _INVISIBLE.sub("", (raw if isinstance(raw, str) else str(value)).replace("\t", " "))
    m = _FORBIDDEN.search(text)
    if m:
        message, hint = _forbidden(m.group())
        raise error(f"{message} in {what}", file, line, col, hint, code="forbidden-character")
    problem = _size_problem(text, what, "shorten it")
    if problem:
        raise error(problem[0], file, line, col, problem[1], code="text-too-long")
    return normalize(unicodedata.normalize("NFC", text).strip(), spaces=False)  # heads, bylines: spaces mean


def _field(front: _Front, key: str, file: str) -> str:
    pos = front.located.pos((key,)) if front.located else None
    return _text(front.meta.get(key), front.raw.get(key), f"'{key}'", file, pos)


def _did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_keys(front: _Front, file: str) -> None:
    for key in front.meta:
        if key not in FRONT_KEYS:
            pos = front.located.pos((key,), key=True) if front.located else None
            raise error(f"unknown front-matter key '{key}'{_did_you_mean(key, FRONT_KEYS)}", file,
                        pos.line if pos else None, pos.col if pos else None,
                        "allowed keys: " + ", ".join(FRONT_KEYS), code="unknown-key")


def _photos(front: _Front, file: str) -> tuple[Photo, ...]:
    value, located = front.meta.get("photos"), front.located
    if value is None:
        return ()
    if not isinstance(value, list):
        pos = located.pos(("photos",)) if located else None
        raise error("'photos' must be a list", file, pos.line if pos else None, pos.col if pos else None,
                    "write each photo as '- id: …' with caption and credit", code="bad-photos")
    raw = front.raw.get("photos")
    photos: list[Photo] = []
    first: dict[str, int] = {}
    for i, item in enumerate(value):
        raw_item = raw[i] if isinstance(raw, list) and i < len(raw) and isinstance(raw[i], dict) else {}
        photo = _photo(item, raw_item, i, file, located)
        if photo.id in first:
            raise error(f"duplicate photo id '{photo.id}' (first given at line {first[photo.id]})", file,
                        photo.line, None, "give each photo its own id", code="duplicate-photo-id")
        first[photo.id] = photo.line
        photos.append(photo)
    return tuple(photos)


def _photo(item: Any, raw: dict[str, Any], i: int, file: str, located: Located | None) -> Photo:
    pos = located.pos(("photos", i)) if located else None
    line, col = (pos.line, pos.col) if pos else (0, None)
    if not isinstance(item, dict):
        raise error(f"photo {i + 1} must be a mapping with 'id', 'caption' and 'credit', not "
                    f"{_type_name(item)}", file, line, col,
                    "write each photo as '- id: …' with `caption: …` and `credit: …` indented under it",
                    code="bad-photo")
    for key in item:
        if key not in PHOTO_KEYS:
            kpos = located.pos(("photos", i, key), key=True) if located else None
            raise error(f"unknown photo key '{key}'{_did_you_mean(key, PHOTO_KEYS)}", file,
                        kpos.line if kpos else line, kpos.col if kpos else None,
                        "allowed keys: " + ", ".join(PHOTO_KEYS), code="unknown-key")

    def text(key: str) -> str:
        kpos = located.pos(("photos", i, key)) if located else None
        return _text(item.get(key), raw.get(key), f"'{key}' of photo {i + 1}", file, kpos)

    photo_id = text("id")
    if not photo_id:
        raise error(f"photo {i + 1} has no 'id'", file, line, col,
                    "add `id: …`: the plan refers to the photo as <slug>/<id>", code="photo-without-id")
    file_ref = text("file")
    fpos = located.pos(("photos", i, "file")) if located and "file" in item else None
    return Photo(id=photo_id, caption=text("caption"), credit=text("credit"), file=file_ref or None, line=line,
                 file_line=fpos.line if fpos else 0, file_col=fpos.col if fpos else 0)


# ---------------------------------------------------------------------------------------------------
# the article


def read_article(path: Path) -> Article:
    text = read_text_file(path)
    file = str(path)
    src, first, body_line, body = _split_front(text, file)
    front = _front_matter(src, first, file) if src is not None else _Front()
    _check_keys(front, file)
    slug = path.stem
    title = _field(front, "title", file)
    if not title:
        raise error(f"article '{slug}' has no title", file, max(first - 1, 1), 1,
                    "add `title: …` to the front matter", code="article-without-title")
    photos = _photos(front, file)
    return Article(
        slug=slug, path=file, title=title,
        kicker=_field(front, "kicker", file),
        subtitle=_field(front, "subtitle", file),
        byline=_field(front, "byline", file),
        source=_field(front, "source", file),
        jump_title=_field(front, "jump_title", file),
        photos=photos, paragraphs=read_body(body, body_line, file), lines=_lines(front),
    )


def _lines(front: _Front) -> tuple[tuple[str, int], ...]:
    """The line of each text key's value in the front matter (for messages about what it prints)."""
    if front.located is None:
        return ()
    located = front.located
    return tuple((key, located.pos((key,)).line) for key in FRONT_KEYS
                 if key in front.meta and key != "photos" and located.pos((key,)).line)


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


# ---------------------------------------------------------------------------------------------------
# the Markdown body


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


def _visible(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text.replace("\n", " "))


def _size_problem(text: str, what: str, hint: str = "split it into paragraphs with blank lines") \
        -> tuple[str, str] | None:
    """(message, hint) if the text is too long, or holds a run of letters too long to set (and to
    normalise: the normaliser's e-mail pattern is quadratic in such a run)."""
    if len(text) > MAX_PARAGRAPH_CHARS:
        return f"{what} of {len(text):,} characters; the limit is {MAX_PARAGRAPH_CHARS:,}", hint
    for m in _RUN.finditer(text):
        if m.end() - m.start() > MAX_RUN:
            return (f"{m.end() - m.start():,} letters or digits in a row without a space or punctuation; the "
                    f"limit is {MAX_RUN:,}", "break it with spaces or punctuation (pasted data? missing line breaks?)")
    return None


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


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
    k = 0
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


def read_articles(folder: Path) -> dict[str, Article]:
    """Every `articles/<slug>.md`: hidden files and editor leftovers are skipped; anything that is not a
    regular file inside the edition folder, and a slug that is not a plain name, is an error. Every article's
    problems are reported at once."""
    articles, problems = read_articles_apart(folder)
    if problems:
        raise LayoutError(problems)
    return articles


def read_articles_apart(folder: Path) -> tuple[dict[str, Article], list[Diagnostic]]:
    """The articles that read, and the problems of those that did not (every one, not the first)."""
    adir = folder / "articles"
    if not adir.is_dir():
        raise error("the edition has no articles/ folder", str(folder), hint="put one <slug>.md per story in articles/",
                    code="no-articles-folder")
    root = folder.resolve()
    articles: dict[str, Article] = {}
    problems: list[Diagnostic] = []
    seen: dict[str, Path] = {}  # casefolded slug → its file
    names = sorted(name for name in os.listdir(adir) if name.endswith(".md")
                   and not name.startswith((".", "#")) and not name.endswith("~"))
    for name in names:
        try:
            articles[name[:-3]] = _article_file(adir, name, root, seen)
        except LayoutError as exc:
            problems += exc.diagnostics
    return articles, problems


def _article_file(adir: Path, name: str, root: Path, seen: dict[str, Path]) -> Article:
    """One `articles/NAME`, checked as a file and read."""
    path, slug = adir / name, name[:-3]
    try:
        mode = os.stat(path).st_mode  # follows a symlink; never opens the file
        target = path.resolve()
    except OSError as exc:  # a broken or looping symlink, or no permission
        if path.is_symlink():
            raise error(f"the article is a link to '{os.readlink(path)}', which leads nowhere ({exc.strerror})",
                        str(path), hint="fix the link or delete it", code="broken-link") from None
        raise error(f"cannot read the article: {exc.strerror}", str(path),
                    hint="check the file's permissions", code="unreadable-file") from None
    if not stat.S_ISREG(mode):
        raise error(f"the article is {file_kind(mode)}, not a file", str(path),
                    hint="an article is a regular UTF-8 file: move this out of articles/",
                    code="article-not-a-file")
    if not target.is_relative_to(root):
        raise error(f"the article is a link to {target}, outside the edition folder", str(path),
                    hint=f"copy the file into {adir}: an edition reads only its own files", code="outside-edition")
    if not slug or not all(ch.isalnum() or ch in "-_" for ch in slug):
        raise error(f"'{slug}' is not a usable story name", str(path),
                    hint="name the file with letters, digits, - and _ only (Chinese characters are fine), "
                    "e.g. articles/jieneng.md", code="bad-story-name")
    if slug.casefold() in seen:
        raise error(f"'{name}' and '{seen[slug.casefold()].name}' differ only in upper/lower case", str(path),
                    hint="rename one of them: story names must differ in more than case",
                    code="story-names-differ-in-case")
    seen[slug.casefold()] = path
    return read_article(path)
