"""Validate edition.yaml against the JSON Schema kept in the repo (layout/schema/)."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from layout.errors import Diagnostic, LayoutError, Level
from layout.infra.cache import Store, make_key
from layout.infra.files import visible
from layout.infra.yamlio.fields import did_you_mean
from layout.infra.yamlio.read import Located
from layout.source.quickschema import passes

if TYPE_CHECKING:  # jsonschema is imported only for a plan not seen valid before
    from jsonschema.exceptions import ValidationError

PASSED = Store("valid", ".ok")  # a marker per plan (by its data) that passed this schema with this code

BOX_KINDS = ("masthead", "story", "headline", "image", "rule", "ad")


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
    """Check the plan against the schema; a plan whose data passed before (the same data, schema, code and
    library versions: `make_key`) is not checked again, and a plan `quickschema.passes` finds valid is not
    given to jsonschema: both spare a render importing it (a plan it does not pass is, for the errors)."""
    schema = edition_schema()
    data = _jsonable(doc.data)
    marker = make_key("valid", __name__, json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr),
                      json.dumps(schema, sort_keys=True), _jsonschema_version())
    if PASSED.has(marker):
        return
    if passes(_python_edition_schema(), data) is True:  # ~3 ms for the 12-page bench plan
        PASSED.put(marker, b"")
        _PASSED_PAGES.update(_page_texts(data) or ())
        return
    if _passes_by_pages(data):
        PASSED.put(marker, b"")
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(python_schema(schema), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path))))
    if not errors:
        PASSED.put(marker, b"")
        _PASSED_PAGES.update(_page_texts(data) or ())
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


# The page entries (as JSON) that passed the schema in this process (`layout serve`, `layout watch`): a plan
# edit validates only the entries it changed. At most MAX_PASSED_PAGES; forgotten all at once past that.
_PASSED_PAGES: set[str] = set()
MAX_PASSED_PAGES = 4096


def _page_texts(data: Any) -> list[str] | None:
    """Each page entry of the plan as JSON (None when the plan has no list of pages, or keys JSON cannot sort)."""
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, list):
        return None
    try:
        return [json.dumps(p, sort_keys=True, ensure_ascii=False, default=repr) for p in pages]
    except TypeError:
        return None


def _passes_by_pages(data: Any) -> bool:
    """Whether the plan passes the schema, checked without its page entries that passed before: the plan
    without its entries (the `pages` list itself checked, not its items), then each new entry against the
    page's definition. The schema checks each entry of `pages` alone (`items`, no `uniqueItems`, nothing
    `unevaluated`), so this is the whole check. False when anything fails (or nothing was seen before):
    the whole plan is checked then, and its errors are the ones said."""
    texts = _page_texts(data)
    if not texts or not _PASSED_PAGES.intersection(texts):
        return False
    plan, page = _validators()
    new = {t: p for t, p in zip(texts, data["pages"], strict=True) if t not in _PASSED_PAGES}
    if not plan.is_valid(data) or not all(page.is_valid(p) for p in new.values()):
        return False
    if len(_PASSED_PAGES) + len(new) > MAX_PASSED_PAGES:
        _PASSED_PAGES.clear()
    _PASSED_PAGES.update(new)
    return True


@cache
def _python_edition_schema() -> dict[str, Any]:
    schema: dict[str, Any] = python_schema(edition_schema())
    return schema


@cache
def _validators() -> tuple[Any, Any]:
    """The plan's validator without checking the page entries, and one page entry's validator."""
    import jsonschema

    schema = python_schema(edition_schema())
    plan = {**schema, "properties": {**schema["properties"], "pages": {"type": "array", "minItems": 1}}}
    page = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/page"}
    checks = jsonschema.FormatChecker()
    return (jsonschema.Draft202012Validator(plan, format_checker=checks),
            jsonschema.Draft202012Validator(page, format_checker=checks))


_END = re.compile(r"(?<!\\)((?:\\\\)*)\$")


def whole_pattern(pattern: str) -> str:
    """A schema `pattern` for Python's `re` with its meaning in JSON Schema (ECMA-262): `$` is the end of
    the text, never the place before a last newline as in Python (`"JN\\n"` is not a zone code)."""
    return _END.sub(lambda m: m.group(1) + r"\Z", pattern)


def python_schema(schema: Any) -> Any:
    """The schema with each `pattern` made a Python pattern of the same meaning (`whole_pattern`): the file
    keeps ECMA-262 patterns for editors' YAML plug-ins, jsonschema runs them with Python's `re.search`."""
    if isinstance(schema, dict):
        return {k: whole_pattern(v) if k == "pattern" and isinstance(v, str) else python_schema(v)
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [python_schema(v) for v in schema]
    return schema


def _jsonschema_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("jsonschema")
    except metadata.PackageNotFoundError:
        return "-"


GRID_KEYS = ("col", "span", "line", "lines")
LENGTH_KEYS = ("x", "y", "width", "height")
AT_EXAMPLE = "at: {col: 1, span: 4, line: 12, lines: 30} (grid) or at: {x: 10mm, y: 20mm, width: 100mm, height: 50mm}"
TYPE_WORDS = {"object": "a mapping (key: value lines)", "array": "a list", "string": "text", "integer": "integer",
              "number": "a number", "boolean": "true or false"}
REQUIRED_HINTS = {
    "at": f"add {AT_EXAMPLE}",
    "page": "add `page: N`, the page number (版次)",
    "boxes": "add `boxes:` and the page's boxes under it, each starting with `- `",
    "style": "add `style: tianjin-daily` (or the name of a style in the edition's styles/)",
    "date": "add `date: 2026-04-23`",
    "issue": "add `issue: N`, the issue number printed in the masthead",
    "pages_total": "add `pages_total: N`, the pages of the whole edition (今日N版)",
    "pages": "add `pages:` with one `- page: N` entry per page",
    "zone": "a zone (a plan with base:) names its code in the base's zones: list, e.g. `zone: JN`",
}


def _ordinal_words(doc: Located, path: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The plan's words for where a value is: `page 3, box 8 (story jieneng)`, 1-based, and the rest of the
    path (the key inside that box or page)."""
    data: Any = doc.data
    if len(path) < 2 or path[0] != "pages" or not isinstance(path[1], int):
        return "", path
    pages = data.get("pages") if isinstance(data, dict) else None
    page = pages[path[1]] if isinstance(pages, list) and path[1] < len(pages) else None
    number = page.get("page") if isinstance(page, dict) else None
    known = isinstance(number, int) and not isinstance(number, bool)
    words = f"page {number}" if known else f"page entry {path[1] + 1}"
    if len(path) < 4 or path[2] != "boxes" or not isinstance(path[3], int):
        return words, path[2:]
    boxes = page.get("boxes") if isinstance(page, dict) else None
    box = boxes[path[3]] if isinstance(boxes, list) and path[3] < len(boxes) else None
    words += f", box {path[3] + 1}"
    kinds = [k for k in BOX_KINDS if k in box] if isinstance(box, dict) else []
    if isinstance(box, dict) and kinds:
        value = box[kinds[0]]
        words += f" ({kinds[0]} {value})" if isinstance(value, str) else f" ({kinds[0]})"
    return words, path[4:]


