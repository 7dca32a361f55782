"""Benchmark: the line breaker alone, on ~100,000 characters of unique paragraphs at 13 characters a line.

    .venv/bin/python bench/break_lines.py [--chars 100000] [--runs 7]

Prints the median of the runs (each run clears the breaker's caches). Uses the real body font's metrics and
the benchmark text (bench/make_edition.py's `UniqueText`: the sample's sentences recombined, no two
paragraphs equal).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from make_edition import UniqueText

from layout.fonts.fontset import FontSet
from layout.model.style import TextStyle
from layout.text import _units as unit_cache
from layout.text import break_paragraph

ROOT = Path(__file__).resolve().parent.parent


def corpus(chars: int) -> list[str]:
    return UniqueText(2026).take(chars)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    metrics = FontSet.load(ROOT / "fonts" / "catalogue.yaml").metrics("song")
    style = TextStyle("song", 9.0, 13.5)
    paras = corpus(args.chars)
    times = []
    lines = 0
    for _ in range(args.runs):
        break_paragraph.cache_clear()
        unit_cache.cache_clear()
        t0 = time.perf_counter()
        lines = sum(len(break_paragraph(p, style, 13 * 9.0, metrics).lines) for p in paras)
        times.append(time.perf_counter() - t0)
    chars = sum(len(p) for p in paras)
    print(f"break_lines: {chars} characters, {len(paras)} paragraphs, {lines} lines of 13 characters; "
          f"median {statistics.median(times):.3f} s over {args.runs} runs (min {min(times):.3f}, max {max(times):.3f})")


if __name__ == "__main__":
    main()
