"""`render` is the night's run of one edition (issue 25): one sequence of steps — `plan_run` (load, lay out,
plates) → `check_run` (draw in one batch, finish, preflight every file) → `commit` (write the set and its
manifest) — and both `layout.run.pipeline.render` and `layout.run.night.render_night` are made of it."""

from __future__ import annotations

import ast
from pathlib import Path

from layout.run.night import render_night
from layout.run.options import Options
from layout.run.pipeline import render
from tests.conftest import ROOT
from tests.zones.family import small_family

STEPS = {"plan_run", "check_run", "commit"}
OWN_STEPS = {"plan", "draw_planned", "draw_jobs", "finish_planned", "preflight_built", "write_checked",
             "write_output", "preflight_all", "lay_out", "lay_out_checked", "build"}


def calls(path: str, function: str) -> set[str]:
    """The names a function of a module calls."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
    return {c.func.id if isinstance(c.func, ast.Name) else c.func.attr if isinstance(c.func, ast.Attribute) else ""
            for c in ast.walk(node) if isinstance(c, ast.Call)}


def test_render_and_the_nights_run_are_the_same_steps() -> None:
    for path, function in (("layout/run/pipeline.py", "render"), ("layout/run/night.py", "render_night")):
        called = calls(path, function)
        assert called >= STEPS, (function, STEPS - called)
        assert not called & OWN_STEPS, (function, called & OWN_STEPS)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_render_of_one_edition_writes_what_the_nights_run_of_it_writes(tmp_path: Path) -> None:
    """A zone rendered on its own (into -o itself) and as a night's run of one edition (into OUT/<edition>):
    the same files, byte for byte, manifest included."""
    family = small_family(tmp_path / "family")
    one = render(family.zone, tmp_path / "one", Options())
    night = render_night([family.zone], tmp_path / "night", Options())
    assert one.pdf == tmp_path / "one" / "edition.pdf" and night.rendered[0].pdf == tmp_path / "night/zone/edition.pdf"
    written = files(tmp_path / "one")
    assert sorted(written) == ["20260423-02.pdf", "20260423-JN-01.pdf", "20260423-JN-05.pdf", "edition.pdf",
                               "manifest.json"]
    assert written == files(tmp_path / "night" / "zone")
    assert sorted(one.page_files) == [tmp_path / "one" / n for n in sorted(written) if n.startswith("2026")]
    assert [p.name for p in one.page_files] == [p.name for p in night.rendered[0].page_files]
