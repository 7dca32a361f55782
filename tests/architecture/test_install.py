"""Installable as a package, not only from a checkout: the wheel carries styles/ and fonts/ (setup.py copies
them in as layout/_data), `layout.infra.paths` finds them there through importlib.resources, and the installed
program renders the sample from another folder to the same page bytes as the checkout.

The wheel is built as pip builds any (its build backend, setuptools as pyproject.toml pins it, comes from
the package index pip is configured with), then installed without its dependencies into a new virtualenv,
which sees this environment's packages (reportlab, …) through a .pth file: nothing else is downloaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "layout", "styles", "fonts")


def run(args: list[str | Path], cwd: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | env
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def wheel(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
        else:
            shutil.copy2(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist",
         src], tmp_path)
    [built] = (tmp_path / "dist").glob("layout-*.whl")
    return built


def venv_with(built: Path, tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).strip())
    run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", site, built], tmp_path)
    (site / "zz-shared.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")  # dependencies
    return python


def pages(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


@pytest.mark.slow  # builds a wheel, makes a virtualenv, renders twice
def test_the_wheel_renders_the_sample_from_another_folder(tmp_path: Path) -> None:
    python = venv_with(wheel(tmp_path), tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([python, "-c", "import layout, layout.infra.paths as p; print(layout.__file__, p.STYLES, p.FONTS)"],
                elsewhere).split()
    assert all(Path(w).is_relative_to(tmp_path / "venv") for w in where), where  # the wheel's, not the checkout's
    assert (Path(where[1]) / "tianjin-daily.yaml").is_file() and (Path(where[2]) / "catalogue.yaml").is_file()
    run([python, "-m", "layout", "render", SAMPLE, "-o", "out"], elsewhere, LAYOUT_CACHE_DIR=str(tmp_path / "c1"))
    run([sys.executable, "-m", "layout", "render", SAMPLE, "-o", tmp_path / "checkout"], ROOT,
        PYTHONPATH=str(ROOT), LAYOUT_CACHE_DIR=str(tmp_path / "c2"))
    installed, checkout = pages(elsewhere / "out"), pages(tmp_path / "checkout")
    assert "edition.pdf" in installed and "20260423-01.pdf" in installed, sorted(installed)
    assert installed == checkout
