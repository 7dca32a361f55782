"""`layout lsp --desk`: the desk (the page in the browser, docs/desk.md) served from the language server's
process, on one edition state.

- The desk renders the **saved** files on every save, as `layout serve` does. Its render is the state the
  editor is told about while the editor has no unsaved change in that edition: the diagnostics, hover and
  completion come from the very `Laid` the browser shows (`Analysis.origin` says so in a hover), and the
  edition is laid out once per save, not once for the browser and once for the editor.
- While a buffer of the edition differs from its file, the server checks the unsaved buffers itself
  (`analysis.analyse` over `infra.files.overlay`), as without the desk; the browser shows the saved files.
- A click on an editor link in the browser (a text line's paragraph, a box's plan entry, a message's place)
  is a `POST /open` to the desk (`desk/serve.py` guards it); the server asks the editor to show that file
  there (`window/showDocument`, the article's paragraph selected). Only files inside the edition are opened.

Threads: pygls runs its event loop in the main thread; the desk's render worker, its watcher and the HTTP
threads run beside it. They never touch the server's state: a render and a click are handed to the loop
with `call_soon_threadsafe`. `stop` (on `shutdown`, on `exit`, when stdin closes) closes the port and ends
the worker."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote_to_bytes

from lsprotocol import types as t
from pygls.uris import from_fs_path

from layout.errors import Diagnostic, LayoutError, escape_controls
from layout.lsp.analysis import Analysis, as_checked, by_file

if TYPE_CHECKING:
    from layout.desk.serve import Running
    from layout.desk.state import Desk
    from layout.run.incremental import Increment

OPEN_LINK = "/open?file={path}&line={line}&col={col}"  # the desk's editor links: a click posts them back
_LINK = re.compile(r"/open\?file=([^&]+)&line=(\d{1,7})&col=(\d{1,7})")
OPENABLE = (".md", ".yaml")
MAX_LINE = 1_000_000


@dataclass(frozen=True, slots=True)
class Place:
    """Where to show a file: 0-based lines and UTF-16 columns, as the protocol counts them."""

    path: Path
    start: tuple[int, int]
    end: tuple[int, int]


class Editor(Protocol):
    """What the desk needs of the language server (`server.LayoutServer`)."""

    @property
    def client_capabilities(self) -> t.ClientCapabilities: ...

    def window_show_message(self, params: t.ShowMessageParams) -> None: ...

    def take_render(self, analysis: Analysis) -> None: ...

    def show(self, place: Place) -> None: ...


class SharedDesk:
    """The desk inside the server: started on the first edition the editor works in (or `--edition`)."""

    def __init__(self, server: Editor, port: int, dpi: float = 72.0, edition: Path | None = None) -> None:
        self.server = server
        self.port = port
        self.dpi = dpi
        self.edition = edition.absolute() if edition else None
        self.desk: Desk | None = None
        self.running: Running | None = None
        self.worker: threading.Thread | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.last: Analysis | None = None  # the desk's last render, as the editor is told of it
        self.tried = False
        self.stopped = False

    def serves(self, folder: Path) -> bool:
        return self.desk is not None and self.desk.folder == folder.absolute()

    def want(self, folder: Path) -> None:
        """Start the desk on `folder` unless it runs (or failed to start), or `--edition` names another."""
        if self.tried or (self.edition is not None and self.edition != folder.absolute()):
            return
        self.tried = True
        from layout.desk.serve import start_server
        from layout.desk.state import Desk

        self.loop = asyncio.get_running_loop()
        desk = Desk(folder, dpi=self.dpi, editor=OPEN_LINK)
        try:
            self.running = start_server(desk, "127.0.0.1", self.port, opener=self.open)
        except LayoutError as exc:
            self.tell(t.MessageType.Warning, "layout desk not started: " + "; ".join(
                escape_controls(d.message) + (f" (hint: {escape_controls(d.hint)})" if d.hint else "")
                for d in exc.diagnostics))
            return
        self.desk = desk
        desk.listeners.append(self._rendered)
        self.worker = desk.start(echo=lambda line: print(line, file=sys.stderr, flush=True))
        self.tell(t.MessageType.Info, f"layout desk: {self.running.url} shows "
                                      f"{escape_controls(str(folder), False)}; a click on a text line opens it here")

    def tell(self, kind: t.MessageType, text: str) -> None:
        print(text, file=sys.stderr, flush=True)
        self.server.window_show_message(t.ShowMessageParams(kind, text))

    def _rendered(self, built: Increment | None, errors: tuple[Diagnostic, ...]) -> None:
        """In the desk's worker: a render was published; the loop takes it over."""
        desk, loop = self.desk, self.loop
        if desk is None or loop is None or loop.is_closed() or self.stopped:
            return
        found = as_checked(built.laid.warnings) if built else list(errors)
        analysis = Analysis(desk.folder, by_file(desk.folder, found), built.laid.edition if built else None,
                            built.laid if built else None,
                            origin=f"as on the desk: its render {desk.version}, of the saved files")
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the server is going
            loop.call_soon_threadsafe(self.server.take_render, analysis)

    def open(self, link: str) -> tuple[int, str]:
        """In an HTTP thread: the browser asks to open one of the desk's links (`OPEN_LINK`: a file, a line, a
        column). Only a file inside the edition; an article is shown with the paragraph at that line selected."""
        desk, loop = self.desk, self.loop
        match = _LINK.fullmatch(link)
        if match is None:
            return 400, "not a link of this desk"
        file, line, col = match.group(1), int(match.group(2)), int(match.group(3))
        if desk is None or loop is None:
            return 503, "the desk is not running"
        window = self.server.client_capabilities.window
        if window is None or window.show_document is None or not window.show_document.support:
            return 501, "this editor does not let its language server open files (window/showDocument)"
        try:
            place = place_of(desk.folder, file, line, col)
        except ValueError as exc:
            return 403, str(exc)
        loop.call_soon_threadsafe(self.server.show, place)
        return 202, f"opening {escape_controls(place.path.name, False)}:{place.start[0] + 1} in the editor"

    def stop(self, wait: float = 0.0) -> None:
        """Close the port and stop the worker: it ends after the render it may be in, which is awaited for
        `wait` seconds (none on `shutdown`: the editor is not kept waiting; a few when the process ends)."""
        self.stopped = True
        running, self.running = self.running, None
        if running is not None:
            running.stop()
        if self.worker is not None and wait:
            self.worker.join(timeout=wait)


