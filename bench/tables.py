"""Benchmark: a 2,000-row stock table read, checked, flowed through its boxes and composed.

    .venv/bin/python bench/tables.py [--rows 2000] [--runs 7]

Writes an edition with one table (the sample's columns) flowing through boxes on as many pages as it
needs (4 text columns of 128 rows a page) into a temporary folder, then times, each as the median of the
runs: reading and checking the CSV (`source.table.read_table`), flowing the rows (`flow.table.flow_tables`)
and turning them into text runs and rules (`compose.table.table_drawing`); and the whole `lay_out`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout.compose.table import table_drawing  # noqa: E402
from layout.flow.table import flow_tables  # noqa: E402
from layout.run.pipeline import font_set, lay_out  # noqa: E402
from layout.source.edition import load_edition  # noqa: E402
from layout.source.table import read_table  # noqa: E402

FIELDS = """\
        fields:
          - {field: 代码, type: text, width: 4}
          - {field: 名称, type: text, width: 5}
          - {field: 收盘, type: decimal(2), width: 4, colour: true}
          - {field: 涨跌, type: change(2), width: 4.5}
          - {field: 涨跌幅, type: percent(2), width: 4.5}
          - {field: 成交量, type: integer, unit: 手, grouping: true, width: 5}
"""
PER_PAGE = 4 * 128


def csv_rows(n: int) -> str:
    rnd = random.Random(2026)
    lines = ["代码,名称,收盘,涨跌,涨跌幅,成交量"]
    for i in range(n):
        close = rnd.uniform(2, 300)
        pct = rnd.gauss(0.2, 2.5)
        change = "停牌" if i % 97 == 0 else f"{close * pct / 100:.2f}"
        pcts = "停牌" if i % 97 == 0 else f"{pct:.2f}"
        lines.append(f"{i:06d},津海{'科技医药港务能源'[i % 4 * 2:i % 4 * 2 + 2]},{close:.2f},{change},{pcts},"
                     f"{rnd.randint(0, 3_000_000)}")
    return "\n".join(lines) + "\n"


def edition(folder: Path, rows: int) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "data" / "stocks.csv").write_text(csv_rows(rows), encoding="utf-8")
    pages = []
    for n in range(-(-rows // PER_PAGE)):
        box = ("      - table: data/stocks.csv\n"
               "        at: {col: 1, span: 8, line: 5, lines: 102}\n        columns: 4\n")
        pages.append(f"  - page: {n + 2}\n    section: 财经\n    boxes:\n" + box + (FIELDS if n == 0 else ""))
    plan = "style: tianjin-daily\ndate: 2026-04-23\nissue: 1\npages_total: 99\npages:\n" + "".join(pages)
    (folder / "edition.yaml").write_text(plan, encoding="utf-8")
    return folder


def median(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ed = load_edition(edition(Path(tmp) / "tables", args.rows))
        box = ed.pages[0].boxes[0]
        assert box.table is not None and box.table.spec is not None and box.table.data is not None
        spec, raw = box.table.spec, (Path(ed.folder) / "data" / "stocks.csv").read_bytes()
        metrics = font_set(ed).metrics
        placed, problems = flow_tables(ed, metrics)
        assert not problems, problems
        cases = [("read and check the CSV", lambda: read_table(raw, "data/stocks.csv", spec, box.where)),
                 ("flow through the boxes", lambda: flow_tables(ed, metrics)),
                 ("compose (runs and rules)", lambda: [table_drawing(p, metrics) for p in placed]),
                 ("the whole lay_out", lambda: lay_out(ed))]
        total = 0.0
        for name, fn in cases:
            med, lo, hi = median(fn, args.runs)
            total += med if name != "the whole lay_out" else 0.0
            print(f"{name:26} median {med * 1000:7.1f} ms  (min {lo * 1000:.1f}, max {hi * 1000:.1f}; "
                  f"{args.runs} runs)")
        print(f"{args.rows} rows on {len(ed.pages)} pages: read + flow + compose {total * 1000:.1f} ms")


if __name__ == "__main__":
    main()
