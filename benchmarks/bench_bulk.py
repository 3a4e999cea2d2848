"""Bulk write: N generated papers through `Store.record` against raw sqlite3
`executemany` of the same rows into the same schema (the FTS index and its triggers
included, and the sightings rows too), each into a fresh store, in one transaction."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import gen_store
from _common import NOW, Row, Sizes

from paperfeed.store import Store


def _fresh(folder: Path, name: str) -> Path:
    path = folder / name
    Store(path).close()
    return path


def run(sizes: Sizes) -> list[Row]:
    n = sizes.bulk_papers
    papers = list(gen_store.papers(n, seed=100))
    sightings = [gen_store.sighting(p) for p in papers]
    rows = [gen_store.row(p) for p in papers]
    seen = [gen_store.sighting_row(p) for p in papers]
    ours: list[float] = []
    raw: list[float] = []
    folder = Path(tempfile.mkdtemp(prefix="pf-bulk-"))
    try:
        for attempt in range(1 if sizes.smoke else 3):
            path = _fresh(folder, f"raw{attempt}.db")
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA synchronous = NORMAL")
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(gen_store.PAPERS_INSERT, rows)
            conn.executemany(gen_store.SIGHTINGS_INSERT, seen)
            conn.execute("COMMIT")
            raw.append(time.perf_counter() - start)
            conn.close()

            path = _fresh(folder, f"ours{attempt}.db")
            with Store(path) as store:
                start = time.perf_counter()
                counts = store.record(sightings, NOW)
                ours.append(time.perf_counter() - start)
            if counts.new != n:
                raise RuntimeError(f"record stored {counts.new} of {n} papers")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    raw_rate, our_rate = n / min(raw), n / min(ours)
    return [Row(f"bulk write {n:,} papers with FTS (rows/s)", f"{our_rate:,.0f}/s",
                f"raw executemany {raw_rate:,.0f}/s", our_rate / raw_rate, ">= 0.8x",
                "best of 3 fresh stores each" if not sizes.smoke else "")]
