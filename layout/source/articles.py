"""Read `articles/<slug>.md`: YAML front matter and a small Markdown body."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

from layout.errors import error
from layout.model.article import Article, Paragraph, ParaKind, Photo
from layout.text import normalize
from layout.yamlio.read import Located, load_yaml_text

FRONT_KEYS = ("title", "kicker", "subtitle", "byline", "source", "jump_title", "photos")
PHOTO_KEYS = ("id", "caption", "credit", "file")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_text_file(path: Path) -> str:
    """UTF-8 (a BOM is allowed); anything else is an input error naming the byte."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("file not found", str(path), hint="check the slug and the articles/ folder") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = "the file looks like GBK/GB18030: convert it with `iconv -f gb18030 -t utf-8`"
        except UnicodeDecodeError:
            pass
        raise error(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", str(path), line, None, hint) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise error(f"control character U+{ord(m.group()):04X} in the text", str(path), line, col,
                    "delete it: it cannot be printed")
    return unicodedata.normalize("NFC", text)


def read_article(path: Path) -> Article:
    text = read_text_file(path)
    file = str(path)
    meta: dict[str, Any] = {}
    located: Located | None = None
    body_start = 1  # the line of the file where the Markdown body starts
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end < 0:
            raise error("front matter is opened with '---' but never closed", file, 1, 1,
                        "add a line '---' after the last front-matter key")
        located = load_yaml_text(text[4 : end + 1], file, offset_lines=1)
        if located.data is not None and not isinstance(located.data, dict):
            raise error("front matter must be a mapping of keys to values", file, 2, 1)
        meta = located.data or {}
        body_start = text.count("\n", 0, end + 4) + 2
        text = text[end + 4 :].split("\n", 1)[1] if "\n" in text[end + 4 :] else ""
    for key in meta:
        if key not in FRONT_KEYS:
            pos = located.pos((key,), key=True) if located else None
            raise error(f"unknown front-matter key '{key}'{_did_you_mean(key, FRONT_KEYS)}", file,
                        pos.line if pos else None, pos.col if pos else None,
                        "allowed keys: " + ", ".join(FRONT_KEYS))
    slug = path.stem
    title = _text_field(meta, "title", file, located)
    if not title:
        raise error(f"article '{slug}' has no title", file, 1, 1, "add `title: …` to the front matter")
    photos = _photos(meta.get("photos"), file, located)
    paragraphs = tuple(_paragraphs(text, body_start))
    return Article(
        slug=slug, path=file, title=title,
        kicker=_text_field(meta, "kicker", file, located),
        subtitle=_text_field(meta, "subtitle", file, located),
        byline=_text_field(meta, "byline", file, located),
        source=_text_field(meta, "source", file, located),
        jump_title=_text_field(meta, "jump_title", file, located),
        photos=photos, paragraphs=paragraphs,
    )


def _did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _text_field(meta: dict[str, Any], key: str, file: str, located: Located | None) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        pos = located.pos((key,)) if located else None
        raise error(f"'{key}' must be text", file, pos.line if pos else None, pos.col if pos else None)
    return normalize(str(value).strip())


def _photos(value: Any, file: str, located: Located | None) -> tuple[Photo, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        pos = located.pos(("photos",)) if located else None
        raise error("'photos' must be a list", file, pos.line if pos else None, None,
                    "write each photo as '- id: …' with caption and credit")
    photos: list[Photo] = []
    for i, item in enumerate(value):
        pos = located.pos(("photos", i)) if located else None
        line = pos.line if pos else 0
        if not isinstance(item, dict) or "id" not in item:
            raise error("a photo needs at least an 'id'", file, line, pos.col if pos else None)
        for key in item:
            if key not in PHOTO_KEYS:
                kpos = located.pos(("photos", i, key), key=True) if located else None
                raise error(f"unknown photo key '{key}'{_did_you_mean(key, PHOTO_KEYS)}", file,
                            kpos.line if kpos else line, kpos.col if kpos else None,
                            "allowed keys: " + ", ".join(PHOTO_KEYS))
        photos.append(Photo(
            id=str(item["id"]), caption=normalize(str(item.get("caption") or "").strip()),
            credit=normalize(str(item.get("credit") or "").strip()),
            file=str(item["file"]) if item.get("file") else None, line=line,
        ))
    return tuple(photos)


def _paragraphs(body: str, first_line: int) -> list[Paragraph]:
    """Blocks separated by blank lines; `## ` subheads; a final `> ` block is the signature."""
    out: list[Paragraph] = []
    lines = body.split("\n")
    block: list[str] = []
    block_line = 0
    for i, raw in enumerate([*lines, ""]):
        if raw.strip():
            if not block:
                block_line = first_line + i
            block.append(raw.strip())
            continue
        if not block:
            continue
        out.extend(_block(block, block_line))
        block = []
    return out


def _join_lines(lines: list[str]) -> str:
    """Soft-wrapped lines: CJK lines join without a space, Latin lines with one."""
    out = lines[0]
    for nxt in lines[1:]:
        wide = unicodedata.east_asian_width(out[-1]) in "WF" or unicodedata.east_asian_width(nxt[0]) in "WF"
        out += nxt if wide else " " + nxt
    return out


def _block(block: list[str], line: int) -> list[Paragraph]:
    out: list[Paragraph] = []
    if all(b.startswith(">") for b in block):
        for k, b in enumerate(block):
            text = normalize(b.lstrip(">").strip())
            if text:
                out.append(Paragraph(ParaKind.SIGNATURE, text, line + k))
        return out
    if block[0].startswith("#"):
        head = normalize(block[0].lstrip("#").strip())
        out.append(Paragraph(ParaKind.SUBHEAD, head, line))
        block, line = block[1:], line + 1
        if not block:
            return out
    text = normalize(_join_lines(block))
    if text:
        out.append(Paragraph(ParaKind.BODY, text, line))
    return out
