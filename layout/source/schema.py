"""Validate edition.yaml against the JSON Schema kept in the repo (layout/schema/)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from layout.errors import Diagnostic, LayoutError, Level
from layout.yamlio.fields import did_you_mean
from layout.yamlio.read import Located

BOX_KINDS = ("masthead", "story", "headline", "image", "rule")


@cache
def edition_schema() -> dict[str, Any]:
    text = resources.files("layout").joinpath("schema/edition.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validate_edition(doc: Located) -> None:
    schema = edition_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(_jsonable(doc.data)), key=lambda e: (list(map(str, e.absolute_path))))
    if not errors:
        return
    diags = []
    seen: set[tuple[str, int, int]] = set()
    for err in errors:
        diag = _diagnostic(doc, err)
        key = (diag.message, diag.line or 0, diag.col or 0)
        if key not in seen:
            seen.add(key)
            diags.append(diag)
    raise LayoutError(diags[:10])


def _diagnostic(doc: Located, err: ValidationError) -> Diagnostic:
    path = tuple(err.absolute_path)
    where = ".".join(str(p) for p in path) or "the edition"
    hint: str | None = None
    key_pos = False
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        schema = err.schema if isinstance(err.schema, dict) else {}
        allowed = tuple(schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        bad = extra[0] if extra else "?"
        path = (*path, bad)
        key_pos = True
        message = f"unknown key '{bad}'{did_you_mean(bad, allowed)}"
        hint = "allowed here: " + ", ".join(allowed)
    elif err.validator == "oneOf" and isinstance(err.instance, dict) and "at" not in path:
        if "col" in err.instance or "x" in err.instance:
            message = "give the box's place either on the grid (col, span, line, lines) or as x, y, width, height"
            hint = "for example  at: {col: 1, span: 4, line: 12, lines: 30}"
        else:
            kinds = [k for k in BOX_KINDS if k in err.instance]
            message = ("a box holds exactly one of: " + ", ".join(BOX_KINDS)
                       + (f"; this one has {', '.join(kinds)}" if kinds else "; this one has none"))
            hint = "split it into two boxes" if kinds else "add e.g. `story: <slug>`"
    elif err.validator == "required":
        message = f"{where}: {err.message.replace('is a required property', 'is required')}"
        if "'zone'" in err.message:
            hint = "a zone (a plan with base:) names its code in the base's zones: list, e.g. `zone: JN`"
    elif err.validator == "pattern":
        message = (f"'{where}' must be a zone code (capital letters and digits, a letter first, at most 8), got "
                   f"{err.instance!r}")
        hint = "e.g. JN: the code goes into the zone's page file names, 20260423-JN-13.pdf"
    elif err.validator == "type":
        message = f"'{where}' must be {err.validator_value}, got {err.instance!r}"
    elif err.validator == "format":
        message = f"'{where}' must be a date like 2026-04-23, got {err.instance!r}"
    elif err.validator == "enum":
        options = err.validator_value if isinstance(err.validator_value, list) else []
        message = f"'{where}' must be one of {', '.join(map(str, options))}, got {err.instance!r}"
    else:
        message = f"{where}: {err.message}"
    pos = doc.pos(path, key=key_pos)
    return Diagnostic(Level.ERROR, message, pos.file, pos.line, pos.col, hint)
