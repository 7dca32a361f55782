"""Typed reads from located YAML data, each failure an error at the value's file:line:col."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from layout.errors import LayoutError, error
from layout.infra.files import visible
from layout.infra.yamlio.read import Located, PathKey
from layout.model.lengths import UnitContext, UnitError, parse_length, show_length, unit_written


class Fields:
    """Reads values out of a `Located` document by path."""

    def __init__(self, doc: Located, ctx: UnitContext | None = None) -> None:
        self.doc = doc
        self.ctx = ctx or UnitContext()

    def fail(self, path: PathKey, message: str, hint: str | None = None, key: bool = False, *,
             code: str | None = None) -> LayoutError:
        pos = self.doc.pos(path, key=key)
        return error(message, pos.file, pos.line, pos.col, hint, code=code)

    def get(self, path: PathKey, default: Any = None) -> Any:
        node: Any = self.doc.data
        for part in path:
            in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
            if in_dict or in_list:
                node = node[part]
            else:
                return default
        return node

    def has(self, path: PathKey) -> bool:
        sentinel = object()
        return self.get(path, sentinel) is not sentinel

    def name(self, path: PathKey) -> str:
        return ".".join(str(p) for p in path)

    def require(self, path: PathKey) -> Any:
        if not self.has(path):
            parent = path[:-1]
            raise self.fail(parent, f"missing key '{self.name(path)}'", f"add `{path[-1]}:` here", code="missing-key")
        return self.get(path)

    def text(self, path: PathKey, default: str | None = None) -> str:
        value = self.get(path) if default is not None else self.require(path)
        if value is None:
            return default or ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(path, f"'{self.name(path)}' must be text, got {visible(repr(value))}", code="not-text")
        return str(value)

    def integer(self, path: PathKey, default: int | None = None, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.get(path, default) if default is not None else self.require(path)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"'{self.name(path)}' must be a whole number, got {visible(repr(value))}",
                            code="not-integer")
        if value < minimum:
            raise self.fail(path, f"'{self.name(path)}' must be at least {minimum}, got {value}", code="too-small")
        if maximum is not None and value > maximum:
            raise self.fail(path, f"'{self.name(path)}' must be at most {maximum}, got {value}", code="too-large")
        return value

    def length(self, path: PathKey, default: Any = None, unit: str = "pt", minimum: float | None = None,
               maximum: float | None = None, above: float | None = None) -> float:
        """A length in pt; `above` is an exclusive lower bound (a size must be above 0)."""
        value = self.get(path, default) if default is not None else self.require(path)
        try:
            pt = parse_length(value, self.ctx, unit)
        except UnitError as exc:
            raise self.fail(path, str(exc), code="bad-length") from None
        if pt != pt or pt in (float("inf"), float("-inf")):
            raise self.fail(path, f"'{self.name(path)}' must be a finite length", code="bad-length")
        u = unit_written(value, unit)  # said in the unit the user wrote: mm stays mm

        def said(x: float) -> str:
            return show_length(x, u, self.ctx)
        if above is not None and pt <= above:
            raise self.fail(path, f"'{self.name(path)}' must be more than {said(above)}, got {said(pt)}",
                            code="too-small")
        if minimum is not None and pt < minimum:
            raise self.fail(path, f"'{self.name(path)}' must be at least {said(minimum)}, got {said(pt)}",
                            code="too-small")
        if maximum is not None and pt > maximum:
            raise self.fail(path, f"'{self.name(path)}' must be at most {said(maximum)}, got {said(pt)}",
                            code="too-large")
        return pt

    def boolean(self, path: PathKey, default: bool) -> bool:
        value = self.get(path, default)
        if not isinstance(value, bool):
            raise self.fail(path, f"'{self.name(path)}' must be true or false, got {visible(repr(value))}",
                            code="not-boolean")
        return value

    def mapping(self, path: PathKey, allowed: Iterable[str] | None = None, required: bool = True) -> dict[str, Any]:
        value = self.get(path) if self.has(path) or not required else self.require(path)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(path, f"'{self.name(path) or 'the document'}' must be a mapping (key: value lines)",
                            code="not-mapping")
        if allowed is not None:
            self.check_keys(path, value, tuple(allowed))
        return value

    def check_keys(self, path: PathKey, value: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for key in value:
            if key not in allowed:
                raise self.fail((*path, key), f"unknown key '{visible(key)}'{did_you_mean(key, allowed)}",
                                "allowed here: " + ", ".join(allowed), key=True, code="unknown-key")


def did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
