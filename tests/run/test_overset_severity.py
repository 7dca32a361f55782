"""One severity for overset everywhere (issue 30): `render` stops on it as an error (exit 1) and, with
--allow-overset, reports it as a warning; `layout check` says the same, in text and in --json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from layout.cli import main
from tests.desk.support import TONGWULANG_P3, TONGWULANG_P3_SHORT, copy_sample, edit_plan


def levels(text: str) -> set[str]:
    """The level of each printed message about the overset story (`…: error: overset: story 'tongwulang' …`)."""
    return set(re.findall(r": (error|warning): overset: story 'tongwulang'", text))


@pytest.mark.slow  # four commands over an overset edition, 1.6 s
def test_overset_is_an_error_in_render_check_and_check_json_and_a_warning_when_allowed(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path)
    edit_plan(folder, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    runner = CliRunner()
    for allowed, level, code in (([], "error", 1), (["--allow-overset"], "warning", 0)):
        check = runner.invoke(main, ["check", str(folder), *allowed])
        as_json = runner.invoke(main, ["check", str(folder), "--json", *allowed])
        render = runner.invoke(main, ["render", str(folder), "-o", str(tmp_path / "out"), *allowed])
        assert (check.exit_code, as_json.exit_code, render.exit_code) == (code, code, code), render.output
        found = [w["level"] for w in json.loads(as_json.stdout)["warnings"] if w["code"] == "overset"]
        assert found == [level], (allowed, found)
        assert levels(check.stderr) == levels(render.stderr) == {level}, (allowed, check.stderr, render.stderr)
