"""What every command shares: the `layout` group (`main`), its help and examples, the error handling
(`handled`: a LayoutError is one message and exit 2 or 1, never a traceback), printing (`say`) and the
options several commands take."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from layout.errors import Diagnostic, LayoutError, escape_controls

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


def say(text: str, err: bool = False) -> None:
    """Every line a command prints, but JSON and an article's own text (`layout normalize` without
    --write): strings from outside (file names, ads.yaml fields, messages of libraries) made visible by
    `escape_controls`, never sent to the terminal as escape sequences."""
    click.echo(escape_controls(text), err=err)


def print_diags(diags: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    """Every diagnostic of the run at once, grouped by file in source order and bounded (layout/infra/snippets.py):
    with its source line and a marker, or one line each under `--diagnostic-format short`."""
    from layout.infra.snippets import render_all

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
            print_diags(exc.diagnostics)
            if ctx.params.get("as_json"):
                from layout.desk.reports.jsonout import dumps, error_json

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


AS_PROGRAM = False  # set by `run` (the console script, `python -m layout`), never by a test's CliRunner


def exit_now(code: int = 0) -> None:
    """A command that has committed its output ends the process here, as mypy's command line does: output
    flushed, logging shut down, then `os._exit` — not the ~0.3 s of an interpreter freeing every object of a
    render (issue 29; docs/performance.md, "Lean processes"). The caller has closed its progress bars, pools and
    the output lock, and the caches are written (each write is atomic and done before it returns). Only when
    the command line runs as a program (`run`); in tests and library calls it returns and nothing happens."""
    if not AS_PROGRAM:
        return
    import logging

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: leave the ordinary way, which reports it
        return
    logging.shutdown()
    os._exit(code)


MAX_PAGE = 999
DPI = click.FloatRange(1.0, 2400.0)  # a page image's size is bounded by MAX_RASTER_PIXELS (layout/tools/raster.py)


def page_numbers(value: str | None) -> set[int] | None:
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


def edition_arg(edition: Path) -> Path:
    """The edition folder (given as the folder or its edition.yaml); a missing one is an error naming it
    (and the folder it may have meant), before anything starts watching or serving."""
    from layout.source.edition import edition_folder

    return edition_folder(edition)


def named_path(edition: Path) -> Path:
    """The edition folder by the path the user gave (absolute, links not resolved): `watch` and `serve`
    follow that path, so a folder deleted and restored, or swapped for a link, is followed."""
    folder = edition.parent if edition.name == "edition.yaml" and not edition.is_dir() else edition
    return folder.absolute()


FINAL = click.option(
    "--final", is_flag=True,
    help="The render for the plant: a booked ad whose PDF has not arrived (or a booking no box places) is an "
         "error, not a placeholder.")


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="layout", prog_name="layout")  # the version looked up when asked
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("--diagnostic-format", "diagnostic_format", type=click.Choice(["rich", "short"]), default="rich",
              help="How problems are printed: with the source line and a marker under the span (rich), or one "
                   "`file:line:col: error: message` line each for scripts (short).")
def main(debug: bool, diagnostic_format: str) -> None:
    """Typeset a Chinese newspaper edition (articles + page plan) into a print-ready PDF."""
