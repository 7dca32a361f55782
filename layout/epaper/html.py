"""The e-paper's HTML: the edition's index, a page view per printed page, a page per story.

Every text that comes from the edition goes through `esc` (or `json_ld`); nothing else is interpolated but
numbers and the sanitised file names of layout.epaper.gather. The pages need no script: the image map
links, the SVG overlay over the page image highlights a story under the pointer with CSS alone.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from layout.epaper.gather import Story
from layout.epaper.shapes import Polygon
from layout.model.article import Article, Paragraph, ParaKind, SpanKind
from layout.text.headline import mark


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def plain_title(text: str, gap: str = "") -> str:
    """A headline as read: the editor's break marks (`|`, spaces between Chinese) taken out; a 引题 or 副题
    keeps a space where its phrases meet (`gap`), as printed."""
    return mark(text, gap).text if text.strip(" |\u3000") else ""


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """What every page of one edition's site shares: its title line and the page and edition lists."""

    paper: str  # 天津日报 (津南区版)
    date: str  # ISO date
    issue: int
    pages: tuple[Link, ...]  # 第01版 要闻 → page-01.html
    editions: tuple[Link, ...]  # the family: the main edition and its zones (current marked)
    family: str = ""  # without those links: the family as the plan names it (its zones, or a zone's base)


CSS = """body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;color:#111;background:#f4f3ef}
header{padding:.6em 1em;background:#8b0000;color:#fff}header a{color:#fff;text-decoration:none;font-weight:bold}
nav ol,nav ul{list-style:none;margin:0;padding:0}nav li{display:inline-block;margin:.2em .6em .2em 0}
nav.pages,nav.editions{padding:.4em 1em;background:#fff;border-bottom:1px solid #ccc}
a[aria-current]{font-weight:bold;color:#8b0000}
.view{display:flex;gap:1.5em;padding:1em;align-items:flex-start}
.sheet{position:relative;flex:none;box-shadow:0 0 6px #999;background:#fff}
.sheet img{display:block}.sheet svg{position:absolute;left:0;top:0}
.sheet svg polygon{fill:transparent;stroke:none}
.sheet svg a:hover polygon,.sheet svg a:focus polygon{fill:rgba(0,80,200,.14);stroke:#0050c8;stroke-width:2}
aside{min-width:16em;max-width:24em}aside li{margin:.4em 0}
article{max-width:40em;margin:1.5em auto;padding:1.5em 2em;background:#fff;line-height:1.9}
.kicker,.subtitle{margin:.2em 0;text-align:center;color:#333}h1{margin:.3em 0;text-align:center;font-size:1.8em}
.byline{color:#555;text-align:center}.signature{text-align:right}
figure{margin:1em 0}figure img{max-width:100%;height:auto;display:block}figcaption{font-size:.9em;color:#444}
.turn{display:flex;justify-content:space-between;max-width:44em;margin:0 auto 2em;gap:1em}
.index{display:flex;flex-wrap:wrap;gap:1.2em;padding:1em}.index figure{margin:0;width:220px}
.index img{width:220px;height:auto;box-shadow:0 0 4px #999}
"""


def _nav(links: tuple[Link, ...], css: str, label: str) -> str:
    if not links:
        return ""
    current = ' aria-current="page"'
    items = "".join(f'<li><a href="{esc(k.href)}"{current if k.current else ""}>{esc(k.label)}</a></li>' for k in links)
    return f'<nav class="{css}" aria-label="{esc(label)}"><ul>{items}</ul></nav>\n'


def document(title: str, body: str, frame: Frame, current: str = "", extra_head: str = "") -> str:
    pages = tuple(Link(k.label, k.href, k.href == current) for k in frame.pages)
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<link rel=\"stylesheet\" href=\"epaper.css\">\n{extra_head}</head>\n"
            f"<body>\n<header><a href=\"index.html\">{esc(frame.paper)}</a> · {esc(frame.date)} · "
            f"第{frame.issue}期</header>\n"
            + _nav(frame.editions, "editions", "版本") + _family(frame) + _nav(pages, "pages", "版面") + body
            + "</body>\n</html>\n")


def _family(frame: Frame) -> str:
    if frame.editions or not frame.family:
        return ""
    return f'<nav class="editions" aria-label="版本"><p>{esc(frame.family)}</p></nav>\n'


def _points(polygon: Polygon, sep: str) -> str:
    return sep.join(f"{x},{y}" for x, y in polygon)


@dataclass(frozen=True, slots=True)
class PageView:
    number: int
    section: str
    image: str  # file name of the page image
    size: tuple[int, int]  # its pixels
    pdf: str  # file name of the page PDF
    areas: tuple[tuple[Story, tuple[Polygon, ...]], ...]  # each story on the page, its outline


def page_html(view: PageView, frame: Frame) -> str:
    w, h = view.size
    label = f"第{view.number:02d}版 {view.section}"
    links = [(s, p) for s, polys in view.areas for p in polys]
    areas = "".join(f'<area shape="poly" coords="{_points(p, ",")}" href="{esc(s.file)}" '
                    f'alt="{esc(plain_title(s.article.title) or s.slug)}" data-story="{esc(s.name)}">\n'
                    for s, p in links)
    shapes = "".join(f'<a href="{esc(s.file)}" tabindex="-1" data-story="{esc(s.name)}">'
                     f'<polygon points="{_points(p, " ")}"/></a>\n' for s, p in links)
    listed = "".join(f'<li><a href="{esc(s.file)}">{esc(plain_title(s.article.title) or s.slug)}</a></li>\n'
                     for s, _p in view.areas)
    body = (f'<main class="view">\n<div class="sheet" style="width:{w}px;height:{h}px">\n'
            f'<img src="{esc(view.image)}" width="{w}" height="{h}" usemap="#map-{view.number}" alt="{esc(label)}">\n'
            f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-hidden="true">\n{shapes}</svg>\n'
            f'<map name="map-{view.number}">\n{areas}</map>\n</div>\n'
            f'<aside>\n<h2>{esc(label)}</h2>\n<ol class="stories">\n{listed}</ol>\n'
            f'<p><a href="{esc(view.pdf)}" download>下载本版PDF</a></p>\n</aside>\n</main>\n')
    return document(f"{frame.paper} {frame.date} {label}", body, frame, f"page-{view.number:02d}.html",
                    together(view))


