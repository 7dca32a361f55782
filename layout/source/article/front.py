"""An article's front matter: split off the body, read as YAML with positions, its keys and photos checked."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from layout.errors import error
from layout.infra.yamlio.read import Located, Pos, load_yaml_text
from layout.model.article import Photo
from layout.source.article.file import _FORBIDDEN, _INVISIBLE, MAX_YAML_DEPTH, _forbidden, _size_problem
from layout.text import normalize

FRONT_KEYS = ("title", "kicker", "subtitle", "byline", "source", "jump_title", "photos")
PHOTO_KEYS = ("id", "caption", "credit", "file")
_FENCE = re.compile(r"---[ \t]*")
_KEY_LINE = re.compile(r"\s*(?:" + "|".join(FRONT_KEYS) + r")\s*[:：]", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------
# front matter


@dataclass(slots=True)
class _Front:
    meta: dict[str, Any] = field(default_factory=dict)  # as YAML types it (None, list, dict, str, int …)
    raw: dict[str, Any] = field(default_factory=dict)  # every scalar as the text written
    located: Located | None = None


def _split_front(text: str, file: str) -> tuple[str | None, int, int, str]:
    """(front matter or None, its first line, the body's first line, the body). Lines are 1-based."""
    lines = text.split("\n")
    k = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if k is None:
        return None, 0, 1, text
    if _FENCE.fullmatch(lines[k]):
        for e in range(k + 1, len(lines)):
            if _FENCE.fullmatch(lines[e]):
                return "\n".join(lines[k + 1 : e]), k + 2, e + 2, "\n".join(lines[e + 1 :])
        raise error("front matter is opened with '---' but never closed", file, k + 1, 1,
                    "add a line '---' after the last front-matter key", code="front-matter-unclosed")
    if _KEY_LINE.match(lines[k]):
        raise error("the front matter has no opening '---'", file, k + 1, 1,
                    f"line {k + 1} looks like a front-matter key: add a line '---' above it and another "
                    "after the last key", code="front-matter-unopened")
    return None, 0, 1, text


def _front_matter(src: str, first: int, file: str) -> _Front:
    src = re.sub("[\u2028\u2029\x85]", " ", src)  # YAML counts them as line breaks: keep lines aligned
    _check_yaml_shape(src, first, file)
    located = load_yaml_text(src, file, offset_lines=first - 1)
    if located.data is None:
        return _Front(located=located)
    if not isinstance(located.data, dict):
        hint = "write one `key: value` per line, starting with `title: …`"
        if "：" in src:
            hint += " (with an ASCII colon and a space, not ：)"
        raise error(f"front matter must be a mapping of keys to values, not {_type_name(located.data)}", file,
                    first, 1, hint, code="front-matter-not-mapping")
    raw = yaml.load(src, Loader=yaml.BaseLoader)  # safe: no aliases, shallow (checked above)
    return _Front(located.data, raw if isinstance(raw, dict) else {}, located)


def _check_yaml_shape(src: str, first: int, file: str) -> None:
    """No aliases (a few lines of `*a` can expand to gigabytes) and no deep nesting (PyYAML composes
    recursively). Malformed YAML is left to load_yaml_text, which reports it with its position."""
    depth = 0
    try:
        for event in yaml.parse(src, Loader=yaml.SafeLoader):
            mark = event.start_mark
            line, col = (mark.line + first, mark.column + 1) if mark else (None, None)
            if isinstance(event, yaml.AliasEvent):
                raise error("YAML aliases (*name) are not allowed in front matter", file, line, col,
                            "write the value out in full", code="yaml-alias")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise error(f"front matter nested more than {MAX_YAML_DEPTH} levels deep", file, line, col,
                                "front matter is `key: value` lines and a photo list", code="yaml-too-deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a single value"


def _text(value: Any, raw: Any, what: str, file: str, pos: Pos | None) -> str:
    """A front-matter text value exactly as written (YAML's 007, 1e3, yes, 2026-04-23 stay text)."""
    if value is None:
        return ""
    line, col = (pos.line, pos.col) if pos else (None, None)
    if isinstance(value, list | dict):
        raise error(f"{what} must be text, not {_type_name(value)}", file, line, col,
                    "write the text on the same line after the colon; quote it if it starts with [ { - or #",
                    code="not-text")
    text = _INVISIBLE.sub("", (raw if isinstance(raw, str) else str(value)).replace("\t", " "))
    m = _FORBIDDEN.search(text)
    if m:
        message, hint = _forbidden(m.group())
        raise error(f"{message} in {what}", file, line, col, hint, code="forbidden-character")
    problem = _size_problem(text, what, "shorten it")
    if problem:
        raise error(problem[0], file, line, col, problem[1], code="text-too-long")
    return normalize(unicodedata.normalize("NFC", text).strip(), spaces=False)  # heads, bylines: spaces mean


def _field(front: _Front, key: str, file: str) -> str:
    pos = front.located.pos((key,)) if front.located else None
    return _text(front.meta.get(key), front.raw.get(key), f"'{key}'", file, pos)


def _did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_keys(front: _Front, file: str) -> None:
    for key in front.meta:
        if key not in FRONT_KEYS:
            pos = front.located.pos((key,), key=True) if front.located else None
            raise error(f"unknown front-matter key '{key}'{_did_you_mean(key, FRONT_KEYS)}", file,
                        pos.line if pos else None, pos.col if pos else None,
                        "allowed keys: " + ", ".join(FRONT_KEYS), code="unknown-key")


def _photos(front: _Front, file: str) -> tuple[Photo, ...]:
    value, located = front.meta.get("photos"), front.located
    if value is None:
        return ()
    if not isinstance(value, list):
        pos = located.pos(("photos",)) if located else None
        raise error("'photos' must be a list", file, pos.line if pos else None, pos.col if pos else None,
                    "write each photo as '- id: …' with caption and credit", code="bad-photos")
    raw = front.raw.get("photos")
    photos: list[Photo] = []
    first: dict[str, int] = {}
    for i, item in enumerate(value):
        raw_item = raw[i] if isinstance(raw, list) and i < len(raw) and isinstance(raw[i], dict) else {}
        photo = _photo(item, raw_item, i, file, located)
        if photo.id in first:
            raise error(f"duplicate photo id '{photo.id}' (first given at line {first[photo.id]})", file,
                        photo.line, None, "give each photo its own id", code="duplicate-photo-id")
        first[photo.id] = photo.line
        photos.append(photo)
    return tuple(photos)


def _photo(item: Any, raw: dict[str, Any], i: int, file: str, located: Located | None) -> Photo:
    pos = located.pos(("photos", i)) if located else None
    line, col = (pos.line, pos.col) if pos else (0, None)
    if not isinstance(item, dict):
        raise error(f"photo {i + 1} must be a mapping with 'id', 'caption' and 'credit', not "
                    f"{_type_name(item)}", file, line, col,
                    "write each photo as '- id: …' with `caption: …` and `credit: …` indented under it",
                    code="bad-photo")
    for key in item:
        if key not in PHOTO_KEYS:
            kpos = located.pos(("photos", i, key), key=True) if located else None
            raise error(f"unknown photo key '{key}'{_did_you_mean(key, PHOTO_KEYS)}", file,
                        kpos.line if kpos else line, kpos.col if kpos else None,
                        "allowed keys: " + ", ".join(PHOTO_KEYS), code="unknown-key")

    def text(key: str) -> str:
        kpos = located.pos(("photos", i, key)) if located else None
        return _text(item.get(key), raw.get(key), f"'{key}' of photo {i + 1}", file, kpos)

    photo_id = text("id")
    if not photo_id:
        raise error(f"photo {i + 1} has no 'id'", file, line, col,
                    "add `id: …`: the plan refers to the photo as <slug>/<id>", code="photo-without-id")
    file_ref = text("file")
    fpos = located.pos(("photos", i, "file")) if located and "file" in item else None
    return Photo(id=photo_id, caption=text("caption"), credit=text("credit"), file=file_ref or None, line=line,
                 file_line=fpos.line if fpos else 0, file_col=fpos.col if fpos else 0)


def _lines(front: _Front) -> tuple[tuple[str, int], ...]:
    """The line of each text key's value in the front matter (for messages about what it prints)."""
    if front.located is None:
        return ()
    located = front.located
    return tuple((key, located.pos((key,)).line) for key in FRONT_KEYS
                 if key in front.meta and key != "photos" and located.pos((key,)).line)