def place_of(folder: Path, file: str, line: int, col: int) -> Place:
    """The place a link names, if the file is an article, plan or style inside the edition `folder`."""
    raw = unquote_to_bytes(file)
    path = Path(raw.decode("utf-8", "surrogateescape")).resolve()
    if not path.is_relative_to(folder.resolve()) or path.suffix not in OPENABLE or not path.is_file():
        raise ValueError("only an article, the plan or a style inside the edition is opened")
    if not (1 <= line <= MAX_LINE and 1 <= col <= MAX_LINE):
        raise ValueError("no such line")
    from layout.infra.files import LIMITS, read_regular

    try:
        lines = read_regular(path, "article", LIMITS["article"]).decode("utf-8", "replace").splitlines()
    except LayoutError as exc:
        raise ValueError(exc.diagnostics[0].message) from None
    if path.suffix != ".md":
        at = min(line, len(lines) or 1) - 1
        here = (at, utf16(lines[at][:col - 1] if at < len(lines) else ""))
        return Place(path, here, here)
    first, last = paragraph_lines(lines, line)
    return Place(path, (first, 0), (last, utf16(lines[last] if last < len(lines) else "")))


def utf16(text: str) -> int:
    """The length of `text` as the protocol counts columns (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def paragraph_lines(lines: list[str], line: int) -> tuple[int, int]:
    """0-based first and last line of the paragraph that starts at 1-based `line`: the lines up to the next
    blank one."""
    first = min(max(line, 1), max(len(lines), 1)) - 1
    last = first
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    return first, last


def uri_of(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()
