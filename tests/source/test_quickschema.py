"""The quick schema check (layout/source/quickschema.py) never says "valid" or "invalid" where jsonschema says
the other: every plan of the repository and thousands of damaged copies of them, compared."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonschema

from layout.infra.yamlio.read import load_yaml
from layout.source.quickschema import passes
from layout.source.schema import _jsonable, edition_schema, python_schema
from tests.conftest import ROOT

ODD = [None, True, False, 0, 1, -3, 2.5, 3.0, "", "x", "2026-04-23", "2026-02-30", "2026-04-23\n", "１", "JN",
       "JN\n", [], [1], {}, {"a": 1}, float("nan"), 10**30]


def plans() -> list[Any]:
    out = []
    for path in sorted([*ROOT.glob("seeds/**/edition.yaml"), *ROOT.glob("tests/**/edition.yaml")]):
        data = _jsonable(load_yaml(path).data)
        if isinstance(data, dict):
            out.append(data)
    return out


def _spots(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _spots(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _spots(v, (*path, i))
    return out


def damaged(data: Any, rng: random.Random) -> Any:
    """A copy with one value replaced, a key removed, a key added, or a list item dropped."""
    data = copy.deepcopy(data)
    path = rng.choice(_spots(data)[1:])
    parent = data
    for p in path[:-1]:
        parent = parent[p]
    what = rng.randrange(4)
    if what == 0:
        parent[path[-1]] = copy.deepcopy(rng.choice(ODD))
    elif what == 1:
        del parent[path[-1]]
    elif what == 2 and isinstance(parent[path[-1]], dict):
        parent[path[-1]][rng.choice(["zone", "extra", "lines", "x", "story", "ad", "image", "base"])] = \
            copy.deepcopy(rng.choice(ODD))
    elif isinstance(parent[path[-1]], list) and parent[path[-1]]:
        parent[path[-1]].pop(rng.randrange(len(parent[path[-1]])))
    return data


def test_the_quick_check_agrees_with_jsonschema_on_every_plan_and_damaged_copies() -> None:
    schema = python_schema(edition_schema())
    full = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    rng = random.Random(29)
    found = plans()
    assert len(found) >= 3
    for data in found:  # the repository's plans are decided, not left to jsonschema
        assert passes(schema, data) is full.is_valid(data) is True
    decided = {True: 0, False: 0}
    for _ in range(3000):
        data = damaged(rng.choice(found), rng)
        quick = passes(schema, data)
        if quick is not None:
            assert quick is full.is_valid(data), data
            decided[quick] += 1
    assert decided[True] > 100 and decided[False] > 100, decided


def test_what_the_quick_check_does_not_know_it_leaves_to_jsonschema() -> None:
    assert passes({"anyOf": [{"type": "string"}]}, "x") is None
    assert passes({"format": "date"}, "2026-04-23\n") is None  # jsonschema's regular expression: its word
    assert passes({"$ref": "https://example.com/s"}, 1) is None
    assert passes({"enum": [[1]]}, [1]) is None
    assert passes({"type": "integer"}, 3.0) is True and passes({"type": "integer"}, True) is False
    assert passes({"enum": [1]}, True) is False and passes({"enum": [1]}, 1.0) is True
