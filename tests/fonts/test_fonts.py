"""Fonts: the catalogue, finding faces, metrics with the full-width remap, CFF→TrueType conversion and cache."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont
from reportlab.pdfgen.canvas import Canvas

from layout.errors import LayoutError
from layout.fonts.convert import build_ttf, ensure_ttf
from layout.fonts.fontset import FontSet
from layout.paths import FONTS

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
needs_noto = pytest.mark.skipif(not NOTO.is_file(), reason="fonts-noto-cjk is not installed")


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet.load(FONTS / "catalogue.yaml")


def test_catalogue_error_has_file_and_line(tmp_path: Path) -> None:
    cat = tmp_path / "catalogue.yaml"
    cat.write_text("roles:\n  song:\n    candidates:\n      - {file: a.ttf}\n    fallback: [hie]\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        FontSet.load(cat)
    assert info.value.diagnostics[0].format() == (
        f"{cat}:5:16: error: unknown fallback role 'hie'\n  hint: roles: song")


def test_missing_font_names_the_package(tmp_path: Path) -> None:
    cat = tmp_path / "catalogue.yaml"
    cat.write_text("roles:\n  song:\n    candidates:\n      - {file: NoSuchFont-Regular.ttf, package: fonts-nosuch}\n",
                   encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        FontSet.load(cat).metrics("song")
    text = str(info.value)
    assert "no font for role 'song': none of NoSuchFont-Regular.ttf was found" in text
    assert "sudo apt-get install fonts-nosuch" in text


@needs_noto
def test_metrics_of_the_body_face(fonts: FontSet) -> None:
    m = fonts.metrics("song")
    assert m.lookup("中") == ("NotoSerifCJKsc-Regular", 1.0)
    assert m.lookup("，") == ("NotoSerifCJKsc-Regular", 1.0)
    assert m.lookup("—") == ("NotoSerifCJKsc-Regular", 1.0)  # the fwid alternate: —— is 2 em
    found = m.lookup("a")
    assert found is not None and found[1] < 1.0
    assert m.lookup("\U0010ffff") is None


@needs_noto
def test_fallback_chain_serves_what_a_face_lacks(fonts: FontSet) -> None:
    kai = fonts.metrics("kai")
    lacking = next(ch for ch in "㐀㐁㐂㐃㐄䶵" if fonts.face("kai").advance(ch) is None and kai.lookup(ch))
    served = kai.lookup(lacking)
    assert served is not None and served[0] != fonts.face("kai").key


@needs_noto
def test_conversion_is_truetype_cached_and_deterministic(fonts: FontSet, tmp_path: Path) -> None:
    face = fonts.face("song")
    chars = frozenset("中文排版")
    small = build_ttf(face, chars)
    assert build_ttf(face, chars) == small  # byte-identical builds
    font = TTFont(io.BytesIO(small))
    assert "glyf" in font and "CFF " not in font
    assert set(font.getBestCmap()) == {ord(c) for c in chars}
    # the cache: the first call builds, the second finds the file
    path = ensure_ttf(face, chars)
    mtime = path.stat().st_mtime_ns
    assert ensure_ttf(face, chars) == path and path.stat().st_mtime_ns == mtime


@needs_noto
def test_converted_font_embeds_in_a_pdf_and_extracts(fonts: FontSet, tmp_path: Path) -> None:
    face = fonts.face("song")
    ttf = tmp_path / "small.ttf"
    ttf.write_bytes(build_ttf(face, frozenset("中文排版——")))
    pdfmetrics.registerFont(RLTTFont("layout-test-small", str(ttf)))
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, initialFontName="layout-test-small")
    canvas.setFont("layout-test-small", 12)
    canvas.drawString(72, 720, "中文排版——")
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(buf.getvalue()))
    assert reader.pages[0].extract_text().strip() == "中文排版——"
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    assert "/FontFile2" in font["/FontDescriptor"]


@needs_noto
def test_fonts_report_lists_every_role(fonts: FontSet) -> None:
    report = fonts.describe(frozenset("中文A"))
    for role in ("song", "hei", "kai", "fangsong", "biaosong"):
        assert f"\n{role} " in report
    assert "fonts-noto-cjk" in report and "3/3" in report


@needs_noto
def test_a_style_may_name_a_latin_font(fonts: FontSet) -> None:
    """Latin inside Chinese text uses the CJK font's Latin glyphs unless the style names a Latin font."""
    from layout.model.style import TextStyle
    from layout.text import break_paragraph

    plain = TextStyle("song", 9.0, 13.5)
    mixed = TextStyle("song", 9.0, 13.5, latin_font="hei-regular")
    a = break_paragraph("中文GDP增长", plain, 117.0, fonts.text_metrics("song"))
    b = break_paragraph("中文GDP增长", mixed, 117.0, fonts.text_metrics("song", "hei-regular"))
    assert {g.font for g in a.lines[0].glyphs} == {"NotoSerifCJKsc-Regular"}
    assert [g.font for g in b.lines[0].glyphs] == ["NotoSerifCJKsc-Regular"] * 2 + ["NotoSansCJKsc-Regular"] * 3 + \
        ["NotoSerifCJKsc-Regular"] * 2
