"""The editor's loop: `layout serve` on the bench edition, an edit saved to disk, the time until the desk's
state says the new version is ready (read from its event stream, `/events`, as the browser reads it).

    .venv/bin/python bench/loop.py [--runs 5] [--before /work/main] [--scale 1]

Per kind of edit, each run a new one (so no cache holds its pages from before): one character of a story
that sits on one page; the last page's top-left box one grid line shorter (a one-box edit); page 2's
section renamed. With `--before CHECKOUT`, a second `layout serve` runs the code of that checkout on its own
copy of the edition, and the two are timed alternately, run by run (the machine's drift hits both alike).
Each server has its own cache folder, filled by its first render; one untimed edit of each kind warms it
(the first draw of a glyph scans its outline once per process). Printed: per program and kind the median,
min and max of `ready` (write → the state of the new version ready) and of `seen` (write → the desk's
`rendering` state: what the file watcher adds), and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
PY = sys.executable
SECTIONS = "经济文化体育国际社会科技教育健康法治农业旅游读书"
CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多"
STORY = "p4c"  # a story of page 4 that does not jump (bench/make_edition.py)
Edit = Callable[[Path, int], None]


def story_edit(folder: Path, i: int) -> None:
    """One character of the story's first paragraph replaced by another each run."""
    path = folder / "articles" / f"{STORY}.md"
    text = path.read_text(encoding="utf-8")
    at = text.index("---", 4) + 3 + 10  # the 10th character of the body
    new = CHARS[i % len(CHARS)]
    if new == text[at]:
        new = CHARS[(i + 1) % len(CHARS)]
    path.write_text(text[:at] + new + text[at + 1:], encoding="utf-8")


def box_edit(folder: Path, i: int) -> None:
    """The last page's top-left story box one grid line shorter than the run before."""
    path = folder / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    pages = re.findall(r"- story: (p\d+a)\n", text)
    pat = re.compile(rf"(- story: {pages[-1]}\n        at: \{{col: 1, span: 4, line: \d+, lines: )(\d+)")
    path.write_text(pat.sub(lambda m: m.group(1) + str(int(m.group(2)) - 1), text, count=1), encoding="utf-8")


def section_edit(folder: Path, i: int) -> None:
    """Page 2's section renamed (its 报眉), to another name each run."""
    path = folder / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  - page: 2\n")
    start = text.index("section: ", at) + len("section: ")
    end = text.index("\n", start)
    name = SECTIONS[(2 * i) % len(SECTIONS):(2 * i) % len(SECTIONS) + 2]
    path.write_text(text[:start] + name + str(i) + text[end:], encoding="utf-8")


KINDS: dict[str, Edit] = {"one-character story edit": story_edit, "one-box edit (the plan)": box_edit,
                          "section rename (the plan)": section_edit}
STATE = re.compile(rb'^data: \{"version": (\d+), "status": "(\w+)"')


@dataclass
class Server:
    """One `layout serve` in a child process, and a thread reading its event stream."""

    name: str
    code: Path
    folder: Path
    cache: Path
    events: queue.Queue[tuple[float, int, str]] = field(default_factory=queue.Queue)
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(self.code), "LAYOUT_CACHE_DIR": str(self.cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.proc = subprocess.Popen([PY, "-m", "layout", "serve", str(self.folder), "--port", str(port),
                                      "--editor", "none"], cwd=self.code, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        threading.Thread(target=self._read, args=(port,), daemon=True).start()
        self.wait_ready(-1, 600)

    def _read(self, port: int) -> None:
        for _ in range(600):
            try:
                stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/events", timeout=3600)
                break
            except OSError:
                time.sleep(0.2)
        else:
            return
        for line in stream:
            m = STATE.match(line)
            if m:
                self.events.put((time.perf_counter(), int(m.group(1)), m.group(2).decode()))

    def wait_ready(self, after: int, timeout: float = 60) -> tuple[float | None, float, int]:
        """(time of the `rendering` state, time of the `ready` or `error` one, its version) after `after`."""
        seen: float | None = None
        end = time.perf_counter() + timeout
        while True:
            at, version, status = self.events.get(timeout=max(0.1, end - time.perf_counter()))
            if version <= after:
                continue
            if status == "rendering":
                seen = seen or at
            elif status in ("ready", "error"):
                return seen, at, version

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def timed_edit(server: Server, edit: Edit, i: int, version: int) -> tuple[float, float, int]:
    while not server.events.empty():  # a late event of the run before
        version = max(version, server.events.get()[1])
    start = time.perf_counter()
    edit(server.folder, i)
    seen, ready, version = server.wait_ready(version)
    return (seen or ready) - start, ready - start, version


Times = dict[str, dict[str, list[tuple[float, float]]]]  # program → kind of edit → (seen, ready) per run


def measure(programs: list[tuple[str, Path]], runs: int, scale: int, work: Path) -> Times:
    """`layout serve` of each program on its own copy of the bench edition, the edits timed alternately."""
    from make_edition import make

    times: Times = {p: {k: [] for k in KINDS} for p, _c in programs}
    source = make(work / "loop-edition", scale)
    servers = []
    for name, code in programs:
        shutil.copytree(source, work / f"loop-{name}")
        servers.append(Server(name, code, work / f"loop-{name}", work / f"loop-cache-{name}"))
    try:
        for s in servers:
            s.start()
        versions = {s.name: 0 for s in servers}
        for i in range(runs + 1):  # run 0 warms each kind up, untimed
            for kind, edit in KINDS.items():
                for s in servers if i % 2 else reversed(servers):
                    seen, ready, versions[s.name] = timed_edit(s, edit, i, versions[s.name])
                    if i:
                        times[s.name][kind].append((seen, ready))
                    time.sleep(0.3)  # let the watcher settle
    finally:
        for s in servers:
            s.stop()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--before", type=Path, help="a checkout of the code to compare with (e.g. /work/main)")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write every run's times here")
    args = ap.parse_args()
    programs = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    with tempfile.TemporaryDirectory(prefix="layout-loop-") as tmp:
        times = measure(programs, args.runs, args.scale, Path(tmp))
    print(report(times, args.runs, os.getloadavg()))
    if args.json:
        args.json.write_text(json.dumps(times, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def report(times: Times, runs: int, load: tuple[float, ...]) -> str:
    rows = ["| program | edit | ready: median s | min | max | watcher (write → rendering): median s |",
            "|---|---|---:|---:|---:|---:|"]
    for program, kinds in times.items():
        for kind, runs_ in kinds.items():
            ready = [r for _s, r in runs_]
            seen = [s for s, _r in runs_]
            rows.append(f"| {program} | {kind} | {statistics.median(ready):.3f} | {min(ready):.3f} | "
                        f"{max(ready):.3f} | {statistics.median(seen):.3f} |")
    return "\n".join(rows) + f"\n\n{runs} runs per edit; load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


if __name__ == "__main__":
    main()
