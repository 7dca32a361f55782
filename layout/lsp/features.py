"""The protocol's requests and notifications, each a few lines over `LayoutServer` (server.py)."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as t
from pygls.uris import from_fs_path

from layout.lsp.complete import Item, completions
from layout.lsp.hover import box_at, box_hover, definition, story_hover, word_at
from layout.lsp.server import LayoutServer
from layout.lsp.shared import SharedDesk
from layout.source.plan import PLAN_FILE

KINDS = {"value": t.CompletionItemKind.Value, "key": t.CompletionItemKind.Property,
         "unit": t.CompletionItemKind.Unit, "file": t.CompletionItemKind.File}


def _item(item: Item) -> t.CompletionItem:
    doc = t.MarkupContent(t.MarkupKind.Markdown, item.documentation) if item.documentation else None
    return t.CompletionItem(item.label, kind=KINDS[item.kind], detail=item.detail or None, documentation=doc)


def build() -> LayoutServer:
    """The server with every feature registered."""
    server = LayoutServer()

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LayoutServer, params: t.DidOpenTextDocumentParams) -> None:
        ls.refresh(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LayoutServer, params: t.DidChangeTextDocumentParams) -> None:
        ls.refresh(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LayoutServer, params: t.DidSaveTextDocumentParams) -> None:
        ls.refresh(params.text_document.uri, saved=True)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LayoutServer, params: t.DidCloseTextDocumentParams) -> None:
        ls.refresh(params.text_document.uri)  # a buffer closed unsaved: the saved file counts again

    @server.feature(t.INITIALIZED)
    def initialized(ls: LayoutServer, params: t.InitializedParams) -> None:
        root = Path(ls.workspace.root_path) if ls.workspace.root_path else None
        if ls.desk is not None and (ls.desk.edition or (root and (root / PLAN_FILE).is_file())):
            ls.desk.want(ls.desk.edition or root or Path())  # else the first edition a file is opened in

    @server.feature(t.SHUTDOWN)
    def shutdown(ls: LayoutServer, params: None) -> None:
        if ls.desk is not None:
            ls.desk.stop()

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=[":", " ", "/"]))
    def complete(ls: LayoutServer, params: t.CompletionParams) -> t.CompletionList:
        path, analysis = ls.analysis_of(params.text_document.uri)
        lines = ls.workspace.get_text_document(params.text_document.uri).lines
        pos = params.position
        before = lines[pos.line][:pos.character] if pos.line < len(lines) else ""
        folder = analysis.folder if analysis else path.parent
        edition = analysis.edition if analysis else None
        items = completions(before, folder, edition, path.name == PLAN_FILE)
        return t.CompletionList(is_incomplete=False, items=[_item(i) for i in items])

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def hover(ls: LayoutServer, params: t.HoverParams) -> t.Hover | None:
        text = _hover_text(ls, params.text_document.uri, params.position)
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, text)) if text else None

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    def goto(ls: LayoutServer, params: t.DefinitionParams) -> t.Location | None:
        _path, analysis = ls.analysis_of(params.text_document.uri)
        lines = ls.workspace.get_text_document(params.text_document.uri).lines
        pos = params.position
        word = word_at(lines[pos.line], pos.character) if pos.line < len(lines) else ""
        target = definition(analysis.edition, word) if analysis and analysis.edition and word else None
        if target is None:
            return None
        start = t.Position(target.line, 0)
        return t.Location(from_fs_path(str(Path(target.file).absolute())) or target.file, t.Range(start, start))

    return server


def _hover_text(ls: LayoutServer, uri: str, pos: t.Position) -> str | None:
    """A story slug under the cursor: the story; else, in the plan, the box whose entry holds the line."""
    path, analysis = ls.analysis_of(uri)
    if analysis is None or analysis.edition is None:
        return None
    doc = ls.workspace.get_text_document(uri)
    line = doc.lines[pos.line] if pos.line < len(doc.lines) else ""
    word = word_at(line, pos.character)
    if word and word.split("/", 1)[0] in analysis.edition.articles and ":" in line[:pos.character]:
        return story_hover(analysis.edition, word)
    if path.name != PLAN_FILE:
        return None
    found = box_at(doc.source, str(path), pos.line + 1)
    pages = analysis.edition.pages
    if found is None or found[0] >= len(pages) or found[1] >= len(pages[found[0]].boxes):
        return None
    text = box_hover(analysis.edition, analysis.laid, *found)
    return text + (f"\n\n_{analysis.origin}_" if analysis.origin else "")


def main(desk: bool = False, port: int = 8765, edition: Path | None = None, dpi: float = 72.0) -> None:
    """`layout lsp`: serve the protocol on stdin/stdout until the editor says exit; with `desk`, the desk's
    page too, on `port` (lsp/shared.py). The desk stops with the server (shutdown, exit, stdin closed)."""
    server = build()
    if desk:
        server.desk = SharedDesk(server, port, dpi, edition)
    try:
        server.start_io()
    finally:
        if server.desk is not None:
            server.desk.stop(wait=10.0)
