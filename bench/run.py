"""Time `layout` against Typst on the same work, and on the 12-page bench edition; medians of several runs.

    bench/run [--runs 5] [--scales 1,2,4] [--skip-bench-edition]

Peer workload (bench/peer.py: one story of unique paragraphs, 100,000 characters through 10 pages of
8 columns × 13 characters; the same text and geometry as a Typst document), at every scale:

- **Typst**: `typst.compile()` in a new Python process, timed as a whole process like ours;
- **fresh**: `layout render` with the fonts prepared and every other cache empty (what Typst does every
  time): a new empty LAYOUT_CACHE_DIR holding only copies of FRESH_KEEPS from a filled cache;
- **warm**: `layout render` of the same edition again, all caches filled;

interleaved run by run (Typst, fresh, warm, Typst, …) so that machine drift hits all three alike; and at
scale 1 only:

- **first render on an empty cache** (fonts converted too; min(runs, 3) runs);
- **re-render after a one-box edit in the same process** (as `layout watch` does): the last page's box,
  and the first page's box (which moves the text of every page), one grid line lower.

Bench edition (bench/make_edition.py: 12 pages, 37 stories of unique text): the first render on an empty
cache, warm render (at every scale), re-render after a one-box plan edit and after a one-paragraph text
edit, `layout check`, the line breaker alone, and the editor's loop (bench/loop.py: `layout serve`, a saved
edit until the desk's state is ready: a one-character story edit, a one-box edit, a section rename).

Every case runs in child processes with LAYOUT_CACHE_DIR under a temporary folder (never ~/.cache/layout)
and without PYTHONDONTWRITEBYTECODE, so the package's bytecode is cached as on an installed machine.
Peak RSS is each run's own (os.wait4: the largest of the child and its pool workers, not their sum); CPU s
is the median CPU time of a run (user + system, workers included). "× Typst" is the ratio of the medians;
"× Typst per round" the median of each interleaved round's own ratio. The machine is shared, so every run
also records the share of the CPUs other users' processes took meanwhile (/proc/stat minus our own CPU
time), and `--wait-quiet S` waits up to S s for a quiet machine before each workload and scale. Prints a
Markdown table and writes JSON (every run's times included) to bench/results/.
Never used as a test: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Cache subfolders a "fresh" run keeps (everything font-related: each face's advances in metrics/, the fonts'
# sha256 in digests/). ONE place to change when the cache layout changes.
FRESH_KEEPS: tuple[str, ...] = ("metrics", "digests")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
PY = sys.executable
LAYOUT = str(Path(PY).parent / "layout")

TYPST_CHILD = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"

# Run inside a child process: render once (warm), replace one file by its edited copy, render again (as
# `layout watch` does); print the second render's time.
EDIT_CHILD = r"""
import json, os, sys, time
from pathlib import Path
from layout.run.options import Options
from layout.run.pipeline import render
folder, out, target, edited = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
render(folder, out, Options(allow_overset=True))
os.replace(edited, target)
t = time.perf_counter()
render(folder, out, Options(allow_overset=True))
print(json.dumps({"seconds": time.perf_counter() - t}))
"""

# wall seconds, peak RSS MB, CPU seconds (user + system; None: not meaningful), other processes' share of the
# CPUs during the run
Timing = tuple[float, float, float | None, float]


class CpuWatch:
    """CPU time the whole machine spent busy (/proc/stat) minus what this process and its children spent:
    what other users' processes took while we measured (the machine is shared)."""

    def __init__(self) -> None:
        self.wall, self.busy, self.ours = time.perf_counter(), self._busy(), self._ours()

    @staticmethod
    def _busy() -> float:
        with open("/proc/stat", encoding="ascii") as fh:
            f = [int(x) for x in fh.readline().split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = f
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _ours() -> float:
        s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

    def result(self) -> dict[str, float]:
        wall = time.perf_counter() - self.wall
        busy, ours = self._busy() - self.busy, self._ours() - self.ours
        others = max(0.0, busy - ours)
        return {"wall_s": round(wall, 1), "our_cpu_s": round(ours, 1), "others_cpu_s": round(others, 1),
                "others_share": round(others / (wall * (os.cpu_count() or 1)), 3)}


def wait_quiet(max_wait: float, share: float = 0.1) -> dict[str, float]:
    """Wait (up to max_wait s) until other processes use less than `share` of the machine over 5 s."""
    deadline = time.perf_counter() + max_wait
    while True:
        watch = CpuWatch()
        time.sleep(5)
        r = watch.result()
        if r["others_share"] < share or time.perf_counter() >= deadline:
            return r


def child_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["LAYOUT_CACHE_DIR"] = str(cache)
    return env


def run(cmd: list[str], env: dict[str, str]) -> tuple[Timing, str]:
    """((seconds, peak RSS in MB, CPU seconds), stdout) of one child process, timed from spawn to exit. The
    RSS is the largest of the child and the processes it waited for (its pool workers), not their sum; the
    CPU time is theirs summed."""
    with tempfile.TemporaryFile() as err:
        watch = CpuWatch()
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env)
        out = proc.stdout.read() if proc.stdout else b""
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        if proc.stdout:
            proc.stdout.close()
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return (seconds, usage.ru_maxrss / 1024, cpu, watch.result()["others_share"]), out.decode("utf-8")


