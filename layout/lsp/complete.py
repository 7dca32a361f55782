"""Completion from the edition as loaded: story slugs after `story:`/`headline:`, photo ids after `image:`,
style names after `style:`/`extends:`, units after a number, and the plan's keys (from its JSON Schema, with
their documentation) where a key is typed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from layout.model.plan import Edition

UNITS = (("mm", "millimetres"), ("cm", "centimetres"), ("pt", "points (1/72 in)"), ("in", "inches"),
         ("em", "the body character size"), ("字", "body characters"), ("行", "grid lines"))
_SLUG_AT = re.compile(r"(?:^|[\s{,-])(story|headline)\s*:\s*([\w-]*)$")
_IMAGE_AT = re.compile(r"(?:^|[\s{,-])image\s*:\s*([\w/.-]*)$")
_STYLE_AT = re.compile(r"^\s*(style|extends)\s*:\s*([\w-]*)$")
_NUMBER_AT = re.compile(r"[:\s,{\[]\s*\d+(?:\.\d+)?$")
_KEY_AT = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]*)$")
MAX_ITEMS = 500


@dataclass(frozen=True, slots=True)
class Item:
    label: str
    detail: str = ""
    documentation: str = ""
    kind: str = "value"  # value, key, unit, file


def slugs(folder: Path) -> list[str]:
    """The stories of the edition: its articles/*.md (as the loader lists them)."""
    adir = folder / "articles"
    if not adir.is_dir():
        return []
    return sorted(p.stem for p in adir.glob("*.md") if not p.name.startswith((".", "#")))[:MAX_ITEMS]


def schema_keys() -> dict[str, tuple[str, int]]:
    """Every key of the plan's schema with its documentation and its depth (0: top level)."""
    schema = json.loads(resources.files("layout").joinpath("schema/edition.schema.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, int]] = {}

    def walk(node: Any, depth: int) -> None:
        if isinstance(node, dict):
            for key, value in (node.get("properties") or {}).items():
                if key not in out or out[key][1] > depth:
                    out[key] = (str(value.get("description", "")) if isinstance(value, dict) else "", depth)
            for key, value in node.items():
                if key != "properties":
                    walk(value, depth + 1)
            for value in (node.get("properties") or {}).values():
                walk(value, depth + 1)
        elif isinstance(node, list):
            for value in node:
                walk(value, depth)

    walk(schema, 0)
    return out


def completions(line: str, folder: Path, edition: Edition | None, is_plan: bool) -> list[Item]:
    """What may be typed at the end of `line` (the text before the cursor)."""
    if m := _SLUG_AT.search(line):
        titles = {s: a.title for s, a in edition.articles.items()} if edition else {}
        return [Item(s, titles.get(s, ""), f"articles/{s}.md") for s in slugs(folder)]
    if _IMAGE_AT.search(line):
        if edition is None:
            return [Item(f"{s}/") for s in slugs(folder)]
        return [Item(f"{a.slug}/{p.id}", p.caption, f"{a.path}: photo '{p.id}' ({p.file or 'no file yet'})")
                for a in edition.articles.values() for p in a.photos][:MAX_ITEMS]
    if m := _STYLE_AT.search(line):
        from layout.style.load import known_styles

        return [Item(name, "style") for name in known_styles(folder)]
    if _NUMBER_AT.search(line):
        return [Item(u, doc, kind="unit") for u, doc in UNITS]
    if is_plan and (m := _KEY_AT.match(line)):
        depth = 0 if not m.group(1) and not line.lstrip().startswith("-") else 1
        keys = schema_keys()
        return [Item(k, "key", doc, "key") for k, (doc, d) in sorted(keys.items()) if (d == 0) == (depth == 0)]
    return []
