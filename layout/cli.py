"""Command line: argv → options → pipeline → messages and exit code (0 done, 1 layout problem, 2 bad input)."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import wraps
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from layout.errors import Diagnostic, LayoutError, Level, escape_controls
from layout.model.paper import PrintSpec
from layout.report import copyfit_table

if TYPE_CHECKING:
    from layout.pipeline import Rendered

F = TypeVar("F", bound=Callable[..., Any])

EPILOG = """\b
Examples:
  layout init my-edition           a new edition that renders at once
  layout render seeds/tianjin-daily-2026-04-23
  layout render seeds/tianjin-daily-2026-04-23 -o /tmp/proof --pages 1,3
  layout render seeds/tianjin-daily-2026-04-23 seeds/tianjin-daily-2026-04-23-jinnan --changed-only
  layout check seeds/tianjin-daily-2026-04-23
  layout serve seeds/tianjin-daily-2026-04-23    the pages live in the browser
  layout epaper seeds/tianjin-daily-2026-04-23 -o /tmp/epaper    the 数字报 (e-paper) as a static site
  layout fonts seeds/tianjin-daily-2026-04-23
  layout normalize --write seeds/tianjin-daily-2026-04-23/articles/*.md
  layout preflight out/tianjin-daily-2026-04-23/*.pdf
  layout ads seeds/tianjin-daily-2026-04-23      the ads and their state
  layout render --final EDITION    for the plant: a booked ad that has not arrived is an error
  layout cache --prune             (or --clear) keep the cache small

Each command's --help has its own examples.
Exit codes: 0 done, 1 layout problem (e.g. overset), 2 bad input."""

CODES = "Exit codes: 0 done, 1 layout problem (e.g. overset), 2 bad input."


def examples(*lines: str, codes: str = CODES) -> str:
    """A command's --help epilog: its own examples, then what its exit codes mean."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines) + f"\n\n{codes}"


SAMPLE = "seeds/tianjin-daily-2026-04-23"
EXAMPLES = {
    "render": examples(f"layout render {SAMPLE}", f"layout render {SAMPLE} -o /tmp/out --pages 1,3",
                       f"layout render {SAMPLE} --allow-overset      render what fits, warn about the rest",
                       f"layout render {SAMPLE} --json              the summary as JSON for scripts",
                       f"layout render {SAMPLE} --final             for the plant: a missing booked ad is an error"),
    "check": examples(f"layout check {SAMPLE}                 the copyfit table and warnings",
                      f"layout check {SAMPLE} --json          boxes, copyfit, jumps, warnings as JSON",
                      f"layout check {SAMPLE} --final         a booked ad that has not arrived is an error",
                      codes="Exit codes: 0 everything fits, 1 a story is overset, 2 bad input."),
    "epaper": examples(f"layout epaper {SAMPLE} -o /tmp/epaper      the 数字报: open /tmp/epaper/index.html",
                       f"layout epaper {SAMPLE} {SAMPLE}-jinnan -o /tmp/epaper   an edition and its zone",
                       f"layout epaper {SAMPLE} -o /tmp/epaper --width 1800 --format webp"),
    "fonts": examples("layout fonts                              the roles and the files that serve them",
                      f"layout fonts {SAMPLE}     with each font's coverage of the edition"),
    "proof": examples(f"layout proof {SAMPLE} --boxes         PNGs with the grid and the boxes",
                      f"layout proof {SAMPLE} -o /tmp/proof --pages 1 --dpi 150",
                      "layout proof out/tianjin-daily-2026-04-23/edition.pdf   proofs of any PDF"),
    "watch": examples(f"layout watch {SAMPLE}                 re-render and re-proof on every save",
                      f"layout watch {SAMPLE} -o /tmp/out --no-proofs",
                      codes="Errors are printed and watching goes on; Ctrl-C stops it."),
    "serve": examples(f"layout serve {SAMPLE}                 then open http://127.0.0.1:8765/",
                      f"layout serve {SAMPLE} --port 9000 --editor none",
                      codes="Only 127.0.0.1 is served unless --host says otherwise; Ctrl-C stops it."),
    "diff": examples("layout diff before.pdf after.pdf                   what changed, page by page",
                     "layout diff refs/2026-04-23.pdf out/x/edition.pdf -o /tmp/diff   with report.html",
                     codes="Exit codes: 0 the same within the tolerance, 1 different, 2 bad input."),
    "preflight": examples("layout preflight out/tianjin-daily-2026-04-23/*.pdf",
                          "layout preflight --tac 220 page.pdf",
                          codes="Exit codes: 0 every check passes, 1 a check fails, 2 bad input."),
    "normalize": examples(f"layout normalize {SAMPLE}/articles/jieneng.md     print the normalised text",
                          f"layout normalize --write {SAMPLE}/articles/*.md"),
    "ads": examples(f"layout ads {SAMPLE}                   the ads and their state",
                    f"layout render --final {SAMPLE}      a booked ad missing is an error",
                    codes="Exit codes: 0 every ad placed, 1 an ad missing, refused or not placed, 2 bad input."),
    "init": examples("layout init my-edition                      plan, two articles and a photo slot",
                     "layout init my-edition --style beifang-wanbao   on a shipped style",
                     "layout init my-edition --style mine         also my-edition/styles/mine.yaml",
                     "layout init --style mine --extends tianjin-daily   a new style in ./styles/"),
}


OVERSET_CODES = frozenset({"overset", "does-not-fit"})  # text or a headline left over: exit 1 in check and render


def say(text: str, err: bool = False) -> None:
    """Every line a command prints, but JSON and an article's own text (`layout normalize` without
    --write): strings from outside (file names, ads.yaml fields, messages of libraries) made visible by
    `escape_controls`, never sent to the terminal as escape sequences."""
    click.echo(escape_controls(text), err=err)


def _print_diags(diags: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    """Every diagnostic of the run at once, grouped by file in source order and bounded (layout/snippets.py):
    with its source line and a marker, or one line each under `--diagnostic-format short`."""
    from layout.snippets import render_all

    ctx = click.get_current_context(silent=True)
    form = ctx.find_root().params.get("diagnostic_format") if ctx else None
    for text in render_all(diags, form or "rich"):
        say(text, err=True)


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
            if ctx.params.get("as_json"):
                from layout.jsonout import dumps, error_json

                click.echo(dumps(error_json(exc)))
            if debug:
                traceback.print_exc()
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # output piped into `head`: stop quietly
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # a bug of ours: one clear line, the traceback only with --debug
            say(f"error: internal error: {type(exc).__name__}: {exc}", err=True)
            say("  hint: run again with --debug and report the traceback", err=True)
            if debug:
                traceback.print_exc()
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


MAX_PAGE = 999
DPI = click.FloatRange(1.0, 2400.0)  # a page image's size is bounded by MAX_RASTER_PIXELS (layout/raster.py)


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


JSON_OPTION = click.option("--json", "as_json", is_flag=True,
                           help="Print JSON on stdout for scripts (errors too); messages still go to stderr.")


def _edition_arg(edition: Path) -> Path:
    """The edition folder (given as the folder or its edition.yaml); a missing one is an error naming it
    (and the folder it may have meant), before anything starts watching or serving."""
    from layout.source.edition import edition_folder

    return edition_folder(edition)


def _named(edition: Path) -> Path:
    """The edition folder by the path the user gave (absolute, links not resolved): `watch` and `serve`
    follow that path, so a folder deleted and restored, or swapped for a link, is followed."""
    folder = edition.parent if edition.name == "edition.yaml" and not edition.is_dir() else edition
    return folder.absolute()


FINAL = click.option(
    "--final", is_flag=True,
    help="The render for the plant: a booked ad whose PDF has not arrived (or a booking no box places) is an "
         "error, not a placeholder.")


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("layout"), prog_name="layout")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("--diagnostic-format", "diagnostic_format", type=click.Choice(["rich", "short"]), default="rich",
              help="How problems are printed: with the source line and a marker under the span (rich), or one "
                   "`file:line:col: error: message` line each for scripts (short).")
def main(debug: bool, diagnostic_format: str) -> None:
    """Typeset a Chinese newspaper edition (articles + page plan) into a print-ready PDF."""


@main.command(epilog=EXAMPLES["render"])
@click.argument("editions", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="EDITION...")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default out/<edition>); with several editions each goes into OUT/<edition>.")
@click.option("--pages", help="Only these pages' files, e.g. 1,3 or 2-4 (one edition); edition.pdf is left as it was.")
@click.option("--changed-only", is_flag=True,
              help="Also copy the page files that changed since the last render into OUT/send/ (only those).")
@click.option("--allow-overset", is_flag=True, help="Render what fits and warn about text left over.")
@click.option("--allow-missing-glyphs", is_flag=True, help="Draw 〓 for characters no font has, and warn.")
@click.option("--crop-marks/--no-crop-marks", default=None, help="Crop marks outside the bleed (style default).")
@click.option("--epaper", "epaper_dir", type=click.Path(path_type=Path),
              help="Also publish the 数字报 of every edition into this folder (docs/epaper.md).")
@FINAL
@ALLOW_PATH
@JSON_OPTION
@handled
def render(editions: tuple[Path, ...], out_dir: Path | None, pages: str | None, changed_only: bool,
           allow_overset: bool, allow_missing_glyphs: bool, crop_marks: bool | None, epaper_dir: Path | None,
           final: bool, allow_path: tuple[Path, ...], as_json: bool) -> None:
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
    if epaper_dir is not None and pages:
        raise click.BadParameter("the e-paper needs every page: leave out --pages", param_hint="--epaper")
    if len(folders) == 1 and folders[0] == editions[0]:
        chosen = _pages(pages)
        done = run(folders[0], out_dir, chosen, allow_overset, allow_missing_glyphs, crop_marks,
                   allow=allow_path, changed_only=changed_only, final=final)
        _print_diags([*done.laid.warnings, *(done.changes.warnings if done.changes else ())])
        _epaper_of((done,), epaper_dir, as_json)
        if as_json:
            from layout.jsonout import dumps, render_json

            click.echo(dumps(render_json(done, chosen)))
            return
        say(done.summary())
        if done.changes is not None:
            say(done.changes.report())
        return
    if pages:
        raise click.BadParameter("--pages renders one edition: name a single edition folder", param_hint="--pages")
    night = render_night(folders, out_dir, Options(allow_overset, allow_missing_glyphs, crop_marks, allow_path, final),
                         changed_only)
    for done in night.rendered:
        _print_diags([*done.laid.warnings, *(done.changes.warnings if done.changes else ())])
    _epaper_of(night.rendered, epaper_dir, as_json)
    if as_json:
        from layout.jsonout import dumps, render_json

        click.echo(dumps({"ok": True, "editions": [render_json(done, None) for done in night.rendered],
                          "sent": list(night.sent) if night.send is not None else None,
                          "send": str(night.send) if night.send is not None else None, "table": night.table()}))
        return
    for done in night.rendered:
        if done.changes is not None:
            say(done.changes.report())
    if night.send_report() is not None:
        say(str(night.send_report()))
    say(night.table())


def _epaper_of(rendered: tuple[Rendered, ...], folder: Path | None, as_json: bool) -> None:
    """`render --epaper DIR`: the e-paper of the editions just rendered (its report on stderr under --json)."""
    if folder is None:
        return
    from layout.epaper import ImageSettings, from_rendered, publish_all, report

    written = publish_all([from_rendered(done) for done in rendered], folder, ImageSettings())
    say(report(written), err=as_json)


@main.command(epilog=EXAMPLES["epaper"])
@click.argument("editions", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="EDITION...")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="The site's folder (several editions: one folder each in it, and an index of them).")
@click.option("--width", type=int, default=1400, show_default=True, help="Page image width in pixels.")
@click.option("--format", "image_format", type=click.Choice(["jpeg", "webp"]), default="jpeg", show_default=True)
@click.option("--quality", type=int, default=85, show_default=True, help="Image quality, 1–100.")
@FINAL
@ALLOW_PATH
@handled
def epaper(editions: tuple[Path, ...], out_dir: Path, width: int, image_format: str, quality: int, final: bool,
           allow_path: tuple[Path, ...]) -> None:
    """Publish EDITION as a 数字报 (e-paper): a page view per printed page with a clickable area per story, a
    page per story, the page PDFs; a static site in OUT (docs/epaper.md). Only what changed is rewritten."""
    from layout.epaper import ImageSettings, from_built, publish_all, report
    from layout.night import editions_in
    from layout.pipeline import build

    settings = ImageSettings(width, image_format, quality).check()
    printed = []
    for folder in editions_in(editions):
        built = build(folder, allow=allow_path, final=final)
        _print_diags(list(built.laid.warnings))
        printed.append(from_built(built))
    say(report(publish_all(printed, out_dir, settings)))


@main.command(epilog=EXAMPLES["check"])
@click.argument("edition", type=click.Path(path_type=Path))
@click.option("--allow-overset", is_flag=True, help="Report text left over as a warning (exit 0), as render does.")
@FINAL
@ALLOW_PATH
@JSON_OPTION
@handled
def check(edition: Path, allow_overset: bool, final: bool, allow_path: tuple[Path, ...], as_json: bool) -> None:
    """Validate EDITION and report how each story fits, with each story's source (no PDF is written).

    The ads are checked as `layout render` checks them (a refused ad is an error, a booked ad that has not
    arrived a warning, an error with --final), without drawing anything."""
    from layout.pipeline import Options, lay_out_checked, load

    laid = lay_out_checked(load(edition, allow_path), Options(allow_overset=True, final=final))
    if as_json:
        from layout.jsonout import check_json, dumps

        click.echo(dumps(check_json(laid)))
    else:
        say(copyfit_table(laid.flowed.fits, laid.edition.articles))
    # overset is an error here as in `render` (exit 1), a warning with --allow-overset as there
    problems = [d if allow_overset or d.code not in OVERSET_CODES else replace(d, level=Level.ERROR)
                for d in laid.warnings]
    _print_diags(problems)
    if not allow_overset and any(d.code in OVERSET_CODES for d in laid.warnings):
        sys.exit(1)


@main.command(epilog=EXAMPLES["fonts"])
@click.argument("edition", type=click.Path(path_type=Path), required=False)
@handled
def fonts(edition: Path | None) -> None:
    """Which file serves each font role, and its coverage of EDITION's characters."""
    from layout.fonts_report import fonts_report

    say(fonts_report(edition))


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
    from layout.proof import write_proofs

    chosen = _pages(pages)
    edition = None
    numbers = None
    if not _is_pdf_path(source):  # an edition folder (a typo is named as one)
        from layout.pipeline import build

        built = build(source, chosen, final=final)
        _print_diags(list(built.laid.warnings))
        pdf = built.edition
        edition = built.laid.edition
        numbers = list(built.selected)
        bleed = edition.style.print.bleed
        target = out_dir or Path("out") / Path(edition.folder).name / "proof"
        index_pages = None
    else:
        from layout.pdfin import open_pdf

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
        from layout.pdfin import shown

        reason = "a file is in the way" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot write to {shown(folder)}: {reason}",
                                     hint="choose another folder with -o, or fix its permissions")) from None


def _is_pdf_path(source: Path) -> bool:
    """A PDF to proof (any file but an edition's plan, or a .pdf name), not an edition folder."""
    if source.suffix.lower() == ".pdf" and not source.is_dir():
        return True
    return source.is_file() and source.name != "edition.yaml"


@main.command(epilog=EXAMPLES["watch"])
@click.argument("edition", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Output folder (default out/<edition>).")
@click.option("--proofs/--no-proofs", default=True, help="Rewrite the PNG proofs of changed pages.")
@click.option("--dpi", type=float, default=60.0, show_default=True)
@handled
def watch(edition: Path, out_dir: Path | None, proofs: bool, dpi: float) -> None:
    """Re-render EDITION whenever one of its files or its style changes; errors are shown, watching goes on."""
    from layout.watch import WatchState, run

    _edition_arg(edition)  # a missing edition is said before anything is watched
    say(f"watching {escape_controls(str(edition), False)} (Ctrl-C to stop)")
    try:
        run(WatchState(_named(edition), out_dir, proofs, dpi), say)
    except KeyboardInterrupt:
        say("stopped")


@main.command(epilog=EXAMPLES["diff"])
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Write diff images and report.html here.")
@click.option("--dpi", type=DPI, default=50.0, show_default=True)
@click.option("--tolerance", type=float, default=0.0002, show_default=True, help="Share of changed pixels ignored.")
@handled
def diff(a: Path, b: Path, out_dir: Path | None, dpi: float, tolerance: float) -> None:
    """Compare two PDFs page by page (pixels and text); exit 0 when the same within tolerance, 1 if not."""
    from layout.diff import diff_pdfs, write_report

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
    """Each PDF opened within the bounds (layout/pdfin.py); every file that cannot be is named (exit 2)."""
    from layout.pdfin import open_pdf

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
@click.option("--min-ppi", type=click.FloatRange(1, 10_000), default=PrintSpec().min_ppi, show_default=True,
              help="An image below this resolution at its placed size is an error (the style's print.min_ppi).")
@click.option("--warn-ppi", type=click.FloatRange(1, 10_000), default=PrintSpec().warn_ppi, show_default=True,
              help="An image below this resolution at its placed size is a warning (the style's print.warn_ppi).")
@handled
def preflight(files: tuple[Path, ...], tac: float, min_ppi: float, warn_ppi: float) -> None:
    """Check PDF files the way a print plant does: PDF/X keys, OutputIntent, boxes, fonts, colour,
    transparency, image resolution, total ink, black text; in placed forms (ads) the GWG 2015 small text and
    thin lines too. Exit 1 when any check fails, 2 when a file is not a PDF that can be read (each such file
    named; the others are still checked)."""
    from layout.pdfin import open_pdf, quiet_pypdf
    from layout.preflight import preflight as check_pdf

    failed, unreadable = False, False
    for path in files:
        try:
            pdf = open_pdf(path)
        except LayoutError as exc:
            _print_diags(exc.diagnostics)
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


@main.command(epilog=EXAMPLES["ads"])
@click.argument("edition", type=click.Path(path_type=Path))
@ALLOW_PATH
@handled
def ads(edition: Path, allow_path: tuple[Path, ...]) -> None:
    """The ads of EDITION (the ad list and every `ad:` box), each with its state: placed, missing (a
    placeholder until the PDF arrives), refused (and why), not placed. Exit 1 unless every ad is placed."""
    from layout.ads_report import ad_rows, ads_table
    from layout.pipeline import load

    rows = ad_rows(load(edition, allow_path))
    say(ads_table(rows))
    if any(r.state != "placed" for r in rows):
        sys.exit(1)


@main.command(epilog=EXAMPLES["normalize"])
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--write", is_flag=True, help="Rewrite the files in place (default: print to stdout).")
@handled
def normalize(files: tuple[Path, ...], write: bool) -> None:
    """Apply the normaliser (full-width punctuation between CJK, “” quotes, ——, ……) to article files.

    Front matter values and the body are normalised; keys, Markdown marks and Latin runs are kept."""
    from layout.files import LIMITS, read_regular
    from layout.source.normalize_file import normalize_article_text, stray_space_notes
    from layout.writer import write_atomic

    for path in files:
        raw = read_regular(path, "article", LIMITS["article"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LayoutError(Diagnostic(Level.ERROR, "not UTF-8 text", str(path),
                                         hint="convert it first: iconv -f gb18030 -t utf-8")) from None
        new = normalize_article_text(text)
        for note in stray_space_notes(text):
            say(f"{path}: note: {note}", err=True)
        if write:
            if new != text:
                write_atomic(path, new.encode("utf-8"))  # all or nothing, file by file
                say(f"normalised {path}")
        else:
            click.echo(new, nl=False)



@main.command(epilog=EXAMPLES["init"])
@click.argument("folder", type=click.Path(path_type=Path), required=False)
@click.option("--style", help="The edition's style: a shipped one (tianjin-daily, the default), or a new name, "
                              "started in the edition's styles/ as a style that extends --extends.")
@click.option("--extends", help="The shipped style a new style extends (default tianjin-daily).")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), help="Publication date (default today).")
@click.option("--issue", type=click.IntRange(1), default=1, show_default=True, help="Issue number.")
@handled
def init(folder: Path | None, style: str | None, extends: str | None, date: Any, issue: int) -> None:
    """Start an edition in FOLDER (a plan, two articles, a photo slot) that renders at once; or, without
    FOLDER, a style of your own in ./styles/ (--style NAME) that extends a shipped one."""
    from layout import scaffold

    if folder is None:
        if not style:
            raise click.UsageError("give a FOLDER for a new edition, or --style NAME for a new style")
        path = scaffold.new_style(Path("."), style, extends or scaffold.DEFAULT_STYLE, explicit=extends is not None)
        say(f"wrote {escape_controls(str(path), False)} (extends {extends or scaffold.DEFAULT_STYLE})")
        if Path("edition.yaml").is_file():
            say(f"to use it, write `style: {style}` in edition.yaml")
        return
    made = scaffold.new_edition(folder, style or scaffold.DEFAULT_STYLE, extends,
                                date.date() if date else None, issue)
    for path in made.files:
        say(f"wrote {escape_controls(str(path), False)}")
    shown = escape_controls(str(folder), False)
    say(f"next: layout check {shown}   (or `layout serve {shown}` to watch the page as you edit)")


@main.command(epilog=EXAMPLES["serve"])
@click.argument("edition", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine's loopback shows the edition to the network.")
@click.option("--dpi", type=float, default=72.0, show_default=True, help="Resolution of the page images.")
@click.option("--editor", default="vscode", show_default=True,
              help="Links from a box to its plan line: vscode, editor (editor://), none, or a pattern with "
                   "{path}, {line}, {col}.")
@ALLOW_PATH
@handled
def serve(edition: Path, port: int, host: str, dpi: float, editor: str, allow_path: tuple[Path, ...]) -> None:
    """Show EDITION's pages in the browser as they are rendered, updated on every save: the box overlay,
    overset and warnings beside the page and on it, each box's plan entry, errors on the page."""
    from layout.serve import Desk, start_server

    _edition_arg(edition)  # a missing edition is said before anything listens
    desk = Desk(_named(edition), dpi=dpi, editor=editor, allow=allow_path)
    server = start_server(desk, host, port)
    say(f"serving {escape_controls(str(edition), False)} at {server.url} (Ctrl-C to stop)")
    if host.strip("[]") not in ("127.0.0.1", "localhost", "::1"):
        say(f"warning: listening on {host}: other machines can see this edition", err=True)
    try:
        desk.run(echo=say)
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.stop()

def _size(value: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
    text = value.strip().upper().removesuffix("B")
    unit = text[-1:] if text[-1:] in units else ""
    try:
        return int(float(text[: len(text) - len(unit)]) * units[unit])
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a size like 500M or 2G") from None


@main.command(epilog="\b\nExamples:\n  layout lsp          started by the editor (docs/lsp.md), never by hand")
def lsp() -> None:
    """A language server on stdin/stdout for edition.yaml, styles, ads.yaml and articles/*.md: the checks of
    `layout check` as you type, completion of story slugs, photo ids, style names, keys and units, hover on a
    box (its place and copyfit) and on a story, go to a story's article (docs/lsp.md)."""
    from layout.lsp.features import main as serve_lsp

    serve_lsp()


@main.command("cache", epilog="""\b
Examples:
  layout cache                     what is cached, per kind, and where
  layout cache --prune             drop entries unused for 60 days, then the oldest above 2 GB
  layout cache --prune --max-size 500M --max-age 7
  layout cache --clear             empty the cache (the next render draws every page again)""")
@click.option("--prune", is_flag=True, help="Remove old entries (by age, then by total size).")
@click.option("--clear", "clear_all", is_flag=True, help="Remove every entry.")
@click.option("--max-size", default="2G", show_default=True, help="Size the cache is pruned down to.")
@click.option("--max-age", type=float, default=60.0, show_default=True, help="Days an unused entry is kept.")
@handled
def cache_command(prune: bool, clear_all: bool, max_size: str, max_age: float) -> None:
    """Show, prune or clear the cache ($LAYOUT_CACHE_DIR, else ~/.cache/layout): font metrics, file
    digests, broken paragraphs, drawn pages, finished PDFs, preflight results and plans seen valid, each keyed
    by everything that decides it."""
    from layout import cache

    if clear_all:
        cache.clear()
        say(f"cleared {cache.cache_root()}")
    elif prune:
        files, freed = cache.prune(_size(max_size), max_age)
        say(f"pruned {files} entries, {freed / 1024**2:.1f} MB freed")
    total = 0
    say(f"cache: {cache.cache_root()}")
    for name, (files, size) in cache.usage().items():
        total += size
        say(f"  {name:<10} {files:>6} files {size / 1024**2:>9.1f} MB  {cache.NAMESPACES[name]}")
    say(f"  {'total':<10} {'':>6}       {total / 1024**2:>9.1f} MB")
