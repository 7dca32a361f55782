"""A JPEG's own size, from its frame header (SOF marker), for an image whose dictionary may say otherwise:
an image XObject whose /Width and /Height are not its JPEG's is broken (a RIP draws it garbled, stretched
or not at all). Read by the preflight's walk (`walk.py`) and the opener of outside PDFs
(layout/tools/pdfin.py): one reading, bounded (at most `MAX_SEGMENTS` markers before the frame header; the
head of a JPEG deflated first is inflated to at most `MAX_HEAD` bytes)."""

from __future__ import annotations

import base64
import zlib
from typing import Any

MAX_SEGMENTS = 1_000  # markers before the frame header (a camera's JPEG has about 10; an ICC profile adds ≤ 60)
MAX_HEAD = 4 * 1024 * 1024  # bytes of a deflated JPEG inflated to find its frame header
FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # SOF0–SOF15 (not C4, C8, CC)
JPEG = ("/DCTDecode", "/DCT")
FLATE, A85, AHX = ("/FlateDecode", "/Fl"), ("/ASCII85Decode", "/A85"), ("/ASCIIHexDecode", "/AHx")
WHITE = frozenset(b"\x00\t\n\x0c\r ")


def frame_size(data: bytes) -> tuple[int, int] | None:
    """The width and height the JPEG's frame header gives (height 0: given later by a DNL marker), or None
    when `data` is no JPEG or has no frame header within `MAX_SEGMENTS` markers."""
    if data[:2] != b"\xff\xd8":
        return None
    i, n = 2, len(data)
    for _ in range(MAX_SEGMENTS):
        if i + 4 > n or data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # a fill byte
            i += 1
        elif marker in FRAMES:
            if i + 9 > n:
                return None
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        elif marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            i += 2
        elif marker in (0xD9, 0xDA):  # the end, or a scan before any frame header
            return None
        else:
            i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return None


def _undo(name: str, data: bytes) -> bytes | None:
    """`data` with the filter `name` undone (a deflated stream to at most `MAX_HEAD` bytes), or None."""
    try:
        if name in FLATE:
            return zlib.decompressobj().decompress(data, MAX_HEAD)
        text = bytes(b for b in data if b not in WHITE)
        if name in A85:
            return base64.a85decode(text.removesuffix(b"~>"))
        digits = text.split(b">")[0]  # ASCIIHex: an odd last digit is followed by 0
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    except (zlib.error, ValueError):
        return None


def jpeg_size(image: Any) -> tuple[int, int] | None:
    """The JPEG size of an image XObject (a pypdf stream) whose last filter is DCTDecode — alone, or after
    FlateDecode, ASCII85Decode or ASCIIHexDecode (ReportLab writes ASCII85 by default) — else None."""
    filters = image.get("/Filter")
    filters = filters.get_object() if filters is not None else []
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    if not names or names[-1] not in JPEG or any(f not in (*FLATE, *A85, *AHX) for f in names[:-1]):
        return None
    data: bytes | None = bytes(getattr(image, "_data", b"") or b"")
    for name in names[:-1]:
        data = _undo(name, data) if data is not None else None
    return frame_size(data) if data is not None else None


def mismatch(width: int, height: int, image: Any) -> tuple[int, int] | None:
    """The JPEG's own size when it is not the dictionary's `width` × `height` (a height of 0 in the frame
    header is not compared), else None."""
    size = jpeg_size(image)
    if size is None:
        return None
    w, h = size
    return size if w != width or (h and h != height) else None
