"""A small, fast lexer for PDF content streams: (operands, operator) pairs.

pypdf's ContentStream builds an object per token and takes seconds on a newspaper page; preflight only
needs operators and a few numeric operands, so strings, arrays and dictionaries are skipped as raw
bytes. Nested parentheses and escapes in literal strings are honoured.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
            if op == b"BI":  # inline image: skip to EI
                end = data.find(b"EI", i)
                i = n if end < 0 else end + 2
                operands = []
                continue
            yield operands, op
            operands = []
        else:
            operands.append(m.group(kind))