def summarise(samples: list[Timing]) -> dict[str, Any]:
    times = [t[0] for t in samples]
    cpus = [t[2] for t in samples if t[2] is not None]
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "peak_rss_mb": round(max(t[1] for t in samples), 1),
            "cpu_s": round(statistics.median(cpus), 3) if cpus else None,
            "others_share": round(statistics.median(t[3] for t in samples), 3),
            "runs": len(samples), "times_s": [round(t, 3) for t in times],
            "cpu_times_s": [round(c, 3) for c in cpus], "others_shares": [round(t[3], 3) for t in samples]}


def median_of(runs: int, fn: Callable[[], Timing]) -> dict[str, Any]:
    return summarise([fn() for _ in range(runs)])


def interleaved(runs: int, cases: dict[str, Callable[[], Timing]]) -> dict[str, dict[str, Any]]:
    """Run the cases in turn, `runs` rounds: drift of the machine's speed hits them alike."""
    samples: dict[str, list[Timing]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            samples[name].append(fn())
    return {name: summarise(s) for name, s in samples.items()}


def fresh_cache(filled: Path, work: Path) -> Path:
    """A new cache folder holding copies of only the FRESH_KEEPS subfolders of `filled`."""
    cache = Path(tempfile.mkdtemp(prefix="fresh-", dir=work))
    for name in FRESH_KEEPS:
        if (filled / name).exists():
            shutil.copytree(filled / name, cache / name)
    return cache


def render_cmd(edition: Path, out: Path, overset: bool) -> list[str]:
    return [LAYOUT, "render", str(edition), "-o", str(out)] + (["--allow-overset"] if overset else [])


def layout_render(edition: Path, out: Path, cache: Path, overset: bool = False) -> tuple[Timing, str]:
    return run(render_cmd(edition, out, overset), child_env(cache))


def timed_in_child(edition: Path, out: Path, cache: Path, rel: str, change: Callable[[str], str],
                   work: Path) -> Timing:
    """A copy of the edition rendered twice in one process, `rel` changed by `change` in between."""
    copy = work / "edit"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(edition, copy)
    target = copy / rel
    edited = copy / (rel + ".edited")
    edited.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
    (_s, m, _cpu, others), text = run([PY, "-c", EDIT_CHILD, str(copy), str(out), str(target), str(edited)],
                                      child_env(cache))
    return json.loads(text)["seconds"], m, None, others  # the child's CPU time is that of both renders


def move_box_down(page: int) -> Callable[[str], str]:
    """Plan edit: page `page`'s story box starts one grid line lower (one line shorter)."""

    def change(text: str) -> str:
        pat = re.compile(rf"(- page: {page}\n(?:.*\n)*?\s+- story: \w+\n\s+at: \{{col: 1, span: 8, line: )(\d+)"
                         r"(, lines: )(\d+)")
        assert pat.search(text), f"no box on page {page}"
        return pat.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}{m.group(3)}{int(m.group(4)) - 1}", text,
                       count=1)

    return change


