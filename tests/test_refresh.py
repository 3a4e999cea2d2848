"""refresh: concurrency, per-source isolation, honest statuses, idempotence, the `today` hook.

Fake sources stand in for the network here (the CLI tests run the real sources
against a local server); the store is real, so a write from a worker thread
would fail loudly (sqlite3 connections refuse other threads).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from paperfeed import clock, paths, refresh
from paperfeed.config import Config, FetchConfig
from paperfeed.errors import ExitCode, FetchError, ServiceRetiredError, UsageError
from paperfeed.models import Sighting, SourceResult
from paperfeed.refresh import lock, staleness
from paperfeed.sources import FetchResult, Window
from paperfeed.store import Store

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
WINDOW = Window(date(2026, 11, 26))


def sighting(source: str, pid: str, title: str = "A paper", **kw: Any) -> Sighting:
    return Sighting(source=source, paper_id=pid, title=title, seen_day="2026-11-26", **kw)


@dataclass
class FakeSource:
    name: str
    sightings: tuple[Sighting, ...] = ()
    error: BaseException | None = None
    delay: float = 0.0
    status: str = "ok"
    etags: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[Window, dict[str, str]]] = field(default_factory=list)

    def fetch(self, client: Any, window: Window, etags: Mapping[str, str]) -> FetchResult:
        self.calls.append((window, dict(etags)))
        time.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return FetchResult(self.sightings, self.status, etags=self.etags)


@dataclass
class Recorder:
    events: list[tuple[str, str]] = field(default_factory=list)

    def started(self, source: str) -> None:
        self.events.append(("started", source))

    def finished(self, result: SourceResult) -> None:
        self.events.append(("finished", result.source))


def three_sources() -> list[FakeSource]:
    return [
        FakeSource("arxiv", (sighting("arxiv", "2411.00001", authoritative=True),
                             sighting("arxiv", "2411.00002", authoritative=True))),
        FakeSource("huggingface", (sighting("huggingface", "2411.00002", upvotes=7),
                                   sighting("huggingface", "2411.00003"))),
        FakeSource("paperswithcode", (sighting("paperswithcode", "2411.00004"),)),
    ]


def run(store: Store, sources: list[FakeSource], **kw: Any) -> refresh.RefreshReport:
    return refresh.run(store, sources, client=object(), window=WINDOW,  # type: ignore[arg-type]
                       now=lambda: NOW, **kw)


def test_all_sources_land_and_every_run_is_recorded(store: Store) -> None:
    report = run(store, three_sources())
    assert [(r.source, r.status) for r in report.results] == [
        ("arxiv", "ok"), ("huggingface", "ok"), ("paperswithcode", "ok")]
    assert report.new == 4  # 2411.00002 is new to whichever of arxiv and huggingface lands first
    assert report.exit_code is ExitCode.OK and report.warning() is None
    assert store.counts()["papers"] == 4
    assert store.get("2411.00002").upvotes == 7  # type: ignore[union-attr]
    runs = {r.source: r for r in store.last_runs()}
    assert set(runs) == {"arxiv", "huggingface", "paperswithcode"}
    assert all(r.status == "ok" and r.finished_at for r in runs.values())


def test_a_failing_source_stores_nothing_and_costs_the_others_nothing(store: Store) -> None:
    sources = three_sources()
    sources[1].error = FetchError("huggingface: http://x/api answered HTTP 500 Internal Server Error")
    report = run(store, sources)
    assert report.exit_code is ExitCode.FETCH_PARTIAL
    failed = report.failed
    assert [(r.source, r.status) for r in failed] == [("huggingface", "failed")]
    assert "HTTP 500" in (failed[0].error or "")
    assert store.get("2411.00003") is None  # only huggingface listed it
    assert store.counts()["papers"] == 3
    runs = {r.source: r for r in store.last_runs()}
    assert runs["huggingface"].status == "failed" and "HTTP 500" in (runs["huggingface"].error or "")
    assert "huggingface" in (report.warning() or "")


def test_every_source_failing_is_total_failure(store: Store) -> None:
    sources = three_sources()
    for s in sources:
        s.error = FetchError(f"{s.name}: cannot reach the host")
    report = run(store, sources)
    assert report.exit_code is ExitCode.FETCH_FAILED
    assert store.counts()["papers"] == 0
    assert store.last_success() is None
    assert "showing what is stored" in (report.warning() or "")


def test_a_bug_in_one_source_is_contained_and_named(store: Store) -> None:
    sources = three_sources()
    sources[0].error = KeyError("guid")
    report = run(store, sources)
    arxiv = report.results[0]
    assert arxiv.status == "failed" and "KeyError" in (arxiv.error or "")
    assert "please report" in (arxiv.error or "")
    assert report.exit_code is ExitCode.FETCH_PARTIAL
    assert store.counts()["papers"] == 3


def test_a_retired_service_is_reported_as_such(store: Store) -> None:
    sources = three_sources()
    sources[2].error = ServiceRetiredError("paperswithcode: the service was retired; use hf-trending")
    report = run(store, sources)
    assert report.results[2].status == "retired"
    assert report.exit_code is ExitCode.FETCH_PARTIAL


def test_error_text_from_the_network_is_one_clean_line(store: Store) -> None:
    sources = [FakeSource("arxiv", error=FetchError("arxiv: \x1b[31mBad\narchive\x07 " + "x" * 500))]
    error = run(store, sources).results[0].error or ""
    assert "\x1b" not in error and "\n" not in error and "\x07" not in error
    assert error.startswith("Bad archive") and len(error) <= 300  # the report names the source


def test_statuses_without_papers_are_success(store: Store) -> None:
    sources = [FakeSource("arxiv", status="no announcement"),
               FakeSource("huggingface", status="unchanged")]
    report = run(store, sources)
    assert report.exit_code is ExitCode.OK
    assert [r.status for r in report.results] == ["no announcement", "unchanged"]
    assert store.last_success() is not None


def test_a_second_run_of_the_same_data_adds_nothing_and_keeps_marks(store: Store) -> None:
    run(store, three_sources())
    store.set_mark("2411.00001", starred_at="2026-11-26T07:00:00+00:00", note="keep me")
    before = store.get("2411.00001")
    report = run(store, three_sources())
    assert (report.new, report.updated) == (0, 0)
    after = store.get("2411.00001")
    assert after is not None and before is not None
    assert after.marks == before.marks and after.marks.note == "keep me"
    assert store.counts()["papers"] == 4


def test_etags_are_kept_and_handed_back_next_time(store: Store) -> None:
    source = FakeSource("arxiv", (sighting("arxiv", "2411.00001"),), etags={"http://x/rss/cs.LG": '"v1"'})
    run(store, [source])
    run(store, [source])
    assert source.calls[0][1] == {}
    assert source.calls[1][1] == {"http://x/rss/cs.LG": '"v1"'}


def test_sources_run_concurrently(store: Store) -> None:
    sources = three_sources()
    for s, delay in zip(sources, (0.3, 0.4, 0.5), strict=True):
        s.delay = delay
    began = time.monotonic()
    report = run(store, sources)
    elapsed = time.monotonic() - began
    assert elapsed < 1.0  # the sum would be 1.2 s; the slowest alone is 0.5 s
    assert report.results[2].seconds >= 0.5


def test_progress_hears_of_every_source_and_results_keep_source_order(store: Store) -> None:
    sources = three_sources()
    sources[0].delay = 0.2  # arxiv finishes last, yet is reported first
    recorder = Recorder()
    report = run(store, sources, progress=recorder)
    assert [e for e in recorder.events if e[0] == "started"] == [
        ("started", "arxiv"), ("started", "huggingface"), ("started", "paperswithcode")]
    assert recorder.events[-1] == ("finished", "arxiv")
    assert [r.source for r in report.results] == ["arxiv", "huggingface", "paperswithcode"]


# -- a paging source (arXiv's catch-up): each page stored as it arrives -------------


@dataclass
class PagedFake:
    """Hands over its pages one by one, then maybe fails, like a catch-up over the API."""

    name: str
    pages: tuple[tuple[Sighting, ...], ...]
    db: Path
    error: BaseException | None = None
    seen_stored: list[int] = field(default_factory=list)

    def fetch(self, client: Any, window: Window, etags: Mapping[str, str]) -> FetchResult:
        raise AssertionError("refresh should hand a paging source its deliver callback")

    def fetch_pages(self, client: Any, window: Window, etags: Mapping[str, str],
                    deliver: Any) -> FetchResult:
        for page in self.pages:
            deliver(page)
            self.seen_stored.append(_wait_for_papers(self.db, len(page) + sum(self.seen_stored)))
        if self.error is not None:
            raise self.error
        return FetchResult((sighting(self.name, "2411.09999"),))


def _wait_for_papers(db: Path, at_least: int) -> int:
    """What another reader of the file sees: the papers committed so far (polls briefly)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        deadline = time.monotonic() + 5
        while True:
            (count,) = conn.execute("SELECT count(*) FROM papers").fetchone()
            if count >= at_least or time.monotonic() > deadline:
                return int(count)
            time.sleep(0.01)
    finally:
        conn.close()


