"""Catch-up: `fetch --since 7d` for four categories against a loopback arXiv API with
the 3-second pacing scaled down. Counts the requests (against what the `arxiv`
package's default 100 results a page would need for the same papers) and compares
the wall time with the pacing floor, requests x gap: parsing and storing should hide
behind the waits. Each category submits a fixed number of papers a day. The loopback
server runs in this process, so it makes its pages in an untimed first catch-up and
only sends them in the timed one: building them is arXiv's work, not the client's."""

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
    bodies: dict[tuple[int, int, int, date, tuple[str, ...]], bytes] = {}

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
        key = (start, count, total, first, cats)
        if key not in bodies:  # made once, in the untimed first catch-up: arXiv's work is not ours
            bodies[key] = _api_pages.page(start, count, total, first_day=first,
                                          per_day=len(cats) * per_day, categories=cats)
        return 200, bodies[key], "application/atom+xml"

    folder = Path(tempfile.mkdtemp(prefix="pf-catchup-"))
    today = date(2026, 11, 26)
    window = Window(today, today - timedelta(days=7))
    page_size = 200 if sizes.smoke else 2000
    try:
        with serve(route) as server:

            def catch_up(name: str, gap: float) -> tuple[refresh.RefreshReport, float, list[float]]:
                path = folder / f"{name}.toml"
                path.write_text(config_toml(server.url, gap=gap, page_size=page_size))
                config = config_mod.load(path)
                server.requests.clear()
                started = time.perf_counter()
                report = refresh.fetch(config, folder / f"{name}.db", window, only=("arxiv",))
                wall = time.perf_counter() - started
                if report.failed or report.skipped:
                    raise RuntimeError(f"catch-up failed: {report.failed or report.skipped}")
                return report, wall, [t for t, _ in server.requests]

            catch_up("warm", 0.0)  # the server makes its pages
            report, wall, requests = catch_up("scaled", sizes.gap)
            real_gap = 3.0  # arXiv's terms; the smoke run skips this 12-second row
            _, real_wall, real_requests = catch_up("real", real_gap) if not sizes.smoke else (None, 0.0, [])
        gaps = [b - a for a, b in itertools.pairwise(requests)]
        n = len(requests)
        papers = report.results[0].new
        theirs = math.ceil(max(totals) / ARXIV_PACKAGE_PAGE)
        floor = n * sizes.gap
        real_floor = len(real_requests) * real_gap
        rows = [
            Row(f"catch-up 7 days x {len(CATEGORIES)} categories: arXiv requests ({papers:,} papers)",
                str(n), f"arxiv package defaults {theirs}", n / theirs, "<= 0.1x",
                f"page size {page_size}"),
            Row(f"catch-up wall time (gap scaled to {sizes.gap:g} s)", f"{wall:.2f} s",
                f"pacing floor {n} x {sizes.gap:g} s = {floor:.2f} s", wall / floor, "<= 1.1x",
                f"shortest gap between requests {min(gaps):.2f} s" if gaps else "one request"),
        ]
        if real_requests:
            rows.append(Row(f"  same at arXiv's own {real_gap:g} s gap", f"{real_wall:.2f} s",
                            f"pacing floor {len(real_requests)} x {real_gap:g} s = {real_floor:.2f} s",
                            real_wall / real_floor, "", "pages stored while the next request waits"))
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)
