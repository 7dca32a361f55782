"""manifest.json: what an output folder holds for the plant, and what changed since the last render there
(docs/zones.md, "Manifest and replates").

Every render writes `manifest.json` into its output folder, in the same transaction as the PDFs and as its
last file (`layout.output.commit.commit_set`): a plant that checks the page files against the manifest's hashes
never takes a half-written set. For each page file it lists the page number, the sha256 of the file, the
editions that print it (`main`, zone codes) and its plate version: 1 the first time a file of that name is
written into the folder, one more each time its bytes change. The manifest holds no time and no path: the
same inputs rendered into a fresh folder give the same bytes; its history is the previous manifest in the
folder.

With `--changed-only` the page files whose plate version went up are also copied into `send/` inside the
output folder (which then holds exactly those). The copy is made before the set is committed, under the
same lock: a render killed in between leaves the old manifest, so the next render finds the same changes
and copies them again.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layout.errors import Diagnostic, LayoutError, Level, dumps, error
from layout.infra.cache import bytes_digest
from layout.infra.files import LIMITS, read_regular, visible
from layout.infra.writer import fsync_dir, write_atomic, write_error
from layout.output.commit import commit_set, output_lock, recover

MANIFEST = "manifest.json"
SEND = "send"
FORMAT = "layout-manifest/1"
MAX_BYTES = 4 * 1024 * 1024  # the bounds of a manifest read back (layout writes a few KB, 4 levels deep)
MAX_DEPTH = 8
ZONE_CODE = re.compile(r"(?:main|[A-Z][A-Z0-9]{0,7})\Z")


@dataclass(frozen=True, slots=True)
class PageFile:
    """A page file of the render: page number, plant name, bytes, the editions it serves."""

    page: int
    file: str
    data: bytes
    zones: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    page: int
    file: str
    sha256: str
    zones: tuple[str, ...]
    plate: int

    def as_json(self) -> dict[str, Any]:
        return {"page": self.page, "file": self.file, "sha256": self.sha256, "zones": list(self.zones),
                "plate": self.plate}


@dataclass(frozen=True, slots=True)
class Base:
    """A zone's base as its manifest records it: the base's folder name and a digest of its inputs."""

    edition: str
    inputs: str
    where: tuple[str, int, int]  # the zone's `base:` (file, line, column), for the warning


@dataclass(frozen=True, slots=True)
class Changes:
    """What a render changed in its output folder."""

    folder: Path
    first: bool  # no manifest was there: every page file is plate 1
    changed: tuple[Entry, ...]  # page files whose plate version went up (new files included)
    sent: tuple[str, ...] | None  # copied into send/ (None: --changed-only not given)
    warnings: tuple[Diagnostic, ...] = ()

    def report(self) -> str:
        names = ", ".join(f"{e.file} (plate {e.plate})" for e in self.changed)
        if self.first:
            lines = [f"first render in {self.folder}: {len(self.changed)} page files, plate 1"]
        elif self.changed:
            lines = [f"changed since the last render in {self.folder}: {names}"]
        else:
            lines = [f"no page file changed since the last render in {self.folder}"]
        if self.sent is not None:
            send = self.folder / SEND
            lines.append(f"copied to {send}/: {', '.join(self.sent)}" if self.sent
                         else f"nothing to send: {send}/ is empty")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Previous:
    pages: dict[str, Entry]
    edition_pdf: dict[str, Any] | None
    base: dict[str, Any] | None


def _entry(item: Any) -> Entry:
    ok = (isinstance(item, dict) and isinstance(item.get("file"), str) and isinstance(item.get("sha256"), str)
          and isinstance(item.get("page"), int) and isinstance(item.get("plate"), int) and item["plate"] >= 1
          and isinstance(item.get("zones"), list) and all(isinstance(z, str) for z in item["zones"]))
    if not ok:
        raise ValueError(f"a page entry is not one layout writes: {str(item)[:80]}")
    return Entry(item["page"], item["file"], item["sha256"], tuple(item["zones"]), item["plate"])


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _depth(text: str) -> int:
    """How deeply the JSON `text` nests (brackets inside strings do not count); stops past MAX_DEPTH."""
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        mark = m.group()
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        elif mark in "]}":
            depth -= 1
    return deepest


def read_previous(folder: Path) -> tuple[Previous | None, list[Diagnostic]]:
    """The manifest of the last render in `folder`; one that cannot be read is reported and not used."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None, []
    try:
        if path.is_symlink():
            raise ValueError("it is a symbolic link")
        text = read_regular(path, "manifest", MAX_BYTES).decode("utf-8")
        if _depth(text) > MAX_DEPTH:  # json.loads recurses: a deep file would stop every later render
            raise ValueError(f"it is nested more than {MAX_DEPTH} levels deep")
        doc = json.loads(text)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("pages"), list):
            raise ValueError(f"its format is not {FORMAT}")
        pages = {e.file: e for e in map(_entry, doc["pages"])}
        pdf, base = doc.get("edition_pdf"), doc.get("base")
        return Previous(pages, pdf if isinstance(pdf, dict) else None, base if isinstance(base, dict) else None), []
    except (ValueError, LayoutError) as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        reason = exc.diagnostics[0].message if isinstance(exc, LayoutError) else str(exc)
        return None, [Diagnostic(Level.WARNING, f"the manifest of the last render cannot be used ({reason}): "
                                 "every page file starts again at plate 1", str(path),
                                 hint="layout writes a new manifest.json with this render")]


