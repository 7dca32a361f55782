"""The slips of a Chinese input method (IME) left on in YAML, found by name before PyYAML reads the text.

With the IME on, `pages_total: 2` comes out as `pages_total：2` (a full-width colon), indentation as U+3000
ideographic spaces, `[1, 2]` as `［1，2］`, `28350` as `２８３５０`. PyYAML then fails lines later
("could not find expected ':'") or reads a string where a number was meant. Each slip here is an error on
its own line and column, named, with the corrected line as the hint (docs/errors.md). Only what cannot be
meant is flagged: a full-width colon after a plain key at the start of a line, U+3000 in the indentation
or right after a key's colon, full-width brackets opening a value, full-width commas or brackets inside a
flow list or mapping, and a value (or flow item) that is wholly a number or a length written in full-width
forms. Text values (`title: 第２届`, `note: 今日：12版`) are left alone, as are comments and block scalars.
"""

from __future__ import annotations

import re
import unicodedata

from layout.errors import Diagnostic, Level

_KEY = re.compile(r"^([ \u3000]*(?:-[ \u3000]+)?)([A-Za-z0-9_\-\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF3F\uFF0D]+)"
                  r"[ \u3000]*([:\uFF1A])")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?\s*(?:mm|cm|pt|in|em|px|q|h|%|chars?|lines?|col(?:umn)?s?)?")
_BLOCK = re.compile(r"[:-][ \t]*[|>][0-9+-]*[ \t]*(?:#.*)?$")
_FULL = re.compile(r"[\uFF01-\uFF5E\u3000]")
MAX_SLIPS = 20


def _slip(file: str, line: int, col: int, name: str, fixed: str, length: int = 1) -> Diagnostic:
    return Diagnostic(Level.ERROR, f"{name} (typed with the Chinese input method on)", file, line, col,
                      f"write `{fixed.rstrip()}`", code="ime-slip", length=length)


def _ascii(text: str) -> str:
    """Full-width forms and U+3000 as their ASCII: `２８３５０` → `28350`, `：` → `:`."""
    return unicodedata.normalize("NFKC", text)


def _value_slips(text: str, start: int, fixed_line: str) -> tuple[str, int, int, str] | None:
    """The first slip in the value `text` (which starts at 0-based column `start` of its line): a name, the
    column (1-based), the length and the corrected line; None if there is none."""
    bare = text.split(" #", 1)[0].rstrip()
    if not bare or bare[0] in "\"'":
        return None
    if bare[0] in "\uFF3B\uFF5B":
        return "full-width bracket", start + 1, 1, fixed_line.replace(bare, _ascii_brackets(bare), 1)
    if bare[0] in "[{":
        for i, ch in enumerate(bare):
            if ch in "\uFF0C\uFF3D\uFF5D\uFF1A":
                name = "full-width comma" if ch == "\uFF0C" else ("full-width colon" if ch == "\uFF1A"
                                                                  else "full-width bracket")
                return name, start + i + 1, 1, fixed_line.replace(bare, _ascii_brackets(bare), 1)
            if ch in "\"'":
                break
    offset = 0
    for item in re.split(r"([\[\]{},:]\s*)", bare):
        token = item.strip()
        if token and _FULL.search(token) and _NUMBER.fullmatch(_ascii(token)):
            col = start + offset + item.index(token) + 1
            kind = "full-width digits" if re.search(r"[\uFF10-\uFF19]", token) else "full-width letters"
            return kind, col, len(token), fixed_line.replace(token, _ascii(token), 1)
        offset += len(item)
    return None


def _ascii_brackets(text: str) -> str:
    return text.translate({0xFF3B: "[", 0xFF3D: "]", 0xFF5B: "{", 0xFF5D: "}", 0xFF0C: ", ", 0xFF1A: ": "})


def _line_slip(raw: str, numbers: bool) -> tuple[str, int, int, str] | None:
    """The first slip on one line (name, 1-based column, length, corrected line) or None."""
    indent = len(raw) - len(raw.lstrip(" \u3000"))
    if "\u3000" in raw[:indent]:
        first = raw.index("\u3000")
        return ("ideographic space (U+3000) in the indentation", first + 1, raw[:indent].count("\u3000"),
                raw[:indent].replace("\u3000", " ") + raw[indent:])
    m = _KEY.match(raw)
    if not m:
        return None
    lead, key, colon = m.group(1), m.group(2), m.group(3)
    if "\u3000" in lead:
        return ("ideographic space (U+3000) after the dash", lead.index("\u3000") + 1, 1,
                lead.replace("\u3000", " ") + raw[len(lead):])
    rest = raw[m.end():]
    fixed = lead.replace("\u3000", " ") + _ascii(key) + ": " + rest.lstrip(" \u3000")
    if _FULL.search(key):
        return "full-width letters in the key", len(lead) + 1, len(key), fixed
    if colon == "\uFF1A":
        return "full-width colon", m.end(), 1, fixed
    if rest.startswith("\u3000"):
        return "ideographic space (U+3000) after the colon", m.end() + 1, 1, fixed
    if not numbers:
        return None
    value_at = m.end() + len(rest) - len(rest.lstrip(" "))
    return _value_slips(raw[value_at:], value_at, raw)


def ime_slips(text: str, file: str, offset_lines: int = 0) -> list[Diagnostic]:
    """Every IME slip in YAML `text` (at most MAX_SLIPS), each at its line and column. `offset_lines` > 0
    (front matter of an article) leaves numbers alone: a title may well be `２０２６`."""
    out: list[Diagnostic] = []
    block: int | None = None  # indentation of the key a block scalar belongs to
    for number, raw in enumerate(text.split("\n"), 1 + offset_lines):
        raw = raw.rstrip("\r")
        stripped = raw.lstrip(" \u3000")
        indent = len(raw) - len(stripped)
        if block is not None:
            if not stripped or indent > block:
                continue
            block = None
        if not stripped or stripped.startswith("#"):
            continue
        found = _line_slip(raw, numbers=offset_lines == 0)
        if found:
            name, col, length, fixed = found
            out.append(_slip(file, number, col, name, fixed, length))
            if len(out) >= MAX_SLIPS:
                break
        if _BLOCK.search(raw):
            block = indent
    return out
