"""Fonts: the catalogue, finding faces, metrics with the full-width remap, and the subsets embedded in the PDF
(CFF outlines as they are, CID-keyed; TrueType through fontTools)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.errors import LayoutError
from layout.fonts.face import Face, load_face
from layout.fonts.fontset import FontSet
from layout.infra.cache import clear_memory
from layout.infra.paths import FONTS
from layout.render import subset as subset_module
from layout.render.cff import Unsupported
from layout.render.cidfont import page_face
from layout.render.pdf import _font_name
from layout.render.subset import cff_program
from tests.conftest import SAMPLE

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


def outlines(top: object, names: list[str]) -> list[list[tuple[str, tuple[object, ...]]]]:
    """Each glyph's outline as drawn by fontTools (subroutines followed)."""
    out = []
    for name in names:
        pen = RecordingPen()
        top.CharStrings[name].draw(pen)  # type: ignore[attr-defined]
        out.append(pen.value)
    return out


def read_cff(data: bytes) -> object:
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    return cff[cff.fontNames[0]]


def sample_chars() -> str:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((SAMPLE / "articles").glob("*.md")))
    return "".join(sorted(set(text + "—―…·‘’“”") - {"\n"}))


def cff_subset(face: Face, chars: str) -> tuple[list[int], list[int], bytes]:
    codes = [ord(c) for c in chars if ord(c) in face.glyphs]
    gids = [face.glyphs[c] for c in codes]
    dashes = {face.glyphs[cp] for cp in (0x2014, 0x2015) if cp in face.glyphs}
    return codes, gids, cff_program(face.file, codes, gids, dashes, {face.glyphs[c]: face.advances[c] for c in codes})


def check_outlines(face: Face, codes: list[int], gids: list[int], data: bytes) -> None:
    """The subset is CID-keyed with CID = code, and each code draws the face's own glyph (dashes aside)."""
    top = read_cff(data)
    assert top.ROS == ("Adobe", "Identity", 0)  # type: ignore[attr-defined]
    assert top.charset == [".notdef", *(f"cid{c:05d}" for c in codes)]  # type: ignore[attr-defined]
    source = TTFont(str(face.path), fontNumber=face.index)
    order = source.getGlyphOrder()
    src_top = source["CFF "].cff.topDictIndex[0]
    plain = [(c, g) for c, g in zip(codes, gids, strict=True) if c not in (0x2014, 0x2015)]
    assert outlines(top, [f"cid{c:05d}" for c, _g in plain]) == outlines(src_top, [order[g] for _c, g in plain])


@needs_noto
def test_cff_subset_draws_the_faces_own_outlines_and_is_deterministic(fonts: FontSet) -> None:
    face = fonts.face("song")
    codes, gids, data = cff_subset(face, sample_chars())
    assert len(codes) > 800
    check_outlines(face, codes, gids, data)
    clear_memory()  # a fresh scan of the face gives the same bytes
    assert cff_subset(face, sample_chars())[2] == data
    assert len(data) < 400_000  # subroutines pruned: the face's CFF table is 23 MB


@needs_noto
def test_the_dash_is_stretched_to_span_the_em(fonts: FontSet) -> None:
    face = fonts.face("hei")
    _codes, _gids, data = cff_subset(face, "—―中")
    top = read_cff(data)
    for code in (0x2014, 0x2015):
        pen = BoundsPen(None)
        top.CharStrings[f"cid{code:05d}"].draw(pen)  # type: ignore[attr-defined]
        assert pen.bounds is not None
        assert pen.bounds[0] == pytest.approx(0, abs=0.5) and pen.bounds[2] == pytest.approx(1000, abs=0.5)


@pytest.mark.slow  # over 10 s
@needs_noto
def test_the_fallback_interprets_what_the_scanner_does_not_follow(fonts: FontSet,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_source: object) -> object:
        raise Unsupported("as if the face used the arithmetic operators")

    monkeypatch.setattr(subset_module, "cff_source", refuse)
    face = fonts.face("song")
    codes, gids, data = cff_subset(face, "中文排版，。A1")
    check_outlines(face, codes, gids, data)


def test_a_name_keyed_cff_face_becomes_cid_keyed(tmp_path: Path) -> None:
    path = tmp_path / "Named-Regular.otf"
    path.write_bytes(named_cff_font())
    face = load_face(path, None, "")
    codes, gids, data = cff_subset(face, "AB")
    check_outlines(face, codes, gids, data)


