"""Diagnostics: one shape for every problem the program reports, one formatter for all."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

OVERSET_CODES = frozenset({"overset", "does-not-fit"})  # text or a headline left over: exit 1 in check and render


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Kind(StrEnum):
    """Which exit code a problem maps to: bad input (2) or a layout problem (1)."""

    INPUT = "input"
    LAYOUT = "layout"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem. `code` names the kind of problem, stable across wordings (`overset`, `unknown-story`,
    `malformed-yaml`, …: lower case and hyphens), for scripts and the desk to match instead of the message;
    None where none is given yet."""

    level: Level
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    hint: str | None = None
    kind: Kind = Kind.INPUT
    code: str | None = None
    length: int | None = None  # characters of the span from `col` the rich form marks (None: the word there)

    def format(self) -> str:
        """`FILE:LINE:COL: level: message` and an indented hint; control and escape characters that came
        from the input are shown as \\x1b etc., never sent to the terminal."""
        where = ""
        if self.file:
            where = escape_controls(self.file, keep_newlines=False)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = f"{where}{self.level.value}: {escape_controls(self.message)}"
        if self.hint:
            text += f"\n  hint: {escape_controls(self.hint)}"
        return text


def surrogate(cp: int) -> str:
    """How a lone surrogate is shown, the one rule for the terminal and JSON: one in U+DC80–U+DCFF is a byte
    of a file name that is not UTF-8 (Python's surrogateescape), shown as that byte, \\xff (what the user's
    file name holds); any other (a YAML "\\ud800" escape) as \\ud800."""
    return f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else f"\\u{cp:04x}"


def escape_controls(text: str, keep_newlines: bool = True) -> str:
    """Control characters (but, if asked, the newlines of a multi-line message), DEL, C1 controls, line and
    paragraph separators, bidirectional overrides and lone surrogates made visible as \\x1b, \\u202e, and
    (`surrogate`) a byte of a file name that is not UTF-8 as \\xff: what every command prints of a string
    from outside goes through here."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            out.append(surrogate(cp))
        elif (cp < 0x20 and not (keep_newlines and ch == "\n")) or 0x7F <= cp < 0xA0 or 0x202A <= cp <= 0x202E \
                or 0x2066 <= cp <= 0x2069 or cp in (0x2028, 0x2029):
            out.append(f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}")
        else:
            out.append(ch)
    return "".join(out)


def for_json(text: str) -> str:
    """A string from outside made safe for JSON that any parser reads: a lone surrogate (a file name that is
    not UTF-8 decodes to them, a YAML "\\ud800" escape gives one) cannot be written as UTF-8 and is
    refused by strict parsers, so it is shown as text by the terminal's rule (`surrogate`: \\xff for a
    byte of a file name, \\ud800 for any other); everything else stays as it is (JSON escapes control
    characters itself). Every JSON the program prints goes through here (`dumps`)."""
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return text
    return "".join(surrogate(ord(ch)) if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def safe(value: Any) -> Any:
    """`value` (plain JSON data) with every string in it, keys too, through `for_json`."""
    if isinstance(value, str):
        return for_json(value)
    if isinstance(value, dict):
        return {safe(k): safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe(v) for v in value]
    return value


def dumps(value: Any, indent: int | None = 1) -> str:
    """The one way the program writes JSON (`--json`, manifest.json): every string made safe (`for_json`)."""
    return json.dumps(safe(value), ensure_ascii=False, indent=indent)


class LayoutError(Exception):
    """Raised with one or more diagnostics; the CLI prints them and exits 2 (input) or 1 (layout)."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]) -> None:
        diags = (diagnostics,) if isinstance(diagnostics, Diagnostic) else tuple(diagnostics)
        self.diagnostics: tuple[Diagnostic, ...] = diags
        super().__init__("\n".join(d.format() for d in diags))

    @property
    def exit_code(self) -> int:
        return 2 if any(d.kind is Kind.INPUT for d in self.diagnostics if d.level is Level.ERROR) else 1


def line_of(file: str | None, line: int | None) -> str:
    """`edition.yaml line 12`: a place named in a message or hint with its file's name, never a bare line."""
    import os.path

    name = os.path.basename(file) if file else ""
    return f"{name} line {line}".strip() if line is not None else name


def error(message: str, file: str | None = None, line: int | None = None, col: int | None = None,
          hint: str | None = None, kind: Kind = Kind.INPUT, *, code: str | None = None) -> LayoutError:
    """Shorthand: a LayoutError holding one error diagnostic."""
    return LayoutError(Diagnostic(Level.ERROR, message, file, line, col, hint, kind, code))