def typst_pages(pdf: Path) -> tuple[int, int]:
    """(pages, body lines on the last page) of Typst's PDF."""
    from peer import typst_pages as lines

    cols = lines(pdf)
    return len(cols), sum(cols[-1])


def layout_pages(pdf: Path, summary: str) -> dict[str, Any]:
    from pypdf import PdfReader

    m = re.search(r"(\d+) characters set", summary)
    return {"pages": len(PdfReader(pdf).pages), "characters_set": int(m.group(1)) if m else None}


def bench_peer(scale: int, runs: int, work: Path, warm_cache: Path) -> dict[str, Any]:
    from peer import make

    peer = make(work / f"peer-{scale}x", scale)
    out = work / f"out-peer-{scale}x"
    typst_pdf = peer.typ.with_suffix(".pdf")
    res: dict[str, Any] = {"characters": peer.characters, "paragraphs": peer.paragraphs,
                           "layout_pages_planned": peer.pages}

    def typst() -> Timing:
        return run([PY, "-c", TYPST_CHILD, str(peer.typ), str(typst_pdf)], child_env(warm_cache))[0]

    def fresh() -> Timing:
        cache = fresh_cache(warm_cache, work)
        t = layout_render(peer.edition, out, cache)[0]
        shutil.rmtree(cache)
        return t

    def warm() -> Timing:
        return layout_render(peer.edition, out, warm_cache)[0]

    def first() -> Timing:  # the first run fills the warm cache; the others use new empty ones
        cache = warm_cache if not any(warm_cache.iterdir()) else Path(tempfile.mkdtemp(prefix="cold-", dir=work))
        t = layout_render(peer.edition, out, cache)[0]
        if cache != warm_cache:
            shutil.rmtree(cache)
        return t

    cases: dict[str, dict[str, Any]] = {}
    if scale == 1:
        cases["first render on an empty cache"] = median_of(min(runs, 3), first)
    typst()  # untimed: warms the OS file cache for Typst as the prepare render does for us
    _t, summary = layout_render(peer.edition, out, warm_cache)  # untimed: fills the caches
    res["typst_pages"], res["typst_last_page_lines"] = typst_pages(typst_pdf)
    res["layout"] = layout_pages(out / "edition.pdf", summary)
    cases.update(interleaved(runs, {"Typst (typst.compile in a new process)": typst, "fresh": fresh,
                                    "warm": warm}))
    if scale == 1:
        for page, what in ((peer.pages, "last"), (1, "first")):
            cases[f"re-render after a one-box edit ({what} page's box)"] = median_of(
                runs, lambda page=page: timed_in_child(peer.edition, out, warm_cache, "edition.yaml",
                                                       move_box_down(page), work))
    typst_case = cases["Typst (typst.compile in a new process)"]
    for name, c in cases.items():
        c["x_typst"] = round(c["median_s"] / typst_case["median_s"], 2)
        if name in ("fresh", "warm"):  # interleaved with Typst: the median of each round's own ratio
            c["x_typst_per_round"] = round(statistics.median(
                a / b for a, b in zip(c["times_s"], typst_case["times_s"], strict=True)), 2)
    res["cases"] = cases
    return res


