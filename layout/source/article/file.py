"""An article's file read within bounds: a regular file inside the edition, its size and lines limited, UTF-8,
no control or direction characters; the limits every part of the reader checks (docs/edition-format.md)."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from layout.errors import error
from layout.infra.files import overlaid

MAX_FILE_BYTES = 2_000_000  # 2 MB: a whole page of text is about 10,000 characters
MAX_LINES = 50_000
MAX_PARAGRAPH_CHARS = 50_000  # also for each front-matter value
MAX_RUN = 1_000  # letters/digits in a row without a space or punctuation (the normaliser is quadratic in it)
MAX_DEPTH = 4  # lists and `>` quotes inside each other (any nesting is refused; this bounds the parser)
MAX_BRACKETS = 10_000  # `[` in one article: markdown-it's link parser is quadratic in unmatched ones
MAX_YAML_DEPTH = 8  # front matter needs 3 (mapping → photos → photo)

# Errors wherever they occur: C0 controls but tab and newline (CR is turned into a newline first),
# DEL, C1 controls but NEL (a paragraph break), the replacement character, bidirectional controls.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffd\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u200b\ufeff]")  # zero-width space, zero-width no-break space: dropped
_PARA_BREAKS = re.compile("[\u2029\x85]")  # paragraph separator, NEL: a blank line
_RUN = re.compile(r"[\w.+-]+")


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