def entries(previous: Previous | None, files: list[PageFile]) -> tuple[list[Entry], list[Entry]]:
    """The manifest's entries for `files` and those of them whose plate version went up."""
    out: list[Entry] = []
    changed: list[Entry] = []
    for f in files:
        digest = bytes_digest(f.data)
        old = previous.pages.get(f.file) if previous else None
        plate = 1 if old is None else old.plate if old.sha256 == digest else old.plate + 1
        entry = Entry(f.page, f.file, digest, f.zones, plate)
        out.append(entry)
        if old is None or old.sha256 != digest:
            changed.append(entry)
    return out, changed


def _note(message: str, folder: Path) -> Diagnostic:
    return Diagnostic(Level.WARNING, message, str(folder / MANIFEST),
                      hint="the manifest is written anew from the page files in the folder")


def carried(previous: Previous, folder: Path, written: set[str], names: dict[str, int], own: str = "main") -> \
        tuple[list[Entry], list[Diagnostic]]:
    """The last manifest's entries of the pages not written now (--pages), each checked: a page file of this
    edition (`names`), in the folder as a regular file, its sha256 the manifest's; an entry naming anything
    else is dropped, one whose file differs is recorded with the file's own sha256 as a new plate."""
    kept: list[Entry] = []
    notes: list[Diagnostic] = []
    for name, e in sorted(previous.pages.items()):
        if name in written:
            continue
        shown = visible(name)
        path = folder / name
        if name not in names:
            notes.append(_note(f"the last manifest lists '{shown}', which is not a page file of this edition: "
                               "dropped", folder))
        elif path.is_symlink() or not path.is_file():
            notes.append(_note(f"the last manifest lists {shown}, which is not in {visible(str(folder))}: dropped",
                               folder))
        else:
            digest = bytes_digest(read_regular(path, "page file", LIMITS["pdf"]))
            zones = tuple(z for z in e.zones if ZONE_CODE.match(z)) or (own,)
            if digest != e.sha256:
                notes.append(_note(f"{shown} is not the file the last manifest lists (its sha256 differs): "
                                   f"recorded as it is, plate {e.plate + 1}", folder))
            kept.append(Entry(names[name], name, digest, zones, e.plate if digest == e.sha256 else e.plate + 1))
    return kept, notes


def carried_pdf(previous: dict[str, Any] | None, folder: Path) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The last manifest's `edition_pdf` (--pages leaves edition.pdf as it was), checked like a page file."""
    path = folder / "edition.pdf"
    if previous is None or path.is_symlink() or not path.is_file():
        return None, [] if previous is None else [_note("the last manifest lists edition.pdf, which is not in "
                                                        f"{visible(str(folder))}: dropped", folder)]
    digest = bytes_digest(read_regular(path, "edition PDF", LIMITS["pdf"]))
    notes = [] if previous.get("sha256") == digest else [
        _note("edition.pdf is not the file the last manifest lists (its sha256 differs): recorded as it is",
              folder)]
    return {"file": "edition.pdf", "sha256": digest}, notes


def manifest_bytes(header: dict[str, Any], pages: list[Entry], edition_pdf: dict[str, Any] | None) -> bytes:
    """JSON, one line per value and per page file (a person reads it too); no time, no path."""
    doc: dict[str, Any] = {"format": FORMAT, **header}
    if edition_pdf is not None:
        doc["edition_pdf"] = edition_pdf
    lines = [f"  {dumps(k, None)}: {dumps(v, None)}," for k, v in doc.items()]  # strings made safe: for_json
    rows = [dumps(e.as_json(), None) for e in sorted(pages, key=lambda e: (e.page, e.file))]
    body = ",\n".join(f"    {row}" for row in rows)
    return ("{\n" + "\n".join(lines) + '\n  "pages": [\n' + body + ("\n" if rows else "") + "  ]\n}\n").encode()


