"""`layout render` (one edition, or the night's run of several) and `layout epaper`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from layout.cli.base import (
    ALLOW_PATH,
    EXAMPLES,
    FINAL,
    JSON_OPTION,
    exit_now,
    handled,
    main,
    page_numbers,
    print_diags,
    say,
)

if TYPE_CHECKING:
    from layout.run.options import Options
    from layout.run.pipeline import Rendered


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
    from layout.run.options import Options

    options = Options(allow_overset, allow_missing_glyphs, crop_marks, allow_path, final)
    if epaper_dir is not None and pages:
        raise click.BadParameter("the e-paper needs every page: leave out --pages", param_hint="--epaper")
    if len(editions) == 1 and not pages and epaper_dir is None and not as_json and _replayed(editions[0], out_dir,
                                                                                          options, changed_only):
        exit_now(0)
        return
    from layout.cli import base
    from layout.infra import gcpause
    from layout.run.night import editions_in

    gcpause.FREEZE_AFTER = base.AS_PROGRAM  # one render, then the fast exit: what is laid out is never collected
    folders = editions_in(editions)
    if len(folders) == 1 and folders[0] == editions[0]:
        _render_one(folders[0], out_dir, options, page_numbers(pages), changed_only, epaper_dir, as_json)
    elif pages:
        raise click.BadParameter("--pages renders one edition: name a single edition folder", param_hint="--pages")
    else:
        _render_night(folders, out_dir, options, changed_only, epaper_dir, as_json)
    exit_now(0)  # the output is committed and reported: no need to free every object on the way out


def _replayed(folder: Path, out_dir: Path | None, options: Options, changed_only: bool) -> bool:
    """A warm render: the output the last render of the same inputs kept, written again and reported as it was
    (layout/run/replay.py); False when there is none to use (then the edition is rendered)."""
    from layout.run.replay import replay

    done = replay(folder, out_dir, options, send=changed_only)
    if done is None:
        return False
    print_diags([*done.warnings, *done.changes.warnings])
    say(done.summary())
    say(done.changes.report())
    return True


def _render_one(folder: Path, out_dir: Path | None, options: Options, chosen: set[int] | None, changed_only: bool,
                epaper_dir: Path | None, as_json: bool) -> None:
    from layout.run.options import Selection
    from layout.run.record import recorded_render

    done = recorded_render(folder, out_dir, options, Selection(chosen, changed_only))
    print_diags([*done.laid.warnings, *(done.changes.warnings if done.changes else ())])
    _epaper_of((done,), epaper_dir, as_json)
    if as_json:
        from layout.desk.reports.jsonout import dumps, render_json

        click.echo(dumps(render_json(done, chosen)))
        return
    say(done.summary())
    if done.changes is not None:
        say(done.changes.report())


def _render_night(folders: list[Path], out_dir: Path | None, options: Options, changed_only: bool,
                  epaper_dir: Path | None, as_json: bool) -> None:
    from layout.run.night import render_night
    from layout.run.options import Selection

    night = render_night(folders, out_dir, options, Selection(changed_only=changed_only))
    for done in night.rendered:
        print_diags([*done.laid.warnings, *(done.changes.warnings if done.changes else ())])
    _epaper_of(night.rendered, epaper_dir, as_json)
    if as_json:
        from layout.desk.reports.jsonout import dumps, render_json

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
    from layout.run.night import editions_in
    from layout.run.options import Options
    from layout.run.pipeline import build

    settings = ImageSettings(width, image_format, quality).check()
    printed = []
    for folder in editions_in(editions):
        built = build(folder, Options(allow=allow_path, final=final))
        print_diags(list(built.laid.warnings))
        printed.append(from_built(built))
    say(report(publish_all(printed, out_dir, settings)))
    exit_now(0)
