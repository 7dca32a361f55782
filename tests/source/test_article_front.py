"""Article front matter: fences, shapes, types, photos, hostile YAML. Each error at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.model.article import Photo
from tests.source.articles_support import fails, read, where


def test_all_keys(tmp_path: Path) -> None:
    a = read(tmp_path, "---\nkicker: 关于\ntitle: 节能降碳 工作的意见\nsubtitle: ——副题\nbyline: ■记者 宁广靖\n"
                       "source: 新华社\njump_title: 节能降碳\nphotos:\n  - id: station\n    caption: 乘客登车。\n"
                       "    credit: 记者 张磊 摄\n    file: images/station.jpg\n  - id: xianqu\n---\n正文。\n")
    assert (a.kicker, a.title, a.subtitle, a.byline, a.source, a.jump_title) == (
        "关于", "节能降碳 工作的意见", "——副题", "■记者 宁广靖", "新华社", "节能降碳")
    assert a.photos == (Photo("station", "乘客登车。", "记者 张磊 摄", "images/station.jpg", 9),
                        Photo("xianqu", "", "", None, 13))
    assert [(p.text, p.line) for p in a.paragraphs] == [("正文。", 15)]


def test_source_is_metadata_only(tmp_path: Path) -> None:
    a = read(tmp_path, "---\ntitle: 题\nsource: 新华社\n---\n正文。\n")
    assert a.source == "新华社"
    assert all("新华社" not in p.text for p in a.paragraphs)


def test_values_are_kept_as_written(tmp_path: Path) -> None:
    """YAML would read 007 as 7, 1.0e3 as 1000.0, 2026-04-23 as a date, yes as true: text stays text."""
    a = read(tmp_path, "---\ntitle: 007\nkicker: 1.0e3\nsubtitle: 2026-04-23\nbyline: yes\njump_title: ~\n"
                       "photos:\n  - id: 01\n    caption: 0x1F\n---\n")
    assert (a.title, a.kicker, a.subtitle, a.byline, a.jump_title) == ("007", "1.0e3", "2026-04-23", "yes", "")
    assert (a.photos[0].id, a.photos[0].caption) == ("01", "0x1F")


def test_leading_blank_lines_and_fence_spaces(tmp_path: Path) -> None:
    a = read(tmp_path, "\n\n---  \ntitle: 题\n--- \n正文。\n")
    assert (a.title, [(p.text, p.line) for p in a.paragraphs]) == ("题", [("正文。", 6)])


def test_closing_fence_must_be_alone_on_its_line(tmp_path: Path) -> None:
    """`---x` does not close the front matter (it used to, and `x` vanished)."""
    d = fails(tmp_path, "---\ntitle: 题\n---x\n正文\n")
    assert where(d) == "1:1: front matter is opened with '---' but never closed"
    assert d.hint == "add a line '---' after the last front-matter key"


@pytest.mark.parametrize(("text", "expected", "hint"), [
    ("title: 节能降碳\nkicker: 关于\n---\n正文。\n", "1:1: the front matter has no opening '---'",
     "line 1 looks like a front-matter key: add a line '---' above it and another after the last key"),
    ("\nTitle：节能降碳\n正文。\n", "2:1: the front matter has no opening '---'",
     "line 2 looks like a front-matter key: add a line '---' above it and another after the last key"),
    ("---\ntitle: 题\n正文\n", "1:1: front matter is opened with '---' but never closed",
     "add a line '---' after the last front-matter key"),
    ("---\n---\n正文。\n", "1:1: article 'a' has no title", "add `title: …` to the front matter"),
    ("正文。\n", "1:1: article 'a' has no title", "add `title: …` to the front matter"),
    ("", "1:1: article 'a' has no title", None),
    ("---\ntitle:\n---\n正文。\n", "1:1: article 'a' has no title", None),
    ("---\n- title\n- 题\n---\n", "2:1: front matter must be a mapping of keys to values, not a list",
     "write one `key: value` per line, starting with `title: …`"),
    ("---\n只有一行字\n---\n", "2:1: front matter must be a mapping of keys to values, not a single value", None),
    ("---\ntitle：节能降碳\n---\n", "2:6: full-width colon (typed with the Chinese input method on)",
     "write `title: 节能降碳`"),
    ("---\ntitle: [节能, 降碳]\n---\n", "2:8: 'title' must be text, not a list",
     "write the text on the same line after the colon; quote it if it starts with [ { - or #"),
    ("---\ntitle:\n  主: 节能\n---\n", "3:3: 'title' must be text, not a mapping", None),
    ("---\ntitle: 题\nbyline:\n  - 记者\n---\n", "4:3: 'byline' must be text, not a list", None),
    ("---\ntitle: 题\ntitle: 又一个\n---\n", "3:1: duplicate key 'title' (first given at line 2)",
     "remove one of the two, or merge them"),
    ("---\ntitle: 题\ntitel: x\n---\n", "3:1: unknown front-matter key 'titel' (did you mean 'title'?)",
     "allowed keys: title, kicker, subtitle, byline, source, jump_title, photos"),
    ("---\ntitle: 题\n\tkicker: x\n---\n", "3:1: malformed YAML: found character '\\t' that cannot start any token",
     "YAML indentation must use spaces, not tabs"),
])
def test_front_matter_errors(tmp_path: Path, text: str, expected: str, hint: str | None) -> None:
    d = fails(tmp_path, text)
    assert where(d) == expected
    if hint is not None:
        assert d.hint == hint


@pytest.mark.parametrize(("photos", "expected", "hint"), [
    ("photos: station\n", "3:9: 'photos' must be a list", "write each photo as '- id: …' with caption and credit"),
    ("photos:\n  - station\n",
     "4:5: photo 1 must be a mapping with 'id', 'caption' and 'credit', not a single value",
     "write each photo as '- id: …' with `caption: …` and `credit: …` indented under it"),
    ("photos:\n  - id: a\n  - [b, c]\n", "5:5: photo 2 must be a mapping with 'id', 'caption' and 'credit', not a list",
     None),
    ("photos:\n  - caption: 图\n", "4:5: photo 1 has no 'id'",
     "add `id: …`: the plan refers to the photo as <slug>/<id>"),
    ("photos:\n  - id: a\n    caption: [图, 片]\n", "5:14: 'caption' of photo 1 must be text, not a list", None),
    ("photos:\n  - id: a\n    credit: {记者: 张磊}\n", "5:13: 'credit' of photo 1 must be text, not a mapping", None),
    ("photos:\n  - id: a\n  - id: a\n", "5: duplicate photo id 'a' (first given at line 4)",
     "give each photo its own id"),
    ("photos:\n  - id: a\n    captoin: 图\n", "5:5: unknown photo key 'captoin' (did you mean 'caption'?)",
     "allowed keys: id, caption, credit, file"),
])
def test_photo_errors(tmp_path: Path, photos: str, expected: str, hint: str | None) -> None:
    d = fails(tmp_path, "---\ntitle: 题\n" + photos + "---\n正文。\n")
    assert where(d) == expected
    if hint is not None:
        assert d.hint == hint


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    """A few lines of aliases can expand to gigabytes when the tree is walked."""
    d = fails(tmp_path, "---\ntitle: &t 题\nkicker: *t\n---\n")
    assert where(d) == "3:9: YAML aliases (*name) are not allowed in front matter"
    assert d.hint == "write the value out in full"
    laughs = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 30))
    assert "YAML aliases" in fails(tmp_path, "---\ntitle: 题\nl0: &l0 [lol]\n" + laughs + "---\n").message


@pytest.mark.parametrize("depth", [9, 100_000])
def test_deep_yaml_is_refused_without_recursion(tmp_path: Path, depth: int) -> None:
    d = fails(tmp_path, "---\ntitle: " + "[" * depth + "题" + "]" * depth + "\n---\n")
    assert where(d) == "2:15: front matter nested more than 8 levels deep"


def test_line_separators_in_front_matter_keep_line_numbers(tmp_path: Path) -> None:
    d = fails(tmp_path, "---\ntitle: 题\u2028目\nkicker: 引\u2029题\ntitel: x\n---\n")
    assert where(d) == "4:1: unknown front-matter key 'titel' (did you mean 'title'?)"
    assert read(tmp_path, "---\ntitle: 题\u2028目\n---\n").title == "题 目"


def test_invisible_characters_in_front_matter(tmp_path: Path) -> None:
    assert read(tmp_path, "---\ntitle: \"节能\\t降碳\u200b\"\n---\n").title == "节能 降碳"
