"""The edition's PDF/X file from the page files, each of which was drawn as PDF/X already
(`layout.render.pdfxdoc`: Info with the PDF/X identification and Trapped, OutputIntent, XMP for X-4,
content-derived IDs). The pages are joined by `layout.output.join` (objects copied byte for byte, only
their numbers changed) under the edition's own Catalog, page tree, Info, OutputIntent and IDs, which
`layout.render.pdfxparts` describes for both. No file is re-read by pypdf: only a page file of a shape the join
does not read (never one of ours) is first rewritten by pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from pathlib import Path

from layout.model.paper import PrintSpec
from layout.output.join import NotJoinable, Writer, copy_pages
from layout.render.pdfxparts import ID_PLACEHOLDER, VERSIONS, info, intent, stamp, version, xmp
from layout.render.settings import PdfX


def pdfx_of(spec: PrintSpec, date: dt.date) -> PdfX:
    return PdfX(spec.standard, spec.condition, spec.condition_info, spec.registry, spec.profile, date)


def finish(page_pdfs: list[bytes], spec: PrintSpec, title: str, date: dt.date) -> bytes:
    """The edition's file: the page files joined, in order, as one PDF/X file titled `title`."""
    pdfx = pdfx_of(spec, date)
    try:
        return join(page_pdfs, pdfx, title)
    except NotJoinable:
        return join([_rewritten(blob) for blob in page_pdfs], pdfx, title)


def _rewritten(blob: bytes) -> bytes:
    import pypdf

    out = io.BytesIO()
    pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(blob))).write(out)
    return out.getvalue()


def text(value: str) -> bytes:
    """A PDF text string: literal for printable ASCII, else UTF-16BE with its byte order mark, in hex."""
    if value.isascii() and value.isprintable():
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode() + b")"
    return b"<feff" + value.encode("utf-16-be").hex().encode() + b">"


def _dictionary(entries: list[tuple[str, bytes]]) -> bytes:
    return b"<< " + b" ".join(b"/" + key.encode() + b" " + value for key, value in entries) + b" >>"


def join(page_pdfs: list[bytes], pdfx: PdfX, title: str) -> bytes:
    """The pages of `page_pdfs`, in order, in one PDF/X file."""
    out = Writer()
    catalog, info_ref, pages, output_intent = (out.reserve() for _ in range(4))
    kids = [kid for blob in page_pdfs for kid in copy_pages(out, blob, pages)]
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    out.put(pages, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), refs))
    entries = [("Type", b"/OutputIntent"), ("S", b"/GTS_PDFX"), *((k, text(v)) for k, v in intent(pdfx))]
    if pdfx.profile:
        profile = out.reserve()
        packed = zlib.compress(Path(pdfx.profile).read_bytes())
        out.put(profile, b"<< /N 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed))
        entries.append(("DestOutputProfile", b"%d 0 R" % profile))
    out.put(output_intent, _dictionary(entries))
    root = [("Type", b"/Catalog"), ("Pages", b"%d 0 R" % pages), ("OutputIntents", b"[%d 0 R]" % output_intent)]
    if pdfx.standard == "x4":
        meta = out.reserve()
        packet = xmp(pdfx, title)
        out.put(meta, b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(packet), packet))
        root.append(("Metadata", b"%d 0 R" % meta))
    out.put(catalog, _dictionary(root))
    out.put(info_ref, _dictionary([*((k, text(v)) for k, v in info(pdfx, title)), ("Trapped", b"/False")]))
    version(pdfx)
    return stamp(_file(out, catalog, info_ref, VERSIONS[pdfx.standard][1]))


def _file(out: Writer, catalog: int, info_ref: int, pdf_version: tuple[int, int]) -> bytes:
    """The objects, the cross-reference table and the trailer (with the /ID placeholder)."""
    parts = [b"%%PDF-%d.%d\n%%\xe2\xe3\xcf\xd3\n" % pdf_version]
    at = len(parts[0])
    offsets: list[int] = []
    for number in range(1, out.next):
        body = out.objects[number]
        offsets.append(at)
        parts.append(body)
        at += len(body)
    size = out.next
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size, *(b"%010d 00000 n \n" % o for o in offsets)]
    parts += table
    parts.append(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [%s] >>\nstartxref\n%d\n%%%%EOF\n"
                 % (size, catalog, info_ref, ID_PLACEHOLDER, at))
    return b"".join(parts)
