"""Where the project's own folders are (styles/, fonts/).

An installed package (a wheel, `pip install .`) carries them as `layout/_data/styles` and `layout/_data/fonts`
(setup.py copies them in), found through importlib.resources; a checkout (an editable install, or
PYTHONPATH) has them at the top of the repository, next to `layout/`."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _data(name: str) -> Path:
    shipped = files("layout") / "_data" / name
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return PROJECT / name


STYLES = _data("styles")
FONTS = _data("fonts")
