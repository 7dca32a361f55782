"""YAML with positions: plain data plus a map from each value's path to its file:line:col.

PyYAML's node tree carries marks; we walk it ourselves so that every later check can point at the
exact place in the editor's file. Duplicate keys, which PyYAML accepts silently, are errors here.

Bounded and plain (docs/edition-format.md): a document of at most 1 MB, nesting at most 32 deep, at most
200,000 values after aliases are expanded (an alias bomb stops there), only the core schema's types
(text, numbers, booleans, null, dates, lists, mappings); merge keys (`<<`) and other tags (`!!python/…`,
`!!binary`, `!custom`) are errors that name the file and line.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from layout.errors import LayoutError, error
from layout.infra.files import LIMITS, read_regular, visible
from layout.infra.yamlio.slips import ime_slips

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


MAX_DEPTH = 32
MAX_VALUES = 200_000
CORE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp",
                                                         "seq", "map"))


def _too_deep(text: str, file: str, offset_lines: int) -> None:
    """Flow collections nested deeper than MAX_DEPTH (checked before parsing: the parser recurses)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, i) + 1 + offset_lines
                raise error(f"YAML nested more than {MAX_DEPTH} levels deep", file, line, None,
                            "a plan or style never needs this: check the brackets", code="yaml-too-deep")
        elif ch in "]}":
            depth = max(0, depth - 1)


