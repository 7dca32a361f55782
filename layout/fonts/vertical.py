"""Vertical forms: the glyphs a face's OpenType `vert` feature substitutes in vertical writing (。，、 set in
the upper right of their cell, brackets, dashes and ellipses turned to run down the column, quotation
marks as ﹃﹄﹁﹂). Read with fontTools from the GSUB table of the face's language system of the Han
script (ZHS for the mainland; ZHT, ZHH for a Taiwan or Hong Kong paper, whose `locl` forms — 。，、：；！？
centred in the cell — are applied first, as in horizontal text), else the default one, and cached on disk by
the font file's bytes and the language system (docs/text-engine.md, "Vertical text" and rule-13).

A vertical face is the face under another font key (`KEY~v`): the same file and advances, the glyph of
each character replaced by its vertical form where the font has one. The PDF draws it in horizontal mode
(Identity-H), one glyph at its own position, so no vertical metrics are needed."""

from __future__ import annotations

import dataclasses
import marshal
from typing import TYPE_CHECKING, Any

from layout.infra.cache import make_key

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

    from layout.fonts.face import Face

VERTICAL_SUFFIX = "~v"  # a font key with it names the vertical forms of the face of the key without it
FEATURE = "vert"


def vertical_key(key: str) -> str:
    return key + VERTICAL_SUFFIX


def is_vertical_key(key: str) -> bool:
    return key.endswith(VERTICAL_SUFFIX)


def base_key(key: str) -> str:
    return key.removesuffix(VERTICAL_SUFFIX)


def _langsys(table: Any, tag: str = "ZHS") -> Any:
    """The Han script's language system `tag` (default Chinese simplified), else its default one, else the
    first script's default one."""
    records = table.ScriptList.ScriptRecord if table.ScriptList else []
    for rec in records:
        if rec.ScriptTag == "hani":
            for lang in rec.Script.LangSysRecord:
                if lang.LangSysTag.strip() == tag:
                    return lang.LangSys
            if rec.Script.DefaultLangSys is not None:
                return rec.Script.DefaultLangSys
    for rec in records:
        if rec.ScriptTag == "DFLT" and rec.Script.DefaultLangSys is not None:
            return rec.Script.DefaultLangSys
    return None


def vert_map(font: TTFont, lang: str = "") -> dict[str, str]:
    """Glyph name → its vertical form, from the single substitutions of the `vert` feature of language system
    `lang` (ZHT, ZHH; "": ZHS)."""
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    langsys = _langsys(table, lang or "ZHS")
    if langsys is None or not table.FeatureList:
        return {}
    out: dict[str, str] = {}
    for index in langsys.FeatureIndex:
        rec = table.FeatureList.FeatureRecord[index]
        if rec.FeatureTag != FEATURE:
            continue
        for li in rec.Feature.LookupListIndex:
            lookup = table.LookupList.Lookup[li]
            for sub in lookup.SubTable:
                if lookup.LookupType == 7:
                    sub = sub.ExtSubTable
                for src, dst in (getattr(sub, "mapping", None) or {}).items():
                    out.setdefault(src, dst)
    return out


def _vertical_glyphs(face: Face) -> dict[int, int]:
    from layout.fonts.face import METRICS, glyph_cmap, open_font

    key = make_key("metrics", __name__, face.digest, face.index, "vertical glyph numbers", face.lang)
    stored = METRICS.get(key)
    if stored is not None:
        try:
            glyphs: dict[int, int] = marshal.loads(stored)
            return glyphs
        except (ValueError, EOFError, TypeError):
            pass
    font = open_font(face.path, face.index)
    cmap, vert, ids = glyph_cmap(font, face.lang), vert_map(font, face.lang), font.getReverseGlyphMap()
    glyphs = {cp: ids[vert.get(name, name)] for cp, name in cmap.items()}
    METRICS.put(key, marshal.dumps(glyphs))
    return glyphs


def vertical_face(face: Face) -> Face:
    """The face's vertical forms under the key `KEY~v` (same file, advances and identity otherwise)."""
    return dataclasses.replace(face, key=vertical_key(face.key), _glyphs=_vertical_glyphs(face))
