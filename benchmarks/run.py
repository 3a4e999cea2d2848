"""Run paperfeed's benchmarks and print a table of ratios against same-run baselines.

    python benchmarks/run.py            # full sizes (builds a 1,000,000-paper store once, cached
                                        # in benchmarks/.data/; the first run takes a while)
    python benchmarks/run.py --smoke    # tiny sizes, well under a minute: what CI runs
    python benchmarks/run.py --only search,bulk --markdown

Targets are reported, never asserted: a slow machine must not fail CI. A benchmark
that crashes does (exit 1), so they cannot rot; one that cannot run here (a missing
shared fixture or optional package) says why and is skipped.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
import traceback
from datetime import UTC, datetime

from _common import FULL, SMOKE, Row, Sizes, Skip

BENCHMARKS = {  # name: module, in the order of issue 8
    "startup": "bench_startup",
    "fetch": "bench_fetch",
    "catchup": "bench_catchup",
    "ingest": "bench_ingest",
    "parse": "bench_parse",
    "bulk": "bench_bulk",
    "query": "bench_query",
    "memory": "bench_memory",
    "feeds": "bench_feeds",
    "summaries": "bench_summaries",
    "ranking": "bench_ranking",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    ap.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    ap.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = ap.parse_args()
    sizes = SMOKE if args.smoke else FULL
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")

    rows: list[Row] = []
    skipped: list[str] = []
    crashed: list[str] = []
    began = time.perf_counter()
    for name in chosen:
        started = time.perf_counter()
        try:
            module = importlib.import_module(BENCHMARKS[name])
            new = module.run(sizes)
        except Skip as exc:
            skipped.append(f"{name}: {exc}")
            print(f"[{name}] skipped: {exc}", file=sys.stderr, flush=True)
            continue
        except Exception:
            crashed.append(name)
            traceback.print_exc()
            continue
        rows += new
        print(f"[{name}] done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        for row in new:
            print("  " + _plain_row(row), file=sys.stderr, flush=True)

    print(_header(sizes, time.perf_counter() - began))
    print(_table(rows))
    if args.markdown:
        print()
        print(_markdown(rows))
    for line in skipped:
        print(f"skipped {line}")
    if crashed:
        print(f"CRASHED: {', '.join(crashed)} (traceback above)")
        return 1
    return 0


def _header(sizes: Sizes, seconds: float) -> str:
    mode = "smoke (tiny sizes: ratios are not meaningful)" if sizes.smoke else "full"
    return (f"paperfeed benchmarks, {mode}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
            f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
            f"SQLite {_sqlite()}; {seconds:.0f} s")


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def _sqlite() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def _verdict(row: Row) -> str:
    return {True: "met", False: "MISSED", None: ""}[row.met]


def _ratio(row: Row) -> str:
    return "" if row.ratio is None else f"{row.ratio:.2f}x"


def _plain_row(row: Row) -> str:
    return (f"{row.name}: {row.figure} vs {row.baseline} = {_ratio(row)} "
            f"(target {row.target or '-'}) {_verdict(row)} {row.note}").rstrip()


def _table(rows: list[Row]) -> str:
    head = ("benchmark", "figure", "baseline", "ratio", "target", "")
    cells = [head] + [(r.name, r.figure, r.baseline, _ratio(r), r.target, _verdict(r)) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(head))).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown(rows: list[Row]) -> str:
    lines = ["| benchmark | figure | baseline | ratio | target | | note |", "|---|---|---|---|---|---|---|"]
    lines += [f"| {r.name} | {r.figure} | {r.baseline} | {_ratio(r)} | {r.target} | {_verdict(r)} "
              f"| {r.note} |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
