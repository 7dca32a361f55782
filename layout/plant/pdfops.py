"""A small, fast lexer for PDF content streams: (operands, operator) pairs.

pypdf's ContentStream builds an object per token and takes seconds on a newspaper page; preflight only
needs operators and a few numeric operands, so strings, arrays and dictionaries are skipped as raw
bytes. Nested parentheses and escapes in literal strings are honoured. An inline image (`BI … ID data
EI`) is one pair: its dictionary's bytes and `BI`, its data skipped; `inline_image` reads that dictionary
(here for the preflight's walk and for the opener of outside PDFs, layout/tools/pdfin.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    rb"(?:\s|%[^\r\n]*)*"                    # whitespace and comments before the token
    rb"(?:(?P<str>\((?:[^()\\]|\\.)*\))"     # a literal string without nested parentheses
    rb"|(?P<nested>\()"                    # one with nested parentheses: scanned by hand
    rb"|(?P<hex><[0-9A-Fa-f\s]*>)"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<name>/[^\s()<>\[\]{}/%]*)"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|(?P<op>[A-Za-z'\"*][A-Za-z0-9*]*))?"
)


# A run of positioned strings (`a b c d x y Tm (…) Tj` or `… Tm <…> Tj` again and again: how a justified line
# was drawn before `layout.render.textstream`, and how a vertical line's turned runs are). It sets
# no colour, state or resource, so it is passed over in one match and reported as one Tj (what the checks
# read of it: text is drawn here).
_TEXT_RUN = re.compile(rb"(?:\s*+[\d. +-]*+Tm\s*+(?:\((?:[^()\\]++|\\.)*+\)|<[0-9A-Fa-f]*+>)\s*+Tj)++")
# A line as `layout.render.textstream` writes it: one array of strings and numbers shown with TJ, passed over
# in one match and reported as one TJ.
_TJ_ARRAY = re.compile(rb"\s*+\[(?:\s*+(?:<[0-9A-Fa-f]*+>|\((?:[^()\\]++|\\.)*+\)|[+-]?[\d.]++))*+\s*+\]\s*+TJ")


MAX_INLINE_DICT = 1024  # bytes between BI and ID: an inline image's dictionary (a real one has under 200)
_DELIM = rb"\s()<>\[\]{}/%"
_ID = re.compile(rb"(?<=[\s\])>])ID(?=\s)")  # the end of an inline image's dictionary
_EI = re.compile(rb"(?<=\s)EI(?![^%s])" % _DELIM)  # the end of its data: EI between delimiters
_ENTRY = re.compile(rb"(/[^%s]*)\s*(\[[^\]]*\]|<<.*?>>|\((?:[^()\\]|\\.)*\)|<[^>]*>|/[^%s]*|[^%s]+)"
                    % (_DELIM, _DELIM, _DELIM), re.S)
_NAME = re.compile(rb"/[^%s]*" % _DELIM)
_ABBREVIATED = {"/W": "/Width", "/H": "/Height", "/CS": "/ColorSpace", "/BPC": "/BitsPerComponent",
                "/IM": "/ImageMask", "/F": "/Filter", "/L": "/Length"}
_FILTERS = {"/AHx": "/ASCIIHexDecode", "/A85": "/ASCII85Decode", "/LZW": "/LZWDecode", "/Fl": "/FlateDecode",
            "/RL": "/RunLengthDecode", "/CCF": "/CCITTFaxDecode", "/DCT": "/DCTDecode"}


@dataclass(frozen=True, slots=True)
class InlineImage:
    """An inline image's dictionary as the checks read it (abbreviations spelt out)."""

    width: int = 0
    height: int = 0
    space: str = ""  # /ColorSpace as written: a name (/RGB, /DeviceCMYK, a resource's name); an array's base
    mask: bool = False  # /ImageMask true: a stencil, drawn in the fill colour
    bits: int = 8
    filters: tuple[str, ...] = ()
    length: int = -1  # /Length of its data, when given (-1: not given)


def _whole(value: bytes) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


def inline_image(raw: bytes) -> InlineImage:
    """The dictionary of an inline image (the bytes between `BI` and `ID`)."""
    entries = {}
    for m in _ENTRY.finditer(raw[:MAX_INLINE_DICT]):
        key = m.group(1).decode("latin-1")
        entries[_ABBREVIATED.get(key, key)] = m.group(2)
    space = entries.get("/ColorSpace", b"")
    names = [n.decode("latin-1") for n in _NAME.findall(space)]
    if space.startswith(b"[") and names[:1] in (["/I"], ["/Indexed"]):
        names = names[1:]  # an indexed space: judged by its base
    filters = [_FILTERS.get(n.decode("latin-1"), n.decode("latin-1")) for n in _NAME.findall(entries.get("/Filter",
                                                                                                      b""))]
    return InlineImage(_whole(entries.get("/Width", b"0")), _whole(entries.get("/Height", b"0")),
                       names[0] if names else "", entries.get("/ImageMask", b"") == b"true",
                       _whole(entries.get("/BitsPerComponent", b"8")), tuple(filters),
                       _whole(entries["/Length"]) if "/Length" in entries else -1)


def _inline_end(data: bytes, i: int) -> tuple[int, int]:
    """Where the dictionary of the inline image whose `BI` ends at `i` ends (its `ID`), and the index just
    after its `EI` (by its /Length when it gives one, else the first EI between delimiters)."""
    found = _ID.search(data, i, min(len(data), i + MAX_INLINE_DICT))
    if found is None:
        return len(data), len(data)
    start = found.end() + 1  # one white-space byte after ID
    length = inline_image(data[i:found.start()]).length
    if length >= 0:
        after = _EI.match(data, start + length + 1) or _EI.match(data, start + length)
        if after is not None:
            return found.start(), after.end()
    end = _EI.search(data, start)
    return found.start(), len(data) if end is None else end.end()


def _skip_string(data: bytes, i: int) -> int:
    """Index just after the literal string that opens at data[i] == '('."""
    depth = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash: skip the escaped byte
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def iter_ops(data: bytes) -> Iterator[tuple[list[bytes], bytes]]:
    """Yield (operands, operator); operands are raw tokens (numbers and names; strings as b'()')."""
    operands: list[bytes] = []
    nest = 0
    i = 0
    n = len(data)
    match = _TOKEN.match
    text_run = _TEXT_RUN.match
    tj_array = _TJ_ARRAY.match
    while i < n:
        if not nest and not operands:
            run = text_run(data, i)
            if run is not None:
                i = run.end()
                yield [], b"Tj"
                continue
            run = tj_array(data, i)
            if run is not None:
                i = run.end()
                yield [b"[]"], b"TJ"
                continue
        m = match(data, i)
        if m is None:
            i += 1
            continue
        kind = m.lastgroup
        if kind == "nested":
            i = _skip_string(data, m.start(kind))
            if not nest:
                operands.append(b"()")
            continue
        i = m.end()
        if kind is None:
            if i == m.start():
                i += 1  # a byte that starts no token
            continue
        if kind == "str":
            if not nest:
                operands.append(b"()")
            continue
        if kind == "open":
            nest += 1
        elif kind == "close":
            nest = max(0, nest - 1)
            if not nest:
                operands.append(b"[]")
        elif nest:
            continue
        elif kind == "op":
            op = m.group("op")
            if op == b"BI":  # inline image: its dictionary, its data skipped to EI
                end, after = _inline_end(data, i)
                yield [data[i:end]], op
                i, operands = after, []
                continue
            yield operands, op
            operands = []
        else:
            operands.append(m.group(kind))
