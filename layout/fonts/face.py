"""One font face read with fontTools: its cmap (with the full-width remap) as glyph numbers, advances, and
identity."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from layout.infra.cache import Memo, Store, file_digest, file_signature, make_key

if TYPE_CHECKING:  # fontTools is imported only when a font file is read (a warm render reads none)
    from fontTools.ttLib import TTFont

# Marks whose default glyph in CJK fonts may be proportional; for Chinese typesetting —— and ……
# must be full-width and continuous, so their `fwid` alternates are used when the font has them.
FULL_WIDTH_REMAP = (0x2014, 0x2015, 0x2026, 0x00B7, 0x2018, 0x2019, 0x201C, 0x201D)
REGION_MARKS = "。，、：；！？"  # set in another position by Taiwan and Hong Kong (docs/text-engine.md rule-13)
_MARKS = frozenset(map(ord, REGION_MARKS))


@dataclass(slots=True)
class Face:
    key: str  # stable name of the face, e.g. NotoSerifCJKsc-Regular
    path: Path
    index: int  # face number in a collection (0 for a plain font file)
    family: str
    package: str
    upem: int
    advances: dict[int, int] = field(repr=False)  # code point → advance in font units (after the remap)
    is_cff: bool = False
    digest: str = ""  # sha256 of the font file (part of the drawn pages' cache key)
    _glyphs: dict[int, int] | None = field(default=None, repr=False, compare=False)
    lang: str = ""  # OpenType language system whose `locl` forms are drawn (ZHT, ZHH; "": the face's own)
    localised: frozenset[int] = frozenset()  # code points whose glyph `locl` changed for `lang`

    def advance(self, ch: str) -> float | None:
        units = self.advances.get(ord(ch))
        return None if units is None else units / self.upem

    @property
    def file(self) -> FaceFile:
        return FaceFile(self.key, str(self.path), self.index, self.digest)

    @property
    def glyphs(self) -> dict[int, int]:
        """Code point → glyph number (after the remap): what the PDF draws. Read when first asked, from the
        disk cache or the font (a render whose pages are all cached never asks)."""
        if self._glyphs is None:
            self._glyphs = _load_glyphs(self)
        return self._glyphs


@dataclass(frozen=True, slots=True)
class FaceFile:
    """What a page-drawing process needs to embed a face: the font file, the face in it, the file's sha256."""

    key: str
    path: str
    index: int
    digest: str


def _fwid_map(font: TTFont) -> dict[str, str]:
    """Single substitutions of the font's `fwid` feature: glyph → full-width glyph."""
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    if not table.FeatureList:
        return {}
    out: dict[str, str] = {}
    for rec in table.FeatureList.FeatureRecord:
        if rec.FeatureTag != "fwid":
            continue
        for li in rec.Feature.LookupListIndex:
            lookup = table.LookupList.Lookup[li]
            for sub in lookup.SubTable:
                mapping = getattr(sub, "mapping", None)
                if lookup.LookupType == 7:
                    mapping = getattr(sub.ExtSubTable, "mapping", None)
                if mapping:
                    out.update(mapping)
    return out


def locl_map(font: TTFont, lang: str) -> dict[str, str]:
    """Single substitutions of the `locl` feature for language system `lang` (ZHT, ZHH) of the Han script:
    glyph → the region's form (Noto CJK: 。，、：；！？ centred, docs/text-engine.md rule-13)."""
    if not lang or "GSUB" not in font or not font["GSUB"].table.ScriptList:
        return {}
    table = font["GSUB"].table
    out: dict[str, str] = {}
    for script in table.ScriptList.ScriptRecord:
        if script.ScriptTag != "hani":
            continue
        for rec in script.Script.LangSysRecord:
            if rec.LangSysTag.strip() != lang:
                continue
            for fi in rec.LangSys.FeatureIndex:
                feature = table.FeatureList.FeatureRecord[fi]
                if feature.FeatureTag == "locl":
                    for li in feature.Feature.LookupListIndex:
                        out.update(_single(table.LookupList.Lookup[li]))
    return out


def _single(lookup: object) -> dict[str, str]:
    """The mappings of a single-substitution lookup (also inside an extension lookup)."""
    out: dict[str, str] = {}
    for sub in getattr(lookup, "SubTable", []):
        sub = getattr(sub, "ExtSubTable", sub)
        out.update(getattr(sub, "mapping", None) or {})
    return out


