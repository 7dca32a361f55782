"""The rich form of diagnostics, as a compiler prints them: each problem with its source line and a marker
(^~~~) under the span, grouped by file in source order, at most MAX_SHOWN of them (docs/errors.md).

`Diagnostic.format()` (layout/errors.py) stays the one formatter of the message itself; this module only adds
the source line under it. The line is read from the file, bounded (MAX_READ bytes, MAX_LINE characters shown):
a file that cannot be read, or a line that is not there any more, just gives the message without a snippet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace

from layout.errors import Diagnostic, escape_controls

MAX_SHOWN = 50  # diagnostics printed in one run; the rest are counted
MAX_READ = 4 * 1024 * 1024  # bytes read of a file to find a line
MAX_LINE = 200  # characters of a source line shown
_STOP = set(" \t:,[]{}#()（）：，")

LineSource = Callable[[str, int], str | None]


def ordered(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Grouped by file (in the order each file first appears), in source order within a file; a
    diagnostic without a file keeps its place at the front."""
    diags = list(diags)
    first: dict[str, int] = {}
    for i, d in enumerate(diags):
        first.setdefault(d.file or "", i)
    return sorted(diags, key=lambda d: (first[d.file or ""], d.line or 0, d.col or 0))


def source_line(file: str, line: int) -> str | None:
    """Line `line` (1-based) of `file`, or None if it cannot be read; bounded by MAX_READ."""
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_READ)
    except OSError:
        return None
    lines = data.decode("utf-8-sig", errors="replace").split("\n")
    if not 1 <= line <= len(lines):
        return None
    return lines[line - 1].rstrip("\r")


def width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK, full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def span_length(text: str, start: int) -> int:
    """Characters from `start` (0-based) to the end of the word there; at least one."""
    end = start
    while end < len(text) and text[end] not in _STOP:
        end += 1
    return max(1, end - start)


def snippet(d: Diagnostic, read: LineSource = source_line) -> str:
    """The source line of `d` with a marker under its span, or "" where there is no line to show."""
    if not d.file or d.line is None:
        return ""
    text = read(d.file, d.line)
    if text is None:
        return ""
    text = text.replace("\t", " ")[:MAX_LINE]
    number = str(d.line)
    pad = " " * len(number)
    out = f"{pad} |\n{number} | {escape_controls(text, keep_newlines=False)}"
    if d.col is not None and 1 <= d.col <= len(text) + 1:
        start = d.col - 1
        length = d.length if d.length else span_length(text, start)
        marked = text[start:start + length] or " "
        marker = "^" + "~" * max(0, width(marked) - 1)
        out += f"\n{pad} | {' ' * width(escape_controls(text[:start], keep_newlines=False))}{marker}"
    return out


def rich(d: Diagnostic, read: LineSource = source_line) -> str:
    """`d` as `Diagnostic.format()` gives it, with its source line and marker between message and hint."""
    head = replace(d, hint=None).format()
    hint = f"  hint: {escape_controls(d.hint)}" if d.hint else ""
    return "\n".join(part for part in (head, snippet(d, read), hint) if part)


def short(d: Diagnostic) -> str:
    """One line per diagnostic for scripts: `file:line:col: error: message` (the hint after ` — hint: `)."""
    head = replace(d, hint=None).format().replace("\n", " ")
    return f"{head} — hint: {escape_controls(d.hint, keep_newlines=False)}" if d.hint else head


def render_all(diags: Iterable[Diagnostic], form: str = "rich") -> list[str]:
    """Every diagnostic of a run, ordered (`ordered`) and bounded (MAX_SHOWN, then a count of the rest)."""
    items = ordered(diags)
    one = short if form == "short" else rich
    out = [one(d) for d in items[:MAX_SHOWN]]
    if len(items) > MAX_SHOWN:
        out.append(f"note: {len(items) - MAX_SHOWN} more problems not shown")
    return out
