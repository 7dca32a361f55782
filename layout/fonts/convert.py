"""CFF → TrueType (and plain TrueType subsetting) for ReportLab, cached on disk.

ReportLab embeds only TrueType (glyf) outlines; the Noto CJK faces are CFF. We build a new TrueType
font holding the glyphs of a glyph set: a BASE set (all GB2312 hanzi, ASCII, Latin-1, general and CJK
punctuation, full-width forms) plus whatever else the edition uses. Cubic curves become quadratic
with cu2qu (max error 1 font unit). The file is cached under a key of (font file hash, face index,
glyph set, converter version), so a second render — or an edit that stays inside the base set — does
no conversion. Output is deterministic (fixed timestamps, sorted glyph order). The cache entry's key
(`layout.cache`, namespace `fonts`) is the font file's bytes, the face, the glyph set, this module's code
and the fontTools version.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

from layout.cache import Memo, Store, make_key
from layout.errors import error
from layout.fonts.face import Face, glyph_cmap, open_font

DASHES = (0x2014, 0x2015)  # stretched to span the whole em, so that —— is one unbroken 2-em rule
MAX_ERR = 1.0  # font units
FIXED_TIME = 0  # head.created / head.modified: 1904-01-01, so builds are byte-identical


@cache
def base_set() -> frozenset[str]:
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((hi, lo)).decode("gb2312"))
    for lo, hi in ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        chars.update(chr(c) for c in range(lo, hi + 1))
    return frozenset(chars)


def glyph_set(chars: frozenset[str]) -> frozenset[str]:
    base = base_set()
    return base if chars <= base else base | chars


STORE = Store("fonts", ".ttf")


def cache_path(face: Face, chars: frozenset[str]) -> Path:
    return STORE.file(_cache_key(face.digest, face.index, chars))


_KEYS: Memo[tuple[str, int, frozenset[str]], str] = Memo()


def _cache_key(digest: str, index: int, chars: frozenset[str]) -> str:
    """(font file bytes, face, glyph set, this code, fontTools) → the entry's key; memoised per process."""
    return _KEYS.get((digest, index, chars),
                     lambda: make_key("fonts", __name__, digest, index, "".join(sorted(glyph_set(chars)))))


def ensure_ttf(face: Face, chars: frozenset[str]) -> Path:
    """The cached TrueType file for this face and glyph set, building it on a miss."""
    key = _cache_key(face.digest, face.index, chars)
    path = STORE.file(key)
    if path.is_file():
        return path
    # the PostScript name carries the key: ReportLab names the embedded font after it
    STORE.put(key, build_ttf(face, glyph_set(chars), ps_name=f"{face.key}-{key[:16]}"))
    if not path.is_file():
        raise error(f"cannot write the font cache {path}", str(path),
                    hint="free some disk space, or point LAYOUT_CACHE_DIR at a writable folder")
    return path


def _spanning(rec: DecomposingRecordingPen, pen: Any, upem: int) -> Any:
    """A pen that stretches the recorded dash horizontally to run from 0 to 1 em exactly."""
    bounds = BoundsPen(None)
    rec.replay(bounds)
    if not bounds.bounds:
        return pen
    x0, _y0, x1, _y1 = bounds.bounds
    scale = upem / (x1 - x0)
    return TransformPen(pen, (scale, 0, 0, 1, -x0 * scale, 0))


def build_ttf(face: Face, chars: frozenset[str], ps_name: str | None = None) -> bytes:
    """A TrueType font of `face` holding `chars`. Its PostScript name carries the cache key, so two
    builds with different glyph sets never share a name (ReportLab caches faces by that name)."""
    src = open_font(face.path, face.index)
    cmap = glyph_cmap(src)
    cps = sorted(ord(c) for c in chars if ord(c) in cmap)
    order = {name: i for i, name in enumerate(src.getGlyphOrder())}
    names = [".notdef", *sorted({cmap[cp] for cp in cps} - {".notdef"}, key=lambda n: order[n])]
    glyphset = src.getGlyphSet()
    dashes = {cmap[cp] for cp in DASHES if cp in cmap}
    glyphs = {}
    for name in names:
        rec = DecomposingRecordingPen(glyphset)
        glyphset[name].draw(rec)
        pen = TTGlyphPen(None)
        out: Any = Cu2QuPen(pen, MAX_ERR, reverse_direction=True) if face.is_cff else pen
        if name in dashes:
            out = _spanning(rec, out, face.upem)
        rec.replay(out)
        glyphs[name] = pen.glyph()
    fb = FontBuilder(face.upem, isTTF=True)
    fb.font.recalcTimestamp = False
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({cp: cmap[cp] for cp in cps})
    fb.setupGlyf(glyphs)
    glyf = fb.font["glyf"]
    hmtx = src["hmtx"].metrics
    fb.setupHorizontalMetrics({n: (hmtx[n][0], getattr(glyf[n], "xMin", 0)) for n in names})
    hhea, os2 = src["hhea"], src["OS/2"]
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    family = src["name"].getDebugName(1) or face.key
    style = src["name"].getDebugName(2) or "Regular"
    name = ps_name or f"{face.key}-{hashlib.sha256(''.join(sorted(chars)).encode()).hexdigest()[:12]}"
    fb.setupNameTable({"familyName": family, "styleName": style, "psName": name,
                       "uniqueFontIdentifier": f"{name};layout"})
    fb.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                sTypoLineGap=os2.sTypoLineGap, usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
                fsType=os2.fsType, usWeightClass=os2.usWeightClass, achVendID=os2.achVendID,
                ulCodePageRange1=os2.ulCodePageRange1, ulCodePageRange2=os2.ulCodePageRange2)
    fb.setupPost()
    head = fb.font["head"]
    head.created = head.modified = FIXED_TIME
    head.fontRevision = src["head"].fontRevision
    from io import BytesIO

    out = BytesIO()
    fb.font.save(out, reorderTables=True)
    data: bytes = out.getvalue()
    return data
