"""YAML with positions: plain data plus a map from each value's path to its file:line:col.

PyYAML's node tree carries marks; we walk it ourselves so that every later check can point at the
exact place in the editor's file. Duplicate keys, which PyYAML accepts silently, are errors here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from layout.errors import error

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Pos:
    file: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass(slots=True)
class Located:
    """Loaded YAML: the plain data, and where each value (and each mapping key) came from."""

    data: Any
    file: str
    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    def pos(self, path: PathKey, key: bool = False) -> Pos:
        """The position of the value at `path` (or of its key), falling back to the nearest parent."""
        table = self.keys if key else self.values
        p = path
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), Pos(self.file, 1, 1))


def _mark(file: str, node: yaml.Node) -> Pos:
    return Pos(file, node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml_text(text: str, file: str, offset_lines: int = 0) -> Located:
    """Parse YAML text; `offset_lines` shifts reported lines (front matter inside a Markdown file)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:
        where = text.count("\n", 0, exc.position) + 1 + offset_lines
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise error(f"character U+{exc.character:04X} is not allowed in YAML" if isinstance(exc.character, int)
                    else "unreadable character in YAML", file, where, column, "delete it") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset_lines) if mark else None
        col = (mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        hint = "check the indentation and quotes on this line and the one above"
        if "\t" in problem or "'\\t'" in problem:
            hint = "YAML indentation must use spaces, not tabs"
        elif "found unexpected end of stream" in problem or "quoted scalar" in (exc.context or ""):
            hint = "a quote is opened but never closed"
        raise error(f"malformed YAML: {problem}", file, line, col, hint) from None
    located = Located(None, file)
    if node is None:
        located.data = None
        return located
    constructor = yaml.SafeLoader("")
    located.data = _build(node, (), located, constructor, offset_lines)
    return located


def load_yaml(path: Path) -> Located:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error("file not found", str(path), hint="check the path") from None
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path),
                    hint="save the file as UTF-8") from None
    return load_yaml_text(text, str(path))


def _build(node: yaml.Node, path: PathKey, out: Located, cons: yaml.SafeLoader, off: int) -> Any:
    pos = _mark(out.file, node)
    pos = Pos(pos.file, pos.line + off, pos.col)
    out.values[path] = pos
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = cons.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            kpos = _mark(out.file, key_node)
            kpos = Pos(kpos.file, kpos.line + off, kpos.col)
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise error("a mapping key must be a plain word", out.file, kpos.line, kpos.col)
            skey = str(key)
            if skey in result:
                first = out.keys[(*path, skey)]
                raise error(f"duplicate key '{skey}' (first given at line {first.line})", out.file,
                            kpos.line, kpos.col, "remove one of the two, or merge them")
            out.keys[(*path, skey)] = kpos
            result[skey] = _build(value_node, (*path, skey), out, cons, off)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), out, cons, off) for i, item in enumerate(node.value)]
    try:
        return cons.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        if node.tag.endswith(":timestamp"):
            raise error(f"{node.value!r} is not a valid date: {exc}", out.file, pos.line, pos.col,
                        "write dates as YYYY-MM-DD") from None
        raise error(f"cannot read the value {node.value!r}: {exc}", out.file, pos.line, pos.col,
                    "quote it if it is meant as text") from None
