"""One font face read with fontTools: its cmap (with the full-width remap), advances, and identity."""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

# Marks whose default glyph in CJK fonts may be proportional; for Chinese typesetting —— and ……
# must be full-width and continuous, so their `fwid` alternates are used when the font has them.
FULL_WIDTH_REMAP = (0x2014, 0x2015, 0x2026, 0x00B7, 0x2018, 0x2019, 0x201C, 0x201D)


METRICS_VERSION = 2


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
    digest: str = ""  # sha256 of the font file (the conversion cache key)

    def advance(self, ch: str) -> float | None:
        units = self.advances.get(ord(ch))
        return None if units is None else units / self.upem


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


def glyph_cmap(font: TTFont) -> dict[int, str]:
    """The face's cmap with the full-width remap applied: code point → glyph name."""
    cmap = dict(font.getBestCmap())
    metrics = font["hmtx"].metrics
    upem = font["head"].unitsPerEm
    fwid = _fwid_map(font)
    for cp in FULL_WIDTH_REMAP:
        name = cmap.get(cp)
        if name and metrics[name][0] < upem and name in fwid:
            cmap[cp] = fwid[name]
    return cmap


def open_font(path: Path, index: int) -> TTFont:
    if path.suffix.lower() in (".ttc", ".otc"):
        return TTFont(str(path), fontNumber=index, lazy=True)
    return TTFont(str(path), lazy=True)


def _read_face(path: Path, family: str | None, package: str) -> Face:
    index = 0
    if path.suffix.lower() in (".ttc", ".otc"):
        coll = TTCollection(str(path), lazy=True)
        names = [f["name"].getDebugName(1) for f in coll.fonts]
        if family is not None and family not in names:
            raise LookupError(family)
        index = names.index(family) if family is not None else 0
    font = open_font(path, index)
    cmap = glyph_cmap(font)
    metrics = font["hmtx"].metrics
    ps = font["name"].getDebugName(6) or path.stem
    return Face(ps, path, index, font["name"].getDebugName(1) or ps, package, font["head"].unitsPerEm,
                {cp: metrics[name][0] for cp, name in cmap.items()}, "CFF " in font, digest_of(path))


def _metrics_cache(path: Path, family: str | None) -> Path:
    from layout.fonts.convert import cache_dir

    st = path.stat()
    tag = hashlib.sha256(f"{path}|{st.st_size}|{st.st_mtime_ns}|{family}|{METRICS_VERSION}".encode()).hexdigest()[:20]
    return cache_dir() / "metrics" / f"{path.stem}-{tag}.marshal"


@cache
def load_face(path: Path, family: str | None, package: str) -> Face:
    """Read a face's identity and advances; cached on disk (marshal) so a new process pays ~10 ms, not 0.2 s.

    Raises LookupError when a collection has no face of that family."""
    cached = _metrics_cache(path, family)
    try:
        key, index, fam, upem, advances, is_cff, digest = marshal.loads(cached.read_bytes())
        return Face(key, path, index, fam, package, upem, advances, is_cff, digest)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    face = _read_face(path, family, package)
    cached.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cached.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(marshal.dumps((face.key, face.index, face.family, face.upem, face.advances, face.is_cff,
                                face.digest)))
    os.chmod(tmp, 0o644)
    os.replace(tmp, cached)
    return face


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
