"""A JPEG's own size is read behind every filter chain an image may carry before DCTDecode (ReportLab writes
ASCII85 by default; an ad whose dictionary disagrees with its JPEG must be refused whichever chain it has)."""

from __future__ import annotations

import base64
import io
import zlib
from typing import Any

import pytest
from PIL import Image

from layout.plant.jpeg import jpeg_size, mismatch


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("CMYK", (140, 76), (30, 60, 60, 10)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _stream(filters: list[str], data: bytes) -> Any:
    from pypdf.generic import ArrayObject, NameObject, StreamObject

    stream = StreamObject()
    stream[NameObject("/Filter")] = ArrayObject([NameObject(f) for f in filters])
    stream._data = data
    return stream


def _encode(name: str, data: bytes) -> bytes:
    if name == "/FlateDecode":
        return zlib.compress(data)
    if name == "/ASCII85Decode":
        wrapped = base64.a85encode(data, wrapcol=75)
        return wrapped + b"~>"
    return data.hex().upper().encode()[:-1] + b"\n>"  # ASCIIHex with an odd last digit (a 0 follows)


@pytest.mark.parametrize("chain", [[], ["/FlateDecode"], ["/ASCII85Decode"], ["/ASCIIHexDecode"],
                                   ["/ASCII85Decode", "/FlateDecode"]])
def test_the_jpeg_size_is_read_behind_each_filter_chain(chain: list[str]) -> None:
    jpeg = _jpeg()
    if chain == ["/ASCIIHexDecode"]:
        jpeg += b"\x00"  # the odd digit dropped by _encode stands for this byte's 0 nibble
    data = jpeg
    for name in reversed(chain):  # the first filter named is the first undone
        data = _encode(name, data)
    image = _stream([*chain, "/DCTDecode"], data)
    assert jpeg_size(image) == (140, 76)
    assert mismatch(100, 76, image) == (140, 76) and mismatch(140, 76, image) is None


def test_a_filter_it_cannot_undo_gives_no_size() -> None:
    assert jpeg_size(_stream(["/LZWDecode", "/DCTDecode"], b"")) is None
    assert jpeg_size(_stream(["/ASCII85Decode", "/DCTDecode"], b"not ascii85 \xff~>")) is None