def _pages(*sizes: int) -> tuple[tuple[Sighting, ...], ...]:
    first = 1
    pages = []
    for size in sizes:
        pages.append(tuple(sighting("arxiv", f"2411.{n:05d}", authoritative=True)
                           for n in range(first, first + size)))
        first += size
    return tuple(pages)


def test_a_catch_up_page_is_stored_while_the_next_request_is_still_pending(store: Store) -> None:
    source = PagedFake("arxiv", _pages(3, 2), store.path)
    report = run(store, [source])  # type: ignore[list-item]
    assert source.seen_stored == [3, 5]  # committed before the source went on to its next page
    assert (report.results[0].status, report.new) == ("ok", 6)
    assert store.counts()["papers"] == 6
    assert store.last_runs()[0].new == 6


def test_a_failed_later_page_keeps_the_pages_stored_and_the_run_counts_as_failed(store: Store) -> None:
    run(store, [FakeSource("arxiv", (sighting("arxiv", "2411.00001", authoritative=True),))])
    store.set_mark("2411.00001", starred_at="2026-11-26T07:00:00+00:00", note="keep me")
    last_success = store.last_success()
    source = PagedFake("arxiv", _pages(3), store.path,
                       error=FetchError("arxiv: export.arxiv.org answered HTTP 503 (tried 4 times)"))
    report = run(store, [source])  # type: ignore[list-item]
    result = report.results[0]
    assert (result.status, result.new) == ("failed", 2) and "HTTP 503" in (result.error or "")
    assert store.counts()["papers"] == 3  # the page that arrived is kept
    assert store.get("2411.00001").marks.note == "keep me"  # type: ignore[union-attr]
    run_row = store.last_runs()[0]
    assert (run_row.status, run_row.new) == ("failed", 2)
    assert store.last_success() == last_success  # so the next catch-up asks for the range again


