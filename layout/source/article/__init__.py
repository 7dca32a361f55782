"""Read `articles/<slug>.md`: YAML front matter and a CommonMark body (parsed by markdown-it-py).

What the body may hold and what each construct becomes is in docs/edition-format.md ("Articles");
every refusal is a LayoutError naming file:line(:col) with a hint. Hostile files are bounded: size,
lines, paragraph length, nesting and `[` count are limited before markdown-it can be slow or deep.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from layout.errors import Diagnostic, LayoutError, error
from layout.model.article import Article
from layout.source.article.body import BULLET, read_body
from layout.source.article.file import (
    MAX_BRACKETS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_LINES,
    MAX_PARAGRAPH_CHARS,
    MAX_RUN,
    MAX_YAML_DEPTH,
    file_kind,
    read_text_file,
)
from layout.source.article.front import (
    FRONT_KEYS,
    PHOTO_KEYS,
    _check_keys,
    _field,
    _Front,
    _front_matter,
    _lines,
    _photos,
    _split_front,
)
from layout.source.article.inline import LINE_BREAK

# ---------------------------------------------------------------------------------------------------
# the article


ArticleReader = Callable[[Path], Article]  # how an article file becomes an Article (`layout serve` remembers them)


def read_article(path: Path) -> Article:
    return article_from_text(path, read_text_file(path))


def article_from_text(path: Path, text: str) -> Article:
    """The article in `text`, the content of `path` as `read_text_file` gives it."""
    file = str(path)
    src, first, body_line, body = _split_front(text, file)
    front = _front_matter(src, first, file) if src is not None else _Front()
    _check_keys(front, file)
    slug = path.stem
    title = _field(front, "title", file)
    if not title:
        raise error(f"article '{slug}' has no title", file, max(first - 1, 1), 1,
                    "add `title: …` to the front matter", code="article-without-title")
    photos = _photos(front, file)
    return Article(
        slug=slug, path=file, title=title,
        kicker=_field(front, "kicker", file),
        subtitle=_field(front, "subtitle", file),
        byline=_field(front, "byline", file),
        source=_field(front, "source", file),
        jump_title=_field(front, "jump_title", file),
        photos=photos, paragraphs=read_body(body, body_line, file), lines=_lines(front),
    )


def read_articles(folder: Path, read: ArticleReader = read_article) -> dict[str, Article]:
    """Every `articles/<slug>.md`: hidden files and editor leftovers are skipped; anything that is not a
    regular file inside the edition folder, and a slug that is not a plain name, is an error. Every article's
    problems are reported at once."""
    articles, problems = read_articles_apart(folder, read)
    if problems:
        raise LayoutError(problems)
    return articles


def read_articles_apart(folder: Path, read: ArticleReader = read_article
                        ) -> tuple[dict[str, Article], list[Diagnostic]]:
    """The articles that read (each by `read`), and the problems of those that did not (every one, not the
    first)."""
    adir = folder / "articles"
    if not adir.is_dir():
        raise error("the edition has no articles/ folder", str(folder), hint="put one <slug>.md per story in articles/",
                    code="no-articles-folder")
    root = folder.resolve()
    articles: dict[str, Article] = {}
    problems: list[Diagnostic] = []
    seen: dict[str, Path] = {}  # casefolded slug → its file
    names = sorted(name for name in os.listdir(adir) if name.endswith(".md")
                   and not name.startswith((".", "#")) and not name.endswith("~"))
    for name in names:
        try:
            articles[name[:-3]] = _article_file(adir, name, root, seen, read)
        except LayoutError as exc:
            problems += exc.diagnostics
    return articles, problems


def _article_file(adir: Path, name: str, root: Path, seen: dict[str, Path], read: ArticleReader) -> Article:
    """One `articles/NAME`, checked as a file and read."""
    path, slug = adir / name, name[:-3]
    try:
        mode = os.stat(path).st_mode  # follows a symlink; never opens the file
        target = path.resolve()
    except OSError as exc:  # a broken or looping symlink, or no permission
        if path.is_symlink():
            raise error(f"the article is a link to '{os.readlink(path)}', which leads nowhere ({exc.strerror})",
                        str(path), hint="fix the link or delete it", code="broken-link") from None
        raise error(f"cannot read the article: {exc.strerror}", str(path),
                    hint="check the file's permissions", code="unreadable-file") from None
    if not stat.S_ISREG(mode):
        raise error(f"the article is {file_kind(mode)}, not a file", str(path),
                    hint="an article is a regular UTF-8 file: move this out of articles/",
                    code="article-not-a-file")
    if not target.is_relative_to(root):
        raise error(f"the article is a link to {target}, outside the edition folder", str(path),
                    hint=f"copy the file into {adir}: an edition reads only its own files", code="outside-edition")
    if not slug or not all(ch.isalnum() or ch in "-_" for ch in slug):
        raise error(f"'{slug}' is not a usable story name", str(path),
                    hint="name the file with letters, digits, - and _ only (Chinese characters are fine), "
                    "e.g. articles/jieneng.md", code="bad-story-name")
    if slug.casefold() in seen:
        raise error(f"'{name}' and '{seen[slug.casefold()].name}' differ only in upper/lower case", str(path),
                    hint="rename one of them: story names must differ in more than case",
                    code="story-names-differ-in-case")
    seen[slug.casefold()] = path
    return read(path)


__all__ = [
    "BULLET",
    "FRONT_KEYS",
    "LINE_BREAK",
    "MAX_BRACKETS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_LINES",
    "MAX_PARAGRAPH_CHARS",
    "MAX_RUN",
    "MAX_YAML_DEPTH",
    "PHOTO_KEYS",
    "ArticleReader",
    "article_from_text",
    "file_kind",
    "read_article",
    "read_articles",
    "read_articles_apart",
    "read_body",
    "read_text_file",
]
