"""Document-level parts of a print-ready PDF, added with pypdf: PDF/X identification, OutputIntent,
fixed dates and IDs, and one file per page.

PDF/X-1a:2003 (default): PDF 1.4, GTS_PDFXVersion, GTS_PDFXConformance and Trapped in the Info
dictionary, an OutputIntent for the newspaper printing condition (a registered characterization name,
with an ICC profile when the style names one). PDF/X-4: PDF 1.6, the output profile embedded (a style
without one is refused when it is loaded), and an XMP packet with the same identification and the
document, instance and version IDs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from layout.infra.cache import Store, bytes_digest, file_digest, make_key
from layout.model.paper import PrintSpec

if TYPE_CHECKING:  # pypdf is imported when a file is finished, not when the cache has it (a warm render)
    import pypdf

STORE = Store("finished", ".pdf")
PRODUCER = "layout (ReportLab, pypdf)"
PDFX_VERSIONS = {"x1a": ("PDF/X-1a:2003", b"%PDF-1.4"), "x4": ("PDF/X-4", b"%PDF-1.6")}


def _pdf_date(date: dt.date) -> str:
    return f"D:{date:%Y%m%d}000000+08'00'"


def uuid_of(*parts: str) -> str:
    """A deterministic UUID (the form XMP IDs take) from a hash of `parts`."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return f"uuid:{uuid.UUID(bytes=digest[:16], version=4)}"


def _xmp(title: str, version: str, date: dt.date, document_id: str, instance_id: str) -> bytes:
    """The XMP packet of a PDF/X-4 file: title, dates, Trapped, the PDF/X version, and the IDs ISO 15930-7
    asks for: DocumentID (the same for every rendering of this page of this edition), InstanceID (this
    rendering: a hash of its content), VersionID and RenditionClass."""
    iso = f"{date.isoformat()}T00:00:00+08:00"
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:format>application/pdf</dc:format>
<xmp:CreateDate>{iso}</xmp:CreateDate><xmp:ModifyDate>{iso}</xmp:ModifyDate><xmp:MetadataDate>{iso}</xmp:MetadataDate>
<xmp:CreatorTool>layout</xmp:CreatorTool><pdf:Producer>{PRODUCER}</pdf:Producer>
<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID><xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdf:Trapped>False</pdf:Trapped><pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()


def finish(data: bytes | list[bytes], spec: PrintSpec, title: str, date: dt.date) -> bytes:
    """Add the PDF/X parts to a PDF made by the renderer (or to the page PDFs, assembled in order);
    deterministic for the same input, so the result is remembered (namespace `finished`) under a key of
    the input's bytes, the settings and the ICC profile's bytes, this code and the libraries' versions."""
    parts = data if isinstance(data, list) else [data]
    profile = file_digest(Path(spec.profile)) if spec.profile else None
    key = make_key("finished", __name__, [bytes_digest(p) for p in parts], spec, profile, title, date)
    stored = STORE.get(key)
    if stored is not None:
        return stored
    import pypdf

    whole = parts[0] if len(parts) == 1 else assemble(parts)
    ids = (uuid_of(spec.standard, title, date.isoformat()), uuid_of(key))
    out = _finish(pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(whole))), spec, title, date, ids)
    STORE.put(key, out)
    return out


def assemble(page_pdfs: list[bytes]) -> bytes:
    """The edition: the page PDFs one after the other."""
    import pypdf

    writer = pypdf.PdfWriter()
    for blob in page_pdfs:
        writer.append(pypdf.PdfReader(io.BytesIO(blob)))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _finish(writer: pypdf.PdfWriter, spec: PrintSpec, title: str, date: dt.date, ids: tuple[str, str]) -> bytes:
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    version, header = PDFX_VERSIONS[spec.standard]
    if spec.standard == "x4" and not spec.profile:  # the style loader refuses this first, at its line
        raise ValueError("PDF/X-4 needs an output profile (print.profile)")
    root = writer.root_object
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(spec.condition),
        NameObject("/OutputCondition"): TextStringObject(spec.condition_info),
        NameObject("/RegistryName"): TextStringObject(spec.registry),
        NameObject("/Info"): TextStringObject(spec.condition_info),
    })
    if spec.profile:
        icc = DecodedStreamObject()
        icc.set_data(Path(spec.profile).read_bytes())
        icc[NameObject("/N")] = NumberObject(4)
        intent[NameObject("/DestOutputProfile")] = writer._add_object(icc)
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    if spec.standard == "x4":
        meta = DecodedStreamObject()
        meta.set_data(_xmp(title, version, date, *ids))
        meta[NameObject("/Type")] = NameObject("/Metadata")
        meta[NameObject("/Subtype")] = NameObject("/XML")
        root[NameObject("/Metadata")] = writer._add_object(meta)
    stamp = _pdf_date(date)
    # /Subject is the edition's date: the drawn pages carry a neutral date (they are cached across editions)
    info_keys = {"/Title": title, "/Subject": date.isoformat(), "/Creator": "layout", "/Producer": PRODUCER,
                 "/CreationDate": stamp, "/ModDate": stamp, "/GTS_PDFXVersion": version}
    if spec.standard == "x1a":
        info_keys["/GTS_PDFXConformance"] = version  # PDF/X-1a:2003 names its conformance level too
    writer.add_metadata(info_keys)
    info: Any = writer._info
    info.get_object()[NameObject("/Trapped")] = NameObject("/False")
    writer.pdf_header = header
    # a stable document ID: the same content gives the same ID, and no time or path goes in
    body = io.BytesIO()
    writer._ID = ArrayObject([ByteStringObject(b"\0" * 16)] * 2)
    writer.write(body)
    digest = hashlib.md5(body.getvalue(), usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def finish_pages(page_pdfs: list[bytes], spec: PrintSpec, title: str, date: dt.date,
                 numbers: list[int]) -> list[tuple[str, bytes]]:
    """One finished PDF per page from the one-page PDFs the renderer drew."""
    out: list[tuple[str, bytes]] = []
    for blob, number in zip(page_pdfs, numbers, strict=True):
        name = spec.page_name.format(date=date, page=number)
        out.append((name, finish(blob, spec, f"{title} 第{number}版", date)))
    return out