# -- --since and the choice of sources ----------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("3d", date(2026, 11, 23)), ("0d", date(2026, 11, 26)), ("2026-11-20", date(2026, 11, 20)),
    ("14d", date(2026, 11, 12)), ("yesterday", date(2026, 11, 25)), ("1w", date(2026, 11, 19)),
])
def test_since_accepts_days_and_counts(text: str, expected: date) -> None:
    assert staleness.parse_since(text, date(2026, 11, 26), 14) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("15d", r"more than fetch\.max_since_days \(14\)"),
    ("2026-10-01", "reaches back 56 days"),
    ("2026-11-30", "in the future"),
    ("last week", "give a day like 2026-11-20"),
    ("2026-13-01", "no such day"),
])
def test_since_refuses_what_it_cannot_do(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        staleness.parse_since(text, date(2026, 11, 26), 14)


def test_unknown_source_names_are_refused_with_the_choices() -> None:
    with pytest.raises(UsageError, match="no source named 'arxv'; choose from arxiv, huggingface"):
        refresh.choose_sources(Config(), ["arxv"])


# -- the lock around a fetch --------------------------------------------------------


def test_fetch_backs_off_when_another_fetch_holds_the_lock(paperfeed_home: Path) -> None:
    db = paperfeed_home / "paperfeed.db"
    held = lock.acquire(paths.lock_path(db))
    assert isinstance(held, lock.FetchLock)
    source = FakeSource("arxiv", (sighting("arxiv", "2411.00001"),))
    try:
        report = refresh.fetch(Config(), db, WINDOW, sources=[source], client_factory=_no_client)
    finally:
        held.release()
    assert report.skipped is not None and "another fetch is running" in report.skipped
    assert report.exit_code is ExitCode.OK and source.calls == []


# -- the hook of `paperfeed today` ---------------------------------------------------


@contextlib.contextmanager
def _no_client(config: Config) -> Iterator[object]:
    yield object()


def _stale_config(hours: float = 6) -> Config:
    return Config(fetch=FetchConfig(max_age_hours=hours))


def _last_fetched(store: Store, when: datetime) -> None:
    stamp = when.isoformat(timespec="seconds")
    store.record_run(source="arxiv", started_at=stamp, finished_at=stamp, status="ok")


def _local(moment: datetime) -> date:
    return moment.astimezone(clock.local_zone()).date()


def test_a_fresh_store_is_not_fetched(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _last_fetched(store, NOW - timedelta(hours=1))  # 05:30 UTC: after Thursday's feed was rebuilt
    called: list[str] = []
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: called.append("x") or [])
    assert refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW,
                                    client_factory=_no_client) is None
    assert called == []


