"""Many feeds at once parse in a worker process (`sources.feed_pool`): the same papers and
the same one-line failures as parsing in the fetch's threads, and nothing lost when the
pool cannot start, its worker dies, or Ctrl-C arrives.

How a test knows the worker parsed: the worker is a fresh process (forkserver or spawn),
so a module setting patched here (`feed_parse.MAX_ENTRIES`) does not reach it; a feed
parsed in the worker keeps all its entries, one parsed here keeps one.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from paperfeed import refresh
from paperfeed.config import FetchConfig
from paperfeed.config.feeds import FeedConfig
from paperfeed.errors import FetchError, FetchInterruptedError
from paperfeed.models import SourceResult
from paperfeed.sources import Source, Window, feed_parse, feed_pool
from paperfeed.sources.feed_parse import FeedPage
from paperfeed.sources.feeds import FeedSource
from paperfeed.sources.http import HttpClient, make_client
from paperfeed.store import Store

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
FAST = FetchConfig(timeout_seconds=5, connect_timeout_seconds=2, retry_attempts=1)
WINDOW = Window(date(2026, 11, 29))
NOW = datetime(2026, 11, 29, 7, tzinfo=UTC)
# Every wire format of the feed fixtures, and a publisher's HTML page among them.
SERVED = {
    "bioRxiv": ("biorxiv_bioinformatics.rdf", "application/rdf+xml"),
    "NMI": ("nature_toc.rdf", "application/rdf+xml"),
    "TLS": ("journal_atom.xml", "application/atom+xml"),
    "Atom03": ("journal_atom03.xml", "application/atom+xml"),
    "Lab": ("wordpress_lab_blog.xml", "application/rss+xml"),
    "Broken encoding": ("broken_encoding.xml", "application/rss+xml"),
    "RSS091": ("rss091.xml", "application/rss+xml"),
    "News": ("html_page.html", "text/html; charset=utf-8"),
}


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


@pytest.fixture
def feeds(httpserver: HTTPServer) -> list[Source]:
    for fixture, ctype in SERVED.values():
        httpserver.expect_request(f"/{fixture}").respond_with_data(
            (FEEDS / fixture).read_bytes(), content_type=ctype)
    return [FeedSource(FeedConfig(name, httpserver.url_for(f"/{fixture}")), lookback_days=10_000, gap=0)
            for name, (fixture, _) in SERVED.items()]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The worker processes the fetch starts, as they start."""
    workers: list[subprocess.Popen[bytes]] = []
    start = feed_pool.ParsePool.start

    def spied(pool: feed_pool.ParsePool) -> None:
        start(pool)
        workers.extend(_workers(pool))

    monkeypatch.setattr(feed_pool.ParsePool, "start", spied)
    return workers


Fetched = tuple[dict[str, str], dict[str, tuple[str, ...]]]


def fetched(store: Store, feeds: list[Source], client: HttpClient) -> Fetched:
    """Each feed's outcome and the papers stored, by id (the order the feeds finish in
    decides which feed's title a shared DOI keeps, and so which counted it as new)."""
    report = refresh.run(store, feeds, client, WINDOW, now=lambda: NOW)
    status = {r.source: f"{r.status} {r.error or ''}".strip() for r in report.results}
    ids = [row[0] for row in store.conn.execute("SELECT id FROM papers")]
    return status, {p.id: tuple(sorted(p.sources)) for p in store.papers(ids)}


