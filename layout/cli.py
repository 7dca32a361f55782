"""Command line: argv → options → pipeline → messages and exit code (0 done, 1 layout problem, 2 bad input)."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import click

from layout.errors import Diagnostic, LayoutError, Level, escape_controls
from layout.report import copyfit_table

F = TypeVar("F", bound=Callable[..., Any])

EPILOG = """\b
Examples:
  layout render seeds/tianjin-daily-2026-04-23
  layout render seeds/tianjin-daily-2026-04-23 -o /tmp/proof --pages 1,3
  layout render seeds/tianjin-daily-2026-04-23 seeds/tianjin-daily-2026-04-23-jinnan --changed-only
  layout check seeds/tianjin-daily-2026-04-23
  layout fonts seeds/tianjin-daily-2026-04-23
  layout normalize --write seeds/tianjin-daily-2026-04-23/articles/*.md
  layout preflight out/tianjin-daily-2026-04-23/*.pdf
  layout cache --prune             (or --clear) keep the cache small

Exit codes: 0 done, 1 layout problem (e.g. overset), 2 bad input."""


def _print_diags(diags: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    for d in diags:
        click.echo(d.format(), err=True)


def handled(func: F) -> F:
    """Turn LayoutError into messages and exit codes; anything else is an internal error (no traceback
    unless --debug)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool(ctx.find_root().params.get("debug"))
        try:
            return func(*args, **kwargs)
        except LayoutError as exc:
            _print_diags(exc.diagnostics)
            if debug:
                traceback.print_exc()
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # output piped into `head`: stop quietly
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # a bug of ours: one clear line, the traceback only with --debug
            click.echo(f"error: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("  hint: run again with --debug and report the traceback", err=True)
            if debug:
                traceback.print_exc()
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


MAX_PAGE = 999


def _pages(value: str | None) -> set[int] | None:
    """`1,3` or `2-4`: page numbers from 1 to 999."""
    if not value:
        return None
    out: set[int] = set()
    for part in value.split(","):
        part = part.strip()
        try:
            a, _sep, b = part.partition("-")
            first, last = int(a), int(b) if b else int(a)
        except ValueError:
            raise click.BadParameter(f"'{escape_controls(part, False)}' is not a page number or a range like 2-4") \
                from None
        if not 1 <= first <= last <= MAX_PAGE:
            raise click.BadParameter(f"'{part}': pages are numbered 1 to {MAX_PAGE}, a range goes upwards")
        out.update(range(first, last + 1))
    return out


ALLOW_PATH = click.option(
    "--allow-path", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="Also read photos, logos, profiles and catalogues from this folder (an edition is otherwise a "
         "sandbox: only its own folder and the project's styles/ and fonts/).")


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("layout"), prog_name="layout")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def main(debug: bool) -> None:
    """Typeset a Chinese newspaper edition (articles + page plan) into a print-ready PDF."""


@main.command(epilog=EPILOG)
@click.argument("editions", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="EDITION...")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default out/<edition>); with several editions each goes into OUT/<edition>.")
@click.option("--pages", help="Only these pages, e.g. 1,3 or 2-4 (one edition).")
@click.option("--changed-only", is_flag=True,
              help="Also copy the page files that changed since the last render into OUT/send/ (only those).")
@click.option("--allow-overset", is_flag=True, help="Render what fits and warn about text left over.")
@click.option("--allow-missing-glyphs", is_flag=True, help="Draw 〓 for characters no font has, and warn.")
@click.option("--crop-marks/--no-crop-marks", default=None, help="Crop marks outside the bleed (style default).")
@ALLOW_PATH
@handled
def render(editions: tuple[Path, ...], out_dir: Path | None, pages: str | None, changed_only: bool,
           allow_overset: bool, allow_missing_glyphs: bool, crop_marks: bool | None,
           allow_path: tuple[Path, ...]) -> None:
    """Render EDITION (a folder with edition.yaml and articles/, or a zone: docs/zones.md) to a print-ready PDF.

    Writes OUT/edition.pdf, one PDF per page named as the plant expects (20260423-01.pdf; a zone's own pages
    20260423-JN-13.pdf), all PDF/X-1a:2003 (or as the style says) after they pass the preflight checks, and
    manifest.json (each page file's hash, the editions it serves, its plate version); prints the page files
    that changed since the last render there. Several editions, or a folder of editions, are the night's run:
    one batch of drawing processes, a page two editions share drawn once, and a summary table."""
    from layout.night import editions_in, render_night
    from layout.pipeline import Options
    from layout.pipeline import render as run

    folders = editions_in(editions)
    if len(folders) == 1 and folders[0] == editions[0]:
        done = run(folders[0], out_dir, _pages(pages), allow_overset, allow_missing_glyphs, crop_marks,
                   allow=allow_path, changed_only=changed_only)
        _print_diags([*done.laid.warnings, *(done.changes.warnings if done.changes else ())])
        click.echo(done.summary())
        if done.changes is not None:
            click.echo(done.changes.report())
        return
    if pages:
        raise click.BadParameter("--pages renders one edition: name a single edition folder", param_hint="--pages")
    night = render_night(folders, out_dir, Options(allow_overset, allow_missing_glyphs, crop_marks, allow_path),
                         changed_only)
    for done in night.rendered:
        _print_diags([*done.laid.warnings, *(done.changes.warnings if done.changes else ())])
    for done in night.rendered:
        if done.changes is not None:
            click.echo(done.changes.report())
    click.echo(night.table())


@main.command(epilog=EPILOG)
@click.argument("edition", type=click.Path(path_type=Path))
@ALLOW_PATH
@handled
def check(edition: Path, allow_path: tuple[Path, ...]) -> None:
    """Validate EDITION and report how each story fits (no PDF is written)."""
    from layout.pipeline import lay_out, load

    laid = lay_out(load(edition, allow_path), allow_overset=True)
    click.echo(copyfit_table(laid.flowed.fits))
    _print_diags(list(laid.warnings))
    if any(f.overset_chars for f in laid.flowed.fits):
        sys.exit(1)


@main.command(epilog=EPILOG)
@click.argument("edition", type=click.Path(path_type=Path), required=False)
@handled
def fonts(edition: Path | None) -> None:
    """Which file serves each font role, and its coverage of EDITION's characters."""
    from layout.fonts_report import fonts_report

    click.echo(fonts_report(edition))


@main.command(epilog=EPILOG)
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the PNGs (default out/<name>/proof).")
@click.option("--dpi", type=float, default=100.0, show_default=True)
@click.option("--pages", help="Only these pages, e.g. 1,3 or 2-4.")
@click.option("--boxes", is_flag=True, help="Draw the grid and the plan's boxes with their names (an edition only).")
@handled
def proof(source: Path, out_dir: Path | None, dpi: float, pages: str | None, boxes: bool) -> None:
    """PNG proofs of SOURCE (an edition folder, rendered first, or a PDF), and an overview sheet."""
    from layout.proof import write_proofs

    chosen = _pages(pages)
    edition = None
    numbers = None
    if source.is_dir():
        from layout.pipeline import build

        built = build(source, chosen)
        pdf = built.edition
        edition = built.laid.edition
        numbers = list(built.selected)
        bleed = edition.style.print.bleed
        target = out_dir or Path("out") / Path(edition.folder).name / "proof"
        index_pages = None
    else:
        from layout.files import LIMITS, read_regular

        pdf = read_regular(source, "PDF", LIMITS["pdf"])
        bleed = 0.0
        target = out_dir or Path("out") / source.stem / "proof"
        index_pages = chosen
    written = write_proofs(pdf, target, dpi, index_pages, edition, boxes, bleed, numbers)
    for path in written:
        click.echo(str(path))


@main.command(epilog=EPILOG)
@click.argument("edition", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Output folder (default out/<edition>).")
@click.option("--proofs/--no-proofs", default=True, help="Rewrite the PNG proofs of changed pages.")
@click.option("--dpi", type=float, default=60.0, show_default=True)
@handled
def watch(edition: Path, out_dir: Path | None, proofs: bool, dpi: float) -> None:
    """Re-render EDITION whenever one of its files or its style changes; errors are shown, watching goes on."""
    from layout.watch import WatchState, run

    click.echo(f"watching {edition} (Ctrl-C to stop)")
    try:
        run(WatchState(edition, out_dir, proofs, dpi), click.echo)
    except KeyboardInterrupt:
        click.echo("stopped")


@main.command(epilog=EPILOG)
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Write diff images and report.html here.")
@click.option("--dpi", type=float, default=50.0, show_default=True)
@click.option("--tolerance", type=float, default=0.0002, show_default=True, help="Share of changed pixels ignored.")
@handled
def diff(a: Path, b: Path, out_dir: Path | None, dpi: float, tolerance: float) -> None:
    """Compare two PDFs page by page (pixels and text); exit 0 when the same within tolerance, 1 if not."""
    from layout.diff import diff_pdfs, write_report

    da, db = a.read_bytes(), b.read_bytes()
    result = diff_pdfs(da, db, dpi)
    click.echo(result.report(tolerance))
    if out_dir is not None:
        click.echo(str(write_report(result, out_dir, da, db, dpi, tolerance)))
    if result.different(tolerance):
        sys.exit(1)


@main.command(epilog=EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--tac", type=float, default=240.0, show_default=True, help="Total ink limit, percent.")
@handled
def preflight(files: tuple[Path, ...], tac: float) -> None:
    """Check PDF files the way a print plant does: PDF/X keys, OutputIntent, boxes, fonts, colour,
    transparency, image resolution, total ink, black text. Exit 1 when any check fails."""
    from layout.preflight import preflight as check_pdf

    failed = False
    for path in files:
        report = check_pdf(path.read_bytes(), str(path), tac_limit=tac)
        click.echo(report.table())
        failed |= not report.ok
    if failed:
        sys.exit(1)


@main.command(epilog=EPILOG)
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--write", is_flag=True, help="Rewrite the files in place (default: print to stdout).")
@handled
def normalize(files: tuple[Path, ...], write: bool) -> None:
    """Apply the normaliser (full-width punctuation between CJK, “” quotes, ——, ……) to article files.

    Front matter values and the body are normalised; keys, Markdown marks and Latin runs are kept."""
    from layout.files import LIMITS, read_regular
    from layout.source.normalize_file import normalize_article_text
    from layout.writer import write_atomic

    for path in files:
        raw = read_regular(path, "article", LIMITS["article"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LayoutError(Diagnostic(Level.ERROR, "not UTF-8 text", str(path),
                                         hint="convert it first: iconv -f gb18030 -t utf-8")) from None
        new = normalize_article_text(text)
        if write:
            if new != text:
                write_atomic(path, new.encode("utf-8"))  # all or nothing, file by file
                click.echo(f"normalised {path}")
        else:
            click.echo(new, nl=False)



def _size(value: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
    text = value.strip().upper().removesuffix("B")
    unit = text[-1:] if text[-1:] in units else ""
    try:
        return int(float(text[: len(text) - len(unit)]) * units[unit])
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a size like 500M or 2G") from None


@main.command("cache", epilog="""\b
Examples:
  layout cache                     what is cached, per kind, and where
  layout cache --prune             drop entries unused for 60 days, then the oldest above 2 GB
  layout cache --prune --max-size 500M --max-age 7
  layout cache --clear             empty the cache (the next render converts fonts again)""")
@click.option("--prune", is_flag=True, help="Remove old entries (by age, then by total size).")
@click.option("--clear", "clear_all", is_flag=True, help="Remove every entry.")
@click.option("--max-size", default="2G", show_default=True, help="Size the cache is pruned down to.")
@click.option("--max-age", type=float, default=60.0, show_default=True, help="Days an unused entry is kept.")
@handled
def cache_command(prune: bool, clear_all: bool, max_size: str, max_age: float) -> None:
    """Show, prune or clear the cache ($LAYOUT_CACHE_DIR, else ~/.cache/layout): converted fonts, font
    metrics, drawn pages, finished PDFs and preflight results, each keyed by everything that decides it."""
    from layout import cache

    if clear_all:
        cache.clear()
        click.echo(f"cleared {cache.cache_root()}")
    elif prune:
        files, freed = cache.prune(_size(max_size), max_age)
        click.echo(f"pruned {files} entries, {freed / 1024**2:.1f} MB freed")
    total = 0
    click.echo(f"cache: {cache.cache_root()}")
    for name, (files, size) in cache.usage().items():
        total += size
        click.echo(f"  {name:<10} {files:>6} files {size / 1024**2:>9.1f} MB  {cache.NAMESPACES[name]}")
    click.echo(f"  {'total':<10} {'':>6}       {total / 1024**2:>9.1f} MB")
