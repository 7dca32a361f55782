"""What commands write and print for scripts: `check --json`, `render --json`, errors under --json,
`render --pages` (only those page files, edition.pdf as it was), `proof -o DIR` (nothing outside DIR)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from layout.cli import main
from tests.conftest import PLAN, MakeEdition
from tests.desk.support import TONGWULANG_P3, TONGWULANG_P3_SHORT, copy_sample, edit_plan


def files_under(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_check_json(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path)
    edit_plan(folder, TONGWULANG_P3, TONGWULANG_P3_SHORT)
    result = CliRunner().invoke(main, ["check", str(folder), "--json"])
    assert result.exit_code == 1  # overset, as without --json
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["edition"]["date"] == "2026-04-23" and data["edition"]["issue"] == 28122
    assert data["grid"]["columns"] == 8 and data["grid"]["line_pt"] == 13.5
    assert [p["page"] for p in data["pages"]] == [1, 2, 3, 6, 8]
    box = data["pages"][2]["boxes"][1]
    assert box["name"] == "p3.story.tongwulang" and box["kind"] == "story" and box["story"] == "tongwulang"
    assert box["grid"] == {"col": 5, "span": 4, "line": 5, "lines": 4}
    assert box["where"] == {"file": str(folder.resolve() / "edition.yaml"), "line": 79, "col": 9}
    assert box["rect_pt"]["height"] == 4 * 13.5 and box["columns"] == 4
    stories = {s["story"]: s for s in data["stories"]}
    assert stories["jingjinji"]["source"] == "新华社" and stories["jieneng"]["source"] == ""
    tong = stories["tongwulang"]
    assert tong["fits"] is False and tong["overset_chars"] > 0 and tong["jumps"] == [{"from": 1, "to": 3}]
    assert [(b["box"], b["page"]) for b in tong["boxes"]] == [("p1.story.tongwulang", 1), ("p3.story.tongwulang", 3)]
    assert all(set(b) >= {"capacity", "used", "chars", "spare_lines"} for b in tong["boxes"])
    overset = [w for w in data["warnings"] if w["message"].startswith("overset: story 'tongwulang'")]
    # one severity for overset (issue 30): an error, as `render` and `check` without --json call it
    assert overset and overset[0]["line"] == 79 and overset[0]["col"] == 9 and overset[0]["level"] == "error"
    assert "overset" in result.stderr  # the messages still go to stderr


def test_errors_under_json_are_json_too(make_edition: MakeEdition) -> None:
    folder = make_edition(PLAN.replace("story: jieneng", "story: jienneng"))
    result = CliRunner().invoke(main, ["check", str(folder), "--json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["exit_code"] == 2
    (err,) = data["errors"]
    assert err["message"] == "unknown story 'jienneng' (did you mean 'jieneng'?)"
    assert (err["file"], err["line"], err["col"], err["level"]) == (str(folder / "edition.yaml"), 10, 16, "error")
    assert "unknown story" in result.stderr


def test_render_pages_writes_only_those_page_files_and_keeps_edition_pdf(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "edition.pdf").write_bytes(b"%PDF- yesterday's edition")
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out), "--pages", "2",
                                                       "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["edition_written"] is False and data["pdf"] is None
    assert data["files"] == [str(out / "20260423-02.pdf")] and data["pages"] == [2]
    assert data["summary"].endswith("edition.pdf left as it was (--pages)")
    assert (out / "edition.pdf").read_bytes() == b"%PDF- yesterday's edition"
    assert sorted(p.name for p in out.iterdir()) == [".layout.lock", "20260423-02.pdf", "edition.pdf", "manifest.json"]
    text = CliRunner().invoke(main, ["render", str(folder), "-o", str(out), "--pages", "2"])
    summary, changes = text.output.strip().splitlines()
    assert summary == f"{out}: wrote 20260423-02.pdf ({text.output.split('(')[1].split(')')[0]}); " \
                      "edition.pdf left as it was (--pages)"
    assert changes == f"no page file changed since the last render in {out}"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [p["file"] for p in manifest["pages"]] == ["20260423-02.pdf"]


def test_render_json_summary(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["edition_written"] is True and data["pdf"] == str(tmp_path / "o" / "edition.pdf")
    assert data["files"] == [str(tmp_path / "o" / "edition.pdf"), str(tmp_path / "o" / "20260423-01.pdf")]
    assert data["pages"] == [1] and data["stories"] == 2 and data["chars"] > 50
    assert all(w["file"] and w["line"] for w in data["warnings"])


def test_proof_writes_nothing_outside_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_sample(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = files_under(tmp_path)
    target = tmp_path / "proofs" / "today"
    result = CliRunner().invoke(main, ["proof", str(folder), "-o", str(target), "--dpi", "15", "--pages", "3"])
    assert result.exit_code == 0, result.output
    after = files_under(tmp_path)
    new = sorted(set(after) - set(before))
    assert new == ["proofs/today/overview.png", "proofs/today/page-03.png"]
    assert {k: v for k, v in after.items() if k in before} == before  # nothing rewritten either
    assert os.listdir(work) == [] and not (tmp_path / "proofs" / "today" / ".layout.lock").exists()
