"""How a render runs, made once by the CLI (or a caller) and passed down whole: `Options` (the render
command's flags) and `Selection` (which pages, and whether the changed page files go to send/)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Options:
    """How editions are laid out, drawn and written (the render command's flags). `final`: the edition goes
    to the plant: a booked ad that has not arrived is an error, not a placeholder. `per_page`: one PDF/X
    file per page besides edition.pdf."""

    allow_overset: bool = False
    allow_missing: bool = False
    crop_marks: bool | None = None
    allow: tuple[Path, ...] = ()
    final: bool = False
    per_page: bool = True


@dataclass(frozen=True, slots=True)
class Selection:
    """What of an edition is rendered and sent: `pages` (None: every page; else only those pages' files are
    written and edition.pdf is left as it was), `changed_only` (the page files that changed are also copied
    into send/)."""

    pages: Set[int] | None = None
    changed_only: bool = False