def glyph_cmap(font: TTFont, lang: str = "") -> dict[int, str]:
    """The face's cmap with the full-width remap applied, and the `locl` forms of language system `lang`:
    code point → glyph name."""
    cmap = dict(font.getBestCmap())
    if lang:
        locl = locl_map(font, lang)
        cmap = {cp: locl.get(name, name) for cp, name in cmap.items()}
    metrics = font["hmtx"].metrics
    upem = font["head"].unitsPerEm
    fwid = _fwid_map(font)
    for cp in FULL_WIDTH_REMAP:
        name = cmap.get(cp)
        if name and metrics[name][0] < upem and name in fwid:
            cmap[cp] = fwid[name]
    return cmap


def open_font(path: Path, index: int) -> TTFont:
    from fontTools.ttLib import TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        return TTFont(str(path), fontNumber=index, lazy=True)
    return TTFont(str(path), lazy=True)


def _read_face(path: Path, family: str | None, package: str, digest: str, lang: str = "") -> Face:
    from fontTools.ttLib import TTCollection

    index = 0
    if path.suffix.lower() in (".ttc", ".otc"):
        coll = TTCollection(str(path), lazy=True)
        names = [f["name"].getDebugName(1) for f in coll.fonts]
        if family is not None and family not in names:
            raise LookupError(family)
        index = names.index(family) if family is not None else 0
    font = open_font(path, index)
    cmap = glyph_cmap(font, lang)
    metrics = font["hmtx"].metrics
    ps = font["name"].getDebugName(6) or path.stem
    return Face(_key(ps, lang), path, index, font["name"].getDebugName(1) or ps, package, font["head"].unitsPerEm,
                {cp: metrics[name][0] for cp, name in cmap.items()}, "CFF " in font, digest, _glyph_ids(font, cmap),
                lang, _localised(font, lang))


def _localised(font: TTFont, lang: str) -> frozenset[int]:
    """The region marks whose glyph the `locl` forms of `lang` change (a face without them sets those marks
    in the mainland's position)."""
    locl = locl_map(font, lang)
    cmap = font.getBestCmap()
    return frozenset(cp for cp in _MARKS if cmap.get(cp) in locl)


def _key(ps: str, lang: str) -> str:
    """A face's key: its PostScript name, and the language system whose forms it draws."""
    return f"{ps}-{lang}" if lang else ps


def _glyph_ids(font: TTFont, cmap: dict[int, str]) -> dict[int, int]:
    ids = font.getReverseGlyphMap()
    return {cp: ids[name] for cp, name in cmap.items()}


METRICS = Store("metrics", ".marshal")
_FACES: Memo[tuple[tuple[str, int, int, int, int], str | None, str, str], Face] = Memo()


def load_face(path: Path, family: str | None, package: str, lang: str = "") -> Face:
    """Read a face's identity and advances. Remembered in this process by the file's signature (a font
    replaced in place is read again) and on disk (marshal) by the file's bytes, so a new process pays
    ~10 ms, not 0.2 s.

    Raises LookupError when a collection has no face of that family. With `lang` (ZHT, ZHH) the face draws
    that language system's `locl` forms."""
    return _FACES.get((file_signature(path), family, package, lang), lambda: _load_face(path, family, package, lang))


def _load_face(path: Path, family: str | None, package: str, lang: str = "") -> Face:
    digest = file_digest(path)
    key = make_key("metrics", __name__, digest, family, "localised", *((lang,) if lang else ()))
    stored = METRICS.get(key)
    if stored is not None:
        try:
            fkey, index, fam, upem, advances, is_cff, localised = marshal.loads(stored)
            return Face(fkey, path, index, fam, package, upem, advances, is_cff, digest, lang=lang,
                        localised=frozenset(localised))
        except (ValueError, EOFError, TypeError):
            pass
    face = _read_face(path, family, package, digest, lang)
    METRICS.put(key, marshal.dumps((face.key, face.index, face.family, face.upem, face.advances, face.is_cff,
                                    tuple(face.localised))))
    METRICS.put(_glyphs_key(face), marshal.dumps(face.glyphs))
    return face


def _glyphs_key(face: Face) -> str:
    return make_key("metrics", __name__, face.digest, face.index, "glyph numbers", *((face.lang,) if face.lang else ()))


def _load_glyphs(face: Face) -> dict[int, int]:
    """A face's glyph numbers, stored apart from its advances (only drawing needs them)."""
    key = _glyphs_key(face)
    stored = METRICS.get(key)
    if stored is not None:
        try:
            glyphs: dict[int, int] = marshal.loads(stored)
            return glyphs
        except (ValueError, EOFError, TypeError):
            pass
    font = open_font(face.path, face.index)
    glyphs = _glyph_ids(font, glyph_cmap(font, face.lang))
    METRICS.put(key, marshal.dumps(glyphs))
    return glyphs