def _at_message(at: dict[str, Any]) -> tuple[str, str]:
    """What is wrong with a box's `at` that is neither a full grid place nor a full length place."""
    grid = [k for k in GRID_KEYS if k in at]
    lengths = [k for k in LENGTH_KEYS if k in at]
    if grid and lengths:
        return (f"its place mixes grid keys ({', '.join(grid)}) with lengths ({', '.join(lengths)})",
                "use one of the two: " + AT_EXAMPLE)
    keys, given = (GRID_KEYS, grid) if grid or not lengths else (LENGTH_KEYS, lengths)
    missing = [k for k in keys if k not in at]
    if not given:
        return "its place `at` is empty", "give " + AT_EXAMPLE
    example = ", ".join(f"{k}: {at[k]}" if k in at else f"{k}: …" for k in keys)
    return (f"its place `at` has {', '.join(given)} but no {' and no '.join(missing)}",
            f"give all four: at: {{{example}}}")


SCHEMA_CODES = {"additionalProperties": "unknown-key", "oneOf": "bad-box", "pattern": "bad-zone-code",
                "required": "missing-key", "type": "wrong-type", "format": "bad-date", "enum": "not-an-option",
                "minimum": "too-small", "minItems": "bad-list-length", "maxItems": "bad-list-length"}