def _compose(text: str) -> yaml.Node | None:
    """PyYAML's node tree, composed by libyaml where PyYAML has it (ten times faster); any document libyaml
    refuses is composed again by the pure-Python parser, whose messages the errors quote."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except Exception:  # the pure parser says what is wrong, in its own words
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml_text(text: str, file: str, offset_lines: int = 0) -> Located:
    """Parse YAML text; `offset_lines` shifts reported lines (front matter inside a Markdown file)."""
    _too_deep(text, file, offset_lines)
    slips = ime_slips(text, file, offset_lines)
    if slips:  # named at their own line, before PyYAML fails lines later or reads `２８３５０` as text
        raise LayoutError(slips)
    try:
        node = _compose(text)
    except RecursionError:
        raise error(f"YAML nested more than {MAX_DEPTH} levels deep", file, 1 + offset_lines, None,
                    "a plan or style never needs this", code="yaml-too-deep") from None
    except yaml.reader.ReaderError as exc:
        where = text.count("\n", 0, exc.position) + 1 + offset_lines
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise error(f"character U+{exc.character:04X} is not allowed in YAML" if isinstance(exc.character, int)
                    else "unreadable character in YAML", file, where, column, "delete it",
                    code="forbidden-character") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset_lines) if mark else None
        col = (mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        hint = "check the indentation and quotes on this line and the one above"
        if "another document" in problem:
            problem, hint = "only one YAML document per file", "remove the second `---` line and what follows it"
        elif "\t" in problem or "'\\t'" in problem:
            hint = "YAML indentation must use spaces, not tabs"
        elif "found unexpected end of stream" in problem or "quoted scalar" in (exc.context or ""):
            hint = "a quote is opened but never closed"
        raise error(f"malformed YAML: {problem}", file, line, col, hint, code="malformed-yaml") from None
    located = Located(None, file)
    if node is None:
        located.data = None
        return located
    constructor = yaml.SafeLoader("")
    located.data = _Builder(located, constructor, offset_lines).build(node, ())
    return located


def load_yaml(path: Path) -> Located:
    return _from_bytes(path, read_regular(path, "YAML file", LIMITS["yaml"]))


def _from_bytes(path: Path, data: bytes) -> Located:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path),
                    hint="save the file as UTF-8", code="not-utf8") from None
    return load_yaml_text(text, str(path))


Documents = dict[str, tuple[bytes, Located]]  # path → (its bytes, the document read from them)
_KEPT: ContextVar[Documents | None] = ContextVar("kept_documents", default=None)


@contextmanager
def kept_documents(table: Documents) -> Iterator[None]:
    """While inside, `load_plan_yaml` and `load_kept_copy` keep the documents they read in `table` (`layout
    serve`: the plan and the style are parsed again only when their bytes change)."""
    token = _KEPT.set(table)
    try:
        yield
    finally:
        _KEPT.reset(token)


def load_kept_copy(path: Path) -> Located:
    """`load_plan_yaml` for a document its reader changes in place (a style, merged with the one it extends):
    inside `kept_documents`, a copy of the kept document."""
    doc = load_plan_yaml(path)
    if _KEPT.get() is None:
        return doc
    return Located(copy.deepcopy(doc.data), doc.file, dict(doc.values), dict(doc.keys))


def load_plan_yaml(path: Path) -> Located:
    """`load_yaml` for a document no reader changes (a plan): inside `kept_documents`, the document read
    before from the same bytes (the file read again and compared; the code is this process's)."""
    table = _KEPT.get()
    if table is None:
        return load_yaml(path)
    data = read_regular(path, "YAML file", LIMITS["yaml"])
    found = table.get(str(path))
    if found is not None and found[0] == data:
        return found[1]
    doc = _from_bytes(path, data)
    table[str(path)] = (data, doc)
    return doc


class _Builder:
    """Walks PyYAML's node tree into plain data, recording each value's position, within the bounds."""

    def __init__(self, out: Located, cons: yaml.SafeLoader, offset: int) -> None:
        self.out, self.cons, self.off = out, cons, offset
        self.count = 0

    def pos(self, node: yaml.Node) -> Pos:
        p = _mark(self.out.file, node)
        return Pos(p.file, p.line + self.off, p.col)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        pos = self.pos(node)
        self.count += 1
        if self.count > MAX_VALUES:
            raise error(f"YAML with more than {MAX_VALUES} values (aliases expanded)", pos.file, pos.line, pos.col,
                        "an anchor used many times inside another grows the document: write the values out",
                        code="yaml-too-many-values")
        if len(path) > MAX_DEPTH:
            raise error(f"YAML nested more than {MAX_DEPTH} levels deep", pos.file, pos.line, pos.col,
                        code="yaml-too-deep")
        if node.tag not in CORE_TAGS:
            raise error(f"the YAML tag {visible(node.tag)} is not supported", pos.file, pos.line, pos.col,
                        "plain values only: text, numbers, true/false, dates, lists and mappings", code="yaml-tag")
        self.out.values[path] = pos
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.cons.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if node.tag.endswith(":timestamp"):
                raise error(f"{visible(repr(node.value))} is not a valid date: {exc}", pos.file, pos.line, pos.col,
                            "write dates as YYYY-MM-DD", code="bad-date") from None
            raise error(f"cannot read the value {visible(repr(node.value))}: {exc}", pos.file, pos.line, pos.col,
                        "quote it if it is meant as text", code="bad-value") from None

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kpos = self.pos(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise error("merge keys (<<) are not supported", self.out.file, kpos.line, kpos.col,
                            "write the keys out in full (a style can `extends:` another instead)",
                            code="yaml-merge-key")
            skey = self.key(key_node, kpos)
            if skey in result:
                first = self.out.keys[(*path, skey)]
                raise error(f"duplicate key '{visible(skey)}' (first given at line {first.line})", self.out.file,
                            kpos.line, kpos.col, "remove one of the two, or merge them", code="duplicate-key")
            self.out.keys[(*path, skey)] = kpos
            result[skey] = self.build(value_node, (*path, skey))
        return result

    def key(self, node: yaml.Node, pos: Pos) -> str:
        """A mapping key as text: a plain word or number; a tag outside the core schema (`!!python/name:…`,
        `!custom`) or a value that cannot be read (an impossible date) is an error at its place."""
        if node.tag not in CORE_TAGS:  # a key's tag
            raise error(f"the YAML tag {visible(node.tag)} is not supported", pos.file, pos.line, pos.col,
                        "a mapping key is a plain word: remove the tag", code="yaml-bad-key")
        try:
            key = self.cons.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        except (ValueError, yaml.constructor.ConstructorError):
            key = None
        if not isinstance(key, str | int) or isinstance(key, bool):
            raise error("a mapping key must be a plain word", pos.file, pos.line, pos.col, code="yaml-bad-key")
        return str(key)