def bench_edition(scale: int, runs: int, work: Path, warm_cache: Path) -> dict[str, Any]:
    from make_edition import make

    edition = make(work / f"edition-{scale}x", scale)
    chars = sum(len("".join(f.read_text(encoding="utf-8").split("---", 2)[2].split()))
                for f in (edition / "articles").glob("*.md"))
    out = work / f"out-edition-{scale}x"
    cases: dict[str, dict[str, Any]] = {}

    def cold() -> Timing:
        cache = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
        t = layout_render(edition, out, cache, overset=True)[0]
        shutil.rmtree(cache)
        return t

    def warm() -> Timing:
        return layout_render(edition, out, warm_cache, overset=True)[0]

    def check() -> Timing:
        return run([LAYOUT, "check", str(edition)], child_env(warm_cache))[0]

    def plan_edit(text: str) -> str:  # the last page's top-left story box one grid line lower
        pat = re.compile(rf"(- story: p{12 * scale}a\n        at: \{{col: 1, span: 4, line: )(\d+)")
        assert pat.search(text)
        return pat.sub(lambda m: m.group(1) + str(int(m.group(2)) + 1), text, count=1)

    def text_edit(text: str) -> str:  # a sentence more in one paragraph of p3a
        i = text.index("。", text.index("---", 4)) + 1
        return text[:i] + "记者今天从有关部门获悉，这项工作进展顺利。" + text[i:]

    if scale == 1:
        cases["first render on an empty cache"] = median_of(min(runs, 3), cold)
    _t, summary = layout_render(edition, out, warm_cache, overset=True)  # untimed: fills the caches
    cases["warm render"] = median_of(runs, warm)
    if scale == 1:
        cases["re-render after a one-box plan edit"] = median_of(
            runs, lambda: timed_in_child(edition, out, warm_cache, "edition.yaml", plan_edit, work))
        cases["re-render after a one-paragraph text edit"] = median_of(
            runs, lambda: timed_in_child(edition, out, warm_cache, "articles/p3a.md", text_edit, work))
        cases["layout check"] = median_of(runs, check)
        cases.update(editor_loop(runs, work))
        (_s, m, _cpu, others), text = run([PY, str(ROOT / "bench" / "break_lines.py"), "--runs", str(runs)],
                                           child_env(warm_cache))
        med = float(text.split("median ")[1].split(" s")[0])
        cases["line breaker alone (100k chars, 13-char lines)"] = {"median_s": med, "peak_rss_mb": round(m, 1),
                                                                     "runs": runs, "others_share": round(others, 3)}
    return {"characters": chars, "pages": 12 * scale, "layout": layout_pages(out / "edition.pdf", summary),
            "cases": cases}


def editor_loop(runs: int, work: Path) -> dict[str, dict[str, Any]]:
    """`layout serve`: a saved edit until the desk's state is ready, per kind of edit (bench/loop.py)."""
    from loop import measure

    times = measure([("after", ROOT)], runs, 1, work)["after"]
    out: dict[str, dict[str, Any]] = {}
    for kind, samples in times.items():
        ready = [r for _s, r in samples]
        out[f"serve: saved edit → page ready ({kind})"] = {
            "median_s": round(statistics.median(ready), 4), "min_s": round(min(ready), 4),
            "max_s": round(max(ready), 4), "runs": len(ready), "peak_rss_mb": None,
            "watcher_s": round(statistics.median(s for s, _r in samples), 4), "samples": samples}
    return out


