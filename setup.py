"""The project's styles/ and fonts/ (top-level folders of the repository, read by every render) shipped in
the wheel as `layout/_data/styles` and `layout/_data/fonts`, where `layout.infra.paths` finds them through
importlib.resources. Everything else about the package is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("styles", "fonts")


class BuildWithData(build_py):
    """build_py, then styles/ and fonts/ copied into the built package (not for an editable install, which
    reads them from the checkout)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in DATA:
            target = Path(self.build_lib) / "layout" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target)


setup(cmdclass={"build_py": BuildWithData})
