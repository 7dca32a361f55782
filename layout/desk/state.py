"""The editor's desk: an edition rendered in memory on every save, its pages as PNG images and what the
page in the browser shows (boxes, copyfit, overset, warnings, errors) as one JSON state.

One worker thread renders (the first time, then on each batch of file changes from watchfiles); the HTTP
threads only read the last published state and images. Nothing is written to disk: the PDF is drawn in
memory (`pipeline.build`), the pages are rasterised with pypdfium2, and only pages whose PDF bytes
changed are rasterised again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from layout.desk.reports.jsonout import JSON, check_json, diagnostic_json
from layout.desk.view import Shown, page_states, plan_entry
from layout.desk.watch import Batch, Follower, batches_of, overset_lines, relevant, rendered_line, say_new, shown, timed
from layout.errors import Diagnostic, LayoutError, Level, safe
from layout.infra.files import visible
from layout.infra.yamlio.read import kept_documents

if TYPE_CHECKING:
    from layout.model.flow import StoryFit
    from layout.run.incremental import Increment, Incremental

__all__ = ["EDITORS", "Desk", "editor_pattern", "plan_entry"]

EDITORS = {
    "vscode": "vscode://file{path}:{line}:{col}",  # {path} is absolute: vscode://file/home/…/edition.yaml:12:9
    "editor": "editor://open?file={path}&line={line}&column={col}",
    "none": "",
}
Echo = Callable[[str], None]
Listener = Callable[["Increment | None", "tuple[Diagnostic, ...]"], None]  # a render's result or its errors
Pages = tuple[list[JSON], list[JSON], list[JSON]]  # what the page shows: pages, overset, warnings (`page_states`)


def editor_pattern(editor: str) -> str:
    """`vscode`, `editor`, `none`, or a pattern of its own with {path}, {line} and {col}."""
    if editor in EDITORS:
        return EDITORS[editor]
    try:
        editor.format(path="/p", line=1, col=1)
        usable = "{path}" in editor
    except (KeyError, IndexError, ValueError):
        usable = False
    if not usable:
        raise LayoutError(Diagnostic(Level.ERROR, f"--editor '{visible(editor)}' is not vscode, editor, none or a "
                                     "pattern with {path} (and {line}, {col})",
                                     hint="e.g. --editor 'idea://open?file={path}&line={line}'"))
    return editor


class Desk:
    """State of one edition on the desk; `run` renders and watches, the server reads `state_bytes` and
    `image`, and `wait` lets the live-update stream sleep until something new is published."""

    def __init__(self, folder: Path, dpi: float = 72.0, editor: str = "vscode", allow: tuple[Path, ...] = ()) -> None:
        self.folder = folder.absolute()  # as the user named it: a folder swapped for a link is followed
        self.dpi = dpi
        self.link_pattern = editor_pattern(editor)
        self.allow = allow
        self.stopping = threading.Event()
        self._cond = threading.Condition()
        self._version = 0
        self._state: JSON = {"version": 0, "status": "rendering", "ok": True, "stale": False, "errors": [],
                             "warnings": [], "overset": [], "pages": [], "stories": [], "changed": [],
                             "folder": str(self.folder)}
        self._state_bytes = state_json(self._state)
        self._images: dict[str, bytes] = {}
        self._keys: dict[int, str] = {}  # page number → the key of its image (a hash of its PDF and the dpi)
        self._said: set[str] = set()  # messages echoed to the terminal after the last render
        self._notice = ""  # what the watcher last said about the edition's folder (replaced, a link, gone)
        self.listeners: list[Listener] = []  # told of each render once it is published (`layout lsp --desk`)
        self._edition: Incremental | None = None  # made by the worker's first render (imports the engine)
        self._links: dict[str, bytes] = {}  # a file named in the state → its resolved path (per render)
        self._image_keys: dict[int, tuple[bytes, str]] = {}  # id of a page's PDF bytes → (those bytes, image key)
        # the page images are drawn here while the state is made (one thread: PDFium is not thread-safe)
        self._drawer = ThreadPoolExecutor(1, thread_name_prefix="layout-desk-draw")

    # --- what the server reads -------------------------------------------------------------------------

    @property
    def version(self) -> int:
        with self._cond:
            return self._version

    def state(self) -> JSON:
        with self._cond:
            state: JSON = json.loads(self._state_bytes)
            return state

    def _last(self) -> JSON:
        """The last published state itself (not a copy: read only; `state` is the copy for others)."""
        with self._cond:
            return self._state

    def state_bytes(self) -> tuple[int, bytes]:
        with self._cond:
            return self._version, self._state_bytes

    def image_url(self, number: int) -> str | None:
        key = self._keys.get(number)
        return f"/page/{key}.png" if key else None

    def image(self, key: str) -> bytes | None:
        with self._cond:
            return self._images.get(key)

    def wait(self, version: int, timeout: float) -> int:
        """Block until a state newer than `version` is published (or the desk stops, or `timeout`)."""
        with self._cond:
            self._cond.wait_for(lambda: self._version != version or self.stopping.is_set(), timeout)
            return self._version

    # --- the worker --------------------------------------------------------------------------------------

    def _publish(self, **changes: Any) -> None:
        with self._cond:
            self._version += 1
            self._state = {**self._state, **changes, "version": self._version}
            self._state_bytes = state_json(self._state)
            self._cond.notify_all()

    def _publish_status(self, status: str) -> None:
        """The state as it is with another status (`rendering`): its JSON is the last one's with the head
        written anew (the state begins with its version and status; ~5 ms of JSON less in every save)."""
        with self._cond:
            head = status_head(self._state["version"], self._state["status"])
            if not self._state_bytes.startswith(head):  # never: the state's first two keys
                self._publish(status=status)
                return
            self._version += 1
            self._state = {**self._state, "status": status, "version": self._version}
            self._state_bytes = status_head(self._version, status) + self._state_bytes[len(head):]
            self._cond.notify_all()

    def _publish_images(self, images: dict[str, bytes], keys: dict[int, str]) -> None:
        shown = set(keys.values())
        self._image_keys = {i: (blob, key) for i, (blob, key) in self._image_keys.items() if key in shown}
        with self._cond:
            kept = {k: v for k, v in self._images.items() if k in keys.values()}
            self._images = {**kept, **images}
            self._keys = keys

    def rebuild(self, echo: Echo | None = None) -> None:
        """Render once and publish the result: the pages, or the errors beside the last good pages."""
        self._publish_status("rendering")
        done, errors, seconds = timed(self._render)
        state = self.ready_state(*done, seconds) if done else self.error_state(errors, seconds)
        self._publish(**state)
        for listener in list(self.listeners):
            listener(done[0] if done else None, tuple(errors))
        if echo is not None:
            self._echo(state, echo, done[0].laid.flowed.fits if done else ())
        if self._edition is not None:
            self._edition.settle()

    def _render(self) -> tuple[Increment, JSON, Pages, list[int]]:
        """The edition updated in memory (only what the saves changed is laid out, drawn and finished again:
        layout/run/incremental.py), its `check_json`, what the page shows of each page (with the plan's lines,
        read with it: the folder may be gone a moment later) and the pages whose images changed. The new
        page images are drawn on the desk's drawing thread meanwhile (PDFium releases the GIL) and published
        before this returns."""
        from layout.run.incremental import Incremental
        from layout.run.options import Options

        if self._edition is None:
            self._edition = Incremental(self.folder, Options(allow_overset=True, crop_marks=False, allow=self.allow))
        self._links.clear()
        done = self._edition.update()
        numbers = tuple(p.number for p in done.plates)
        keys = {n: self._image_key(blob) for n, (_name, blob) in zip(numbers, done.files, strict=True)}
        todo = {keys[n]: blob for n, (_name, blob) in zip(numbers, done.files, strict=True)
                if self.image(keys[n]) is None}
        try:
            drawing = self._drawer.submit(page_images, todo, self.dpi)
        except RuntimeError:  # the desk was stopped (its drawing thread with it): drawn here
            drawing = Future()
            drawing.set_result(page_images(todo, self.dpi))
        try:
            with kept_documents(self._edition.documents):
                report = check_json(done.laid)
            plan_lines = read_plan(Path(report["edition"]["plan"]))
            shown = Shown(self.link, lambda n: f"/page/{keys[n]}.png" if n in keys else None, self._diag)
            pages = page_states(shown, done.laid, report, plan_lines)
        finally:
            images = drawing.result()  # waited for whatever happened meanwhile (one thread draws at a time)
        first = not self._keys
        changed = [n for n in numbers if self._keys.get(n) != keys[n]]
        self._publish_images(images, keys)
        return done, report, pages, [] if first else changed  # the first render changes nothing: it shows the pages

    def _image_key(self, blob: bytes) -> str:
        """The key of a page's image: a hash of its PDF and the resolution. The incremental edition hands the
        very bytes object of a page that did not change, so its key is kept with it (by that object, held)."""
        found = self._image_keys.get(id(blob))
        if found is not None and found[0] is blob:
            return found[1]
        key = hashlib.sha256(blob + f"|{self.dpi}".encode()).hexdigest()[:24]
        self._image_keys[id(blob)] = (blob, key)
        return key

    def link(self, file: str | None, line: int | None, col: int | None) -> str | None:
        if not self.link_pattern or not file:
            return None
        raw = self._links.get(file)
        if raw is None:
            path = str(Path(file).resolve())
            try:
                raw = os.fsencode(path)  # a file name that is not UTF-8 keeps its bytes
            except UnicodeEncodeError:
                raw = path.encode("utf-8", "backslashreplace")
            self._links[file] = raw
        return self.link_pattern.format(path=quote(raw), line=line or 1, col=col or 1)

    def _diag(self, d: Diagnostic) -> JSON:
        return {**diagnostic_json(d), "text": shown(d.format()), "link": self.link(d.file, d.line, d.col)}

    def ready_state(self, built: Increment, report: JSON, shown: Pages, changed: list[int], seconds: float) -> JSON:
        pages, overset, warnings = shown
        return {"status": "ready", "ok": True, "stale": False, "first": "edition" not in self._last(),
                "errors": [], "warnings": warnings,
                "overset": overset, "pages": pages, "stories": report["stories"], "edition": report["edition"],
                "grid": report["grid"], "changed": changed, "seconds": round(seconds, 2),
                "rendered_at": dt.datetime.now().strftime("%H:%M:%S"), "notice": self._notice}

    def error_state(self, diags: Iterable[Diagnostic], seconds: float) -> JSON:
        """The errors; the pages of the last good render stay, marked stale."""
        return {"status": "error", "ok": False, "stale": bool(self._last()["pages"]),
                "errors": [self._diag(d) for d in diags], "changed": [], "seconds": round(seconds, 2),
                "rendered_at": dt.datetime.now().strftime("%H:%M:%S"), "notice": self._notice}

    def _echo(self, state: JSON, echo: Echo, fits: Iterable[StoryFit]) -> None:
        """The terminal gets one line per render, and only the messages it has not shown just before: the
        warnings said before a failed render are still known after it (a recovery does not say them again)."""
        before = self._said
        self._said = say_new(self._said, [d["text"] for d in state["errors"] + state.get("warnings", [])], echo,
                             repeats=False)
        if state["status"] != "ready":
            self._said |= before
        for line in overset_lines(fits):
            echo(line)
        if state["status"] == "ready":
            echo(rendered_line(state["first"], len(state["pages"]), state["changed"], state["seconds"]))
        else:
            echo(f"not rendered ({state['seconds']:.2f} s): the errors are on the page too")

    def run(self, echo: Echo | None = None, changes: Iterable[Iterable[tuple[Any, str]]] | None = None) -> None:
        """Render, then render again after every batch of relevant file changes, until `stop`. The files are
        watched from before the first render (a save during a render renders again after it), by the
        edition's path (a folder deleted and restored, or swapped for a link, is followed and said)."""
        source = batches_of(changes) if changes is not None else Follower(self.folder, self.stopping).start()
        self.rebuild(echo)
        for batch in source:
            if self.stopping.is_set():
                break
            self._take(batch, echo)

    def _take(self, batch: Batch, echo: Echo | None) -> None:
        """One batch from the watcher: a notice about the folder is said (once) and kept in the state; a
        folder that is gone is an error on the page; any other change renders again."""
        if batch.notice and batch.notice != self._notice and echo is not None:
            echo(batch.notice)
        self._notice = batch.notice or self._notice
        if batch.gone:
            diag = Diagnostic(Level.ERROR, batch.notice, hint="the desk renders it again when it is back")
            self._publish(**self.error_state((diag,), 0.0))
            return
        files = relevant(list(batch.files))
        if batch.files and not files:
            return  # an editor's temporary file
        if files and echo is not None:
            echo("changed: " + ", ".join(sorted({shown(f.name, False) for f in files})))
        self.rebuild(echo)

    def start(self, echo: Echo | None = None) -> threading.Thread:
        """`run` in a background thread (tests, and a server that does not block)."""
        thread = threading.Thread(target=self.run, args=(echo,), name="layout-desk", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()
        self._drawer.shutdown(wait=False)
        with self._cond:
            self._cond.notify_all()


def page_images(todo: dict[str, bytes], dpi: float) -> dict[str, bytes]:
    """The PNG image of each page PDF (by its image key), on the desk's drawing thread."""
    from layout.tools.raster import page_png

    return {key: page_png(blob, dpi) for key, blob in todo.items()}


def state_json(state: JSON) -> bytes:
    """The state as UTF-8 JSON; a lone surrogate (a byte of a file name that is not UTF-8) shown by the one
    rule of `errors.for_json` (\\xff), only looked for when the text cannot be encoded (the common case costs
    nothing)."""
    text = json.dumps(state, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(safe(state), ensure_ascii=False).encode("utf-8")


def status_head(version: int, status: str) -> bytes:
    """How the state's JSON begins (`state_json` of a state whose first keys are its version and status)."""
    return f'{{"version": {version}, "status": {json.dumps(status, ensure_ascii=False)}'.encode()


def read_plan(path: Path) -> list[str]:
    """The plan's lines, for the boxes' plan entries; a plan gone or changed since it was read is an error."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot read {visible(str(path))} again: "
                                     f"{getattr(exc, 'strerror', None) or exc}", str(path),
                                     hint="the plan was moved or changed during the render: it renders again "
                                          "when it is back")) from None
