"""Catch-up: `fetch --since 7d` for four categories against a loopback arXiv API with
the 3-second pacing scaled down. Counts the requests (against what the `arxiv`
package's default 100 results a page would need for the same papers) and compares
the wall time with the pacing floor, requests x gap: parsing and storing should hide
behind the waits. Each category submits a fixed number of papers a day."""

from __future__ import annotations

import itertools
import math
import re
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import _api_pages
from _common import CATEGORIES, Row, Sizes, config_toml
from _servers import not_found, serve

from paperfeed import config as config_mod
from paperfeed import refresh
from paperfeed.sources import Window

_RANGE = re.compile(r"submittedDate:\[(\d{8})\d{4} TO (\d{8})\d{4}\]")
_CAT = re.compile(r"cat:([\w.-]+)")
ARXIV_PACKAGE_PAGE = 100  # arxiv.Client(page_size=100), the package's default


def _day(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def run(sizes: Sizes) -> list[Row]:
    _api_pages.page(0, 1, 1)  # the recorded entries, or Skip here rather than in the server
    per_day = sizes.catchup_per_day
    totals: list[int] = []

    def route(path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        if path != "/api/query":
            return not_found(path)
        text = query.get("search_query", [""])[0]
        span = _RANGE.search(text)
        cats = tuple(_CAT.findall(text)) or ("cs.LG",)
        if span is None:
            return 400, b"no submittedDate range", "text/plain"
        first, last = _day(span[1]), _day(span[2])
        total = ((last - first).days + 1) * len(cats) * per_day
        totals.append(total)
        start = int(query.get("start", ["0"])[0])
        count = int(query.get("max_results", ["10"])[0])
        body = _api_pages.page(start, count, total, first_day=first, per_day=len(cats) * per_day,
                               categories=cats)
        return 200, body, "application/atom+xml"

    folder = Path(tempfile.mkdtemp(prefix="pf-catchup-"))
    try:
        with serve(route) as server:
            path = folder / "config.toml"
            path.write_text(config_toml(server.url, gap=sizes.gap, page_size=200 if sizes.smoke else 2000))
            config = config_mod.load(path)
            today = date(2026, 11, 26)
            started = time.perf_counter()
            report = refresh.fetch(config, folder / "store.db", Window(today, today - timedelta(days=7)),
                                   only=("arxiv",))
            wall = time.perf_counter() - started
            requests = [t for t, _ in server.requests]
        if report.failed or report.skipped:
            raise RuntimeError(f"catch-up failed: {report.failed or report.skipped}")
        gaps = [b - a for a, b in itertools.pairwise(requests)]
        n = len(requests)
        papers = report.results[0].new
        theirs = math.ceil(max(totals) / ARXIV_PACKAGE_PAGE)
        floor = n * sizes.gap
        return [
            Row(f"catch-up 7 days x {len(CATEGORIES)} categories: arXiv requests ({papers:,} papers)",
                str(n), f"arxiv package defaults {theirs}", n / theirs, "<= 0.1x",
                f"page size {config.sources.arxiv.page_size}"),
            Row(f"catch-up wall time (gap scaled to {sizes.gap:g} s)", f"{wall:.2f} s",
                f"pacing floor {n} x {sizes.gap:g} s = {floor:.2f} s", wall / floor, "<= 1.1x",
                f"shortest gap between requests {min(gaps):.2f} s" if gaps else "one request"),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
