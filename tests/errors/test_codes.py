"""Findings as data: every problem the input stages report carries `Diagnostic.code`, a stable name for
its kind (`unknown-story`, `overset`, `malformed-yaml` …), and `--json` gives it, so that a script or the
desk matches the code, never the message text."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from click.testing import CliRunner

from layout.cli import main
from tests.conftest import PLAN, ROOT, MakeEdition
from tests.desk.support import TONGWULANG_P3, TONGWULANG_P3_SHORT, copy_sample, edit_plan

# the modules whose every diagnostic has a code (the rest get theirs as they are reworked)
CODED = ["layout/source/edition.py", "layout/source/plan.py", "layout/source/zone.py",
         "layout/source/article",
         "layout/source/schema.py", "layout/infra/yamlio", "layout/style/load.py", "layout/flow", "layout/fonts",
         "layout/infra/files.py", "layout/run/glyphs.py", "layout/run/pipeline.py"]
MAKERS = ("Diagnostic", "error", "fail")  # fail: Fields.fail and the article reader's, both build an error
CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def coded_files() -> list[Path]:
    out: list[Path] = []
    for name in CODED:
        path = ROOT / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def calls(path: Path) -> list[ast.Call]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if name in MAKERS:
                found.append(node)
    return found


def test_every_diagnostic_of_the_input_stages_has_a_code() -> None:
    missing, bad, seen = [], [], 0
    for path in coded_files():
        for call in calls(path):
            seen += 1
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            code = next((k.value for k in call.keywords if k.arg == "code"), None)
            if code is None or (isinstance(code, ast.Constant) and code.value is None):
                missing.append(where)
            elif isinstance(code, ast.Constant) and not (isinstance(code.value, str) and CODE.fullmatch(code.value)):
                bad.append(f"{where}: {code.value!r}")
    assert seen > 150  # the walk found the calls
    assert not missing, f"diagnostics without a code: {missing}"
    assert not bad, f"codes are lower case words joined by hyphens: {bad}"


def test_json_errors_carry_the_code(make_edition: MakeEdition) -> None:
    folder = make_edition(PLAN.replace("story: jieneng", "story: jienneng"))
    result = CliRunner().invoke(main, ["check", str(folder), "--json"])
    assert result.exit_code == 2
    (err,) = json.loads(result.stdout)["errors"]
    assert err["code"] == "unknown-story"


def test_a_malformed_plan_and_an_overset_story_carry_theirs(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN + "  - page: [2\n")
    (err,) = json.loads(CliRunner().invoke(main, ["check", str(folder), "--json"]).stdout)["errors"]
    assert err["code"] == "malformed-yaml"
    sample = copy_sample(tmp_path)
    edit_plan(sample, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    data = json.loads(CliRunner().invoke(main, ["check", str(sample), "--json"]).stdout)
    overset = [w for w in data["warnings"] if w["code"] == "overset"]
    assert [w["line"] for w in overset] == [79]  # the overset story's box, found by its code
