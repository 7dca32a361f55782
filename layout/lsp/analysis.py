"""One check of an edition as the editor has it: the loader and the layout run on the unsaved buffers
(`layout.infra.files.overlay`), their diagnostics grouped by file, and the loaded edition and its layout kept for
completion and hover. No check of its own: what `layout check` reports is what the editor shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from layout.errors import OVERSET_CODES, Diagnostic, LayoutError, Level
from layout.infra.files import overlay
from layout.model.plan import Edition
from layout.source.plan import PLAN_FILE

if TYPE_CHECKING:
    from layout.run.pipeline import Laid



@dataclass
class Analysis:
    folder: Path
    by_file: dict[str, list[Diagnostic]] = field(default_factory=dict)
    edition: Edition | None = None
    laid: Laid | None = None  # when the layout ran
    origin: str = ""  # where it comes from when not from the buffers: the desk's render (lsp/shared.py)


def edition_of(path: Path) -> Path | None:
    """The edition folder a file belongs to: edition.yaml's and ads.yaml's folder, or the folder above an
    article's articles/; None for a file of no edition (a style is checked on its own)."""
    path = path.absolute()
    if path.name in (PLAN_FILE, "ads.yaml") and (path.parent / PLAN_FILE).is_file():
        return path.parent
    if path.parent.name == "articles" and (path.parent.parent / PLAN_FILE).is_file():
        return path.parent.parent
    if path.parent.name == "styles" and (path.parent.parent / PLAN_FILE).is_file():
        return path.parent.parent
    return None


def analyse(folder: Path, buffers: Mapping[Path, str], layout: bool = True) -> Analysis:
    """Load `folder` with `buffers` over its files, then lay it out (unless `layout` is False): every
    finding of the run, as `layout check` has them (overset an error)."""
    from layout.run.pipeline import lay_out
    from layout.source.edition import load_edition

    out = Analysis(folder)
    found: list[Diagnostic] = []
    with overlay(buffers):
        try:
            out.edition = load_edition(folder)
            if layout:
                out.laid = lay_out(out.edition, allow_overset=True)
                found += as_checked(out.laid.warnings)
        except LayoutError as exc:
            found += exc.diagnostics
        except Exception as exc:  # a bug of ours on a half-typed buffer: said in the editor, the server lives on
            found.append(Diagnostic(Level.ERROR, f"internal error: {type(exc).__name__}: {exc}", None,
                                    hint="run `layout --debug check` on the saved files and report the traceback",
                                    code="internal-error"))
    out.by_file = by_file(folder, found)
    return out


def as_checked(warnings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """A layout's warnings as `layout check` reports them: overset an error."""
    return [replace(d, level=Level.ERROR) if d.code in OVERSET_CODES else d for d in warnings]


def by_file(folder: Path, found: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """The findings by the file they name (the plan for those that name none)."""
    plan = str(folder / PLAN_FILE)
    out: dict[str, list[Diagnostic]] = {}
    for d in found:
        out.setdefault(d.file or plan, []).append(d)
    return out


def analyse_style(path: Path, text: str) -> list[Diagnostic]:
    """A style file on its own (not part of an edition): loaded as `style:` would load it."""
    from layout.style.load import load_style

    with overlay({path: text}):
        try:
            load_style(path)
        except LayoutError as exc:
            return list(exc.diagnostics)
    return []
