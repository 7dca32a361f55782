"""Simplified → traditional conversion on the way in (docs/text-engine.md rule-13), for a mainland paper's
繁体 edition: OpenCC's phrase-level configurations (`s2tw`, `s2twp` with Taiwan's words, `s2hk`, `s2t`),
never character by character, and the style's own list of phrases that stay as written (names, brands).

A paragraph is converted piece by piece between its bold ranges, so the ranges still cover the same words
when a phrase changes length (U盘 → 隨身碟). Each converted article is reported in a note.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from layout.errors import Diagnostic, Kind, Level
from layout.model.article import Article, Paragraph, Span

CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=4)
def _converter(config: str) -> _Converter:
    import opencc  # (imported only for a style that converts)

    converter: _Converter = opencc.OpenCC(f"{config}.json")
    return converter


def convert_text(text: str, config: str, keep: tuple[str, ...] = ()) -> str:
    """`text` converted with OpenCC configuration `config`; the phrases of `keep` stay as they are."""
    if not text:
        return text
    convert = _converter(config).convert
    if not keep:
        return convert(text)
    parts = re.split("(" + "|".join(map(re.escape, sorted(keep, key=len, reverse=True))) + ")", text)
    return "".join(p if k % 2 else convert(p) for k, p in enumerate(parts))


def convert_paragraph(para: Paragraph, config: str, keep: tuple[str, ...]) -> Paragraph:
    """The paragraph converted between its bold ranges, the ranges moved to the converted text."""
    cuts = sorted({0, len(para.text), *(b for s in para.spans for b in (s.start, s.end))})
    pieces = [convert_text(para.text[a:b], config, keep) for a, b in pairwise(cuts)]
    where = {0: 0}
    at = 0
    for b, piece in zip(cuts[1:], pieces, strict=True):
        at += len(piece)
        where[b] = at
    spans = tuple(Span(where[s.start], where[s.end], s.kind) for s in para.spans)
    return replace(para, text="".join(pieces), spans=spans)


def converted_articles(articles: dict[str, Article], config: str, keep: tuple[str, ...] = ()
                       ) -> tuple[dict[str, Article], tuple[Diagnostic, ...]]:
    """Every article converted with `config` ("" leaves them as they are); a note per article changed."""
    if not config:
        return articles, ()
    out: dict[str, Article] = {}
    notes: list[Diagnostic] = []
    for slug, a in articles.items():
        fields = {name: convert_text(getattr(a, name), config, keep)
                  for name in ("title", "kicker", "subtitle", "byline", "jump_title")}
        paragraphs = tuple(convert_paragraph(p, config, keep) for p in a.paragraphs)
        photos = tuple(replace(p, caption=convert_text(p.caption, config, keep)) for p in a.photos)
        new = replace(a, **fields, paragraphs=paragraphs, photos=photos)  # type: ignore[arg-type]
        out[slug] = new
        if new != a:
            notes.append(Diagnostic(Level.NOTE, f"converted to traditional characters ({config})", a.path,
                                    hint="the paper's style sets `convert:`; list phrases to keep as written in "
                                    "`convert_keep:`", kind=Kind.INPUT, code="text-converted"))
    return out, tuple(notes)
