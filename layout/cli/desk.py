"""The editor's commands: `layout watch`, `layout serve`, `layout init`, `layout normalize`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from layout.cli.base import ALLOW_PATH, EXAMPLES, edition_arg, handled, main, named_path, say
from layout.errors import Diagnostic, LayoutError, Level, escape_controls


@main.command(epilog=EXAMPLES["watch"])
@click.argument("edition", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Output folder (default out/<edition>).")
@click.option("--proofs/--no-proofs", default=True, help="Rewrite the PNG proofs of changed pages.")
@click.option("--dpi", type=float, default=60.0, show_default=True)
@handled
def watch(edition: Path, out_dir: Path | None, proofs: bool, dpi: float) -> None:
    """Re-render EDITION whenever one of its files or its style changes; errors are shown, watching goes on."""
    from layout.desk.watch import WatchState, run

    edition_arg(edition)  # a missing edition is said before anything is watched
    say(f"watching {escape_controls(str(edition), False)} (Ctrl-C to stop)")
    try:
        run(WatchState(named_path(edition), out_dir, proofs, dpi), say)
    except KeyboardInterrupt:
        say("stopped")


@main.command(epilog=EXAMPLES["normalize"])
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--write", is_flag=True, help="Rewrite the files in place (default: print to stdout).")
@handled
def normalize(files: tuple[Path, ...], write: bool) -> None:
    """Apply the normaliser (full-width punctuation between CJK, “” quotes, ——, ……) to article files.

    Front matter values and the body are normalised; keys, Markdown marks and Latin runs are kept."""
    from layout.infra.files import LIMITS, read_regular
    from layout.infra.writer import write_atomic
    from layout.source.normalize_file import normalize_article_text, stray_space_notes

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
    from layout.desk import scaffold

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
    from layout.desk import Desk, start_server

    edition_arg(edition)  # a missing edition is said before anything listens
    desk = Desk(named_path(edition), dpi=dpi, editor=editor, allow=allow_path)
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


@main.command(epilog="\b\nExamples:\n  layout lsp          started by the editor (docs/lsp.md), never by hand\n"
                     "  layout lsp --desk   the desk's page too, at http://127.0.0.1:8765/ (docs/desk.md)")
@click.option("--desk", is_flag=True, help="Serve the desk (the page in the browser, as `layout serve`) from this "
                                           "process too, on one edition state: a click on a text line in the page "
                                           "opens the article at that paragraph in this editor.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The desk's port on 127.0.0.1 (0: any free port; the editor is told the address).")
@click.option("--edition", type=click.Path(path_type=Path),
              help="The edition the desk shows (default: the workspace's, else the first one a file is opened in).")
@click.option("--dpi", type=float, default=72.0, show_default=True, help="Resolution of the desk's page images.")
@handled
def lsp(desk: bool, port: int, edition: Path | None, dpi: float) -> None:
    """A language server on stdin/stdout for edition.yaml, styles, ads.yaml and articles/*.md: the checks of
    `layout check` as you type, completion of story slugs, photo ids, style names, keys and units, hover on a
    box (its place and copyfit) and on a story, go to a story's article (docs/lsp.md); with --desk, the desk's
    page in the browser from the same process (docs/desk.md)."""
    from layout.lsp.features import main as serve_lsp

    folder = named_path(edition_arg(edition)) if edition is not None else None  # a missing one said first
    serve_lsp(desk, port, folder, dpi)
