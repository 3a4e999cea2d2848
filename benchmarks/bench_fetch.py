"""Fetch concurrency: every source at once against a loopback server that answers each
request after a fixed delay, against the slowest source fetched alone (each run into a
fresh store, through `refresh.fetch`: lock, HTTP client, parse, store). Then the same
fetch again, which the feed's ETag turns into 304s."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from _common import FEED_FULL, HF_DAY, HF_TREND, Row, Sizes, config_toml, median_times, ms, need_fixture
from _servers import not_found, serve

from paperfeed import config as config_mod
from paperfeed import refresh
from paperfeed.sources import Window

SOURCES = ("arxiv", "huggingface", "paperswithcode")


def _route(feed: bytes, day: bytes, trend: bytes):  # type: ignore[no-untyped-def]
    def route(path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        if path.startswith("/rss/"):
            return 200, feed, "application/rss+xml"
        if path == "/api/daily_papers":
            return 200, trend if query.get("sort") == ["trending"] else day, "application/json"
        return not_found(path)
    return route


def run(sizes: Sizes) -> list[Row]:
    feed = need_fixture(FEED_FULL).read_bytes()
    day, trend = need_fixture(HF_DAY).read_bytes(), need_fixture(HF_TREND).read_bytes()
    folder = Path(tempfile.mkdtemp(prefix="pf-fetch-"))
    count = [0]
    try:
        with serve(_route(feed, day, trend), delay=sizes.delay, etags=True) as server:
            path = folder / "config.toml"
            path.write_text(config_toml(server.url))
            config = config_mod.load(path)
            window = Window(date.today())

            def fetch(only: tuple[str, ...]) -> None:
                count[0] += 1
                report = refresh.fetch(config, folder / f"{count[0]}.db", window, only=only)
                if report.failed or report.skipped:
                    raise RuntimeError(f"fetch {only} failed: {report.failed or report.skipped}")

            repeats = 1 if sizes.smoke else max(3, sizes.repeats // 2)
            fns = [lambda name=name: fetch((name,)) for name in SOURCES] + [lambda: fetch(SOURCES)]
            times = median_times(fns, repeats)
            alone = dict(zip(SOURCES, times[:3], strict=True))
            slowest = max(alone, key=lambda name: alone[name])
            all_sources = times[3]

            def again() -> None:
                report = refresh.fetch(config, folder / "again.db", window, only=("arxiv",))
                if report.results[0].status != "unchanged":
                    raise RuntimeError(f"re-fetch was {report.results[0].status}, not unchanged")

            refresh.fetch(config, folder / "again.db", window, only=("arxiv",))
            (t_again,) = median_times([again], repeats)
        note = ", ".join(f"{name} {ms(t)}" for name, t in alone.items())
        return [Row(f"fetch all 3 sources at once (server delay {sizes.delay:g} s/request)",
                    ms(all_sources), f"slowest alone ({slowest}) {ms(alone[slowest])}",
                    all_sources / alone[slowest], "<= 1.15x", f"alone: {note}"),
                Row("fetch the unchanged arXiv feed again (ETag: 304)", ms(t_again),
                    f"first fetch {ms(alone['arxiv'])}", t_again / alone["arxiv"], "",
                    "includes the server's delay; nothing parsed or stored")]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
