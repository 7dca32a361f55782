"""The language server: pygls over stdio, wired to `analysis`, `complete` and `hover` (docs/lsp.md).

Each open or changed buffer checks its edition again with every open buffer of that edition laid over the
saved files; diagnostics are published for every file of the edition that has some, and cleared for the
files that had some before and have none now. A style file outside an edition is checked on its own."""

from __future__ import annotations

from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from layout.errors import Diagnostic, Level, escape_controls
from layout.infra.snippets import span_length
from layout.lsp.analysis import Analysis, analyse, analyse_style, edition_of
from layout.lsp.shared import Place, SharedDesk, uri_of

SEVERITY = {Level.ERROR: t.DiagnosticSeverity.Error, Level.WARNING: t.DiagnosticSeverity.Warning,
            Level.NOTE: t.DiagnosticSeverity.Information}


class LayoutServer(LanguageServer):
    """The server with the last analysis of each edition and the files it published diagnostics for."""

    def __init__(self) -> None:
        super().__init__("layout", version("layout"), text_document_sync_kind=t.TextDocumentSyncKind.Full)
        self.analyses: dict[Path, Analysis] = {}
        self.published: dict[Path, set[str]] = {}
        self.desk: SharedDesk | None = None  # `layout lsp --desk`: the desk in this process (shared.py)

    def buffers(self, folder: Path) -> dict[Path, str]:
        """The open buffers inside `folder`, by path."""
        out: dict[Path, str] = {}
        for doc in list(self.workspace.text_documents.values()):
            path = Path(to_fs_path(doc.uri) or "")
            if path.is_file() and folder in path.absolute().parents:
                out[path] = doc.source
        return out

    def refresh(self, uri: str, saved: bool = False) -> None:
        path = Path(to_fs_path(uri) or "")
        folder = edition_of(path)
        if folder is None:
            if path.suffix == ".yaml" and path.is_file():
                self.publish(uri, analyse_style(path, self.workspace.get_text_document(uri).source), path)
            return
        if self.desk is not None:
            self.desk.want(folder)
            if self.desk.serves(folder) and self.clean(folder):  # the desk's render is the editor's state
                if self.desk.last is not None and not saved:
                    self.apply(self.desk.last)
                return  # a save is answered when the desk has rendered it
        self.apply(analyse(folder, self.buffers(folder)))

    def apply(self, analysis: Analysis) -> None:
        """Keep `analysis` as its edition's state and publish its diagnostics (clearing those now gone)."""
        folder = analysis.folder
        before = self.analyses.get(folder)
        if analysis.edition is None and before is not None:  # mid-edit: complete and hover from the last good one
            analysis = replace(analysis, edition=before.edition, laid=before.laid, origin=before.origin)
        self.analyses[folder] = analysis
        now = set(analysis.by_file)
        for file in sorted(now | self.published.get(folder, set())):
            self.publish(from_fs_path(file) or file, analysis.by_file.get(file, []), Path(file))
        self.published[folder] = now

    def take_render(self, analysis: Analysis) -> None:
        """The desk rendered the saved files (in the loop, handed over by `shared`): the editor's state too,
        unless a buffer of the edition has unsaved changes (then the buffers' own check stands)."""
        if self.desk is None:
            return
        self.desk.last = analysis
        if self.clean(analysis.folder):
            self.apply(analysis)

    def clean(self, folder: Path) -> bool:
        """No open buffer of the edition differs from its saved file."""
        for path, text in self.buffers(folder).items():
            try:
                if path.read_bytes() != text.encode("utf-8"):
                    return False
            except OSError:
                return False
        return True

    def show(self, place: Place) -> None:
        """Ask the editor to open a file at a place (a click in the desk's page)."""
        where = t.Range(t.Position(*place.start), t.Position(*place.end))
        self.window_show_document(t.ShowDocumentParams(uri_of(place.path), take_focus=True, selection=where))

    def publish(self, uri: str, diags: list[Diagnostic], path: Path) -> None:
        lines = self.lines_of(uri, path)
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, [lsp_diagnostic(d, lines)
                                                                               for d in diags]))

    def lines_of(self, uri: str, path: Path) -> list[str]:
        doc = self.workspace.text_documents.get(uri)
        if doc is not None:
            return [line.rstrip("\r\n") for line in doc.lines]
        try:
            return path.read_text(encoding="utf-8", errors="replace").splitlines()[:100_000]
        except OSError:
            return []

    def analysis_of(self, uri: str) -> tuple[Path, Analysis | None]:
        path = Path(to_fs_path(uri) or "")
        folder = edition_of(path)
        return path, self.analyses.get(folder) if folder else None


def lsp_diagnostic(d: Diagnostic, lines: list[str]) -> t.Diagnostic:
    """A program's diagnostic as the protocol's: 0-based range over the span (the word at the column), the
    hint after the message."""
    line = max(0, (d.line or 1) - 1)
    col = max(0, (d.col or 1) - 1)
    text = lines[line] if line < len(lines) else ""
    end = col + (d.length or (span_length(text, col) if col < len(text) else 1)) if d.col else len(text)
    message = escape_controls(d.message) + (f"\nhint: {escape_controls(d.hint)}" if d.hint else "")
    return t.Diagnostic(t.Range(t.Position(line, col if d.col else 0), t.Position(line, end)), message,
                        severity=SEVERITY[d.level], code=d.code, source="layout")
