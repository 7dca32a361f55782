"""Helpers for the article-reader tests: write an article into a tmp folder, read it, or read its error."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import Diagnostic, LayoutError
from layout.model.article import Article, Paragraph

HEAD = "---\ntitle: 标题\n---\n"  # three lines: the body starts at line 4


def write(tmp_path: Path, text: str | bytes, name: str = "a.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))  # no newline translation
    return path


def read(tmp_path: Path, text: str | bytes) -> Article:
    from layout.source.article import read_article

    return read_article(write(tmp_path, text))


def body(tmp_path: Path, text: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) of each paragraph of HEAD + text."""
    return [(p.kind.value, p.text, p.line) for p in read(tmp_path, HEAD + text).paragraphs]


def paras(tmp_path: Path, text: str) -> tuple[Paragraph, ...]:
    return read(tmp_path, HEAD + text).paragraphs


def fails(tmp_path: Path, text: str | bytes) -> Diagnostic:
    """The one diagnostic reading the article raises; the file it names is the article."""
    from layout.source.article import read_article

    path = write(tmp_path, text)
    with pytest.raises(LayoutError) as info:
        read_article(path)
    assert type(info.value) is LayoutError
    assert len(info.value.diagnostics) == 1
    diag = info.value.diagnostics[0]
    assert diag.file == str(path)
    assert info.value.exit_code == 2
    return diag


def where(diag: Diagnostic) -> str:
    """`LINE:COL: message` (or `LINE: message`, or just the message) for exact comparisons."""
    at = "" if diag.line is None else f"{diag.line}:" if diag.col is None else f"{diag.line}:{diag.col}:"
    return f"{at} {diag.message}".strip()
