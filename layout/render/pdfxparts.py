"""What makes a file PDF/X, as plain values: written by the page drawing (`layout.render.pdfxdoc`, through
ReportLab) and by the edition's join (`layout.output.join`), so both say the same.

PDF/X-1a:2003 (default): PDF 1.4, GTS_PDFXVersion, GTS_PDFXConformance and Trapped in the Info
dictionary, an OutputIntent for the newspaper printing condition (a registered characterization name,
with an ICC profile when the style names one). PDF/X-4: PDF 1.6, the output profile embedded (a style
without one is refused when it is loaded), and an XMP packet with the same identification and the
document, instance and version IDs.

IDs: the file is written with placeholders for its /ID and (X-4) its XMP InstanceID; `stamp` then puts in
the MD5 of the file as written (the same length, so no offset moves): the same content gives the same
IDs, and no time or path goes in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from layout.render.settings import PdfX

PRODUCER = "layout (ReportLab)"
VERSIONS = {"x1a": ("PDF/X-1a:2003", (1, 4)), "x4": ("PDF/X-4", (1, 6))}
ID_PLACEHOLDER = b"<" + b"0" * 32 + b"><" + b"0" * 32 + b">"
INSTANCE_PLACEHOLDER = "uuid:00000000-0000-4000-8000-000000000000"


def pdf_date(date: dt.date) -> str:
    return f"D:{date:%Y%m%d}000000+08'00'"


def uuid_of(*parts: str) -> str:
    """A deterministic UUID (the form XMP IDs take) from a hash of `parts`."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return f"uuid:{uuid.UUID(bytes=digest[:16], version=4)}"


def version(pdfx: PdfX) -> str:
    if pdfx.standard == "x4" and not pdfx.profile:  # the style loader refuses this first, at its line
        raise ValueError("PDF/X-4 needs an output profile (print.profile)")
    return VERSIONS[pdfx.standard][0]


def info(pdfx: PdfX, title: str) -> list[tuple[str, str]]:
    """The Info dictionary's text entries, in order (Trapped, a name, is added by the writers).
    /Subject is the edition's date."""
    stamp = pdf_date(pdfx.date)
    entries = [("Title", title), ("Author", "layout"), ("Subject", pdfx.date.isoformat()), ("Creator", "layout"),
               ("Producer", PRODUCER), ("CreationDate", stamp), ("ModDate", stamp),
               ("GTS_PDFXVersion", version(pdfx))]
    if pdfx.standard == "x1a":
        entries.append(("GTS_PDFXConformance", version(pdfx)))  # PDF/X-1a:2003 names its conformance level too
    return entries


def intent(pdfx: PdfX) -> list[tuple[str, str]]:
    """The OutputIntent's text entries (besides /Type, /S and the profile)."""
    return [("OutputConditionIdentifier", pdfx.condition), ("OutputCondition", pdfx.condition_info),
            ("RegistryName", pdfx.registry), ("Info", pdfx.condition_info)]


def escape(text: str) -> str:
    """`xml.sax.saxutils.escape` (&, <, > as entities), without its import (≈10 ms: urllib, http, ssl)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def xmp(pdfx: PdfX, title: str) -> bytes:
    """The XMP packet of a PDF/X-4 file: title, dates, Trapped, the PDF/X version, and the IDs ISO 15930-7
    asks for: DocumentID (the same for every rendering of this file of this edition), InstanceID (this
    rendering: a placeholder until `stamp`), VersionID and RenditionClass."""
    iso = f"{pdfx.date.isoformat()}T00:00:00+08:00"
    document_id = uuid_of(pdfx.standard, title, pdfx.date.isoformat())
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:format>application/pdf</dc:format>
<xmp:CreateDate>{iso}</xmp:CreateDate><xmp:ModifyDate>{iso}</xmp:ModifyDate><xmp:MetadataDate>{iso}</xmp:MetadataDate>
<xmp:CreatorTool>layout</xmp:CreatorTool><pdf:Producer>{PRODUCER}</pdf:Producer>
<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID><xmpMM:InstanceID>{INSTANCE_PLACEHOLDER}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdf:Trapped>False</pdf:Trapped><pdfxid:GTS_PDFXVersion>{version(pdfx)}</pdfxid:GTS_PDFXVersion>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()


def stamp(data: bytes) -> bytes:
    """The file with its /ID (the last placeholder: the trailer's) and its XMP InstanceID (if any) set from
    the MD5 of the file as written."""
    digest = hashlib.md5(data, usedforsecurity=False).digest()
    at = data.rindex(ID_PLACEHOLDER)
    ident = b"<" + digest.hex().encode() + b">"
    out = data[:at] + ident + ident + data[at + len(ID_PLACEHOLDER):]
    placeholder = INSTANCE_PLACEHOLDER.encode()
    found = out.rfind(placeholder)
    if found >= 0:
        instance = f"uuid:{uuid.UUID(bytes=digest, version=4)}".encode()
        out = out[:found] + instance + out[found + len(placeholder):]
    return out
