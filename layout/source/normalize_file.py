"""Normalise an article file's text in place, keeping its YAML keys and Markdown marks."""

from __future__ import annotations

import re

from layout.text import normalize

_FRONT = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*:\s*)(.*)$")
_MARK = re.compile(r"^(#{1,6}\s+|>\s?)?(.*)$")


def normalize_article_text(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    in_front = bool(lines) and lines[0] == "---"
    for i, line in enumerate(lines):
        if in_front:
            if i > 0 and line == "---":
                in_front = False
                out.append(line)
                continue
            m = _FRONT.match(line)
            value = m.group(2) if m else ""
            if m and value and not value.startswith(("'", '"', "[", "{", "|", ">")):
                out.append(m.group(1) + normalize(value, spaces=False))
            else:
                out.append(line)
            continue
        m = _MARK.match(line)
        assert m is not None
        out.append((m.group(1) or "") + normalize(m.group(2)) if line.strip() else line)
    return "\n".join(out)


def stray_space_notes(text: str) -> list[str]:
    """`line N: dropped K spaces between Chinese characters` for the body lines `normalize` changes so."""
    from layout.text.normalize import stray_spaces

    notes: list[str] = []
    lines = text.split("\n")
    body = 0
    if lines and lines[0] == "---":
        body = next((i + 1 for i, ln in enumerate(lines[1:], 1) if ln == "---"), 0)
    for n, line in enumerate(lines[body:], body + 1):
        dropped = stray_spaces(line)
        if dropped:
            notes.append(f"line {n}: dropped {dropped} space{'s' if dropped > 1 else ''} between Chinese characters")
    return notes