def together(view: PageView) -> str:
    """A story in several parts on the page lights up whole when the pointer is over any part (CSS :has)."""
    rules = [f'.sheet svg:has(a[data-story="{s.name}"]:hover) a[data-story="{s.name}"] polygon'
             for s, polys in view.areas if len(polys) > 1]
    if not rules:
        return ""
    return "<style>\n" + ",\n".join(rules) + "{fill:rgba(0,80,200,.14);stroke:#0050c8;stroke-width:2}\n</style>\n"


def inline(p: Paragraph) -> str:
    """A paragraph's text with its bold spans; a forced line break as <br>, soft hyphens dropped."""
    out: list[str] = []
    at = 0
    for span in p.spans:
        out.append(esc(p.text[at:span.start]))
        part = esc(p.text[span.start:span.end])
        out.append(f"<strong>{part}</strong>" if span.kind is SpanKind.BOLD else part)
        at = span.end
    out.append(esc(p.text[at:]))
    return "".join(out).replace("\u2028", "<br>").replace("\u00ad", "")


def paragraph_html(p: Paragraph) -> str:
    if p.kind is ParaKind.SUBHEAD:
        return f"<h2>{inline(p)}</h2>\n"
    return f'<p class="{esc(str(p.kind))}">{inline(p)}</p>\n'


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script> element: `<`, `>` and `&` as \\u escapes, so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head_html(a: Article) -> str:
    kicker = f'<p class="kicker">{esc(plain_title(a.kicker, " "))}</p>\n' if a.kicker else ""
    subtitle = f'<p class="subtitle">{esc(plain_title(a.subtitle, " "))}</p>\n' if a.subtitle else ""
    byline = f'<p class="byline">{esc(a.byline)}</p>\n' if a.byline else ""
    return f"{kicker}<h1>{esc(plain_title(a.title) or a.slug)}</h1>\n{subtitle}{byline}"


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    photos: tuple[tuple[str, tuple[int, int]], ...]  # per figure: its image file and pixels
    previous: Story | None
    next: Story | None
    sections: dict[int, str]  # page number → section


def story_html(view: StoryView, frame: Frame) -> str:
    s, a = view.story, view.story.article
    title = plain_title(a.title) or s.slug
    figures = "".join(
        f'<figure>\n<img src="{esc(name)}" width="{w}" height="{h}" alt="{esc(f.image.caption or title)}">'
        f'\n<figcaption>{esc(f.image.caption)}{" " if f.image.credit else ""}{esc(f.image.credit)}</figcaption>\n'
        "</figure>\n" for f, (name, (w, h)) in zip(s.figures, view.photos, strict=True))
    body = "".join(paragraph_html(p) for p in a.paragraphs)
    before, after = view.previous, view.next
    turn = [f'<a rel="prev" href="{esc(before.file)}">上一篇：{esc(plain_title(before.article.title))}</a>'
            if before else "<span></span>"]
    turn += [f'<a href="page-{n:02d}.html">返回第{n:02d}版 {esc(view.sections.get(n, ""))}</a>' for n in s.pages]
    turn += [f'<a rel="next" href="{esc(after.file)}">下一篇：{esc(plain_title(after.article.title))}</a>'
             if after else "<span></span>"]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": plain_title(a.title) or s.slug,
          "datePublished": frame.date, "pageStart": str(s.pages[0]), "pageEnd": str(s.pages[-1]),
          "inLanguage": "zh-Hans", "isPartOf": {"@type": "PublicationIssue", "issueNumber": str(frame.issue),
                                                "name": frame.paper}}
    if a.byline:
        ld["author"] = a.byline
    extra = f'<script type="application/ld+json">{json_ld(ld)}</script>\n'
    page = f"<article>\n{head_html(a)}{figures}{body}</article>\n<nav class=\"turn\">{''.join(turn)}</nav>\n"
    return document(f"{plain_title(a.title) or s.slug} — {frame.paper} {frame.date}", page, frame, "", extra)


def index_html(frame: Frame, thumbs: tuple[tuple[Link, str], ...]) -> str:
    """The edition's first page: every printed page as a picture that opens its page view."""
    cards = "".join(f'<figure><a href="{esc(k.href)}"><img src="{esc(img)}" alt="{esc(k.label)}"></a>'
                    f"<figcaption>{esc(k.label)}</figcaption></figure>\n" for k, img in thumbs)
    return document(f"{frame.paper} {frame.date}", f'<main class="index">\n{cards}</main>\n', frame, "index.html")


def family_html(title: str, editions: tuple[Link, ...]) -> str:
    """The night's top page: the editions published in one run."""
    items = "".join(f'<li><a href="{esc(k.href)}">{esc(k.label)}</a></li>\n' for k in editions)
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{esc(title)}</title>\n</head>\n<body>\n<h1>{esc(title)}</h1>\n<ul>\n{items}</ul>\n</body>\n</html>\n")
