"""Regions (docs/text-engine.md rule-13): `region: tw | hk` — every mark a full em (不压缩), the fonts' `locl`
forms for the ZHT/ZHH language system (。，、：；！？ centred), quotation marks nested 「」 then 『』.

The done-when check reads the sample's page 1, rendered with a style that extends the sample's and sets
`region: tw`, back from the PDF: ink of 。，、：； centred in its em box (raster), a 。 before another mark
keeping its full em, and 「」 where the articles have “”."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest

from layout.errors import LayoutError
from layout.model.article import Article, Paragraph, ParaKind
from layout.model.style import PunctStyle, Region, TextStyle
from layout.run.options import Options, Selection
from layout.run.pipeline import render
from layout.style.load import load_style
from layout.text import break_paragraph
from layout.text.headline import head_style
from layout.text.region import convert_quotes, nest_titles, regional_articles
from tests.conftest import ROOT, SAMPLE
from tests.support.squarefont import METRICS

STYLE = TextStyle(font="test", size=10.0, leading=15.0, indent=0.0)
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def xs(text: str, measure: float, punct: PunctStyle) -> list[list[float]]:
    got = break_paragraph(text, dataclasses.replace(STYLE, punctuation=punct), measure, METRICS)
    return [[round(g.x, 4) for g in ln.glyphs] for ln in got.lines]


def test_no_compression_keeps_every_mark_a_full_em() -> None:
    """不压缩: 。」 takes 2 em (the mainland's 行末半角 squeezes it to 1.5 em)."""
    text = "天地玄黄。」宇宙洪荒"
    assert xs(text, 200.0, PunctStyle.NONE)[0] == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
    assert xs(text, 200.0, PunctStyle.HALF_AT_END)[0][5] == 45.0


def test_no_compression_pushes_out_instead_of_in() -> None:
    """A 。 that may not start a line is never pushed in by compressing marks: the line is pushed out."""
    text = "天地玄黄宇，宙洪荒日月盈昃。辰宿"  # 13 em + 。: the mainland compresses ， and 。 to fit it in
    full = xs(text, 130.0, PunctStyle.NONE)
    assert len(full[0]) == 12 and full[1][:2] == [0, 10]  # 昃。 went down together
    assert len(xs(text, 130.0, PunctStyle.HALF_AT_END)[0]) == 14


@pytest.mark.parametrize(("region", "text", "want"), [
    (Region.TW, "他说：“我读过‘春晓’。”", "他说：「我读过『春晓』。」"),
    (Region.HK, "“China’s GDP”增长", "「China’s GDP」增长"),  # the apostrophe stays
    (Region.CN, "他说：「我读过『春晓』。」", "他说：“我读过‘春晓’。”"),
    (Region.TW, "无引号", "无引号"),
])
def test_quotes_take_the_regions_nesting(region: Region, text: str, want: str) -> None:
    got, n = convert_quotes(text, region)
    assert got == want and len(got) == len(text)
    assert n == sum(1 for a, b in zip(text, want, strict=True) if a != b)


def test_an_article_is_converted_with_a_note_unless_it_uses_its_regions_marks() -> None:
    mixed = Article("a", "articles/a.md", "标题", paragraphs=(Paragraph(ParaKind.BODY, "“『引文』”等写法", 3),))
    plain = Article("b", "articles/b.md", "“标题”", paragraphs=(Paragraph(ParaKind.BODY, "他说“好”。", 3),))
    out, notes = regional_articles({"a": mixed, "b": plain}, Region.TW)
    assert out["a"] is mixed  # both kinds on purpose: left alone
    assert out["b"].title == "「标题」" and out["b"].paragraphs[0].text == "他说「好」。"
    assert [(n.file, n.code) for n in notes] == [("articles/b.md", "quotes-converted")]
    assert "2" not in notes[0].message.split()[0] and notes[0].message.startswith("4 ")


def test_region_in_a_style(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "tw.yaml").write_text("extends: tianjin-daily\nregion: tw\n", encoding="utf-8")
    (styles / "bad.yaml").write_text("extends: tianjin-daily\nregion: taiwan\n", encoding="utf-8")
    tw = load_style(styles / "tw.yaml")
    assert tw.region is Region.TW and tw.paragraphs.body.punctuation is PunctStyle.NONE
    assert tw.headline.title.punctuation is PunctStyle.NONE
    assert head_style(tw.headline.title, 26.0).punctuation is PunctStyle.NONE  # heads are set uncompressed too
    cn = load_style(ROOT / "styles" / "tianjin-daily.yaml")
    assert cn.region is Region.CN and cn.paragraphs.body.punctuation is PunctStyle.HALF_AT_END
    assert load_style(ROOT / "styles" / "taibei-ribao.yaml").region is Region.TW
    with pytest.raises(LayoutError) as err:
        load_style(styles / "bad.yaml")
    assert "cn, tw, hk" in err.value.diagnostics[0].message


@pytest.mark.skipif(not NOTO.is_file(), reason="Noto Serif CJK is not installed")
def test_locl_gives_the_taiwan_forms() -> None:
    from fontTools.ttLib import TTFont

    from layout.fonts.face import glyph_cmap

    font = TTFont(str(NOTO), fontNumber=2, lazy=True)  # Noto Serif CJK SC
    assert font["name"].getDebugName(1) == "Noto Serif CJK SC"
    sc, tw = glyph_cmap(font), glyph_cmap(font, "ZHT")
    assert all(sc[ord(ch)] != tw[ord(ch)] for ch in "。，、：；！？")
    assert sc[ord("天")] == glyph_cmap(font, "ZHH")[ord("天")]


@pytest.fixture(scope="module")
def tw_page(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pdfplumber = pytest.importorskip("pdfplumber")
    pdfium = pytest.importorskip("pypdfium2")
    edition = tmp_path_factory.mktemp("tw") / "edition"
    shutil.copytree(SAMPLE, edition)
    (edition / "styles").mkdir(exist_ok=True)
    (edition / "styles" / "tw.yaml").write_text("extends: tianjin-daily\nregion: tw\n", encoding="utf-8")
    plan = edition / "edition.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines()
    plan.write_text("\n".join("style: tw" if ln.startswith("style:") else ln for ln in lines) + "\n", encoding="utf-8")
    out = edition.parent / "out"
    done = render(edition, out, Options(allow_overset=True), Selection(pages={1}))
    pdf = done.page_files[0]
    chars = pdfplumber.open(str(pdf)).pages[0].chars
    scale = 600 / 72
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=scale, grayscale=True).to_pil()
    return chars, image, scale


def _ink_offset(image: Any, c: dict[str, Any], scale: float) -> float:
    """How far the ink's horizontal centre lies from the em box's centre, in em (raster)."""
    box = (round(c["x0"] * scale), round(c["top"] * scale), round(c["x1"] * scale), round(c["bottom"] * scale))
    crop = image.crop(box).point(lambda v: 255 if v < 128 else 0)
    bbox = crop.getbbox()
    assert bbox is not None, c
    centre = (bbox[0] + bbox[2]) / 2
    return (centre - (box[2] - box[0]) / 2) / (c["size"] * scale)


@pytest.mark.slow  # renders and rasterises a whole page, 1.5-3 s
def test_tw_marks_are_centred_full_and_cornered(tw_page: Any) -> None:
    chars, image, scale = tw_page
    marks = [c for c in chars if c["text"] in "。，、：；" and abs((c["x1"] - c["x0"]) - c["size"]) < 0.01]
    assert len(marks) > 50
    offsets = [_ink_offset(image, c, scale) for c in marks]
    assert max(abs(o) for o in offsets) < 0.1, sorted(offsets)[:3] + sorted(offsets)[-3:]
    pairs = [(a, b) for a, b in itertools.pairwise(chars)
             if a["text"] == "。" and b["text"] in "」』）》，、" and abs(a["top"] - b["top"]) < 0.5]
    assert pairs
    assert all(abs(b["x0"] - a["x0"] - a["size"]) < 0.01 for a, b in pairs)
    text = "".join(c["text"] for c in chars)
    assert "「" in text and "」" in text and "“" not in text and "”" not in text



def test_justification_never_opens_a_bracket_around_a_latin_word() -> None:
    """rule-5a: a line that must stretch spreads over its CJK gaps, never between （ and ISO or IEC and ）."""
    text = "天地（ISO）玄黄宇宙" + "洪" * 20
    got = break_paragraph(text, dataclasses.replace(STYLE, no_orphan_char=False), 128.0, METRICS)
    line = got.lines[0]
    x = {g.text: round(g.x, 4) for g in line.glyphs}
    assert round(line.glyphs[-1].x + 10, 4) == 128.0 and x["宙"] > 75  # the line was stretched
    assert x["I"] - x["（"] == 10.0 and x["）"] - x["O"] == 5.0  # the bracket hugs the word
    assert x["S"] - x["I"] == x["O"] - x["S"]  # no space inside the word either
    assert x["玄"] - x["）"] > 10.0 and x["地"] - x["天"] > 10.0  # the CJK gaps took the stretch



def test_justification_never_opens_a_bracket_around_a_number() -> None:
    """rule-5a: a number in brackets (`（2023—2035年）`) is held like a word: the CJK gaps take the stretch."""
    text = "天地（1985）玄黄宇宙" + "洪" * 20
    got = break_paragraph(text, dataclasses.replace(STYLE, no_orphan_char=False), 138.0, METRICS)
    line = got.lines[0]
    x = {g.text: round(g.x, 4) for g in line.glyphs}
    assert round(line.glyphs[-1].x + 10, 4) == 138.0 and x["宙"] > 85  # the line was stretched
    assert x["1"] - x["（"] == 10.0 and x["）"] - x["5"] == 5.0  # the brackets hug the number
    assert x["玄"] - x["）"] > 10.0 and x["地"] - x["天"] > 10.0  # the CJK gaps took the stretch


@pytest.mark.parametrize(("text", "want"), [
    ("《读《春晓》有感》", "《读〈春晓〉有感》"),
    ("《甲》和《乙》", "《甲》和《乙》"),  # side by side, not nested
    ("《一《二《三》二》一》", "《一〈二《三》二〉一》"),  # two levels down: 《》 again
    ("《未完《春晓》", "《未完《春晓》"),  # the outer mark has no partner: nothing is nested
    ("《读〈春晓〉》", "《读〈春晓〉》"),  # already right
])
def test_a_title_inside_a_title_takes_single_marks(text: str, want: str) -> None:
    got, n = nest_titles(text)
    assert got == want and n == sum(1 for a, b in zip(text, want, strict=True) if a != b)


@pytest.mark.parametrize("region", list(Region))
def test_nested_titles_are_converted_in_every_region_with_a_note(region: Region) -> None:
    article = Article("a", "articles/a.md", "评《读《春晓》》",
                      paragraphs=(Paragraph(ParaKind.BODY, "见《文集《春晓》篇》。", 3),))
    out, notes = regional_articles({"a": article}, region)
    assert out["a"].title == "评《读〈春晓〉》" and out["a"].paragraphs[0].text == "见《文集〈春晓〉篇》。"
    assert [(n.file, n.code) for n in notes] == [("articles/a.md", "titles-nested")]
    assert notes[0].message.startswith("4 ")

@pytest.mark.slow  # renders a whole traditional edition, 1.5 s
def test_traditional_edition(tmp_path: Path) -> None:
    """tests/editions/traditional on the Taiwan style: the article written with “” is set with 「」 and a
    note says so; nothing is missing but the converted marks, every line is flush and none starts or ends
    against 禁则 (the workplace's pdfcheck)."""
    from tests.text.test_mixed import judge

    edition = ROOT / "tests" / "editions" / "traditional"
    done = render(edition, tmp_path)
    notes = [d for d in done.laid.warnings if d.code == "quotes-converted"]
    assert [Path(d.file or "").name for d in notes] == ["jiaotong.md"]
    r = judge(edition, tmp_path / "judged")
    assert r["completeness"]["missing"] == {"“": 2, "”": 2, "‘": 1, "’": 1}  # the converted marks, no more
    assert r["justification"]["within_0_5pt_share"] >= 0.995 and r["justification"]["loose_lines"] == 0
    assert r["breaking"]["start_forbidden"] == 0 and r["breaking"]["end_forbidden"] == 0
    import pdfplumber

    text = "".join(c["text"] for c in pdfplumber.open(str(done.pdf)).pages[0].chars)
    assert "「環狀線是串連" in text and "『施工期間』" in text and "“" not in text


def test_url_parts_break_after_underscore_and_before_hyphen() -> None:
    """rule-5a: a URL breaks after / . ? _ and before - # & = @ (never after -: it would read as a hyphen)."""
    from layout.text.units import _url_pieces

    pieces = [p for p, _ in _url_pieces("https://open.tj.gov.cn/api/vehicle_data/iso-iec-10646")]
    assert pieces == ["https://", "open.", "tj.", "gov.", "cn/", "api/", "vehicle_", "data/", "iso", "-iec", "-10646"]
    assert [p for p, _ in _url_pieces("its_open@tjjt.gov.cn")] == ["its_", "open", "@tjjt.", "gov.", "cn"]


def test_simplified_to_traditional_by_phrase(tmp_path: Path) -> None:
    """Optional conversion (OpenCC, phrase-level): s2twp takes Taiwan's words; `convert_keep` phrases stay;
    a bold range still covers its word when a phrase changes length; a note names the article."""
    pytest.importorskip("opencc")
    from layout.model.article import Span, SpanKind
    from layout.text.convert import convert_paragraph, convert_text, converted_articles

    assert convert_text("鼠标和软件里的信息", "s2twp") == "滑鼠和軟體裡的資訊"
    assert convert_text("鼠标和软件", "s2hk") == "鼠標和軟件"
    assert convert_text("天后宫的软件", "s2tw", ("天后宫",)) == "天后宫的軟件"
    para = Paragraph(ParaKind.BODY, "把U盘插入电脑", 1, (Span(5, 7, SpanKind.BOLD),))
    got = convert_paragraph(para, "s2twp", ())
    assert got.text[got.spans[0].start:got.spans[0].end] == "電腦" and got.text.startswith("把隨身碟")
    article = Article("a", "articles/a.md", "软件", paragraphs=(para,))
    out, notes = converted_articles({"a": article}, "s2tw")
    assert out["a"].title == "軟件" and [n.code for n in notes] == ["text-converted"]
    assert converted_articles({"a": article}, "") == ({"a": article}, ())
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "fanti.yaml").write_text("extends: tianjin-daily\nregion: hk\nconvert: s2hk\nconvert_keep: [天后宫]\n",
                                       encoding="utf-8")
    style = load_style(styles / "fanti.yaml")
    assert (style.convert, style.convert_keep) == ("s2hk", ("天后宫",))
    (styles / "bad.yaml").write_text("extends: tianjin-daily\nconvert: s2jp\n", encoding="utf-8")
    with pytest.raises(LayoutError) as err:
        load_style(styles / "bad.yaml")
    assert err.value.diagnostics[0].code == "unknown-conversion"
