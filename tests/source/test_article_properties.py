"""Properties of the article reader (hypothesis): any Markdown-ish text gives an Article or a LayoutError,
never another exception; what it returns is well formed; and no character of plain text is lost."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.errors import LayoutError
from layout.model.article import ParaKind
from layout.source.article import read_article

pytestmark = pytest.mark.slow  # hypothesis over random articles: `make test` runs it, `make test-fast` not

HEAD = "---\ntitle: 题\n---\n"
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CJK = list("天地玄黄宇宙洪荒日月盈昃辰宿列张")
PIECES = [
    *CJK, *CJK, *"abcXYZ0123456789", " ", " ", "  ", "\n", "\n", "\n\n", "\t", "    ", "\u3000",
    *"*_#>-\\`[]()!", "**", "## ", "> ", "- ", "1. ", "2) ", "---", "===", "|", "|---|", "```", "~~~",
    "[链接](http://a.cn)", "<http://b.cn>", "![图](a.jpg)", "<b>", "<!--", "&amp;", "&#0;", "&#x4E2D;",
    "，", "。", "“", "”", "...", "--", "—", '"', "'", ",", ":",
    "\x00", "\x1b", "\x7f", "\x85", "\x9b", "\r", "\r\n", "\u2028", "\u2029", "\u200b", "\u00ad", "\ufeff",
    "\ufffd", "\u202e",
]
FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ufffd\u200b\ufeff\u202a-\u202e]")


def read(text: str) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.md"
        path.write_bytes(text.encode("utf-8"))
        try:
            return read_article(path)
        except LayoutError as exc:
            assert exc.diagnostics and exc.diagnostics[0].file == str(path)
            assert all(not FORBIDDEN.search(d.message) for d in exc.diagnostics)
            return exc


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_any_text_reads_or_fails_cleanly(src: str) -> None:
    result = read(HEAD + src)
    if isinstance(result, LayoutError):
        return
    lines = (HEAD + src).replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    out = ""
    for p in result.paragraphs:  # type: ignore[attr-defined]
        assert p.text and p.text == p.text.strip() and not FORBIDDEN.search(p.text)
        assert 4 <= p.line <= lines
        ends = [0]
        for s in p.spans:
            assert ends[-1] <= s.start < s.end <= len(p.text)
            ends.append(s.end)
        out += p.text
    # every ideograph of the body is printed somewhere (a link's address may repeat its text: a set)
    assert {ch for ch in src if ch in CJK} <= set(out)


WORD = st.text(alphabet=st.sampled_from([*CJK, *"abcXYZ012"]), min_size=1, max_size=6)
LINE = st.lists(st.one_of(WORD, st.sampled_from([" ", "，", "。", "“", "”", "《", "》", "、", "\u3000"])),
                min_size=1, max_size=8).map("".join).filter(lambda s: s.strip(" \u3000") != "")
KINDS = st.sampled_from(["plain", "plain", "subhead", "bullet", "ordered", "bold"])


@SETTINGS
@given(st.lists(st.tuples(KINDS, st.lists(LINE, min_size=1, max_size=3)), min_size=1, max_size=6),
       st.booleans())
def test_plain_text_loses_nothing(blocks: list[tuple[str, list[str]]], signature: bool) -> None:
    """Plain paragraphs, subheads, list items, bold lines and a signature: the characters that are not
    spaces come out in order; list items gain their marker; bold lines become spans of exactly them."""
    src, expected, bold = [], [], []
    number = 0
    for k, (kind, raw_lines) in enumerate(blocks):
        lines = [ln.strip(" \u3000") for ln in raw_lines]
        last = signature and k == len(blocks) - 1
        number = number + 1 if kind == "ordered" and not last else 0
        marker = "" if last else {"bullet": "●", "ordered": f"{number}．"}.get(kind, "")
        prefix = "> " if last else {"subhead": "## ", "bullet": "- ", "ordered": "1. "}.get(kind, "")
        if kind == "subhead" and not last:
            lines = lines[:1]
        if kind == "bold" and all(_word_edges(ln) for ln in lines):
            bold.append("".join("".join(lines).split()))
            lines = [f"**{ln}**" for ln in lines]
        src.append(prefix + "\n".join(lines))
        expected.append(marker + "".join("".join(ln.replace("**", "").split()) for ln in lines))
    article = read(HEAD + "\n\n".join(src) + "\n")
    assert not isinstance(article, LayoutError), article
    paragraphs = article.paragraphs  # type: ignore[attr-defined]
    got = "".join("".join(p.text.split()) for p in paragraphs)
    assert got == "".join(expected)
    spans = ["".join(p.text[s.start : s.end].split()) for p in paragraphs for s in p.spans]
    assert "".join(spans) == "".join(bold)
    assert all(p.kind is not ParaKind.SIGNATURE for p in paragraphs) or signature


def _word_edges(line: str) -> bool:
    """`**…**` pairs in CommonMark when the text inside starts and ends with a letter (not punctuation
    or a space)."""
    return bool(line) and line[0].isalnum() and line[-1].isalnum()