def table(report: dict[str, Any]) -> str:
    rows = ["| workload | case | chars | median s | min | max | × Typst | × Typst per round | CPU s | peak MB "
            "| others' CPU share |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, label in (("peer", "peer {s}× ({p} p)"), ("bench_edition", "bench edition {p} p")):
        for s, res in report.get(key, {}).items():
            name = label.format(s=s.rstrip("x"), p=res.get("layout_pages_planned", res.get("pages")))
            for case, r in res["cases"].items():
                ratio = f"{r['x_typst']:.2f}" if "x_typst" in r else "—"
                cpu = f"{r['cpu_s']:.2f}" if r.get("cpu_s") is not None else "—"
                per_round = f"{r['x_typst_per_round']:.2f}" if "x_typst_per_round" in r else "—"
                others = f"{r['others_share']:.0%}" if "others_share" in r else "—"
                peak = f"{r['peak_rss_mb']:.0f}" if r.get("peak_rss_mb") is not None else "—"
                rows.append(f"| {name} | {case} | {res['characters']} | {r['median_s']:.3f} | "
                            f"{r.get('min_s', r['median_s']):.3f} | {r.get('max_s', r['median_s']):.3f} | "
                            f"{ratio} | {per_round} | {cpu} | {peak} | {others} |")
    rows += ["", "| section | other processes' share of the CPUs while it ran |", "|---|---:|"]
    for key in ("peer", "bench_edition"):
        for s, res in report.get(key, {}).items():
            rows.append(f"| {key} {s} | {res['load']['during']['others_share']:.0%} |")
    peer = report.get("peer", {})
    if peer:
        rows += ["", "| peer | Typst pages (lines on last page) | layout pages (characters set) |", "|---|---|---|"]
        for s, res in peer.items():
            rows.append(f"| {s} | {res['typst_pages']} ({res['typst_last_page_lines']} of 800) | "
                        f"{res['layout']['pages']} ({res['layout']['characters_set']} of {res['characters']}) |")
        if "1x" in peer and len(peer) > 1:
            rows += ["", "| growth vs 1× | " + " | ".join(peer) + " |", "|---|" + "---:|" * len(peer)]
            for case in ("Typst (typst.compile in a new process)", "fresh", "warm"):
                base = peer["1x"]["cases"][case]["median_s"]
                rows.append(f"| {case} | " + " | ".join(f"{peer[s]['cases'][case]['median_s'] / base:.2f}"
                                                        for s in peer) + " |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scales", default="1", help="sizes to time, e.g. 1,2,4 (peer 10/20/40 pages, "
                                                  "bench edition 12/24/48 pages)")
    ap.add_argument("--skip-bench-edition", action="store_true", help="only the peer workload")
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="S",
                    help="before each workload and scale, wait up to S seconds for the machine to be quiet "
                         "(other processes under 10%% of the CPUs over 5 s)")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    import typst

    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_before": os.getloadavg(),
                    "typst_py": typst.__version__},
        "command": " ".join(["bench/run", *sys.argv[1:]]), "fresh_keeps": list(FRESH_KEEPS)}
    start = time.perf_counter()
    whole = CpuWatch()
    with tempfile.TemporaryDirectory(prefix="layout-bench-") as tmp:
        work = Path(tmp)
        warm_cache = work / "cache"
        warm_cache.mkdir()
        sections = [("peer", bench_peer)] + ([] if args.skip_bench_edition else [("bench_edition", bench_edition)])
        for key, fn in sections:
            report[key] = {}
            for s in scales:
                quiet = wait_quiet(args.wait_quiet) if args.wait_quiet else None
                watch = CpuWatch()
                res = fn(s, args.runs, work, warm_cache)
                res["load"] = {"before": quiet, "during": watch.result()}
                report[key][f"{s}x"] = res
                print(f"{key} {s}x done: other processes took {res['load']['during']['others_share']:.0%} of the "
                      f"CPUs during it", file=sys.stderr, flush=True)
    report["machine"]["load_after"] = os.getloadavg()
    report["machine"]["cpu_during_run"] = whole.result()
    report["seconds"] = round(time.perf_counter() - start, 1)
    text = table(report)
    print(text)
    cpu = report["machine"]["cpu_during_run"]
    print(f"\nload average before {report['machine']['load_before']}, after {report['machine']['load_after']}; "
          f"{report['seconds']} s in all; other processes took {cpu['others_cpu_s']} CPU-s "
          f"({cpu['others_share']:.0%} of the {os.cpu_count()} CPUs) during the run")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dest = ROOT / "bench" / "results"
    dest.mkdir(exist_ok=True)
    path = dest / f"{time.strftime('%Y%m%d-%H%M%S')}-{commit}.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
