"""The PDF tools: `layout proof`, `layout diff`, `layout preflight`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from layout.cli.base import DPI, EXAMPLES, FINAL, handled, main, page_numbers, print_diags, say
from layout.errors import Diagnostic, LayoutError, Level

# PrintSpec's own defaults (layout/model/paper.py; tests/run/test_warm_render.py holds them equal): said here so
# that the command line does not import the model, which a replayed render never needs
MIN_PPI, WARN_PPI = 100.0, 150.0


@main.command(epilog=EXAMPLES["proof"])
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the PNGs (default out/<name>/proof).")
@click.option("--dpi", type=DPI, default=100.0, show_default=True)
@click.option("--pages", help="Only these pages, e.g. 1,3 or 2-4.")
@click.option("--boxes", is_flag=True, help="Draw the grid and the plan's boxes with their names (an edition only).")
@FINAL
@handled
def proof(source: Path, out_dir: Path | None, dpi: float, pages: str | None, boxes: bool, final: bool) -> None:
    """PNG proofs of SOURCE (an edition folder, rendered first, or a PDF), and an overview sheet."""
    from layout.tools.proof import write_proofs

    chosen = page_numbers(pages)
    edition = None
    numbers = None
    if not _is_pdf_path(source):  # an edition folder (a typo is named as one)
        from layout.run.options import Options, Selection
        from layout.run.pipeline import build

        built = build(source, Options(final=final), Selection(chosen))
        print_diags(list(built.laid.warnings))
        pdf = built.edition
        edition = built.laid.edition
        numbers = list(built.selected)
        bleed = edition.style.print.bleed
        target = out_dir or Path("out") / Path(edition.folder).name / "proof"
        index_pages = None
    else:
        from layout.tools.pdfin import open_pdf

        opened = open_pdf(source)
        missing = sorted(n for n in chosen or () if n > opened.pages)
        if missing:
            raise LayoutError(Diagnostic(Level.ERROR, f"the PDF has {opened.pages} page"
                                         f"{'s' if opened.pages != 1 else ''}, there is no page {missing[0]}",
                                         opened.name, hint=f"its pages are 1 to {opened.pages}"))
        pdf = opened.data
        bleed = 0.0
        target = out_dir or Path("out") / source.stem / "proof"
        index_pages = chosen
    notes: list[str] = []
    with _writing(target):
        written = write_proofs(pdf, target, dpi, index_pages, edition, boxes, bleed, numbers, notes)
    for path in written:
        say(str(path))
    for note in notes:
        say(f"note: {note}", err=True)


@contextmanager
def _writing(folder: Path) -> Iterator[None]:
    """Writing images into `folder`: a folder that cannot be made or written (a file in the way, no
    permission, a full disk) is one message (exit 2)."""
    try:
        yield
    except OSError as exc:
        from layout.tools.pdfin import shown

        reason = "a file is in the way" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot write to {shown(folder)}: {reason}",
                                     hint="choose another folder with -o, or fix its permissions")) from None


def _is_pdf_path(source: Path) -> bool:
    """A PDF to proof (any file but an edition's plan, or a .pdf name), not an edition folder."""
    if source.suffix.lower() == ".pdf" and not source.is_dir():
        return True
    return source.is_file() and source.name != "edition.yaml"


@main.command(epilog=EXAMPLES["diff"])
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Write diff images and report.html here.")
@click.option("--dpi", type=DPI, default=50.0, show_default=True)
@click.option("--tolerance", type=float, default=0.0002, show_default=True, help="Share of changed pixels ignored.")
@handled
def diff(a: Path, b: Path, out_dir: Path | None, dpi: float, tolerance: float) -> None:
    """Compare two PDFs page by page (pixels and text); exit 0 when the same within tolerance, 1 if not."""
    from layout.tools.diff import diff_pdfs, write_report

    opened = _open_each([a, b])
    da, db = opened[0].data, opened[1].data
    notes: list[str] = []
    result = diff_pdfs(da, db, dpi, (opened[0].name, opened[1].name), notes)
    say(result.report(tolerance))
    for note in notes:
        say(f"note: {note}", err=True)
    if out_dir is not None:
        with _writing(out_dir):
            say(str(write_report(result, out_dir, da, db, dpi, tolerance)))
    if result.different(tolerance):
        sys.exit(1)


def _open_each(paths: list[Path]) -> list[Any]:
    """Each PDF opened within the bounds (layout/tools/pdfin.py); every file that cannot be is named (exit 2)."""
    from layout.tools.pdfin import open_pdf

    opened: list[Any] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            opened.append(open_pdf(path))
        except LayoutError as exc:
            problems += exc.diagnostics
    if problems:
        raise LayoutError(problems)
    return opened


@main.command(epilog=EXAMPLES["preflight"])
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tac", type=float, default=240.0, show_default=True, help="Total ink limit, percent.")
@click.option("--min-ppi", type=click.FloatRange(1, 10_000), default=MIN_PPI, show_default=True,
              help="An image below this resolution at its placed size is an error (the style's print.min_ppi).")
@click.option("--warn-ppi", type=click.FloatRange(1, 10_000), default=WARN_PPI, show_default=True,
              help="An image below this resolution at its placed size is a warning (the style's print.warn_ppi).")
@handled
def preflight(files: tuple[Path, ...], tac: float, min_ppi: float, warn_ppi: float) -> None:
    """Check PDF files the way a print plant does: PDF/X keys, OutputIntent, boxes, fonts, colour,
    transparency, image resolution, total ink, black text; in placed forms (ads) the GWG 2015 small text and
    thin lines too. Exit 1 when any check fails, 2 when a file is not a PDF that can be read (each such file
    named; the others are still checked)."""
    from layout.plant.preflight import preflight as check_pdf
    from layout.tools.pdfin import open_pdf, quiet_pypdf

    failed, unreadable = False, False
    for path in files:
        try:
            pdf = open_pdf(path)
        except LayoutError as exc:
            print_diags(exc.diagnostics)
            unreadable = True
            continue
        with quiet_pypdf():
            report = check_pdf(pdf.data, pdf.name, min_ppi=min_ppi, warn_ppi=warn_ppi, tac_limit=tac,
                               reader=pdf.reader)
        say(report.table())
        failed |= not report.ok
    if unreadable:
        sys.exit(2)
    if failed:
        sys.exit(1)