def write_send(folder: Path, files: list[tuple[str, bytes]]) -> tuple[str, ...]:
    """Make `folder/send/` hold exactly `files` (hidden files, such as a lock, are left alone)."""
    send = folder / SEND
    if send.is_symlink() or (send.exists() and not send.is_dir()):
        raise error(f"{send} is not a folder of its own (a file or a symbolic link): the changed pages are not "
                    "copied into it", str(send), hint="remove it: layout makes send/ itself")
    try:
        send.mkdir(exist_ok=True)
        for old in sorted(send.iterdir()):
            if not old.name.startswith(".") and (old.is_symlink() or old.is_file()):
                old.unlink()
    except OSError as exc:
        raise write_error(send, exc) from None
    for name, data in files:
        write_atomic(send / name, data)
    with contextlib.suppress(OSError):
        fsync_dir(send)
    return tuple(name for name, _d in files)


SEND_FORMAT = "layout-send/1"


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A plate of a night's run for OUT/send/: its file, and the editions (folder names) and zone codes that
    print it."""

    file: str
    data: bytes
    editions: tuple[str, ...]
    zones: tuple[str, ...]


def pending(folder: Path, pages: list[PageFile]) -> list[str]:
    """The page files whose plate version goes up when `pages` are written into `folder` (its manifest read
    under its lock); nothing is written but the folder and its lock."""
    with output_lock(folder):
        recover(folder)
        previous, _warnings = read_previous(folder)
        return [e.file for e in entries(previous, pages)[1]]


def send_manifest(plates: list[Outgoing]) -> bytes:
    """send/manifest.json: each plate once, its sha256, the editions and zones that print it."""
    rows = [dumps({"file": p.file, "sha256": bytes_digest(p.data), "editions": list(p.editions),
                   "zones": list(p.zones)}, None) for p in sorted(plates, key=lambda p: p.file)]
    body = ",\n".join(f"    {row}" for row in rows)
    return (f'{{\n  "format": "{SEND_FORMAT}",\n  "plates": [\n' + body + ("\n" if rows else "") + "  ]\n}\n").encode()


def write_run_send(root: Path, plates: list[Outgoing]) -> tuple[str, ...]:
    """The night's run's one `OUT/send/`: every plate that changed in any edition, once, and its manifest
    (written last). Two different files of one name cannot both go: that is an error before anything is
    written."""
    by_name: dict[str, Outgoing] = {}
    for p in plates:
        first = by_name.get(p.file)
        if first is not None and first.data != p.data:
            raise error(f"two editions of the run send different files named {visible(p.file)}: "
                        f"{', '.join(map(visible, first.editions))} and {', '.join(map(visible, p.editions))}",
                        str(root / SEND), hint="give the papers' styles different print.page_name patterns, or "
                        "render them into different folders")
        if first is None:
            by_name[p.file] = p
    unique = sorted(by_name.values(), key=lambda p: p.file)
    listing = [(MANIFEST, send_manifest(unique))] if unique else []  # nothing to send: send/ is empty
    with output_lock(root):
        sent = write_send(root, [*((p.file, p.data) for p in unique), *listing])
    return sent[:len(unique)]


def base_warning(previous: Previous | None, base: Base | None, folder: Path) -> list[Diagnostic]:
    """A zone's base that changed since the zone's last render into this folder (its manifest says)."""
    if previous is None or base is None or previous.base is None:
        return []
    if previous.base.get("inputs") == base.inputs:
        return []
    file, line, col = base.where
    return [Diagnostic(Level.WARNING, f"the base edition '{base.edition}' changed since this zone was last "
                       f"rendered into {folder} (its manifest.json): the zone is rendered again from it", file, line,
                       col, "the pages the zone shares with its base follow the base; see the changed page files")]


def write_output(folder: Path, files: list[tuple[str, bytes]], pages: list[PageFile], header: dict[str, Any],
                 base: Base | None = None, partial: bool = False, send: bool = False,
                 names: dict[str, int] | None = None) -> Changes:
    """Write the set (`files`, page files included) and its manifest as one transaction; with `send`, copy the
    changed page files into send/ first. `partial` (--pages): the entries of pages not written are kept, each
    checked against `names` (every page file of the edition → its page) and the file in the folder."""
    with output_lock(folder):
        recover(folder)
        previous, warnings = read_previous(folder)
        current, changed = entries(previous, pages)
        pdf = next((data for name, data in files if name == "edition.pdf"), None)
        edition_pdf = {"file": "edition.pdf", "sha256": bytes_digest(pdf)} if pdf is not None else None
        if partial and previous is not None:
            kept, notes = carried(previous, folder, {e.file for e in current}, names or {},
                                  str(header.get("zone", "main")))
            current += kept
            warnings += notes
            edition_pdf, notes = carried_pdf(previous.edition_pdf, folder)
            warnings += notes
        full_header = {**header, **({"base": {"edition": base.edition, "inputs": base.inputs}} if base else {})}
        warnings += base_warning(previous, base, folder)
        sent = write_send(folder, [(p.file, p.data) for p in pages if p.file in {e.file for e in changed}]) \
            if send else None
        commit_set(folder, [*files, (MANIFEST, manifest_bytes(full_header, current, edition_pdf))])
    return Changes(folder, previous is None, tuple(changed), sent, tuple(warnings))
