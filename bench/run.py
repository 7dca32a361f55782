"""Time the program on the generated benchmark edition (bench/make_edition.py); medians of several runs.

    bench/run [--runs 5] [--scales 1,2,4]

Cases: cold render (empty font cache), warm render (caches filled), re-render in one process after a
one-box plan edit and after a one-paragraph text edit (as `watch` does), `layout check`, and the line
breaker alone. Peak RSS is each run's own (os.wait4). Prints a table and writes it as JSON to
bench/results/. Never used as a test: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LAYOUT = str(Path(PY).parent / "layout")

# Run inside a child process: render once (warm), edit, render again; print the second render's time.
EDIT_CHILD = r"""
import json, sys, time
from pathlib import Path
from layout.pipeline import render
folder, out, kind = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
render(folder, out, allow_overset=True)
plan = folder / "edition.yaml"
if kind == "plan":  # move the last page's top-left story box down one grid line
    import re
    text = plan.read_text(encoding="utf-8")
    pat = re.compile(r"(- story: p12a\n        at: \{col: 1, span: 4, line: )(\d+)")
    assert pat.search(text)
    plan.write_text(pat.sub(lambda m: m.group(1) + str(int(m.group(2)) + 1), text, count=1), encoding="utf-8")
else:
    art = folder / "articles" / "p3a.md"
    text = art.read_text(encoding="utf-8")
    i = text.index("。", text.index("---", 4)) + 1
    art.write_text(text[:i] + "记者今天从有关部门获悉，这项工作进展顺利。" + text[i:], encoding="utf-8")
t = time.perf_counter()
render(folder, out, allow_overset=True)
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return seconds, usage.ru_maxrss / 1024, out


def median_of(runs: int, fn: object) -> dict[str, float]:
    times, rss = [], []
    for _ in range(runs):
        s, m = fn()  # type: ignore[operator]
        times.append(s)
        rss.append(m)
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "peak_rss_mb": round(max(rss), 1), "runs": runs}


def bench_scale(scale: int, runs: int, work: Path) -> dict[str, dict[str, float]]:
    sys.path.insert(0, str(ROOT / "bench"))
    from make_edition import make

    edition = make(work / f"edition-{scale}x", scale)
    chars = sum(len("".join(f.read_text(encoding="utf-8").split("---", 2)[2].split()))
                for f in (edition / "articles").glob("*.md"))
    out = work / "out"
    env = dict(os.environ)
    results: dict[str, dict[str, float]] = {}

    def cold() -> tuple[float, float]:
        cache = tempfile.mkdtemp(dir=work)
        s, m, _ = run([LAYOUT, "render", str(edition), "-o", str(out), "--allow-overset"],
                      {**env, "LAYOUT_CACHE_DIR": cache})
        return s, m

    def warm() -> tuple[float, float]:
        s, m, _ = run([LAYOUT, "render", str(edition), "-o", str(out), "--allow-overset"], env)
        return s, m

    def check() -> tuple[float, float]:
        s, m, _ = run([LAYOUT, "check", str(edition)], env)
        return s, m

    def edit(kind: str) -> tuple[float, float]:
        copy = work / f"edit-{kind}"
        make(copy, scale)
        _s, m, text = run([PY, "-c", EDIT_CHILD, str(copy), str(out), kind], env)
        return json.loads(text)["seconds"], m

    if scale == 1:
        results["cold render"] = median_of(min(runs, 3), cold)
    warm()  # fill the caches
    results["warm render"] = median_of(runs, warm)
    if scale == 1:
        results["re-render after a one-box plan edit"] = median_of(runs, lambda: edit("plan"))
        results["re-render after a one-paragraph text edit"] = median_of(runs, lambda: edit("text"))
        results["layout check"] = median_of(runs, check)
        _s, m, text = run([PY, str(ROOT / "bench" / "break_lines.py"), "--runs", str(runs)], env)
        med = float(text.split("median ")[1].split(" s")[0])
        results["line breaker alone (100k chars, 13-char lines)"] = {"median_s": med, "peak_rss_mb": round(m, 1),
                                                                       "runs": runs}
    for r in results.values():
        r["characters"] = chars
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scales", default="1", help="edition sizes to time, e.g. 1,2,4 (12, 24, 48 pages)")
    args = ap.parse_args()
    report: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            res = bench_scale(scale, args.runs, Path(tmp))
            report[f"{scale}x"] = res
            for case, r in res.items():
                rows.append((f"{12 * scale}p", case, r))
    head = f"{'edition':<8} {'case':<48} {'chars':>7} {'median s':>9} {'min':>7} {'max':>7} {'peak MB':>8}"
    print(head)
    print("-" * len(head))
    for ed, case, r in rows:
        print(f"{ed:<8} {case:<48} {r['characters']:>7} {r['median_s']:>9.3f} {r.get('min_s', 0):>7.3f} "
              f"{r.get('max_s', 0):>7.3f} {r['peak_rss_mb']:>8.1f}")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dest = ROOT / "bench" / "results"
    dest.mkdir(exist_ok=True)
    path = dest / f"{time.strftime('%Y%m%d-%H%M%S')}-{commit}.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
