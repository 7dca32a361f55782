"""Commands that report on an edition without writing it: `layout check`, `layout fonts`, `layout ads`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from layout.cli.base import ALLOW_PATH, EXAMPLES, FINAL, JSON_OPTION, handled, main, print_diags, say
from layout.errors import OVERSET_CODES

if TYPE_CHECKING:
    from layout.errors import Diagnostic
    from layout.run.options import Options


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
    from layout.run.options import Options
    from layout.run.replay import found

    options = Options(allow_overset=True, final=final, allow=allow_path)
    command = "check" + (" --json" if as_json else "") + (" --allow-overset" if allow_overset else "")
    state = found(edition, options, command)  # the same inputs checked before: what it said then
    printed, problems, code = ((state.report[0], list(state.warnings), state.report[1]) if state is not None
                               else _checked(edition, options, command, allow_overset, as_json))
    for text in printed:
        if as_json:
            click.echo(text)
        else:
            say(text)
    print_diags(problems)
    if code:
        sys.exit(code)


def _checked(edition: Path, options: Options, command: str, allow_overset: bool,
             as_json: bool) -> tuple[tuple[str, ...], list[Diagnostic], int]:
    """`layout check` done (recorded, its report kept for the next check of the same inputs): what it prints
    on stdout, its problems and its exit code."""
    from layout.run.overset import overset_severity
    from layout.run.record import keep_report, recorded_layout

    laid, inputs = recorded_layout(edition, options)
    # overset is an error here as in `render` (exit 1), a warning with --allow-overset as there: in JSON too
    problems = overset_severity(laid.warnings, allow_overset)
    printed: tuple[str, ...]
    if as_json:
        from layout.desk.reports.jsonout import check_json, dumps

        printed = (dumps(check_json(laid, problems)),)
    else:
        from layout.desk.reports.copyfit import copyfit_table, table_report

        printed = (copyfit_table(laid.flowed.fits, laid.edition.articles),
                   *((table_report(laid.flowed.tables),) if laid.flowed.tables else ()))
    stops = (any(d.code in OVERSET_CODES for d in laid.warnings) or laid.flowed.table_problems)
    code = 1 if stops and not allow_overset else 0
    keep_report(edition, options, command, inputs, printed, problems, code)
    return printed, problems, code


@main.command(epilog=EXAMPLES["fonts"])
@click.argument("edition", type=click.Path(path_type=Path), required=False)
@handled
def fonts(edition: Path | None) -> None:
    """Which file serves each font role, and its coverage of EDITION's characters."""
    from layout.desk.reports.fonts import fonts_report

    say(fonts_report(edition))


@main.command(epilog=EXAMPLES["ads"])
@click.argument("edition", type=click.Path(path_type=Path))
@ALLOW_PATH
@handled
def ads(edition: Path, allow_path: tuple[Path, ...]) -> None:
    """The ads of EDITION (the ad list and every `ad:` box), each with its state: placed, missing (a
    placeholder until the PDF arrives), refused (and why), not placed. Exit 1 unless every ad is placed."""
    from layout.desk.reports.ads import ad_rows, ads_table
    from layout.run.pipeline import load

    rows = ad_rows(load(edition, allow_path))
    say(ads_table(rows))
    if any(r.state != "placed" for r in rows):
        sys.exit(1)
