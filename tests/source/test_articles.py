"""The article body (CommonMark through markdown-it-py): what each construct becomes, exactly, and each
construct the format refuses, with its file:line:col and hint. docs/edition-format.md, "Articles"."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.model.article import ParaKind, Span, SpanKind
from layout.source.article import MAX_PARAGRAPH_CHARS, MAX_RUN
from tests.source.articles_support import HEAD, body, fails, paras, where

B = SpanKind.BOLD

# ---------------------------------------------------------------------------------------------------
# paragraphs, subheads, signature


def test_paragraphs_and_soft_wrapped_lines(tmp_path: Path) -> None:
    text = "节能降碳是推进\n碳达峰碳中和的\n重要抓手。\n\nLatin words\nwrap with a space\n\n\n中文 and\nLatin\n"
    assert body(tmp_path, text) == [
        ("body", "节能降碳是推进碳达峰碳中和的重要抓手。", 4),
        ("body", "Latin words wrap with a space", 8),
        ("body", "中文and Latin", 12),  # the normaliser drops the CJK–Latin space
    ]


def test_whitespace_at_line_ends_is_dropped_inside_is_kept(tmp_path: Path) -> None:
    assert body(tmp_path, "   前导空格\n\u3000\u3000全角缩进\n\n甲\u3000乙\n") == [
        ("body", "前导空格全角缩进", 4), ("body", "甲\u3000乙", 7)]


@pytest.mark.parametrize("level", range(1, 7))
def test_headings_are_subheads(tmp_path: Path, level: int) -> None:
    assert body(tmp_path, f"{'#' * level} 一、总体要求 {'#' * level}\n正文。\n") == [
        ("subhead", "一、总体要求", 4), ("body", "正文。", 5)]


def test_a_hash_without_a_space_is_text(tmp_path: Path) -> None:
    assert body(tmp_path, "#热点话题#\n") == [("body", "#热点话题#", 4)]


def test_final_quote_is_the_signature_one_paragraph_per_line(tmp_path: Path) -> None:
    text = "正文。\n\n> 中共中央办公厅\n> 国务院办公厅\n>\n> 2026年4月11日\n\n> 另一块\n"
    assert body(tmp_path, text) == [
        ("body", "正文。", 4),
        ("signature", "中共中央办公厅", 6), ("signature", "国务院办公厅", 7),
        ("signature", "2026年4月11日", 9), ("signature", "另一块", 11),
    ]


def test_signature_lazy_line_and_hard_break_are_lines_too(tmp_path: Path) -> None:
    assert body(tmp_path, "> 天津市人民政府\n2026年4月11日\n") == [
        ("signature", "天津市人民政府", 4), ("signature", "2026年4月11日", 5)]
    assert body(tmp_path, "> 天津市人民政府  \n> 2026年\n") == [
        ("signature", "天津市人民政府", 4), ("signature", "2026年", 5)]


def test_a_quote_that_is_not_last_is_an_error(tmp_path: Path) -> None:
    d = fails(tmp_path, HEAD + "正文。\n\n> 签名\n\n后文。\n")
    assert where(d) == "6:1: a '>' block that is not at the end of the article"
    assert d.hint == ("a final block of '> ' lines is the signature (issuing bodies, date): move it to the end, "
                      "or remove the '>' (text follows at line 8)")


# ---------------------------------------------------------------------------------------------------
# inline: escapes, bold, breaks, links


def test_backslash_escapes_print_the_character(tmp_path: Path) -> None:
    text = ("\\<b\\> \\*星\\* \\_x\\_ \\\\ \\[1\\] \\` \\!\n\n"
            "\\# 不是小标题\n\n\\- 不是列表\n\n1\\. 不是序号\n\n\\> 不是签名\n")
    assert body(tmp_path, text) == [
        ("body", "<b> *星* _x_ \\ [1] ` !", 4), ("body", "# 不是小标题", 6), ("body", "- 不是列表", 8),
        ("body", "1. 不是序号", 10), ("body", "> 不是签名", 12)]


def test_character_references_are_decoded(tmp_path: Path) -> None:
    assert body(tmp_path, "AT&amp;T &lt;b&gt; &#x4E2D;&#25991; R&D\n") == [("body", "AT&T <b> 中文R&D", 4)]


def test_bold_becomes_a_span_of_the_plain_text(tmp_path: Path) -> None:
    (p,) = paras(tmp_path, "推进**碳达峰碳中和**、加快**绿色转型**。\n")
    assert (p.text, p.spans) == ("推进碳达峰碳中和、加快绿色转型。", (Span(2, 8, B), Span(11, 15, B)))
    assert [p.text[s.start : s.end] for s in p.spans] == ["碳达峰碳中和", "绿色转型"]


def test_bold_spans_index_the_normalised_text(tmp_path: Path) -> None:
    # the normaliser drops CJK–Latin spaces and stray spaces between Chinese characters (and marks), turns
    # ... into …… and -- into ——, "" into “”
    (p,) = paras(tmp_path, '他说 "**好**" ... 然后 -- **AI** 模型 __也行__\n')
    assert p.text == "他说“好” …… 然后 —— AI模型也行"
    assert [p.text[s.start : s.end] for s in p.spans] == ["好", "AI", "也行"]
    (q,) = paras(tmp_path, "**整段加粗，\n跨两行**\n")
    assert (q.text, q.spans) == ("整段加粗，跨两行", (Span(0, 8, B),))


def test_bold_in_subhead_list_and_signature(tmp_path: Path) -> None:
    ps = paras(tmp_path, "## 一、**总体**要求\n\n- **甲**项\n\n> **国务院**\n")
    assert [(p.kind, p.text, p.spans) for p in ps] == [
        (ParaKind.SUBHEAD, "一、总体要求", (Span(2, 4, B),)),
        (ParaKind.BODY, "●甲项", (Span(1, 2, B),)),
        (ParaKind.SIGNATURE, "国务院", (Span(0, 3, B),)),
    ]


def test_emphasis_is_an_error(tmp_path: Path) -> None:
    d = fails(tmp_path, HEAD + "正文\n一段*强调*文字。\n")
    assert where(d) == "5:3: *…* or _…_ (emphasis): Chinese type has no italics"
    assert d.hint == "write **…** for bold; write \\* or \\_ for a literal * or _"
    assert where(fails(tmp_path, HEAD + "_x_\n")).startswith("4:1: *…* or _…_")
    assert where(fails(tmp_path, HEAD + "*ST康美和*ST辅仁\n")).startswith("4:1: *…* or _…_")


def test_single_asterisks_and_underscores_stay(tmp_path: Path) -> None:
    assert body(tmp_path, "*ST康美涨停。\n\nsnake_case a_b_c 5*3 __init\n") == [
        ("body", "*ST康美涨停。", 4), ("body", "snake_case a_b_c 5*3 __init", 6)]


def test_unpaired_double_asterisks_are_an_error(tmp_path: Path) -> None:
    d = fails(tmp_path, HEAD + "他说**“好”**然后\n")
    assert where(d) == "4:3: '**' that neither opens nor closes bold text"
    assert d.hint is not None and "“**引号**”" in d.hint
    assert body(tmp_path, "他说“**好**”然后\n") == [("body", "他说“好”然后", 4)]


def test_hard_breaks_become_u2028(tmp_path: Path) -> None:
    assert body(tmp_path, "第一行  \n第二行\\\n第三行\nLatin  \nline\n") == [
        ("body", "第一行\u2028第二行\u2028第三行Latin\u2028line", 4)]


def test_links_print_text_and_address(tmp_path: Path) -> None:
    text = ("详见[新华网](http://www.news.cn/a?b=1)。\n\n"
            "See [the report](https://example.com/r.pdf).\n\n"
            "<https://www.gov.cn> [https://q.cn](https://q.cn) [](http://e.cn) <info@example.com>\n\n"
            "[中国政府网](https://www.gov.cn/%E6%94%BF%E7%AD%96)\n")
    assert body(tmp_path, text) == [
        ("body", "详见新华网（http://www.news.cn/a?b=1）。", 4),
        ("body", "See the report (https://example.com/r.pdf).", 6),
        ("body", "https://www.gov.cn https://q.cn http://e.cn info@example.com", 8),
        ("body", "中国政府网（https://www.gov.cn/政策）", 10),
    ]


def test_bold_link(tmp_path: Path) -> None:
    (p,) = paras(tmp_path, "**[新华网](http://www.news.cn)**\n")
    assert p.text == "新华网（http://www.news.cn）"
    assert p.spans == (Span(0, 23, B),)


def test_link_reference_definitions_are_text(tmp_path: Path) -> None:
    """`[1]: …` would define a link and vanish in CommonMark; here it is kept as text."""
    assert body(tmp_path, "[1]: 参见国务院文件\n\n见[文件][1]。\n") == [
        ("body", "[1]：参见国务院文件", 4), ("body", "见[文件][1]。", 6)]


# ---------------------------------------------------------------------------------------------------
# lists


def test_bullet_items_are_paragraphs_with_a_dot(tmp_path: Path) -> None:
    assert body(tmp_path, "导语：\n\n- 第一项\n* 第二项\n\n+ 第三项\n  续行\n") == [
        ("body", "导语：", 4), ("body", "●第一项", 6), ("body", "●第二项", 7), ("body", "●第三项续行", 9)]


def test_ordered_items_are_numbered_as_markdown_shows_them(tmp_path: Path) -> None:
    assert body(tmp_path, "1. 其一\n1. 其二\n1. 其三\n\n3) 丙\n7) 丁\n") == [
        ("body", "1．其一", 4), ("body", "2．其二", 5), ("body", "3．其三", 6),
        ("body", "3）丙", 8), ("body", "4）丁", 9)]


def test_loose_item_with_two_paragraphs(tmp_path: Path) -> None:
    assert body(tmp_path, "1. 第一段\n\n   第二段\n2. 下一项\n") == [
        ("body", "1．第一段", 4), ("body", "第二段", 6), ("body", "2．下一项", 7)]


def test_empty_list_item_is_an_error(tmp_path: Path) -> None:
    d = fails(tmp_path, HEAD + "- 甲\n-\n- 丙\n")
    assert where(d) == "5:1: an empty list item"
    assert d.hint == "write the item's text after the marker, or delete the line"


@pytest.mark.parametrize(("text", "expected"), [
    ("- 甲\n  - 乙\n", "5:3: a list inside a list item"),
    ("- > 甲\n", "4:1: a '>' quote inside a list item"),
    ("> - 甲\n", "4:1: a list inside a '>' quote"),
    ("> > 甲\n", "4:1: a '>' quote inside a '>' quote"),
    ("- ## 甲\n", "4:1: a subhead inside a list item"),
    ("> # 甲\n", "4:1: a subhead inside a '>' quote"),
])
def test_nesting_is_an_error(tmp_path: Path, text: str, expected: str) -> None:
    d = fails(tmp_path, HEAD + text)
    assert where(d) == expected
    assert d.hint in ("an article has no nested lists or quotes: write plain paragraphs",
                      "subheads stand on their own: write '## text' outside the list or quote")


# ---------------------------------------------------------------------------------------------------
# what the format refuses


@pytest.mark.parametrize(("text", "expected", "hint"), [
    ("正文。\n\n---\n\n后文。\n", "6:1: a thematic break (---, *** or ___) in the body",
     "delete it: paragraphs are separated by a blank line; rules between stories are boxes in the plan"),
    ("* * *\n", "4:1: a thematic break (---, *** or ___) in the body", None),
    ("正文。\n\n    缩进四格\n", "6:5: a line indented by 4 spaces or a tab (Markdown code)",
     "remove the indentation: the first-line indent of a paragraph is set automatically"),
    ("\t用制表符缩进\n", "4:2: a line indented by 4 spaces or a tab (Markdown code)", None),
    ("```\ncode\n```\n", "4:1: a fenced code block (``` or ~~~)",
     "newspaper text has no code: write it as a paragraph"),
    ("~~~python\nx\n~~~\n", "4:1: a fenced code block (``` or ~~~)", None),
    ("<div>正文</div>\n", "4:1: HTML in the body", "HTML cannot be printed: delete it, or write \\< for a literal <"),
    ("<!-- 编辑备注 -->\n", "4:1: HTML in the body", None),
    ("正文<b>加粗</b>。\n", "4:3: HTML in the text (<b>)", None),
    ("正文\n见`code`。\n", "5:2: `…` (code) in the text", "remove the backticks, or write \\` for a literal backtick"),
    ("图：![武清站](images/a.jpg)\n", "4:3: a picture in the text",
     "pictures are photos: list them under `photos:` in the front matter and place them in the plan"),
    ('见[链接](http://x.cn "标题")\n', "4:5: a link with a title ([text](address \"title\"))",
     "a link title cannot be printed: delete it or write it into the text"),
    ("| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n", "4:1: a table",
     "tables cannot be set in a text column: make it an image, or write each row as a paragraph"),
    ("小标题\n===\n", "4:1: a line of === or --- under text (a Markdown heading)",
     "write a subhead as '## text'; to keep the line as text, put a blank line between"),
    ("正文\n---\n", "4:1: a line of === or --- under text (a Markdown heading)", None),
    ("##\n", "4:1: an empty subhead", "write the subhead after '## ', or delete the line"),
    ("x &#0; y\n", "4:3: a character reference gives U+FFFD, which cannot be printed", "delete the &…; reference"),
])
def test_refused_constructs(tmp_path: Path, text: str, expected: str, hint: str | None) -> None:
    d = fails(tmp_path, HEAD + text)
    assert where(d) == expected
    if hint is not None:
        assert d.hint == hint


# ---------------------------------------------------------------------------------------------------
# special characters (docs/text-engine.md §2 and the breaker's needs)


def test_paragraph_separator_and_nel_split_paragraphs(tmp_path: Path) -> None:
    assert body(tmp_path, "甲段\u2029乙段\n\n丙段\u0085丁段\n续行\n") == [
        ("body", "甲段", 4), ("body", "乙段", 4), ("body", "丙段", 6), ("body", "丁段续行", 6)]


def test_line_separator_and_soft_hyphen_stay(tmp_path: Path) -> None:
    assert body(tmp_path, "第一行\u2028第二行 ex\u00adtra\u00adordinary\n") == [
        ("body", "第一行\u2028第二行ex\u00adtra\u00adordinary", 4)]


def test_tab_becomes_a_space_zero_width_space_is_dropped(tmp_path: Path) -> None:
    assert body(tmp_path, "a\tb x\ufeffy 中\u200b文\n") == [("body", "a b xy中文", 4)]


@pytest.mark.parametrize(("char", "expected", "hint"), [
    ("\x1b", "5:3: control character U+001B in the text", "delete it: it cannot be printed"),
    ("\x07", "5:3: control character U+0007 in the text", "delete it: it cannot be printed"),
    ("\x7f", "5:3: control character U+007F in the text", "delete it: it cannot be printed"),
    ("\x9b", "5:3: control character U+009B in the text", "delete it: it cannot be printed"),
    ("\ufffd", "5:3: replacement character U+FFFD in the text",
     "the text was damaged when it was converted: type the missing character again"),
    ("\u202e", "5:3: bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE) in the text",
     "delete it: it is invisible and cannot be printed"),
])
def test_unprintable_characters_are_named_never_shown(tmp_path: Path, char: str, expected: str, hint: str) -> None:
    d = fails(tmp_path, HEAD + "正文\n一段" + char + "文字\n")
    assert where(d) == expected
    assert d.hint == hint
    assert char not in d.format()


def test_control_character_in_front_matter_value(tmp_path: Path) -> None:
    d = fails(tmp_path, '---\ntitle: "a\\eb"\n---\n')
    assert where(d) == "2:8: control character U+001B in 'title'"
    assert "\x1b" not in d.format()


# ---------------------------------------------------------------------------------------------------
# limits


def test_paragraph_limit(tmp_path: Path) -> None:
    ok = ("文" * 99 + "，") * 500  # runs under the run limit
    assert len(ok) == MAX_PARAGRAPH_CHARS
    assert body(tmp_path, ok + "\n") == [("body", ok, 4)]
    half = ("文" * 99 + "，") * 250
    d = fails(tmp_path, HEAD + "前文。\n\n" + half + "\n" + half + "字\n")
    assert where(d) == "6:1: a paragraph of 50,001 characters; the limit is 50,000"
    assert d.hint == "split it into paragraphs with blank lines"
    d = fails(tmp_path, HEAD + "前文。\n\n" + "文" * (2 * MAX_PARAGRAPH_CHARS + 1) + "\n")
    assert where(d) == "6:1: a paragraph of 100,001 characters; the limit is 50,000"


def test_run_limit(tmp_path: Path) -> None:
    """The normaliser is quadratic in a run of letters: a run is at most 1,000 characters (real Chinese
    copy has a punctuation mark every 40 or so)."""
    assert body(tmp_path, "文" * MAX_RUN + "。\n")[0][1] == "文" * MAX_RUN + "。"
    d = fails(tmp_path, HEAD + "前文。\n\n" + "文" * 600 + "\n" + "字" * 402 + "，后文\n")
    assert where(d) == "6:1: 1,002 letters or digits in a row without a space or punctuation; the limit is 1,000"
    assert d.hint == "break it with spaces or punctuation (pasted data? missing line breaks?)"
    assert where(fails(tmp_path, HEAD + "甲" * 500 + "\n" + "乙" * 501 + "\n")).startswith("4:1: 1,001 letters")
    assert body(tmp_path, "a" * 600 + "\n" + "b" * 600 + "\n") == [("body", "a" * 600 + " " + "b" * 600, 4)]


def test_front_matter_values_are_limited_too(tmp_path: Path) -> None:
    d = fails(tmp_path, "---\ntitle: " + "题，" * 25_001 + "\n---\n")
    assert where(d) == "2:8: 'title' of 50,002 characters; the limit is 50,000"
    assert d.hint == "shorten it"
    d = fails(tmp_path, "---\ntitle: 题\nphotos:\n  - id: a\n    caption: " + "图" * 1_001 + "\n---\n")
    assert where(d) == "5:14: 1,001 letters or digits in a row without a space or punctuation; the limit is 1,000"


def test_bracket_limit(tmp_path: Path) -> None:
    d = fails(tmp_path, HEAD + "[" * 10_000 + "\n\n正文[1]\n")
    assert where(d) == "6: 10,001 '[' in the article; at most 10,000 are allowed (the one over the limit is here)"
    assert d.hint == "write 【】 for brackets in Chinese text"
    assert body(tmp_path, "[" * 10_000 + "\n") == [("body", "[" * 10_000, 4)]


@pytest.mark.parametrize("text", [
    ">" * 100_000 + " 深\n",
    "- " * 10_000 + "深\n",
    "1. " * 10_000 + "深\n",
    "> - " * 5_000 + "深\n",
    "".join("  " * i + "- 深\n" for i in range(300)),
], ids=["quotes", "bullets", "numbers", "mixed", "indented"])
def test_deep_nesting_is_refused_without_recursion(tmp_path: Path, text: str) -> None:
    d = fails(tmp_path, HEAD + text)
    assert d.message == "lists and '>' quotes nested more than 4 levels deep"
    assert d.hint == "an article has no nested lists or quotes: write plain paragraphs"
    assert d.line in (4, 8)  # one line, or the fifth of the indented list


def test_four_levels_get_the_nesting_error_not_the_depth_error(tmp_path: Path) -> None:
    assert where(fails(tmp_path, HEAD + "> > > > 甲\n")) == "4:1: a '>' quote inside a '>' quote"
