"""One font face read with fontTools: its cmap (with the full-width remap), advances, and identity."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

# Marks whose default glyph in CJK fonts may be proportional; for Chinese typesetting —— and ……
# must be full-width and continuous, so their `fwid` alternates are used when the font has them.
FULL_WIDTH_REMAP = (0x2014, 0x2015, 0x2026, 0x00B7, 0x2018, 0x2019, 0x201C, 0x201D)


@dataclass(slots=True)
class Face:
    key: str  # stable name of the face, e.g. NotoSerifCJKsc-Regular
    path: Path
    index: int  # face number in a collection (0 for a plain font file)
    family: str
    package: str
    upem: int
    cmap: dict[int, str] = field(repr=False)  # code point → glyph name (remapped)
    advances: dict[str, int] = field(repr=False)  # glyph name → advance in font units
    is_cff: bool = False

    def advance(self, ch: str) -> float | None:
        name = self.cmap.get(ord(ch))
        if name is None:
            return None
        return self.advances[name] / self.upem


def face_index(path: Path, family: str | None) -> int:
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    coll = TTCollection(str(path), lazy=True)
    for i, font in enumerate(coll.fonts):
        if family is None or font["name"].getDebugName(1) == family:
            return i
    raise LookupError(family)


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


@cache
def load_face(path: Path, index: int, package: str) -> Face:
    font = TTFont(str(path), fontNumber=index, lazy=True) if index or path.suffix.lower() in (".ttc", ".otc") \
        else TTFont(str(path), lazy=True)
    cmap = dict(font.getBestCmap())
    metrics = font["hmtx"].metrics
    upem = font["head"].unitsPerEm
    fwid = _fwid_map(font)
    for cp in FULL_WIDTH_REMAP:
        name = cmap.get(cp)
        if name and metrics[name][0] < upem and name in fwid:
            cmap[cp] = fwid[name]
    advances = {name: metrics[name][0] for name in set(cmap.values())}
    ps = font["name"].getDebugName(6) or path.stem
    family = font["name"].getDebugName(1) or ps
    return Face(ps, path, index, family, package, upem, cmap, advances, "CFF " in font)


@cache
def file_digest(path: Path, size: int, mtime: float) -> str:
    """sha256 of a font file; cached by path, size and mtime."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest_of(path: Path) -> str:
    st = os.stat(path)
    return file_digest(path, st.st_size, st.st_mtime)
