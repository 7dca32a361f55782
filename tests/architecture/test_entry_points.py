"""Each package exports its entry point from its `__init__` (docs/architecture.md, the table of packages),
and importing every package's entry point loads none of the libraries that only drawing, finishing,
checking a PDF or a photo need (issue 25 with issue 29's lean processes)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

ENTRY_POINTS = {
    "layout.model": {"Edition", "PaperStyle", "Article", "BrokenParagraph", "HeadBlock", "Flowed", "Page"},
    "layout.infra": {"Store", "make_key", "file_digest"},
    "layout.source": {"load_edition"},
    "layout.style": {"load_style"},
    "layout.fonts": {"FontSet"},
    "layout.text": {"break_paragraph"},
    "layout.flow": {"flow_edition"},
    "layout.compose": {"compose_pages"},
    "layout.render": {"draw_jobs"},
    "layout.output": {"write_output"},
    "layout.plant": {"preflight_pdf", "check_ads"},
    "layout.run": {"render", "render_night"},
    "layout.tools": {"write_proofs"},
    "layout.desk": {"Desk", "start_server"},
    "layout.epaper": {"publish_all"},
    "layout.cli": {"main", "run"},
}
HEAVY = ("numpy", "PIL", "reportlab", "pypdf", "fontTools", "pypdfium2", "jsonschema", "pyphen", "opencc")


def test_each_package_exports_its_entry_point() -> None:
    missing = {}
    for package, names in ENTRY_POINTS.items():
        module = importlib.import_module(package)
        gone = sorted(n for n in names if n not in getattr(module, "__all__", ()) or not hasattr(module, n))
        if gone:
            missing[package] = gone
    assert missing == {}


def test_no_entry_point_hides_a_module_of_its_package() -> None:
    """`import layout.plant.preflight as m` gives the module, not a function re-exported under its name."""
    import pkgutil

    hidden = []
    for package in ENTRY_POINTS:
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            importlib.import_module(f"{package}.{info.name}")
            if not hasattr(getattr(module, info.name), "__path__") and not hasattr(getattr(module, info.name),
                                                                                    "__file__"):
                hidden.append(f"{package}.{info.name}")
    assert hidden == ["layout.text.normalize"]  # older: the function `normalize` over its module (`from
    # layout.text.normalize import …` still finds the module); no new package may add one


def test_the_entry_points_import_no_drawing_or_checking_library() -> None:
    """In a fresh process: every stage's package up to `run` imported, and nothing that draws, finishes or
    checks (those load when a page is drawn, a file finished or checked, a plan not seen valid before)."""
    stages = [p for p in ENTRY_POINTS if p not in ("layout.desk", "layout.epaper", "layout.cli")]
    code = (f"import sys\nfor p in {stages!r}: __import__(p)\n"
            f"import json; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