def named_cff_font() -> bytes:
    """A small name-keyed CFF font: .notdef, A (a box), B (a box calling a subroutine-free triangle)."""
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A", "B"])
    fb.setupCharacterMap({0x41: "A", 0x42: "B"})
    strings = {}
    for name, points in ((".notdef", [(50, 0), (50, 700), (450, 700), (450, 0)]),
                         ("A", [(0, 0), (0, 600), (500, 600), (500, 0)]), ("B", [(0, 0), (250, 700), (500, 0)])):
        pen = T2CharStringPen(600, None)
        pen.moveTo(points[0])
        for p in points[1:]:
            pen.lineTo(p)
        pen.closePath()
        strings[name] = pen.getCharString()
    fb.setupCFF("Named-Regular", {"FullName": "Named Regular"}, strings, {})
    fb.setupHorizontalMetrics({n: (600, 0) for n in (".notdef", "A", "B")})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Named", "styleName": "Regular", "psName": "Named-Regular"})
    fb.setupOS2()
    fb.setupPost()
    out = io.BytesIO()
    fb.font.save(out)
    return out.getvalue()


@needs_noto
def test_embedded_fonts_are_composite_and_read_back_as_drawn(fonts: FontSet) -> None:
    """Type0 fonts over CIDFontType0 (CFF) and CIDFontType2 (TrueType); U+2014 and U+2015 share a glyph
    after the `fwid` remap and still read back as themselves; a character beyond the BMP too."""
    song, kai = fonts.face("song"), fonts.face("kai")
    beyond = next(chr(cp) for cp in sorted(song.glyphs) if cp > 0xFFFF)
    assert song.glyphs[0x2014] == song.glyphs[0x2015]
    lines = [(song, "中文排版——―" + beyond), (kai, "楷体标题“引号”")]
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, initialFontName=_font_name(song.key, page_face(song, lines[0][1])))
    for i, (face, text) in enumerate(lines):
        canvas.setFont(_font_name(face.key, page_face(face, text)), 12)
        canvas.drawString(72, 720 - 20 * i, text)
    canvas.save()
    page = pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    assert page.extract_text().strip().split("\n") == [text for _f, text in lines]
    kinds = {}
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
        cid_font = font["/DescendantFonts"][0].get_object()
        program = "/FontFile3" if "/FontFile3" in cid_font["/FontDescriptor"] else "/FontFile2"
        kinds[str(cid_font["/Subtype"])] = program
    assert kinds == {"/CIDFontType0": "/FontFile3", "/CIDFontType2": "/FontFile2"}
    drawn = pdfium.PdfDocument(buf.getvalue())[0].get_textpage().get_text_range()
    assert drawn.split() == [text for _f, text in lines]


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


@needs_noto
def test_preflight_judges_a_composite_font_by_its_descendant(fonts: FontSet) -> None:
    from pypdf.generic import NameObject

    from layout.plant.preflight import Check, _fonts

    song = fonts.face("song")
    buf = io.BytesIO()
    name = _font_name(song.key, page_face(song, "中文"))
    canvas = Canvas(buf, invariant=1, initialFontName=name)
    canvas.setFont(name, 12)
    canvas.drawString(72, 720, "中文")
    canvas.save()

    def judge(change: object = None) -> Check:
        page = pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages[0]
        font = next(iter(page["/Resources"]["/Font"].values())).get_object()
        cid_font = font["/DescendantFonts"][0].get_object()
        if change is not None:
            change(font, cid_font)  # type: ignore[operator]
        check = Check("fonts")
        _fonts(page, 1, check)
        return check

    assert judge().ok
    whole = judge(lambda f, c: c.__setitem__(NameObject("/BaseFont"), NameObject("/NotoSerifCJKsc-Regular")))
    assert not whole.ok and "embedded whole, not subset" in whole.details[0]
    missing = judge(lambda f, c: c["/FontDescriptor"].get_object().pop("/FontFile3"))
    assert not missing.ok and "is not embedded" in missing.details[0]
    orphan = judge(lambda f, c: f.pop("/DescendantFonts"))
    assert not orphan.ok and "has no descendant font" in orphan.details[0]
