"""The e-paper's site: jumped stories read whole, same input gives the same bytes, a second run writes
only what changed, every text from the edition is escaped, nothing is written through a link."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from layout.epaper import ImageSettings, Printed, from_built, publish, publish_all
from layout.epaper.gather import safe_name
from layout.epaper.images import page_picture
from layout.errors import LayoutError
from layout.run.pipeline import build
from tests.conftest import SAMPLE, MakeEdition
from tests.epaper.support import WIDTH, ZONE, text_of

SMALL = ImageSettings(width=400)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_jumped_story_is_one_page_with_both_halves_and_no_jump_lines(site: Path, printed: list[Printed]) -> None:
    main_edition = printed[0]
    jumped = [f.story for f in main_edition.flowed.fits if f.jumps]
    assert len(jumped) >= 3
    for slug in jumped:
        article = main_edition.edition.articles[slug]
        page = text_of((site / SAMPLE.name / f"story-{slug}.html").read_text("utf-8"))
        body = [p.text for p in article.paragraphs]
        first = re.split(r"(?<=[。！？])", body[0])[0]
        last = [s for s in re.split(r"(?<=[。！？])", body[-1]) if s][-1]
        assert first in page and last in page, slug
        assert "下转" not in page and "上接" not in page, slug
        pages = sorted({b.page for b in next(f for f in main_edition.flowed.fits if f.story == slug).boxes})
        for n in pages:  # one page, linked from every page the story is on
            assert f"story-{slug}.html" in (site / SAMPLE.name / f"page-{n:02d}.html").read_text("utf-8")


def test_a_story_page_has_its_heads_photos_links_and_json_ld(site: Path) -> None:
    page = (site / SAMPLE.name / "story-tongwulang.html").read_text("utf-8")
    assert '<html lang="zh-Hans">' in page
    assert "<h1>“通武廊”的春天</h1>" in page and "——京津冀协同发展一线观察" in page and "■记者 宁广靖" in page
    assert 'alt="昨日清晨，武清站站台上的乘客准备登车。"' in page
    assert 'rel="prev"' in page and 'rel="next"' in page and 'href="page-01.html"' in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert ld["@type"] == "NewsArticle" and ld["headline"] == "“通武廊”的春天"
    assert ld["datePublished"] == "2026-04-23" and ld["pageStart"] == "1" and ld["pageEnd"] == "3"


def test_the_family_links_the_edition_and_its_zone(site: Path) -> None:
    top = (site / "index.html").read_text("utf-8")
    assert f'href="{SAMPLE.name}/index.html"' in top and f'href="{ZONE.name}/index.html"' in top
    zone_page = (site / ZONE.name / "page-13.html").read_text("utf-8")
    assert f'href="../{SAMPLE.name}/index.html"' in zone_page and "第13版 津南新闻" in zone_page
    assert (site / ZONE.name / "20260423-JN-13.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow  # publishes the sample and its zone again, 2-4 s
def test_two_runs_are_byte_identical_and_a_third_writes_nothing(printed: list[Printed], tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    publish_all(printed, a, SMALL)
    publish_all(printed, b, SMALL)
    assert files_of(a) == files_of(b)
    again = publish_all(printed, a, SMALL)
    assert [w.changed for w in again] == [(), ()]
    manifest = json.loads((a / SAMPLE.name / "manifest.json").read_text("utf-8"))
    assert manifest["changed"] == [] and len(manifest["files"]) > 10


@pytest.mark.slow  # publishes the sample and its zone again, 2-4 s
def test_a_change_on_one_page_rewrites_only_that_page_and_its_stories(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    site = tmp_path / "site"
    before = publish_all([from_built(build(folder))], site, SMALL)[0]
    assert "page-01.jpg" in before.changed
    article = folder / "articles" / "jieneng.md"
    text = article.read_text("utf-8")
    assert text.count("四月十一日") == 1
    article.write_text(text.replace("四月十一日", "四月十二日"), "utf-8")  # the signature, on page 3
    drawn: list[int] = []

    def counting(pdf: bytes, trim: tuple[float, float], width: int) -> Image.Image:
        drawn.append(len(pdf))
        return page_picture(pdf, trim, width)

    monkeypatch.setattr("layout.epaper.edition.page_picture", counting)
    after = publish_all([from_built(build(folder))], site, SMALL)[0]
    assert len(drawn) == 1  # only page 3's image is drawn again
    assert "page-03.jpg" in after.changed and "story-jieneng.html" in after.changed
    assert "page-01.jpg" not in after.changed and "page-02.jpg" not in after.changed
    assert not any(name.startswith("story-") and name != "story-jieneng.html" for name in after.changed), after.changed
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert manifest["changed"] == list(after.changed)


HOSTILE = """\
---
title: <script>alert(1)</script>"引号' & 标题
kicker: <img src=x onerror=alert(2)>
byline: ■记者 "</script><b>
---
正文\\<script>alert(3)\\</script>，还有“引号”和 ' " & 符号。
"""


def test_every_text_from_the_edition_is_escaped(make_edition: MakeEdition, tmp_path: Path) -> None:
    from tests.conftest import ARTICLE_B

    folder = make_edition(articles={"jieneng": HOSTILE, "dashuju": ARTICLE_B})
    built = build(folder)
    written = publish(built.laid.edition, built.laid.flowed, from_built(built).pages, tmp_path / "site", SMALL)
    pages = {n: (tmp_path / "site" / n).read_text("utf-8") for n in written.files if n.endswith(".html")}
    story = pages["story-jieneng.html"]
    for page in pages.values():
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>" not in page
        assert page.count("<script") == page.count("</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;引号&#x27; &amp;标题" in story
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', story, re.S)
    assert ld is not None and json.loads(ld.group(1))["headline"] == '<script>alert(1)</script>"引号\' &标题'
    assert 'alt="&lt;script&gt;alert(1)&lt;/script&gt;&quot;引号&#x27; &amp;标题"' in pages["page-01.html"]


def test_file_names_from_slugs_are_plain_and_unique() -> None:
    taken: set[str] = set()
    assert safe_name("../../etc/passwd", taken) == "etc-passwd"
    assert safe_name("新闻", taken) == "story" and safe_name("新闻2", taken) == "2"
    assert safe_name("新闻", taken) == "story-2"
    assert safe_name("A B/C", taken) == "a-b-c"


def test_nothing_is_written_through_a_symbolic_link(printed: list[Printed], tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("keep", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "story-jieneng.html").symlink_to(outside)
    p = printed[0]
    with pytest.raises(LayoutError, match="symbolic link"):
        publish(p.edition, p.flowed, p.pages, site, SMALL)
    assert outside.read_text("utf-8") == "keep"
    linked = tmp_path / "linked"
    linked.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(LayoutError, match="symbolic link"):
        publish(p.edition, p.flowed, p.pages, linked, SMALL)
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.slow  # publishes the sample and its zone again, 2-4 s
def test_the_command_and_the_nights_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["epaper", str(SAMPLE), "-o", str(tmp_path / "e"), "--width", str(WIDTH)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "e" / "index.html").is_file()
    assert "本日地方版：津南区版（16版）" in (tmp_path / "e" / "page-01.html").read_text("utf-8")  # its zones, named
    bad = CliRunner().invoke(main, ["epaper", str(SAMPLE), "-o", str(tmp_path / "x"), "--width", "5"])
    assert bad.exit_code == 2 and "width 5 is out of range" in bad.output
    night = CliRunner().invoke(main, ["render", str(SAMPLE), str(ZONE), "-o", str(tmp_path / "out"),
                                      "--epaper", str(tmp_path / "n")])
    assert night.exit_code == 0, night.output
    for edition in (SAMPLE, ZONE):
        assert (tmp_path / "n" / edition.name / "index.html").is_file()
    zone_pdfs = sorted(p.name for p in (tmp_path / "n" / ZONE.name).glob("*.pdf"))
    assert zone_pdfs == sorted(p.name for p in (tmp_path / "out" / ZONE.name).glob("*.pdf") if p.name != "edition.pdf")


def test_a_file_no_longer_made_is_removed_but_never_a_link_or_a_name_outside(tmp_path: Path) -> None:
    from layout.epaper.site import write_site

    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "outside.html").write_text("keep", "utf-8")
    (site / "story-old.html").write_text("old", "utf-8")
    (site / "story-link.html").symlink_to(tmp_path / "outside.html")
    old = {"files": {"story-old.html": "x", "story-link.html": "x", "../outside.html": "x", "index.html": "x"}}
    written = write_site(site, {"index.html": b"new"}, {}, {"edition": "e"}, old)
    assert written.removed == ("story-old.html",) and written.changed == ("index.html",)
    assert not (site / "story-old.html").exists() and (site / "story-link.html").is_symlink()
    assert (tmp_path / "outside.html").read_text("utf-8") == "keep"
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert manifest["removed"] == ["story-old.html"] and list(manifest["files"]) == ["index.html"]
