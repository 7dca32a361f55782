"""The sample edition end to end through the CLI: pages, text in order, fonts embedded, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.model.plan import HeadlineBox, StoryBox
from layout.source.edition import load_edition
from tests.conftest import SAMPLE

JUMP = re.compile(r"（[下上][转接]第\d+版）")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"edition\.pdf: 5 pages, 12 stories, \d+ characters set, [\d.]+ s", result.output)
    return out / "edition.pdf"


def page_texts(pdf: Path) -> list[str]:
    reader = pypdf.PdfReader(pdf)
    return ["".join(p.extract_text().split()) for p in reader.pages]


def chunks_in_order(story: str, text: str) -> int:
    """How many contiguous pieces `story` is found in, in order, in `text`; fails if any part is missing."""
    i, pos, pieces = 0, 0, 0
    while i < len(story):
        probe = story[i:i + 12]
        j = text.find(probe, pos)
        assert j >= 0, f"text lost or out of order at “{story[i:i + 30]}”"
        k = 0
        while i + k < len(story) and j + k < len(text) and text[j + k] == story[i + k]:
            k += 1
        i, pos, pieces = i + k, j + k, pieces + 1
    return pieces


def test_five_pages_with_trim_and_bleed(sample_pdf: Path) -> None:
    reader = pypdf.PdfReader(sample_pdf)
    assert len(reader.pages) == 5  # 要闻 1–3, the 财经 page 6 and the 副刊 page 8
    for page in reader.pages:
        trim = [round(float(v), 1) for v in page.trimbox]
        media = [round(float(v), 1) for v in page.mediabox]
        assert trim[2] - trim[0] == pytest.approx(390 / 25.4 * 72, abs=0.2)
        assert trim[3] - trim[1] == pytest.approx(545 / 25.4 * 72, abs=0.2)
        assert media[2] - trim[2] == pytest.approx(3 / 25.4 * 72, abs=0.2)


def test_every_article_in_order(sample_pdf: Path) -> None:
    edition = load_edition(SAMPLE)
    text = JUMP.sub("", "".join(page_texts(sample_pdf)))
    for slug, article in edition.articles.items():
        parts = sum(1 for p in edition.pages for b in p.boxes
                    if isinstance(b, StoryBox | HeadlineBox) and b.story == slug)
        body = "".join("".join(p.text.split()) for p in article.paragraphs)
        if not body:
            continue
        body = "".join(article.byline.split()) + body
        pieces = chunks_in_order(body, text)
        assert pieces <= parts, f"{slug}: found in {pieces} pieces but placed in {parts} boxes"


def test_jump_lines_point_at_the_right_pages(sample_pdf: Path) -> None:
    texts = page_texts(sample_pdf)
    assert texts[0].count("（下转第3版）") == 2 and texts[0].count("（下转第2版）") == 2
    assert texts[1].count("（上接第1版）") == 2 and texts[2].count("（上接第1版）") == 2


def test_masthead_imprint_is_computed(sample_pdf: Path) -> None:
    first = page_texts(sample_pdf)[0]
    for piece in ("天津日报", "2026年4月23日", "星期四", "农历丙午年三月初七", "今日12版（津南区16版）",
                  "第28122号", "1949年1月17日创刊", "CN12-0001"):
        assert piece in first, piece


def test_fonts_embedded_and_subset(sample_pdf: Path) -> None:
    reader = pypdf.PdfReader(sample_pdf)
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            assert font["/Subtype"] == "/Type0", font["/Subtype"]
            assert re.match(r"^/[A-Z]{6}\+", str(font["/BaseFont"])), font["/BaseFont"]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile3" in descriptor or "/FontFile2" in descriptor
            seen += 1
    assert seen >= 4


def test_same_inputs_same_bytes(sample_pdf: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "edition.pdf").read_bytes() == sample_pdf.read_bytes()


def test_check_prints_copyfit_and_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "jieneng" in result.output and "jumps 1→3" in result.output


def test_bad_input_exit_2_no_traceback_no_pdf(make_edition: object, tmp_path: Path) -> None:
    from tests.conftest import PLAN

    folder = make_edition(PLAN.replace("story: jieneng", "story: jienneng"))  # type: ignore[operator]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out)])
    assert result.exit_code == 2
    assert "unknown story 'jienneng' (did you mean 'jieneng'?)" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_overset_is_exit_1_unless_allowed(make_edition: object, tmp_path: Path) -> None:
    from tests.conftest import PLAN

    tiny = PLAN.replace("{col: 1, span: 4, line: 11, lines: 20}", "{col: 1, span: 4, line: 11, lines: 5}")
    folder = make_edition(tiny)  # type: ignore[operator]
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "a")])
    assert result.exit_code == 1
    assert "overset: story 'jieneng' does not fit" in result.output
    assert not (tmp_path / "a").exists()
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "b"), "--allow-overset"])
    assert result.exit_code == 0, result.output
    assert "warning: overset: story 'jieneng'" in result.output
    assert (tmp_path / "b" / "edition.pdf").is_file()


def test_pages_option_renders_only_those(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path), "--pages", "1,3"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["20260423-01.pdf", "20260423-03.pdf"]
    assert "edition.pdf left as it was (--pages)" in result.output
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path), "--pages", "7"])
    assert result.exit_code == 2 and "no page 7 in this edition" in result.output


def test_fonts_command_reports_coverage_of_the_edition() -> None:
    result = CliRunner().invoke(main, ["fonts", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^song\s+NotoSerifCJKsc-Regular\s+fonts-noto-cjk\s+\d+/\d+", result.output, re.M)


def test_version_and_help_with_examples() -> None:
    assert CliRunner().invoke(main, ["--version"]).output.startswith("layout, version ")
    help_text = CliRunner().invoke(main, ["render", "--help"]).output
    assert "layout render seeds/tianjin-daily-2026-04-23" in help_text and "Exit codes" in help_text


def test_normalize_command_is_idempotent_on_the_sample(tmp_path: Path) -> None:
    article = SAMPLE / "articles" / "changwei.md"
    result = CliRunner().invoke(main, ["normalize", str(article)])
    assert result.exit_code == 0
    assert result.output == article.read_text(encoding="utf-8")
    raw = tmp_path / "a.md"
    raw.write_text("---\ntitle: 标题\n---\n暖春之际,雄安新区(记者 张骁)说:\"好\"...\n", encoding="utf-8")
    CliRunner().invoke(main, ["normalize", "--write", str(raw)])
    assert raw.read_text(encoding="utf-8").endswith("暖春之际，雄安新区（记者 张骁）说：“好”……\n")


def test_a_character_no_font_has_is_an_error_unless_allowed(make_edition: object, tmp_path: Path) -> None:
    from tests.conftest import ARTICLE_B

    article = "---\ntitle: 意见\n---\n第一段。\n\n节能降碳\U0001fae8是重要抓手。\n"
    folder = make_edition(articles={"jieneng": article, "dashuju": ARTICLE_B})  # type: ignore[operator]
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "a")])
    assert result.exit_code == 2
    want = "jieneng.md:6: error: no font has the character '\U0001fae8' (U+1FAE8) used in story 'jieneng'"
    assert want in result.output
    assert not (tmp_path / "a").exists()
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "b"), "--allow-missing-glyphs"])
    assert result.exit_code == 0, result.output
    assert "warning: no font has the character" in result.output
    text = "".join(pypdf.PdfReader(tmp_path / "b" / "edition.pdf").pages[0].extract_text().split())
    assert "节能降碳〓是重要抓手" in text


@pytest.mark.slow  # renders the whole sample twice, 2 s
def test_a_second_paper_style_renders_the_same_edition_by_changing_one_line(tmp_path: Path) -> None:
    """北方晚报 (styles/beifang-wanbao.yaml): Berliner 315 × 470 mm, 6 columns, sans body, blue masthead;
    the sample's plan is mapped from the 8-column grid. Only the `style:` line of edition.yaml changes."""
    import shutil

    folder = tmp_path / "edition"
    shutil.copytree(SAMPLE, folder)
    plan = folder / "edition.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\nstyle: tianjin-daily\n", "\nstyle: beifang-wanbao\n"), encoding="utf-8")
    new = plan.read_text(encoding="utf-8").splitlines()
    changed = [a for a, b in zip(text.splitlines(), new, strict=True) if a != b]
    assert changed == ["style: tianjin-daily"]
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "out" / "edition.pdf")
    trim = [float(v) for v in reader.pages[0]["/TrimBox"]]
    assert trim[2] - trim[0] == pytest.approx(315 / 25.4 * 72, abs=0.1)
    assert trim[3] - trim[1] == pytest.approx(470 / 25.4 * 72, abs=0.1)
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("NotoSansCJKsc-Regular" in f for f in fonts)
    first = "".join(reader.pages[0].extract_text().split())
    assert "北方晚报" in first and "农历丙午年三月初七" in first
    edition = load_edition(folder)
    assert edition.style.grid.columns == 6 and edition.style.name == "北方晚报"
    text_all = JUMP.sub("", "".join(page_texts(tmp_path / "out" / "edition.pdf")))
    for article in edition.articles.values():
        body = "".join(article.byline.split()) + "".join("".join(p.text.split()) for p in article.paragraphs)
        if body:
            chunks_in_order(body, text_all)
