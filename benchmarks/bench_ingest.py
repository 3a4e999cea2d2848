"""Ingest of the real 1,504-item announcement feed (2.8 MB): fetch (through the real HTTP
client over an in-memory transport, as a server without an ETag sends it) + parse +
merge + store into a fresh store, against `feedparser.parse` of the same bytes alone
and against the `arxiv` package parsing an API page with as many entries; then the
same feed again into the filled store (nothing changed), against the first ingest:
its body hash equals the one remembered, so nothing is parsed or stored."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import _api_pages
import httpx
from _common import FEED_FULL, Row, Sizes, median_times, ms, need_fixture

from paperfeed import refresh
from paperfeed.config import ArxivConfig, FetchConfig
from paperfeed.sources import Window
from paperfeed.sources.arxiv import ArxivSource
from paperfeed.sources.arxiv_feed import parse_announcements
from paperfeed.sources.http import HttpClient, make_client
from paperfeed.store import Store
from paperfeed.text import latex

FIRST = "2024-11-28T06:00:00+00:00"
LATER = "2024-11-28T09:00:00+00:00"  # a second fetch the same morning
TYPES = ("new", "cross")
DAY = date(2024, 11, 28)


def _client(data: bytes) -> HttpClient:
    """The real client; the transport answers every request with the feed, and no ETag."""
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=data, headers={"content-type": "application/rss+xml"})

    return make_client(FetchConfig(), transport=httpx.MockTransport(answer))


def _ingest(source: ArxivSource, client: HttpClient, store: Store, now: str) -> int:
    """What `paperfeed fetch --source arxiv` does once the feed is here: the daily run."""
    report = refresh.run(store, [source], client, Window(DAY), now=lambda: datetime.fromisoformat(now))
    if report.failed:
        raise RuntimeError(f"ingest failed: {report.failed[0].error}")
    return report.new + report.updated


def _parse_and_record(data: bytes, store: Store, now: str) -> int:
    feed = parse_announcements(data, announce_types=TYPES, fallback_day=now[:10])
    counts = store.record(feed.sightings, now)
    return counts.new + counts.updated


def run(sizes: Sizes) -> list[Row]:
    import feedparser

    data = need_fixture(FEED_FULL).read_bytes()
    sightings = parse_announcements(data, announce_types=TYPES, fallback_day="2024-11-28").sightings
    items = len(sightings)
    folder = Path(tempfile.mkdtemp(prefix="pf-ingest-"))
    opened: list[Store] = []

    def fresh() -> Store:
        opened.append(Store(folder / f"s{len(opened)}.db"))
        return opened[-1]

    source = ArxivSource(ArxivConfig(categories=["cs.CV", "cs.LG"], feed_url="http://arxiv.test/rss/",
                                     announce_types=list(TYPES), request_gap_seconds=0.0))
    client = _client(data)
    try:
        filled = fresh()
        _ingest(source, client, filled, FIRST)

        repeats = 1 if sizes.smoke else max(3, sizes.repeats)
        empty = [fresh() for _ in range(3 * (repeats + 1))]  # opened (migrated) untimed

        def first() -> None:
            # A first fetch converts the TeX of every new paper; the conversion is cached
            # per process, so clear the cache or later repetitions would skip that work.
            latex.clear_cache()
            if _ingest(source, client, empty.pop(), FIRST) == 0:
                raise RuntimeError("the first ingest stored nothing")

        def again() -> None:
            if _ingest(source, client, filled, LATER) != 0:
                raise RuntimeError("re-ingesting the same feed changed papers")

        def reparse() -> None:
            if _parse_and_record(data, filled, LATER) != 0:
                raise RuntimeError("re-recording the same feed changed papers")

        t_fp, t_first, t_again, t_reparse, t_record, t_rerecord = median_times([
            lambda: feedparser.parse(data), first, again, reparse,
            lambda: empty.pop().record(sightings, FIRST), lambda: filled.record(sightings, LATER),
        ], repeats)
        rows = [
            Row(f"ingest {items:,}-item feed ({len(data) / 1e6:.1f} MB): fetch+parse+merge+store",
                ms(t_first), f"feedparser.parse alone {ms(t_fp)}", t_first / t_fp, "<= 1.5x"),
            Row("re-ingest the same feed (nothing changed, no ETag)", ms(t_again),
                f"first ingest {ms(t_first)}", t_again / t_first, "<= 0.3x",
                "same body hash as last time: nothing parsed or stored"),
            Row("  without the hash: parse+merge+store the same bytes again", ms(t_reparse),
                f"first ingest {ms(t_first)}", t_reparse / t_first, "",
                f"parsing alone is {ms(max(0.0, t_reparse - t_rerecord))} of it"),
            Row("  the store's share: record unchanged sightings", ms(t_rerecord),
                f"first record {ms(t_record)}", t_rerecord / t_record, "",
                "no row rewritten, no FTS work"),
        ]
        try:
            from arxiv import _feed as arxiv_feed
        except ImportError:
            return rows
        page = _api_pages.page(0, items, items)
        (t_arxiv,) = median_times([lambda: arxiv_feed.parse(page)], repeats)
        rows.append(Row(f"  ingest vs arxiv package parsing a {items:,}-entry API page", ms(t_first),
                        f"arxiv package {ms(t_arxiv)}", t_first / t_arxiv, "",
                        "their parse alone; ours also merges and stores with FTS"))
        return rows
    finally:
        client.close()
        for store in opened:
            store.close()
        shutil.rmtree(folder, ignore_errors=True)
