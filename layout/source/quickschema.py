"""Whether a plan passes the JSON Schema, decided without jsonschema when that can be told for sure.

jsonschema's import is ≈0.08 s of a fresh render (attrs, referencing, the meta-schemas), for a plan that is
almost always valid. `passes` walks the schema itself for the keywords edition.schema.json uses, with
jsonschema's meaning of each in draft 2020-12 (its type checker: `integer` is an int or a whole float, never a
bool; `enum` compares as its `equal` does; `format: date` as its FormatChecker); for anything else — another
keyword, a `$ref` outside `#/$defs/`, an enum of lists or mappings, a date it cannot confirm — it says it does not
know (None), and jsonschema decides, as before. Its only use is to spare that import: a plan it calls
invalid is checked again by jsonschema (`layout.source.schema`), whose errors are the ones said.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# keywords that say nothing about validity (notes for people and editors)
NOTES = frozenset(("description", "title", "$schema", "$id", "$defs", "$comment", "examples", "default"))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # jsonschema's `^…$` and fromisoformat: confirmed only


class Unknown(Exception):
    """The walk met something it does not decide exactly as jsonschema does."""


def passes(schema: dict[str, Any], data: Any) -> bool | None:
    """True or False as jsonschema's Draft202012Validator with a FormatChecker would say; None: not known."""
    try:
        return _Walk(schema).valid(schema, data)
    except (Unknown, RecursionError):
        return None


def _is_type(kind: str, value: Any) -> bool:
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float)
                                                                               and value.is_integer())
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    raise Unknown(kind)


def _scalar_equal(one: Any, two: Any) -> bool:
    """jsonschema's `equal` for scalars (a bool equals only a bool; 1 == 1.0)."""
    if isinstance(one, list | dict) or isinstance(two, list | dict):
        raise Unknown("enum of collections")
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


def _date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if _DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
            return True
        except ValueError:
            pass
    raise Unknown("date")


class _Walk:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def valid(self, schema: Any, value: Any) -> bool:
        if schema is True:
            return True
        if schema is False:
            return False
        if not isinstance(schema, dict):
            raise Unknown("schema")
        checks = {"type": self._type, "enum": self._enum, "$ref": self._ref, "format": self._format,
                  "minimum": self._minimum, "maximum": self._maximum, "minLength": self._min_length,
                  "pattern": self._pattern, "required": self._required, "properties": self._properties,
                  "additionalProperties": self._additional, "items": self._items, "minItems": self._min_items,
                  "maxItems": self._max_items, "oneOf": self._one_of, "if": self._if}
        ok = True
        for key, rule in schema.items():
            if key in NOTES or key in ("then", "else"):
                continue
            check = checks.get(key)
            if check is None:
                raise Unknown(key)
            ok = check(rule, value, schema) and ok  # every keyword walked: an unknown one anywhere is said
        return ok

    def _type(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        kinds = rule if isinstance(rule, list) else [rule]
        return any(_is_type(str(k), value) for k in kinds)

    def _enum(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return any(_scalar_equal(value, option) for option in rule)

    def _ref(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        if not isinstance(rule, str) or not rule.startswith("#/$defs/") or "/" in rule[8:] or "~" in rule:
            raise Unknown(rule)
        return self.valid(self.root["$defs"][rule[8:]], value)

    def _format(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        if rule != "date":
            raise Unknown(rule)
        return _date(value)

    def _minimum(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not _is_type("number", value) or not value < rule

    def _maximum(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not _is_type("number", value) or not value > rule

    def _min_length(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not isinstance(value, str) or len(value) >= rule

    def _pattern(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not isinstance(value, str) or re.search(rule, value) is not None

    def _required(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not isinstance(value, dict) or all(k in value for k in rule)

    def _properties(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        if not isinstance(value, dict):
            return True
        return all([self.valid(sub, value[k]) for k, sub in rule.items() if k in value])

    def _additional(self, rule: Any, value: Any, schema: dict[str, Any]) -> bool:
        if not isinstance(value, dict):
            return True
        if "patternProperties" in schema:
            raise Unknown("patternProperties")
        known = schema.get("properties", {})
        return all([self.valid(rule, v) for k, v in value.items() if k not in known])

    def _items(self, rule: Any, value: Any, schema: dict[str, Any]) -> bool:
        if not isinstance(value, list):
            return True
        if "prefixItems" in schema:
            raise Unknown("prefixItems")
        return all([self.valid(rule, v) for v in value])

    def _min_items(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not isinstance(value, list) or len(value) >= rule

    def _max_items(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return not isinstance(value, list) or len(value) <= rule

    def _one_of(self, rule: Any, value: Any, _s: dict[str, Any]) -> bool:
        return [self.valid(sub, value) for sub in rule].count(True) == 1

    def _if(self, rule: Any, value: Any, schema: dict[str, Any]) -> bool:
        branch = "then" if self.valid(rule, value) else "else"
        return branch not in schema or self.valid(schema[branch], value)
