"""The error matrix: each bad input gives one clear message (file:line:col, what, hint), the right exit
code, no traceback, and no output file. docs/errors.md lists the same cases."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from tests.conftest import ARTICLE_A, ARTICLE_B, PLAN

Setup = Callable[[Path], None]
BOX = "      - story: dashuju\n        at: {col: 5, span: 4, line: 11, lines: 20}\n        columns: 4\n"


def plan_edit(old: str, new: str) -> Setup:
    def setup(folder: Path) -> None:
        plan = folder / "edition.yaml"
        text = plan.read_text(encoding="utf-8")
        assert old in text, old
        plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def article(slug: str, data: str | bytes) -> Setup:
    def setup(folder: Path) -> None:
        path = folder / "articles" / f"{slug}.md"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return setup


def with_image(content: bytes | None, mode: str = "RGB") -> Setup:
    def setup(folder: Path) -> None:
        if content is not None:
            (folder / "photo.jpg").write_bytes(content)
        elif mode:
            Image.new(mode, (1600, 900), (10, 20, 30, 40) if mode == "CMYK" else (10, 20, 30)).save(
                folder / "photo.jpg", quality=90)
        plan = folder / "edition.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + "      - image: photo.jpg\n        caption: 图。\n"
                        "        at: {col: 1, span: 4, line: 40, lines: 20}\n", encoding="utf-8")
    return setup


def local_style(body: str) -> Setup:
    def setup(folder: Path) -> None:
        (folder / "styles").mkdir(exist_ok=True)
        (folder / "styles" / "mine.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
        plan_edit("style: tianjin-daily", "style: mine")(folder)
    return setup


def catalogue(text: str, files: dict[str, bytes] | None = None) -> Setup:
    def setup(folder: Path) -> None:
        (folder / "cat.yaml").write_text(text, encoding="utf-8")
        for name, data in (files or {}).items():
            (folder / "fonts").mkdir(exist_ok=True)
            (folder / "fonts" / name).write_bytes(data)
        local_style(f"extends: tianjin-daily\nfonts:\n  catalogue: {folder / 'cat.yaml'}\n")(folder)
    return setup


def big_article(folder: Path) -> None:
    para = "节能降碳是推进碳达峰碳中和、加快发展方式绿色转型的重要抓手。" * 40
    article("jieneng", "---\ntitle: 长文\n---\n" + "\n\n".join([para] * 290) + "\n")(folder)


def two_hundred_pages(folder: Path) -> None:
    box = "        at: {col: 1, span: 2, line: 5, lines: 6}\n        columns: 2\n"
    pages = "".join(f"  - page: {n}\n    boxes:\n      - story: s{n}\n{box}" for n in range(1, 201))
    (folder / "edition.yaml").write_text("style: tianjin-daily\ndate: 2026-04-23\nissue: 1\npages_total: 200\n"
                                         f"pages:\n{pages}", encoding="utf-8")
    for p in (folder / "articles").glob("*.md"):
        p.unlink()
    for n in range(1, 201):
        (folder / "articles" / f"s{n}.md").write_text(f"---\ntitle: 第{n}条\n---\n本报讯　第{n}条消息。\n",
                                                      encoding="utf-8")


NOT_A_FONT = "roles:\n  song:\n    candidates:\n      - {file: Broken.ttf, package: fonts-broken}\n"
CATALOGUE_MISSING = "roles:\n  song:\n    candidates:\n      - {file: Missing-Regular.ttf, package: fonts-missing}\n"

# (case, setup, exit code, message lines expected in the output; {dir} is the edition folder)
CASES: list[tuple[str, Setup | None, int, list[str]]] = [
    ("tab indentation", plan_edit("    boxes:", "\tboxes:"), 2,
     ["{dir}/edition.yaml:7:1: error: malformed YAML: found character '\\t' that cannot start any token",
      "hint: YAML indentation must use spaces, not tabs"]),
    ("unclosed quote", plan_edit("style: tianjin-daily", 'style: "tianjin-daily'), 2,
     ["{dir}/edition.yaml:", "error: malformed YAML"]),
    ("duplicate key", plan_edit("issue: 28122\n", "issue: 28122\nissue: 28123\n"), 2,
     ["{dir}/edition.yaml:4:1: error: duplicate key 'issue' (first given at line 3)"]),
    ("unknown key", plan_edit("columns: 4\n      - story: dashuju", "colums: 4\n      - story: dashuju"), 2,
     ["{dir}/edition.yaml:12:9: error: unknown key 'colums' (did you mean 'columns'?)"]),
    ("wrong unit", plan_edit(BOX, BOX.replace("{col: 5, span: 4, line: 11, lines: 20}",
                                              "{x: 12 mmm, y: 300mm, width: 100mm, height: 50mm}")), 2,
     ["{dir}/edition.yaml:14:17: error: cannot read length '12 mmm' (did you mean '12mm'?)"]),
    ("wrong 号 size", local_style("extends: tianjin-daily\nparagraphs:\n  body: {font: song, size: 小五五}\n"), 2,
     ["{dir}/styles/mine.yaml:3:28: error: cannot read length '小五五' (did you mean '小五'?)"]),
    ("wrong type", plan_edit("issue: 28122", "issue: 第28122号"), 2,
     ["{dir}/edition.yaml:3:8: error: 'issue' must be integer, got '第28122号'"]),
    ("unknown article", plan_edit("story: jieneng", "story: jienneng"), 2,
     ["{dir}/edition.yaml:10:16: error: unknown story 'jienneng' (did you mean 'jieneng'?)"]),
    ("unknown style", plan_edit("style: tianjin-daily", "style: tianjin-dialy"), 2,
     ["{dir}/edition.yaml:1:8: error: unknown style 'tianjin-dialy' (did you mean 'tianjin-daily'?)"]),
    ("box off the page", plan_edit("{col: 5, span: 4, line: 11", "{col: 6, span: 4, line: 11"), 2,
     ["{dir}/edition.yaml:14:28: error: box off the page: columns 6–9, but the grid has 8"]),
    ("overlapping boxes", plan_edit("{col: 5, span: 4, line: 11", "{col: 4, span: 4, line: 11"), 2,
     ["{dir}/edition.yaml:13:9: error: box 'p1.story.dashuju' overlaps box 'p1.story.jieneng' (line 10) on page 1"]),
    ("story never placed", article("extra", "---\ntitle: 多余\n---\n正文。\n"), 2,
     ["{dir}/edition.yaml: error: story 'extra' is never placed"]),
    ("story placed twice, overlapping", plan_edit(BOX, BOX + BOX.replace("dashuju", "jieneng").replace(
        "col: 5, span: 4, line: 11, lines: 20", "col: 3, span: 4, line: 20, lines: 5")), 2,
     ["{dir}/edition.yaml:16:9: error: box 'p1.story.jieneng' overlaps box 'p1.story.jieneng' (line 10) on page 1"]),
    ("jump chain that goes back", plan_edit(PLAN[PLAN.index("pages:"):],
                                            "pages:\n  - page: 2\n    boxes:\n" + BOX.replace("dashuju", "jieneng")
                                            + "  - page: 1\n    boxes:\n" + BOX
                                            + BOX.replace("dashuju", "jieneng").replace("col: 5", "col: 1")), 2,
     ["{dir}/edition.yaml:16:9: error: story 'jieneng' jumps back from page 2 to page 1"]),
    ("empty article", article("dashuju", "---\ntitle: 空\n---\n"), 2,
     ["{dir}/edition.yaml:13:9: error: story 'dashuju' has no text to set"]),
    ("article in GBK", article("dashuju", "---\ntitle: 意见\n---\n正文。\n".encode("gbk")), 2,
     ["{dir}/articles/dashuju.md:2: error: not UTF-8 text (byte 0xd2)",
      "hint: the file looks like GBK/GB18030: convert it with `iconv -f gb18030 -t utf-8`"]),
    ("NUL character", article("dashuju", "---\ntitle: 空\n---\n正\x00文。\n"), 2,
     ["{dir}/articles/dashuju.md:4:2: error: control character U+0000 in the text"]),
    ("missing image", with_image(None, mode=""), 2,
     ["{dir}/edition.yaml:16:16: error: missing image file 'photo.jpg'"]),
    ("corrupt image", with_image(b"\xff\xd8\xff\xe0 not really a jpeg"), 2,
     ["{dir}/edition.yaml:16:16: error: cannot read image 'photo.jpg'"]),
    ("font file missing", catalogue(CATALOGUE_MISSING), 2,
     ["error: no font for role 'song': none of Missing-Regular.ttf was found",
      "hint: install it: sudo apt-get install fonts-missing"]),
    ("not a font file", catalogue(NOT_A_FONT, {"Broken.ttf": b"this is not a font"}), 2,
     ["{dir}/fonts/Broken.ttf is not a usable font file"]),
    ("character no font has", article("dashuju", "---\ntitle: 字\n---\n这是\U0001fae8。\n"), 2,
     ["{dir}/articles/dashuju.md:4: error: no font has the character '\U0001fae8' (U+1FAE8) used in story 'dashuju'"]),
    ("article of 1 MB", big_article, 1,
     ["error: overset: story 'jieneng' does not fit: "]),
    ("output folder is a file", None, 2, ["error: cannot write to {dir}/out.pdf/x: Not a directory"]),
]


@pytest.mark.parametrize(("case", "setup", "code", "messages"), CASES, ids=[c[0] for c in CASES])
def test_error_matrix(case: str, setup: Setup | None, code: int, messages: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "edition"
    (folder / "articles").mkdir(parents=True)
    (folder / "edition.yaml").write_text(PLAN, encoding="utf-8")
    (folder / "articles" / "jieneng.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "articles" / "dashuju.md").write_text(ARTICLE_B, encoding="utf-8")
    out = tmp_path / "out"
    if setup is not None:
        setup(folder)
    else:  # the output folder is under a regular file
        (folder / "out.pdf").write_text("x", encoding="utf-8")
        out = folder / "out.pdf" / "x"
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out)])
    text = result.output
    assert result.exit_code == code, text
    assert "Traceback" not in text
    for message in messages:
        assert message.format(dir=folder) in text, text
    assert not list(tmp_path.rglob("*.pdf")) or case == "output folder is a file"
    assert not out.exists() or not any(out.iterdir())


def test_bom_is_accepted(make_edition: object, tmp_path: Path) -> None:
    folder = make_edition(articles={"jieneng": "\ufeff" + ARTICLE_A, "dashuju": ARTICLE_B})  # type: ignore[operator]
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output


def test_cmyk_jpeg_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "edition"
    (folder / "articles").mkdir(parents=True)
    (folder / "edition.yaml").write_text(PLAN, encoding="utf-8")
    (folder / "articles" / "jieneng.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "articles" / "dashuju.md").write_text(ARTICLE_B, encoding="utf-8")
    with_image(None, mode="CMYK")(folder)
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output


def test_two_hundred_pages_check(tmp_path: Path) -> None:
    folder = tmp_path / "edition"
    (folder / "articles").mkdir(parents=True)
    two_hundred_pages(folder)
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.output[-500:]
    assert result.output.count("fits") == 200