def test_a_stale_store_is_fetched_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _last_fetched(store, NOW - timedelta(hours=7))
    sources = three_sources()
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: sources)
    report = refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW, client_factory=_no_client)
    assert report is not None and report.new == 4 and report.warning() is None
    assert sources[0].calls[0][0].since is None  # yesterday's fetch: no catch-up needed


def test_a_new_announcement_is_fetched_however_recent_the_last_fetch(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """04:30 UTC got Wednesday's announcement; the feed was rebuilt with Thursday's at
    05:00 UTC, so at 06:30 `today` fetches although the last fetch is two hours old."""
    _last_fetched(store, NOW - timedelta(hours=2))
    source = FakeSource("arxiv")
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: [source])
    report = refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW, client_factory=_no_client)
    assert report is not None and len(source.calls) == 1


def test_a_weekend_rebuild_brings_nothing_to_fetch_for(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    _last_fetched(store, saturday - timedelta(hours=5))  # Saturday 07:00 UTC, after the empty rebuild
    source = FakeSource("arxiv")
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: [source])
    assert refresh.refresh_if_stale(store, _stale_config(), now=lambda: saturday,
                                    client_factory=_no_client) is None
    sunday = saturday + timedelta(days=1)  # Sunday's rebuild has no announcement either...
    store.record_run(source="arxiv", started_at=clock.iso(sunday - timedelta(hours=4)),
                     finished_at=clock.iso(sunday - timedelta(hours=4)), status="ok")
    assert refresh.refresh_if_stale(store, _stale_config(), now=lambda: sunday,
                                    client_factory=_no_client) is None
    assert source.calls == []


def test_another_sources_fetch_does_not_count_as_having_seen_arxiv(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _last_fetched(store, NOW - timedelta(hours=3))  # arXiv at 03:30 UTC: Wednesday's
    stamp = clock.iso(NOW - timedelta(minutes=30))
    store.record_run(source="huggingface", started_at=stamp, finished_at=stamp, status="ok")
    source = FakeSource("arxiv")
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: [source])
    assert refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW,
                                    client_factory=_no_client) is not None
    assert len(source.calls) == 1


def test_after_days_away_the_hook_catches_up(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _last_fetched(store, NOW - timedelta(days=4))
    source = FakeSource("arxiv")
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: [source])
    refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW, client_factory=_no_client)
    window = source.calls[0][0]
    assert window.since == _local(NOW - timedelta(days=4)) and window.today == _local(NOW)


def test_a_failed_stale_fetch_warns_and_does_not_raise(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [FakeSource("arxiv", error=FetchError("arxiv: cannot reach rss.arxiv.org"))]
    monkeypatch.setattr(refresh, "choose_sources", lambda *a: sources)
    report = refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW, client_factory=_no_client)
    assert report is not None
    assert report.warning() == "fetch failed (arxiv: cannot reach rss.arxiv.org); showing what is stored"


def test_a_hook_that_cannot_even_start_warns(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    @contextlib.contextmanager
    def broken(config: Config) -> Iterator[object]:
        raise FetchError("sources.arxiv.feed_url is not a URL")
        yield object()

    monkeypatch.setattr(refresh, "choose_sources", lambda *a: three_sources())
    report = refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW, client_factory=broken)
    assert report is not None and "not a URL" in (report.warning() or "")


def test_the_hook_backs_off_from_a_running_fetch(store: Store) -> None:
    held = lock.acquire(paths.lock_path(store.path))
    try:
        report = refresh.refresh_if_stale(store, _stale_config(), now=lambda: NOW,
                                          client_factory=_no_client)
    finally:
        assert isinstance(held, lock.FetchLock)
        held.release()
    assert report is not None and "another fetch is running" in (report.warning() or "")


@pytest.mark.parametrize(("last", "stale"), [
    (None, True), ("2026-11-26T00:29:00+00:00", True), ("2026-11-26T00:31:00+00:00", False),
    ("garbage", True),
])
def test_staleness_follows_max_age_hours(last: str | None, stale: bool) -> None:
    assert staleness.is_stale(last, NOW, 6) is stale


def test_catch_up_is_capped_at_max_since_days() -> None:
    """Days are the user's local days, in every zone."""
    today = _local(datetime(2026, 11, 26, 12, tzinfo=UTC))
    assert staleness.catch_up_since("2026-10-01T12:00:00+00:00", today, 14) == today - timedelta(days=14)
    assert staleness.catch_up_since("2026-11-25T12:00:00+00:00", today, 14) is None
    assert staleness.catch_up_since(None, today, 14) is None
