"""Font programs for the PDF: a subset of one face holding the characters a page draws, straight from the
font file (no outline conversion).

Codes: each character's own code point, two bytes (the PDF font's encoding is Identity-H). A character
beyond the BMP gets a code in the surrogate range D800–DFFF, which no character uses, in the order the
page draws them. So one character keeps one code on every page, and one code draws one glyph: two
characters that share a glyph in the face (U+2014 and U+2015 after the `fwid` remap, a Kangxi radical
and its ideograph) still read back as themselves.

CFF faces (Noto CJK): a CID-keyed CFF with CID = code (`layout.render.cff`; a glyph drawn by two codes is
stored twice), embedded as FontFile3 / CIDFontType0C. TrueType faces (LXGW WenKai): a fontTools subset
without hinting, embedded as FontFile2, with a CIDToGIDMap from code to glyph.

Which glyph a character draws, and its advance, come from the face as the line breaker measured it
(`layout.fonts.face`: cmap with the `fwid` remap). The dash glyphs (those of U+2014 and U+2015) are
stretched horizontally so their ink runs from 0 to 1 em exactly: —— is one unbroken rule. Subsets are
deterministic: fixed options, no timestamps, glyphs in code order.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from fontTools.misc.psCharStrings import T2CharString
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import DecomposingRecordingPen, RecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from layout.fonts.face import FaceFile, open_font
from layout.fonts.vertical import is_vertical_key
from layout.infra.cache import Memo
from layout.render import cff

SURROGATES = (0xD800, 0xE000)  # codes for characters beyond the BMP
EM_DESCENT = 0.12  # em: the ideographic em box's foot below the baseline (-0.12 .. 0.88, as compose sets it)
KEEP_GLYF = ("glyf", "loca", "head", "hhea", "hmtx", "maxp", "post")
FF_FIXED, FF_SYMBOLIC, FF_ITALIC, FF_FORCEBOLD = 1, 4, 64, 1 << 18


@dataclass(frozen=True, slots=True)
class FaceInfo:
    """What a face's PDF font needs besides the glyphs: read from a few small tables, once per process."""

    ps_name: str
    is_cff: bool
    upem: int
    notdef_advance: int  # font units
    cff_offset: int  # where the CFF table starts in the font file (0 for TrueType)
    descriptor: dict[str, Any]  # Ascent, Descent, CapHeight, FontBBox, ItalicAngle, StemV, Flags (1/1000 em)


