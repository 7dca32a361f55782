"""Where the project's own folders are (styles/, fonts/)."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
STYLES = PROJECT / "styles"
FONTS = PROJECT / "fonts"
