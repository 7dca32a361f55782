"""Article files: encodings, size limits, what is not a regular file, and the articles/ folder of an
edition (hidden files, editor leftovers, links out of the edition, story names)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from layout.errors import LayoutError
from layout.source.article import MAX_FILE_BYTES, MAX_LINES, read_article, read_articles
from layout.source.edition import load_edition
from tests.conftest import ARTICLE_A, ARTICLE_B, MakeEdition
from tests.source.articles_support import HEAD, fails, read, where


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (opening a FIFO blocks until a writer comes)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def articles_error(folder: Path) -> str:
    with pytest.raises(LayoutError) as info, deadline(20):
        read_articles(folder)
    assert type(info.value) is LayoutError and info.value.exit_code == 2
    (d,) = info.value.diagnostics
    text = d.format().replace(str(folder) + "/", "")
    return text


def edition(tmp_path: Path) -> Path:
    folder = tmp_path / "ed"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "jieneng.md").write_text(ARTICLE_A, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------------
# one file


def test_crlf_cr_and_bom(tmp_path: Path) -> None:
    a = read(tmp_path, "\ufeff---\r\ntitle: 题\r\n---\r\n甲\r\n乙\r\r丙\n".encode())
    assert [(p.text, p.line) for p in a.paragraphs] == [("甲乙", 4), ("丙", 7)]


def test_not_utf8(tmp_path: Path) -> None:
    d = fails(tmp_path, "---\ntitle: 意见\n---\n正文。\n".encode("gbk"))
    assert where(d) == "2: not UTF-8 text (byte 0xd2)"
    assert d.hint == "the file looks like GBK/GB18030: convert it with `iconv -f gb18030 -t utf-8`"


def test_size_limit(tmp_path: Path) -> None:
    fill = ("节能降碳，" * 80 + "\n\n").encode()
    data = HEAD.encode() + fill * (MAX_FILE_BYTES // len(fill))
    data += b"\n" * (MAX_FILE_BYTES - len(data))
    assert len(read(tmp_path, data).paragraphs) > 1000
    d = fails(tmp_path, data + b"x")
    assert where(d) == "the file is 2,000,001 bytes; an article may be at most 2,000,000 bytes (2 MB)"
    assert d.hint == "split it into several articles: one story per file"


@pytest.mark.slow  # over 5 s
def test_line_limit(tmp_path: Path) -> None:
    d = fails(tmp_path, HEAD + "甲\n" * (MAX_LINES - 3))
    assert where(d) == "the file has 50,001 lines; an article may have at most 50,000"
    assert len(read(tmp_path, HEAD + "甲\n\n" * ((MAX_LINES - 4) // 2)).paragraphs) == 24_998


@pytest.mark.slow  # over 5 s
@pytest.mark.parametrize("text", [
    ">" * 100 + " 深\n" + "续\n" * 49_000,  # markdown-it re-checks every lazy line at every level
    ("![" * 5_000 + "\n\n") * 2,  # quadratic link-label search, bounded by the '[' limit
    ("*a" * 20_000 + "\n\n") * 20,
], ids=["lazy-quote", "brackets", "delimiters"])
def test_hostile_bodies_finish(tmp_path: Path, text: str) -> None:
    start = time.perf_counter()
    with suppress(LayoutError):
        read(tmp_path, HEAD + text)
    assert time.perf_counter() - start < 60


def test_a_folder_is_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "a.md").mkdir()
    with pytest.raises(LayoutError) as info:
        read_article(tmp_path / "a.md")
    assert info.value.diagnostics[0].message == "not a regular file but a folder"


def test_a_fifo_is_never_opened_by_the_reader(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.md")
    with pytest.raises(LayoutError) as info, deadline(20):
        read_article(tmp_path / "a.md")
    assert info.value.diagnostics[0].message == "not a regular file but a named pipe (FIFO)"


def test_missing_and_unreadable(tmp_path: Path) -> None:
    with pytest.raises(LayoutError) as info:
        read_article(tmp_path / "nope.md")
    assert info.value.diagnostics[0].message == "file not found"


# ---------------------------------------------------------------------------------------------------
# the articles/ folder


def test_hidden_files_and_editor_leftovers_are_skipped(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    adir = folder / "articles"
    for name in (".#jieneng.md", "jieneng.md~", ".jieneng.md.swp", "#jieneng.md#", ".hidden.md", ".x.md"):
        (adir / name).write_bytes(b"\x00 not an article")
    os.symlink("root@host.1234:1700000000", adir / ".#lock.md")  # an Emacs lock: a dangling link
    (adir / "notes.txt").write_text("not markdown", encoding="utf-8")
    assert list(read_articles(folder)) == ["jieneng"]


@pytest.mark.parametrize(("make", "expected"), [
    (lambda a: (a / "x.md").mkdir(), "articles/x.md: error: the article is a folder, not a file"),
    (lambda a: os.mkfifo(a / "x.md"), "articles/x.md: error: the article is a named pipe (FIFO), not a file"),
    (lambda a: os.symlink("/dev/null", a / "x.md"), "articles/x.md: error: the article is a character device, "
     "not a file"),
], ids=["folder", "fifo", "device"])
def test_what_is_not_a_regular_file(tmp_path: Path, make: object, expected: str) -> None:
    folder = edition(tmp_path)
    make(folder / "articles")  # type: ignore[operator]
    msg = articles_error(folder)
    assert msg.startswith(expected + "\n")
    assert msg.endswith("hint: an article is a regular UTF-8 file: move this out of articles/")


def test_a_broken_link(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    os.symlink("../drafts/x.md", folder / "articles" / "x.md")
    assert articles_error(folder) == ("articles/x.md: error: the article is a link to '../drafts/x.md', which leads "
                                      "nowhere (No such file or directory)\n  hint: fix the link or delete it")


def test_a_link_out_of_the_edition(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    outside = tmp_path / "secret.md"
    outside.write_text(ARTICLE_B, encoding="utf-8")
    os.symlink(outside, folder / "articles" / "x.md")
    assert articles_error(folder) == (
        f"articles/x.md: error: the article is a link to {outside}, outside the edition folder\n"
        "  hint: copy the file into articles: an edition reads only its own files")


def test_a_link_inside_the_edition_is_fine(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    (folder / "drafts").mkdir()
    (folder / "drafts" / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    os.symlink("../drafts/b.md", folder / "articles" / "dashuju.md")
    assert sorted(read_articles(folder)) == ["dashuju", "jieneng"]


@pytest.mark.parametrize("name", ["two words.md", "a.b.md", "x(1).md", "..md", "新闻 稿.md", "a+b.md"])
def test_story_names(tmp_path: Path, name: str) -> None:
    folder = edition(tmp_path)
    (folder / "articles" / name).write_text(ARTICLE_B, encoding="utf-8")
    if name.startswith("."):
        assert list(read_articles(folder)) == ["jieneng"]  # hidden
        return
    slug = name[:-3]
    assert articles_error(folder) == (
        f"articles/{name}: error: '{slug}' is not a usable story name\n  hint: name the file with letters, digits, "
        "- and _ only (Chinese characters are fine), e.g. articles/jieneng.md")


def test_chinese_and_mixed_story_names_are_fine(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    for name in ("节能降碳.md", "p1_lead-2.md"):
        (folder / "articles" / name).write_text(ARTICLE_B, encoding="utf-8")
    assert sorted(read_articles(folder)) == ["jieneng", "p1_lead-2", "节能降碳"]


def test_names_differing_only_in_case(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    for name in ("Dashuju.md", "daShuju.md"):
        (folder / "articles" / name).write_text(ARTICLE_B, encoding="utf-8")
    assert articles_error(folder) == (
        "articles/daShuju.md: error: 'daShuju.md' and 'Dashuju.md' differ only in upper/lower case\n"
        "  hint: rename one of them: story names must differ in more than case")


def test_a_bad_article_fails_the_edition_with_its_own_position(make_edition: MakeEdition) -> None:
    folder = make_edition(articles={"jieneng": ARTICLE_A, "dashuju": "---\ntitle: 题\n---\n正文\n\n---\n"})
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    assert info.value.diagnostics[0].format().replace(str(folder) + "/", "").startswith(
        "articles/dashuju.md:6:1: error: a thematic break (---, *** or ___) in the body")
