"""The night's run: several editions — a main edition and its zones, or a group's papers — rendered by one
command (`layout render A B C …` or `layout render FOLDER`), with one summary table (docs/zones.md).

Every edition is loaded and laid out first (a base once, however many zones build on it), and any error
stops the run before anything is drawn or written. Then the plates of all editions are drawn in one batch
of processes, a plate two editions share once; then each edition is finished, preflighted and written
into its own output folder with its manifest. An edition stays the unit of work: to spread a group's night
over several machines, hand editions to a task queue (docs/architecture.md, "Beyond one machine").
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from layout.errors import error, escape_controls
from layout.output.manifest import MANIFEST, SEND, Outgoing, PageFile, pending, write_run_send
from layout.run.options import Options, Selection
from layout.run.pipeline import Planned, Rendered, check_run, commit, output_folder, plan_run
from layout.source.edition import PLAN_FILE


def editions_in(paths: tuple[Path, ...] | list[Path]) -> list[Path]:
    """The edition folders named on the command line: a folder with edition.yaml (or anything else, which the
    loader then reports) is one edition; a folder without edition.yaml stands for the editions in it, its
    sub-folders that hold one, by name."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir() or (path / PLAN_FILE).is_file():
            out.append(path)
            continue
        found = sorted(p for p in path.iterdir() if p.is_dir() and (p / PLAN_FILE).is_file())
        if not found:
            raise error(f"no edition in {path}: it holds no {PLAN_FILE}, and no folder in it does", str(path),
                        hint="name an edition folder, or a folder of edition folders")
        out += found
    unique: list[Path] = []
    for path in out:
        if all(path.resolve() != u.resolve() for u in unique):
            unique.append(path)
    return unique


@dataclass(frozen=True, slots=True)
class Row:
    edition: str
    pages: int  # page files written
    shared: int  # of them, the base's plates
    drawn: int  # plates drawn in this run for this edition (a shared plate counts for the first edition)
    new_plates: int  # page files whose plate version went up
    seconds: float  # laying out, finishing and writing this edition (drawing is counted for the run)


@dataclass(frozen=True, slots=True)
class Night:
    rendered: tuple[Rendered, ...]
    rows: tuple[Row, ...]
    draw_seconds: float
    processes: int
    seconds: float
    send: Path | None = None  # --changed-only: the run's one send/ folder
    sent: tuple[str, ...] = ()  # what was copied into it, each plate once

    def send_report(self) -> str | None:
        if self.send is None:
            return None
        shown = escape_controls(str(self.send), keep_newlines=False)
        return (f"copied to {shown}/: {', '.join(self.sent)} (each plate once; {shown}/{MANIFEST} lists the "
                "editions that print it)" if self.sent else f"nothing to send: {shown}/ is empty")

    def table(self) -> str:
        """The summary table; an edition's name is its folder's name, made visible (`escape_controls`)."""
        names = [escape_controls(r.edition, keep_newlines=False) for r in self.rows]
        width = max(len("edition"), *(len(n) for n in names))
        lines = [f"{'edition':<{width}}  pages  shared  drawn  new plates  seconds"]
        lines += [f"{name:<{width}}  {r.pages:>5}  {r.shared:>6}  {r.drawn:>5}  {r.new_plates:>10}  "
                  f"{r.seconds:>7.2f}" for name, r in zip(names, self.rows, strict=True)]
        drawn = sum(r.drawn for r in self.rows)
        files = sum(r.pages for r in self.rows)
        how = f"{self.processes} process{'es' if self.processes != 1 else ''}" if drawn else "all from the cache"
        lines.append(f"{'drawing':<{width}}  {'':>5}  {'':>6}  {drawn:>5}  {'':>10}  {self.draw_seconds:>7.2f}"
                     f"  ({how})")
        lines.append(f"night's run: {len(self.rows)} editions, {files} page files, {drawn} drawn, "
                     f"{self.seconds:.2f} s")
        return "\n".join(lines)


def _out_folders(planned: list[Planned], out_root: Path | None) -> list[Path]:
    outs = [output_folder(p.laid.edition, out_root / Path(p.laid.edition.folder).name if out_root else None)
            for p in planned]
    for i, out in enumerate(outs):
        if out in outs[:i]:
            raise error(f"two editions would be written into {out}", planned[i].laid.edition.file,
                        hint="editions of one run need folders of different names")
    return outs


def render_night(folders: list[Path], out_root: Path | None, options: Options,
                 selection: Selection = Selection()) -> Night:
    """Render every edition of `folders` (bases first, else in the order given); each into OUT/<edition
    folder's name> (default out/<name>). The steps of `layout.run.pipeline.render`, which is this run with one
    edition: `plan_run` → `check_run` → `commit`. Every page of each (`selection.pages` is for one edition);
    with `selection.changed_only`, one send/ for the run, written before any edition's set is committed."""
    start = time.perf_counter()
    every = Selection(None, selection.changed_only)
    planned = plan_run(folders, options)
    checked, draw_seconds = check_run(planned, _out_folders(planned, out_root), every, options.per_page)
    outs = [c.out for c in checked]
    send = _run_root(outs, out_root) / SEND if selection.changed_only else None
    sent = _send([(Path(c.built.laid.edition.folder).name, list(c.page_files)) for c in checked], outs,
                 send.parent) if send is not None else ()
    rendered = [commit(c, every, options.per_page, send=False) for c in checked]  # the run's send/ is written
    rows = [Row(Path(done.laid.edition.folder).name, len(c.built.pages), sum(pl.shared for pl in c.built.plates),
                c.drawn, len(done.changes.changed) if done.changes else 0, done.seconds)
            for c, done in zip(checked, rendered, strict=True)]
    processes = max(1, min(sum(c.drawn for c in checked), os.cpu_count() or 1))
    return Night(tuple(rendered), tuple(rows), draw_seconds, processes, time.perf_counter() - start, send, sent)


def _run_root(outs: list[Path], out_root: Path | None) -> Path:
    """The folder of the run's send/: -o, or the folder all editions' output folders are in."""
    if out_root is not None:
        return out_root
    parents = {out.parent for out in outs}
    if len(parents) != 1:
        raise error("the editions of the run are written into different folders: there is no one send/ folder",
                    hint="give -o OUT: each edition is written into OUT/<edition>, the changed plates into OUT/send/")
    return parents.pop()


def _send(page_sets: list[tuple[str, list[PageFile]]], outs: list[Path], root: Path) -> tuple[str, ...]:
    """`--changed-only` for a night's run: the plates whose version goes up in any edition's folder, each
    once, into the run's send/ (with a manifest naming the editions that print each) — before any edition's
    set is committed, so a run killed in between finds the same changes again."""
    users: dict[str, list[str]] = {}
    for name, files in page_sets:
        for f in files:
            users.setdefault(f.file, []).append(name)
    plates: list[Outgoing] = []
    for (_name, files), out in zip(page_sets, outs, strict=True):
        changed = set(pending(out, files))
        plates += [Outgoing(f.file, f.data, tuple(users[f.file]), f.zones) for f in files if f.file in changed]
    return write_run_send(root, plates)