def _diagnostic(doc: Located, err: ValidationError) -> Diagnostic:
    """A schema error in the plan's own words: where (`page 1, box 8 (story x)`, 1-based), what, and a hint;
    at the file:line:col of the value (or of the key, for an unknown key)."""
    path = tuple(err.absolute_path)
    owner, rest = _ordinal_words(doc, path)
    name = ".".join(str(p) for p in rest)
    prefix = f"{owner}: " if owner else ""
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
    elif err.validator == "oneOf" and isinstance(err.instance, dict) and path[-1:] == ("at",):
        what, hint = _at_message(err.instance)
        message = f"{prefix}{what}"
    elif err.validator == "oneOf" and isinstance(err.instance, dict):
        if "col" in err.instance or "x" in err.instance:
            message = "give the box's place either on the grid (col, span, line, lines) or as x, y, width, height"
            hint = "for example  at: {col: 1, span: 4, line: 12, lines: 30}"
        else:
            kinds = [k for k in BOX_KINDS if k in err.instance]
            message = ("a box holds exactly one of: " + ", ".join(BOX_KINDS)
                       + (f"; this one has {', '.join(kinds)}" if kinds else "; this one has none"))
            hint = "split it into two boxes" if kinds else "add e.g. `story: <slug>`"
    elif err.validator == "pattern":
        message = (f"{prefix}'{name}' must be a zone code (capital letters and digits, a letter first, at most 8), "
                   f"got {visible(repr(err.instance))}")
        hint = "e.g. JN: the code goes into the zone's page file names, 20260423-JN-13.pdf"
    else:
        message, hint = _value_message(err, prefix, name)
    pos = doc.pos(path, key=key_pos)
    code = SCHEMA_CODES.get(str(err.validator), "invalid-plan")
    return Diagnostic(Level.ERROR, message, pos.file, pos.line, pos.col, hint, code=code)


def _value_message(err: ValidationError, prefix: str, name: str) -> tuple[str, str | None]:
    """Messages for one value: required, type, format, enum, minimum, list length."""
    value = err.validator_value
    if err.validator == "required":
        missing = str(err.message).split("'")[1] if "'" in str(err.message) else "?"
        owner = prefix[:-2] if prefix else ("the plan" if not name else f"'{name}'")
        return f"{owner} has no '{missing}'", REQUIRED_HINTS.get(missing, f"add `{missing}: …`")
    if err.validator == "type":
        kinds = value if isinstance(value, list) else [value]
        wanted = " or ".join(TYPE_WORDS.get(str(k), str(k)) for k in kinds)
        return f"{prefix}'{name}' must be {wanted}, got {visible(repr(err.instance))}", None
    if err.validator == "format":
        return f"{prefix}'{name}' must be a date like 2026-04-23, got {visible(repr(err.instance))}", None
    if err.validator == "enum":
        options = value if isinstance(value, list) else []
        return (f"{prefix}'{name}' must be one of {', '.join(map(str, options))}, got "
                f"{visible(repr(err.instance))}{did_you_mean(str(err.instance), map(str, options))}", None)
    if err.validator == "minimum":
        counted = name.rsplit(".", 1)[-1] in GRID_KEYS or name in ("page", "issue", "pages_total", "columns")
        return (f"{prefix}'{name}' must be at least {value}, got {visible(repr(err.instance))}",
                "grid columns and lines, pages and text columns are counted from 1" if counted else None)
    if err.validator in ("minItems", "maxItems"):
        if name == "pages":
            return "the plan has no pages", REQUIRED_HINTS["pages"]
        return (f"{prefix}'{name}' must be a list of {value} values, got {visible(repr(err.instance))}",
                "focus: [x, y], each between 0 and 1" if name.endswith("focus") else None)
    return f"{prefix}{name or 'the plan'}: {visible(str(err.message))}", None
