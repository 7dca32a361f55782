"""Advertisements placed: an advertiser's PDF page, checked before layout (`layout.plant.ads`), placed unchanged
in its box.

Placing (after ReportLab has drawn the page, `place_ads`): the ad page's content stream and resources
become a form XObject (`/BBox` = its TrimBox or MediaBox), named `/LayoutAdN` in the page's resources,
and the page's content gets `q <box> re W n <scale and offset> cm /LayoutAdN Do Q` after ReportLab's
own (wrapped in q … Q so no state of ours reaches the ad). Vectors, fonts and colours go in as they were;
the ad is clipped to its box. A page placing an ad with transparency (PDF/X-4) becomes a transparency
group blending in DeviceCMYK. The bytes are deterministic.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layout.model.page import AdItem, Page
from layout.plant.ads import open_ad, resource_actions, trim_of

if TYPE_CHECKING:  # pypdf is imported when there is an ad to open (most pages have none)
    import pypdf


# -- placing ------------------------------------------------------------------------------------------------

def _form(writer: pypdf.PdfWriter, data: bytes, number: int) -> tuple[Any, tuple[float, float, float, float], bool]:
    """The ad page as a form XObject in `writer`: its content, its resources (copied with everything they
    refer to), its transparency group if it has one; /BBox = its TrimBox (else MediaBox). And whether the
    ad uses transparency."""
    import pypdf
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    page = open_ad(data, number)
    box = trim_of(page)
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/FormType")] = pypdf.generic.NumberObject(1)
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    form[NameObject("/Matrix")] = ArrayObject(FloatObject(v) for v in (1, 0, 0, 1, 0, 0))
    resources = page.get("/Resources")
    form[NameObject("/Resources")] = resources.get_object().clone(writer) if resources is not None \
        else DictionaryObject()
    resource_actions(form["/Resources"], drop=True)  # JavaScript and actions are not placed (reported by examine)
    if "/Group" in page:
        form[NameObject("/Group")] = page["/Group"].get_object().clone(writer)
    return writer._add_object(form.flate_encode()), box, uses_transparency(page)


def uses_transparency(page: Any) -> bool:
    """Does the ad's page use transparency: a transparency group, soft masks, constant alpha under 1 or a
    blend mode, in its resources or those of its forms and patterns (the content can only reach
    transparency through them)."""
    group = page.get("/Group")
    if group is not None and group.get_object().get("/S") == "/Transparency":
        return True
    res = page.get("/Resources")
    todo = [res.get_object()] if res is not None else []
    seen: set[int] = set()
    while todo and len(seen) < 10_000:
        res = todo.pop()
        if id(res) in seen or not hasattr(res, "get"):
            continue
        seen.add(id(res))
        for gs in (res.get("/ExtGState") or {}).values():
            g = gs.get_object()
            if g.get("/SMask", "/None") != "/None" or float(g.get("/ca", 1)) < 1 or float(g.get("/CA", 1)) < 1 \
                    or g.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
                return True
        for ref in (*(res.get("/XObject") or {}).values(), *(res.get("/Pattern") or {}).values()):
            obj = ref.get_object()
            group = obj.get("/Group")
            if "/SMask" in obj or int(obj.get("/SMaskInData", 0)) or (
                    group is not None and group.get_object().get("/S") == "/Transparency"):
                return True
            if obj.get("/Resources") is not None:
                todo.append(obj["/Resources"].get_object())
    return False


SUBSET_NAME = re.compile(r"^/[A-Z]{6}\+")
MAX_RESOURCE_DICTS = 10_000  # resource dictionaries looked at per plate for the fonts' names


def unique_font_names(forms: list[Any], page_res: Any) -> None:
    """Every embedded font the ads bring gets a name of its own on the plate, made from its name and font
    program, so that two programs never share a name on a plate or across the plates of a job (a RIP that
    caches fonts by name would print the second ad with the first one's glyphs):
    - a subset (ReportLab tags every first subset `AAAAAA+`) gets a new six-letter tag;
    - a whole (non-subset) font gets a suffix, `_` and six letters (`/Song` → `/Song_QWERTY`; a composite
      font's `/Song-Identity-H` → `/Song_QWERTY-Identity-H`): a tag would call it a subset. A font that is
      not embedded keeps its name (a RIP finds it by that name; the ad check refuses it anyway).
    The ads' content streams and resource names are unchanged: only /BaseFont (font and descendant) and the
    descriptor's /FontName change. The same program under the same name gets the same name (it is one font)."""
    from pypdf.generic import NameObject

    taken = {str(f.get_object().get("/BaseFont")): b"" for f in (page_res.get("/Font") or {}).values()}
    for font in _fonts_of(forms):
        parts = _named_parts(font)
        base = str(font.get("/BaseFont", ""))
        if not parts:
            continue
        program = _program_digest(parts)
        if SUBSET_NAME.match(base):
            name = _free_name(base, program, taken, "/", base[7:])
            renamed = [(obj, key, name[:8] + str(obj.get(key, ""))[8:]) for obj, key in parts
                       if SUBSET_NAME.match(str(obj.get(key, "")))]
        elif _embedded(parts):
            core = str(parts[-1][0].get(parts[-1][1], base))  # the program's own name (descendant, descriptor)
            name = _free_name(core, program, taken, core + "_", "")
            renamed = [(obj, key, _suffixed(str(obj.get(key, "")), core, name)) for obj, key in parts]
        else:
            continue
        for obj, key, new in renamed:
            obj[NameObject(key)] = NameObject(new)


def _suffixed(old: str, core: str, name: str) -> str:
    """`old` (one of a whole font's names) with the suffix `name` adds to `core`, after `core` if it starts
    with it (`/Song-Identity-H` → `/Song_QWERTY-Identity-H`), else at its end."""
    return name + old[len(core):] if old.startswith(core) else old + name[len(core):]


def _free_name(base: str, program: bytes, taken: dict[str, bytes], before: str, after: str) -> str:
    """A name for the font `base` with this program, `before` + six letters from both + `after`: the same
    program always gets the same name; another program under a name already taken gets the next salt's."""
    name = base
    for salt in range(100):
        digest = hashlib.sha256(f"{base}\0{salt}".encode() + program).digest()
        name = before + "".join(chr(65 + b % 26) for b in digest[:6]) + after
        if taken.setdefault(name, program) == program:
            break
    return name


def _embedded(parts: list[tuple[Any, str]]) -> bool:
    """Does the font's descriptor hold its program (FontFile, FontFile2 or FontFile3)?"""
    obj, key = parts[-1]
    return key == "/FontName" and any(obj.get(k) is not None for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts_of(forms: list[Any]) -> list[Any]:
    """The font dictionaries the forms' resources reach (their forms', patterns' and Type 3 fonts' too)."""
    todo = [f.get("/Resources") for f in forms]
    seen: set[int] = set()
    fonts: dict[int, Any] = {}
    while todo and len(seen) < MAX_RESOURCE_DICTS:
        res = todo.pop()
        res = res.get_object() if res is not None else None
        if res is None or id(res) in seen or not hasattr(res, "get"):
            continue
        seen.add(id(res))
        for ref in (res.get("/Font") or {}).values():
            font = ref.get_object()
            fonts.setdefault(id(font), font)
            todo.append(font.get("/Resources"))
        for ref in (*(res.get("/XObject") or {}).values(), *(res.get("/Pattern") or {}).values()):
            todo.append(ref.get_object().get("/Resources"))
    return list(fonts.values())


def _named_parts(font: Any) -> list[tuple[Any, str]]:
    """Where a font's name is written: the font's /BaseFont, a composite font's descendant's /BaseFont, the
    descriptor's /FontName."""
    parts: list[tuple[Any, str]] = [(font, "/BaseFont")]
    descendants = font.get("/DescendantFonts") if font.get("/Subtype") == "/Type0" else None
    inner = descendants.get_object()[0].get_object() if descendants else font
    if inner is not font:
        parts.append((inner, "/BaseFont"))
    desc = inner.get("/FontDescriptor")
    if desc is not None:
        parts.append((desc.get_object(), "/FontName"))
    return parts


def _program_digest(parts: list[tuple[Any, str]]) -> bytes:
    """The font program's bytes, hashed (as stored: no need to decompress to tell two programs apart)."""
    desc = parts[-1][0]
    digest = hashlib.sha256()
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        stream = desc.get(key) if parts[-1][1] == "/FontName" else None
        if stream is not None:
            obj = stream.get_object()
            digest.update(key.encode() + bytes(getattr(obj, "_data", b"") or b""))
    return digest.digest()


def _num(v: float) -> str:
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def place_ads(pdf: bytes, page: Page, margin: float) -> bytes:
    """The one-page PDF `pdf` with the page's ads placed in their boxes (see the module's description).
    `margin`: the trim's offset inside the MediaBox (bleed, and the room for crop marks)."""
    placed = [a for a in page.ads if a.file]
    if not placed:
        return pdf
    import pypdf
    from pypdf.generic import ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, NameObject

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # the drawn file's PDF version (PDF/X-4: 1.6); Info and Catalog come along
    target = writer.pages[0]
    res: Any = target[NameObject("/Resources")].get_object()
    if "/XObject" not in res:
        res[NameObject("/XObject")] = DictionaryObject()
    xobjects: Any = res["/XObject"].get_object()
    ops: list[str] = []
    digest = hashlib.sha256(pdf)
    transparent = False
    for i, ad in enumerate(placed, 1):
        assert ad.file is not None
        data = Path(ad.file).read_bytes()
        digest.update(data)
        name = f"/LayoutAd{i}"
        xobjects[NameObject(name)], (tx0, ty0, tx1, ty1), uses = _form(writer, data, ad.page)
        transparent |= uses
        ops.append(_placement(ad, name, (tx0, ty0, tx1 - tx0, ty1 - ty0), margin, page.height))
    unique_font_names([xobjects[NameObject(f"/LayoutAd{i}")].get_object() for i in range(1, len(placed) + 1)], res)
    if transparent and "/Group" not in target:
        # an ad with transparency (refused in PDF/X-1a, allowed in X-4): the page that places it is a
        # transparency group blending in CMYK, as PDF/X-4 practice has it
        target[NameObject("/Group")] = DictionaryObject({
            NameObject("/Type"): NameObject("/Group"), NameObject("/S"): NameObject("/Transparency"),
            NameObject("/CS"): NameObject("/DeviceCMYK")})
    head, tail = DecodedStreamObject(), DecodedStreamObject()
    head.set_data(b"q\n")
    tail.set_data(("\nQ\n" + "\n".join(ops) + "\n").encode("ascii"))
    old = target.raw_get("/Contents")  # the reference (a stream must stay an indirect object)
    resolved = old.get_object()
    parts = list(resolved) if isinstance(resolved, ArrayObject) else [old]
    target[NameObject("/Contents")] = ArrayObject([writer._add_object(head), *parts, writer._add_object(tail)])
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _placement(ad: AdItem, name: str, trim: tuple[float, float, float, float], margin: float, height: float) -> str:
    """`q <clip to the box> <scale and offset> cm /Name Do Q`: the ad's trim centred in its box (scaled
    proportionally with `fit`), clipped to the box."""
    tx, ty, tw, th = trim
    x0, y0 = margin + ad.x, margin + height - ad.y - ad.h
    s = min(ad.w / tw, ad.h / th) if ad.fit else 1.0
    e, f = x0 + (ad.w - s * tw) / 2 - s * tx, y0 + (ad.h - s * th) / 2 - s * ty
    clip = " ".join(_num(v) for v in (x0, y0, ad.w, ad.h))
    matrix = " ".join(_num(v) for v in (s, 0, 0, s, e, f))
    return f"q {clip} re W n {matrix} cm {name} Do Q"