def _descriptor(font: TTFont, upem: int) -> dict[str, Any]:
    """The FontDescriptor's numbers, as ReportLab derives them from a TrueType file."""
    scale = 1000 / upem
    head = font["head"]
    post = font.reader["post"]
    italic = int.from_bytes(post[4:8], "big", signed=True) / 65536
    fixed = int.from_bytes(post[12:16], "big")
    os2 = font.get("OS/2")
    weight = os2.usWeightClass if os2 is not None else 500
    ascent = os2.sTypoAscender if os2 is not None else head.yMax
    descent = os2.sTypoDescender if os2 is not None else head.yMin
    cap = os2.sCapHeight if os2 is not None and os2.version > 1 else ascent
    flags = FF_SYMBOLIC | (FF_ITALIC if italic else 0) | (FF_FORCEBOLD if weight >= 600 else 0) \
        | (FF_FIXED if fixed else 0)
    return {"Ascent": ascent * scale, "Descent": descent * scale, "CapHeight": cap * scale,
            "FontBBox": [v * scale for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
            "ItalicAngle": italic, "StemV": 50 + int((weight / 65.0) ** 2), "Flags": flags}


def _read_info(source: FaceFile) -> FaceInfo:
    font = open_font(Path(source.path), source.index)
    upem = font["head"].unitsPerEm
    is_cff = "CFF " in font
    return FaceInfo(font["name"].getDebugName(6) or source.key, is_cff, upem,
                    int.from_bytes(font.reader["hmtx"][:2], "big"),
                    font.reader.tables["CFF "].offset if is_cff else 0, _descriptor(font, upem))


_INFOS: Memo[FaceFile, FaceInfo] = Memo()
_SOURCES: Memo[FaceFile, cff.Source] = Memo()


def face_info(source: FaceFile) -> FaceInfo:
    return _INFOS.get(source, lambda: _read_info(source))


def cff_source(source: FaceFile) -> cff.Source:
    """The face's CFF table, memory-mapped and scanned glyph by glyph as pages need them (per process)."""
    return _SOURCES.get(source, lambda: cff.open_source(Path(source.path), face_info(source).cff_offset))


def scan(source: FaceFile, gids: list[int]) -> None:
    """Scan these glyphs of a CFF face for the subroutines they call, now (`layout.render.fontuse.scan_ahead`):
    what `cff_program` would do for them on a page. A glyph the scanner does not follow stops the scan (the
    page that draws it falls back as before)."""
    try:
        src = cff_source(source)
        for gid in gids:
            cff.glyph_uses(src, gid)
    except cff.Unsupported:
        return


# -- the stretched dash ---------------------------------------------------------------------------------

def _spanning(outline: RecordingPen, pen: Any, upem: int, vertical: bool = False) -> Any:
    """A pen that stretches `outline` horizontally to run from 0 to 1 em exactly; `vertical` (the vertical
    form of a dash, `layout.fonts.vertical`): down the em box instead, from its top (0.88 em above the
    baseline) to its foot (0.12 em below), so that —— in a vertical line is one unbroken rule."""
    bounds = BoundsPen(None)
    outline.replay(bounds)
    if not bounds.bounds:
        return pen
    x0, y0, x1, y1 = bounds.bounds
    if vertical:
        scale = upem / (y1 - y0)
        return TransformPen(pen, (1, 0, 0, scale, 0, -y0 * scale - EM_DESCENT * upem))
    scale = upem / (x1 - x0)
    return TransformPen(pen, (scale, 0, 0, 1, -x0 * scale, 0))


class _Subrs:
    """A subroutine INDEX as fontTools' charstring interpreter reads it."""

    def __init__(self, index: cff.Index | None, private: Any, glob: Any) -> None:
        self.index, self.private, self.glob = index, private, glob

    def __len__(self) -> int:
        return len(self.index) if self.index is not None else 0

    def __getitem__(self, i: int) -> T2CharString:
        assert self.index is not None
        return T2CharString(bytecode=self.index[i], private=self.private, globalSubrs=self.glob)


def stretched_cff_glyph(source: cff.Source, gid: int, advance: int, upem: int, vertical: bool = False) -> bytes:
    """The glyph's charstring, drawn stretched to span the em (no subroutine calls)."""
    fd = source.fds[source.fd_of(gid)]
    private = SimpleNamespace(nominalWidthX=fd.nominal_width, defaultWidthX=fd.default_width)
    glob = _Subrs(source.gsubrs, private, None)
    glob.glob = glob
    private.Subrs = _Subrs(fd.subrs, private, glob)
    outline = RecordingPen()
    T2CharString(bytecode=source.charstrings[gid], private=private, globalSubrs=glob).draw(outline)
    width = None if advance == fd.default_width else advance - fd.nominal_width
    pen = T2CharStringPen(width, None)
    outline.replay(_spanning(outline, pen, upem, vertical))
    charstring = pen.getCharString()
    charstring.compile()
    data: bytes = charstring.bytecode
    return data


def _stretch_glyf(font: TTFont, names: list[str], upem: int, vertical: bool = False) -> None:
    """Replace TrueType glyphs (before subsetting) with their outlines stretched to span the em."""
    if not names:
        return
    glyphset = font.getGlyphSet()
    for name in names:
        outline = DecomposingRecordingPen(glyphset)
        glyphset[name].draw(outline)
        pen = TTGlyphPen(None)
        outline.replay(_spanning(outline, pen, upem, vertical))
        glyph = pen.glyph()
        glyph.recalcBounds(font["glyf"])
        font["glyf"][name] = glyph
        font["hmtx"].metrics[name] = (font["hmtx"].metrics[name][0], getattr(glyph, "xMin", 0))


def _subsetter(**extra: Any) -> Any:
    """fontTools' subsetter with fixed options (imported here: a render that draws no page never loads it)."""
    from fontTools import subset as ftsubset

    options = ftsubset.Options(layout_features=[], layout_closure=False, notdef_outline=True, name_IDs=[],
                               glyph_names=False, recalc_timestamp=False, canonical_order=True, **extra)
    return ftsubset.Subsetter(options)


def glyf_program(source: FaceFile, codes: list[int], gids: list[int], dashes: set[int]) -> tuple[bytes, bytes]:
    """A TrueType subset without hinting, and its CIDToGIDMap (two bytes per code: the glyph it draws)."""
    font = open_font(Path(source.path), source.index)
    for tag in list(font.keys()):
        if tag not in KEEP_GLYF and tag != "GlyphOrder":
            del font[tag]
    order = font.getGlyphOrder()
    _stretch_glyf(font, [order[g] for g in sorted(dashes & set(gids))], font["head"].unitsPerEm,
                  is_vertical_key(source.key))
    subsetter = _subsetter(hinting=False)
    subsetter.populate(gids=sorted({0, *gids}))
    subsetter.subset(font)
    new = {name: i for i, name in enumerate(font.getGlyphOrder())}
    cid_to_gid = bytearray(2 * (max(codes, default=0) + 1))
    for code, gid in zip(codes, gids, strict=True):
        cid_to_gid[2 * code:2 * code + 2] = new.get(order[gid], 0).to_bytes(2, "big")
    font.recalcTimestamp = False
    out = BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue(), bytes(cid_to_gid)


def _desubroutinized(source: FaceFile, gids: list[int]) -> cff.Source:
    """The fallback for a charstring the scanner does not follow: fontTools interprets the kept glyphs
    and inlines their subroutines (glyph numbers kept), and that CFF is subset as usual."""
    font = open_font(Path(source.path), source.index)
    for tag in list(font.keys()):
        if tag not in ("CFF ", "head", "hhea", "hmtx", "maxp", "post", "GlyphOrder"):
            del font[tag]
    subsetter = _subsetter(desubroutinize=True, retain_gids=True)
    subsetter.populate(gids=sorted({0, *gids}))
    subsetter.subset(font)
    return cff.source_from_bytes(font["CFF "].compile(font))


def cff_program(source: FaceFile, codes: list[int], gids: list[int], dashes: set[int], advances: dict[int, int]
                ) -> bytes:
    """The CID-keyed CFF subset: CID = code, glyph as the face draws it (dashes stretched)."""
    info = face_info(source)
    vertical = is_vertical_key(source.key)
    try:
        src = cff_source(source)
        replace = {g: stretched_cff_glyph(src, g, advances[g], info.upem, vertical)
                   for g in sorted(dashes & set(gids))}
        return cff.subset(src, info.ps_name, codes, gids, replace)
    except cff.Unsupported:
        src = _desubroutinized(source, gids)
        replace = {g: stretched_cff_glyph(src, g, advances[g], info.upem, vertical)
                   for g in sorted(dashes & set(gids))}
        return cff.subset(src, info.ps_name, codes, gids, replace)
