"""Regions (docs/text-engine.md rule-13): the quotation marks a paper's region nests, as a normaliser rule.

The mainland nests “” then ‘’; Taiwan and Hong Kong 「」 then 『』. An article written with the other
region's marks is converted mark for mark (the text keeps its length, so every position into it — bold
ranges, source columns — stays valid), and the conversion is reported as a note. An article that already
uses its region's own marks is left as it is (both kinds in one article are on purpose: “『引文』”). An
apostrophe inside a Latin word (China’s) is not a quotation mark and stays. In every region a title inside a
title takes the single marks, 《读〈春晓〉》: a 《》 pair nested in another is set as 〈〉, with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from layout.errors import Diagnostic, Kind, Level
from layout.model.article import Article
from layout.model.paper import PaperStyle
from layout.model.style import Region
from layout.text.convert import converted_articles

TO_CORNER = {"“": "「", "”": "」", "‘": "『", "’": "』"}  # mainland → Taiwan / Hong Kong
TO_CURLY = {v: k for k, v in TO_CORNER.items()}
NESTING = {Region.CN: "“” then ‘’", Region.TW: "「」 then 『』", Region.HK: "「」 then 『』"}


def convert_quotes(text: str, region: Region) -> tuple[str, int]:
    """`text` with the other region's quotation marks replaced by this region's, and how many were."""
    table = TO_CURLY if region is Region.CN else TO_CORNER
    out = list(text)
    changed = 0
    for i, ch in enumerate(out):
        new = table.get(ch)
        if new is None or (ch == "’" and _apostrophe(text, i)):
            continue
        out[i] = new
        changed += 1
    return ("".join(out), changed) if changed else (text, 0)


def _apostrophe(text: str, i: int) -> bool:
    """’ between two Latin letters (China’s, don’t): an apostrophe, not a closing quotation mark."""
    return 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha() \
        and text[i + 1].isascii() and text[i + 1].isalpha()


def _texts(article: Article) -> list[str]:
    return [article.title, article.kicker, article.subtitle, article.byline, article.jump_title,
            *(p.text for p in article.paragraphs), *(p.caption for p in article.photos)]


def _mapped(article: Article, fn: Callable[[str], tuple[str, int]]) -> tuple[Article, int]:
    """The article with `fn` applied to its headline fields, paragraphs and photo captions, and how many
    marks it changed."""
    count = 0
    changes: dict[str, object] = {}
    for name in ("title", "kicker", "subtitle", "byline", "jump_title"):
        new, n = fn(getattr(article, name))
        if n:
            changes[name], count = new, count + n
    paragraphs = []
    for para in article.paragraphs:
        new, n = fn(para.text)
        paragraphs.append(replace(para, text=new) if n else para)
        count += n
    photos = []
    for photo in article.photos:
        new, n = fn(photo.caption)
        photos.append(replace(photo, caption=new) if n else photo)
        count += n
    if not count:
        return article, 0
    return replace(article, **changes, paragraphs=tuple(paragraphs), photos=tuple(photos)), count  # type: ignore[arg-type]


def _field_texts(article: Article, region: Region) -> tuple[Article, int]:
    """The article with its headline fields, photo captions and paragraphs converted (unchanged when it
    uses its region's own marks anywhere)."""
    own = set(TO_CORNER if region is Region.CN else TO_CURLY)  # this region's own marks
    if any(ch in own for text in _texts(article) for ch in text):
        return article, 0
    return _mapped(article, lambda text: convert_quotes(text, region))


def nest_titles(text: str) -> tuple[str, int]:
    """`text` with every 《》 pair that stands inside another 《》 pair set as 〈〉 (《读〈春晓〉》), and how many
    marks changed. Pairs are matched as brackets; a mark without its partner is left as it is, and a pair
    two levels down is 《》 again. Every region (rule-13): GB/T 15834 for the mainland, clreq for Taiwan."""
    if text.count("《") < 2:  # no title inside a title (most paragraphs: no title at all)
        return text, 0
    opens: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch == "《":
            opens.append(i)
        elif ch == "》" and opens:
            pairs.append((opens.pop(), i))
    out = list(text)
    changed = 0
    for o, c in pairs:
        if sum(1 for o2, c2 in pairs if o2 < o and c < c2) % 2:
            out[o], out[c] = "〈", "〉"
            changed += 2
    return ("".join(out), changed) if changed else (text, 0)


def regional_articles(articles: dict[str, Article], region: Region
                      ) -> tuple[dict[str, Article], tuple[Diagnostic, ...]]:
    """Every article in its region's quotation marks and with nested title marks as 〈〉; a note for each
    article that was converted."""
    out: dict[str, Article] = {}
    notes: list[Diagnostic] = []
    for slug, article in articles.items():
        out[slug], n = _field_texts(article, region)
        if n:
            notes.append(Diagnostic(Level.NOTE, f"{n} quotation marks set in the {region.value} nesting "
                                    f"({NESTING[region]})", article.path, hint="the paper's style sets "
                                    f"`region: {region.value}`", kind=Kind.INPUT, code="quotes-converted"))
        out[slug], n = _mapped(out[slug], nest_titles)
        if n:
            notes.append(Diagnostic(Level.NOTE, f"{n} title marks inside 《》 set as 〈〉 (《读〈春晓〉》)",
                                    article.path, hint="a title inside a title takes the single marks "
                                    "(GB/T 15834, clreq)", kind=Kind.INPUT, code="titles-nested"))
    return out, tuple(notes)


def paper_articles(articles: dict[str, Article], style: PaperStyle
                   ) -> tuple[dict[str, Article], tuple[Diagnostic, ...]]:
    """The articles as the paper sets them: converted to traditional characters if its style says so, in its
    region's quotation marks; a note for each article changed."""
    articles, converted = converted_articles(articles, style.convert, style.convert_keep)
    articles, quoted = regional_articles(articles, style.region)
    return articles, converted + quoted
