"""Which font files a reference was made with (file, face, version, hash), so that a test on a machine
with other fonts says so plainly instead of reporting that "the page changed"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layout.fonts.face import open_font
from layout.run.pipeline import font_set, load


def fonts_of(edition: Path) -> dict[str, str]:
    fonts = font_set(load(edition))
    out: dict[str, str] = {}
    for role in sorted(fonts.catalogue.roles):
        face = fonts.face(role)
        revision = open_font(face.path, face.index)["head"].fontRevision
        out[role] = f"{face.path.name}#{face.index} {face.key} version {revision:.3f} sha256 {face.digest[:16]}"
    return out


def record(path: Path, edition: Path) -> None:
    path.write_text(json.dumps(fonts_of(edition), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def require_recorded_fonts(path: Path, edition: Path) -> None:
    """Skip, naming each difference, when this machine's fonts are not the ones recorded in `path`."""
    want: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    got = fonts_of(edition)
    if got != want:
        diffs = [f"{role}: made with {want.get(role, '-')}, here {got.get(role, '-')}"
                 for role in sorted(set(want) | set(got)) if want.get(role) != got.get(role)]
        pytest.skip("this machine has other font files than the references were made with, so a page "
                    "comparison could only say 'changed': " + "; ".join(diffs) + ". Install those fonts, or "
                    "re-make the references (--update-references) and look at them.")
