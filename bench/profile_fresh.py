"""Profile a fresh render of the peer workload (fonts prepared, every other cache empty).

    .venv/bin/python bench/profile_fresh.py [--scale 1] [--top 15] [--fonts-from CACHE_DIR] [--save FILE]

1. `python -X importtime .venv/bin/layout render …` in a new process: the imports by cumulative time.
2. cProfile of `layout render` run in this process (`layout.cli.main`, the `layout` console script's entry
   point) with os.cpu_count() patched to 1, so that the page drawing and font work that a render farms out
   to worker processes is done, and profiled, in this one process: the top functions by own time.

The fonts come from CACHE_DIR (a filled LAYOUT_CACHE_DIR: default $LAYOUT_CACHE_DIR if it has fonts/), else
from one render into a new cache first (converting the fonts takes a minute). Each profiled render gets a
new cache holding only bench/run.py's FRESH_KEEPS.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from peer import make
from run import FRESH_KEEPS, LAYOUT, PY, child_env, fresh_cache

# the stages of a render (layout/run/pipeline.py's render), as (label, file, function) for the cumulative table
STAGES = (
    ("load the edition (YAML, schema, articles)", "layout/run/pipeline.py", "load"),
    ("lay out: glyph check", "layout/run/pipeline.py", "check_glyphs"),
    ("lay out: flow (line breaking inside)", "layout/flow/fill.py", "flow_edition"),
    ("lay out: line breaking (break_paragraph)", "layout/text/__init__.py", "break_paragraph"),
    ("lay out: compose pages", "layout/compose/page.py", "compose_pages"),
    ("fonts: prepare", "layout/fonts/fontset.py", "prepare"),
    ("draw pages (ReportLab; PDF/X as drawn)", "layout/render/pages.py", "draw_jobs"),
    ("draw: text lines (our content-stream writer)", "layout/render/textstream.py", "line"),
    ("draw: subset and embed the fonts", "layout/render/cidfont.py", "addObjects"),
    ("finish edition.pdf (join the page files)", "layout/output/finishing.py", "finish"),
    ("preflight", "layout/run/pipeline.py", "checked"),
    ("write files", "layout/run/pipeline.py", "write_atomic"),
)
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def import_times(edition: Path, out: Path, cache: Path, top: int) -> str:
    proc = subprocess.run([PY, "-X", "importtime", LAYOUT, "render", str(edition), "-o", str(out)],
                          env=child_env(cache), capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        m = IMPORT_LINE.match(line)
        if m:
            rows.append((int(m.group(2)) / 1e6, int(m.group(1)) / 1e6, len(m.group(3)) // 2, m.group(4)))
    total = sum(cum for cum, _self, depth, _name in rows if depth == 0)
    lines = [f"all imports of a fresh render: {total:.3f} s (sum of the top-level imports' cumulative times)",
             "", "| cumulative s | self s | top-level import |", "|---:|---:|---|"]
    for cum, own, _depth, name in sorted((r for r in rows if r[2] == 0), reverse=True)[:top]:
        lines.append(f"| {cum:.3f} | {own:.3f} | {name} |")
    lines += ["", "| cumulative s | self s | any import (nested ones too) |", "|---:|---:|---|"]
    for cum, own, depth, name in sorted(rows, reverse=True)[:top]:
        lines.append(f"| {cum:.3f} | {own:.3f} | {'  ' * depth}{name} |")
    return "\n".join(lines)


def profile(edition: Path, out: Path, cache: Path, top: int, save: Path | None = None) -> str:
    from layout.cli import main

    os.environ["LAYOUT_CACHE_DIR"] = str(cache)
    os.cpu_count = lambda: 1  # draw pages and prepare fonts in this process, where the profiler sees them
    prof = cProfile.Profile()
    try:
        prof.runcall(main, ["render", str(edition), "-o", str(out)], standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
    if save:
        prof.dump_stats(save)
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    total = max(t for (_c, _n, _t, ct, _callers) in stats.stats.values() for t in (ct,))  # type: ignore[attr-defined]
    buf.write(f"profiled render (serial, under cProfile): {total:.2f} s\n\n| stage | cumulative s | share |\n"
              "|---|---:|---:|\n")
    for label, file, func in STAGES:
        cum = sum(ct for (f, _line, name), (_c, _n, _t, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
                  if f.endswith(file) and name == func)
        buf.write(f"| {label} | {cum:.2f} | {cum / total:.0%} |\n")
    buf.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--fonts-from", type=Path, default=Path(os.environ.get("LAYOUT_CACHE_DIR") or "/nonexistent"))
    ap.add_argument("--save", type=Path, help="write the cProfile data here (for pstats or snakeviz)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="layout-profile-") as tmp:
        work = Path(tmp)
        peer = make(work / "peer", args.scale)
        out = work / "out"
        source = args.fonts_from
        if not all((source / k).is_dir() for k in FRESH_KEEPS):
            source = work / "filled"
            print(f"no prepared fonts in {args.fonts_from}: rendering once into {source}", file=sys.stderr)
            subprocess.run([LAYOUT, "render", str(peer.edition), "-o", str(out)], env=child_env(source), check=True,
                           capture_output=True)
        print(f"# fresh render of the peer workload ({peer.characters} characters, {peer.pages} pages)\n")
        print(import_times(peer.edition, out, fresh_cache(source, work), args.top))
        print()
        print(profile(peer.edition, out, fresh_cache(source, work), args.top, args.save))
        shutil.rmtree(work / "peer")


if __name__ == "__main__":
    main()