def test_many_feeds_parse_in_the_worker_into_the_same_papers(
        feeds: list[Source], client: HttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(feeds) >= feed_pool.MIN_FEEDS
    with Store(tmp_path / "threads.db") as store:
        monkeypatch.setattr(feed_pool, "MIN_FEEDS", 1000)
        in_threads = fetched(store, feeds, client)
    monkeypatch.undo()
    monkeypatch.setattr(feed_parse, "MAX_ENTRIES", 1)  # here, not in the worker
    with Store(tmp_path / "pool.db") as store:
        in_worker = fetched(store, feeds, client)
    assert in_worker == in_threads
    status, papers = in_worker
    assert status["feed:News"].startswith("failed ") and "sent an HTML page" in status["feed:News"]
    assert "\n" not in status["feed:News"]
    # every other feed landed with all its entries (parsed in the worker: here it keeps one)
    assert all(s == "ok" for name, s in status.items() if name != "feed:News")
    assert sum("feed:bioRxiv" in sources for sources in papers.values()) > 1


@pytest.mark.parametrize("fixture", sorted({f for f, _ in SERVED.values()}))
def test_the_worker_parses_each_wire_format_as_the_thread_does(fixture: str) -> None:
    data = (FEEDS / fixture).read_bytes()
    args = {"source": "feed:f", "feed_name": "f", "day": "2026-11-29", "content_type": "text/xml"}
    pool = feed_pool.ParsePool()
    pool.start()
    try:
        try:
            here: FeedPage | str = feed_parse.parse(data, **args)
        except FetchError as exc:
            here = exc.message
        try:
            there: FeedPage | str = pool.parse(data, **args)
        except FetchError as exc:
            there = exc.message
    finally:
        pool.close()
    assert there == here


def test_a_few_feeds_parse_in_their_threads(feeds: list[Source]) -> None:
    few = feeds[: feed_pool.MIN_FEEDS - 1]
    with feed_pool.shared(few) as running:
        assert all(a is b for a, b in zip(running, few, strict=True))
    with feed_pool.shared(feeds) as running:
        assert all(a is not b and a.name == b.name for a, b in zip(running, feeds, strict=True))


def test_a_pool_that_cannot_start_costs_only_speed(
        feeds: list[Source], client: HttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no new processes in this sandbox")

    monkeypatch.setattr(subprocess, "Popen", no_processes)
    monkeypatch.setattr(feed_parse, "MAX_ENTRIES", 1)
    with Store(tmp_path / "p.db") as store:
        status, papers = fetched(store, feeds, client)
    assert sum(s == "ok" for s in status.values()) == len(SERVED) - 1
    assert sum("feed:bioRxiv" in sources for sources in papers.values()) == 1  # parsed here


def test_a_dead_worker_falls_back_to_parsing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FEEDS / "biorxiv_bioinformatics.rdf").read_bytes()
    args = {"source": "feed:b", "feed_name": "b", "day": "2026-11-29"}
    pool = feed_pool.ParsePool()
    pool.start()
    try:
        whole = pool.parse(data, **args)
        assert len(whole.sightings) > 1
        workers = _workers(pool)
        assert len(workers) == 1
        workers[0].kill()  # as the kernel kills for memory
        workers[0].wait()
        monkeypatch.setattr(feed_parse, "MAX_ENTRIES", 1)
        assert len(pool.parse(data, **args).sightings) == 1  # parsed in this process
        assert len(pool.parse(data, **args).sightings) == 1  # and from now on
    finally:
        pool.close()


def test_ctrl_c_ends_the_worker_too(feeds: list[Source], client: HttpClient, tmp_path: Path,
                                    started: list[subprocess.Popen[bytes]]) -> None:

    class CtrlCAfterFirst:
        def started(self, source: str) -> None:
            pass

        def finished(self, result: SourceResult) -> None:
            raise KeyboardInterrupt

    with Store(tmp_path / "p.db") as store, pytest.raises(FetchInterruptedError) as info:
        refresh.run(store, feeds, client, WINDOW, now=lambda: NOW, progress=CtrlCAfterFirst())
    assert "\n" not in info.value.message
    (worker,) = started
    assert worker.wait(timeout=10) == -signal.SIGKILL  # stopped with the fetch, not left running


def test_the_worker_ends_with_the_fetch(feeds: list[Source], client: HttpClient, tmp_path: Path,
                                        started: list[subprocess.Popen[bytes]]) -> None:
    with Store(tmp_path / "p.db") as store:
        status, _ = fetched(store, feeds, client)
    assert status["feed:NMI"] == "ok"
    (worker,) = started
    assert worker.wait(timeout=10) == 0  # its input ended, and it left on its own


def _workers(pool: feed_pool.ParsePool) -> list[subprocess.Popen[bytes]]:
    """The pool's worker process while it runs (none once it has ended)."""
    process = pool._process
    return [process] if process is not None and process.poll() is None else []
