"""The fetch engine: every source at once in threads, the store written by the caller.

The sources run concurrently in threads (they spend their time waiting on the
network; arXiv keeps its own pacing inside its source), sharing the one HTTP
client from `paperfeed.sources.http`. Their results come back to the calling thread,
which alone writes the store: SQLite connections belong to one thread, and one
writer means one transaction per source in the order the sources finish. A source
that fails stores nothing and costs the others nothing; every source's run,
failed or not, is recorded in `fetch_runs`.

The one exception is a paging source (`PagedSource`: arXiv's catch-up, a paced
request every 3 s): each page comes back to the calling thread as soon as it is
parsed and is stored in its own transaction while the next request waits out the
gap, so the storing hides behind the pacing instead of following the last page.
If a later page fails, the pages already stored stay stored (they are true papers;
marks are never touched), and the run is recorded as failed with what it stored,
so the next fetch's catch-up starts from the last success and asks for the same
range again; re-recording the stored papers changes nothing.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from paperfeed import clock
from paperfeed.errors import (
    ExitCode,
    FetchError,
    FetchInterruptedError,
    ServiceRetiredError,
)
from paperfeed.models import Sighting, SourceResult
from paperfeed.refresh.categories import CategoryLookup, Lookup
from paperfeed.refresh.interrupt import interrupted_message
from paperfeed.sources import FAILED, FetchResult, PagedSource, Source, Window, feed_pool
from paperfeed.text import one_line

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.refresh.summarize import SummaryOutcome
    from paperfeed.sources.http import HttpClient
    from paperfeed.store import Store

RETIRED = "retired"
_MAX_ERROR = 300  # characters of an error kept for the report and fetch_runs

ClientFactory = Callable[["Config"], AbstractContextManager["HttpClient"]]
Clock = Callable[[], datetime]


class Progress(Protocol):
    """What a display needs to follow a fetch; both calls come from the calling thread."""

    def started(self, source: str) -> None: ...

    def finished(self, result: SourceResult) -> None: ...


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What a fetch did, per source; `skipped` says why nothing ran at all."""

    results: tuple[SourceResult, ...] = ()
    seconds: float = 0.0
    skipped: str | None = None
    summaries: SummaryOutcome | None = None  # None: summaries are off (never part of the exit code)
    categories: Lookup | None = None  # the category lookup after the sources, if it ran

    @property
    def failed(self) -> tuple[SourceResult, ...]:
        return tuple(r for r in self.results if r.status in (FAILED, RETIRED))

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.results)

    @property
    def exit_code(self) -> ExitCode:
        """OK includes "no announcement", "unchanged" and a fetch skipped for the lock."""
        if not self.failed:
            return ExitCode.OK
        return ExitCode.FETCH_FAILED if len(self.failed) == len(self.results) else ExitCode.FETCH_PARTIAL

    def warning(self) -> str | None:
        """One line for `paperfeed today` when its fetch did not fully work, else None."""
        if self.skipped:
            return f"did not fetch: {self.skipped}; showing what is stored"
        if not self.failed:
            return None
        first = self.failed[0]
        if len(self.failed) == len(self.results):
            return f"fetch failed ({first.source}: {first.error}); showing what is stored"
        names = ", ".join(r.source for r in self.failed)
        return f"fetch failed for {names} ({first.source}: {first.error}); the other sources were fetched"


def run(store: Store, sources: Sequence[Source], client: HttpClient, window: Window, *,
        now: Clock = clock.now, progress: Progress | None = None,
        lookup: CategoryLookup | None = None) -> RefreshReport:
    """Fetch every source concurrently and store each one's papers as it finishes,
    then look up the categories of papers no arXiv source gave any (`lookup`).

    A `StoreError` while writing is not one source's problem, so it propagates (the
    sources still in flight are abandoned, their runs unrecorded).

    The workers are daemon threads rather than a `ThreadPoolExecutor`, whose
    threads the interpreter joins at exit: Ctrl-C (or a store error) would then
    wait for every request in flight, up to its timeout and retries. Workers never
    touch the store, so abandoning them loses nothing.

    Many feeds at once parse in a worker process (`sources.feed_pool`): their parsing
    holds the GIL that reading the other answers and writing the store need.
    """
    began = time.monotonic()
    with feed_pool.shared(sources) as running:
        results = _run(store, running, client, window, now, progress)
    order = {s.name: i for i, s in enumerate(sources)}
    results.sort(key=lambda r: order[r.source])
    found = lookup.run(store, client, window.today) if lookup is not None else None
    return RefreshReport(tuple(results), time.monotonic() - began, categories=found)


def _run(store: Store, sources: Sequence[Source], client: HttpClient, window: Window, now: Clock,
         progress: Progress | None) -> list[SourceResult]:
    """Each source in its thread; its papers stored, in this thread, as it finishes."""
    etags = store.etags()
    done: queue.Queue[_Outcome | _Page] = queue.Queue()
    results: list[SourceResult] = []
    stored: dict[str, tuple[int, int]] = {}  # a paging source's pages stored so far: new, updated
    try:
        for source in sources:
            if progress:
                progress.started(source.name)
            threading.Thread(target=_work, args=(done, source, client, window, etags, now),
                             name=f"paperfeed-fetch-{source.name}", daemon=True).start()
        while len(results) < len(sources):
            item = done.get()
            if isinstance(item, _Page):
                counts = store.record(item.sightings, clock.iso(now()))
                new, updated = stored.get(item.source, (0, 0))
                stored[item.source] = (new + counts.new, updated + counts.updated)
                continue
            result = _store(store, item, now, stored.pop(item.source, (0, 0)))
            results.append(result)
            if progress:
                progress.finished(result)
    except KeyboardInterrupt:
        # Each source's (or page's) transaction is whole or rolled back (Store.write),
        # so what `results` and `stored` list is stored and the rest is not there yet.
        raise FetchInterruptedError(interrupted_message(
            results, [s.name for s in sources], partly=stored)) from None
    return results


@dataclass(frozen=True, slots=True)
class _Page:
    source: str
    sightings: tuple[Sighting, ...]


@dataclass(frozen=True, slots=True)
class _Outcome:
    source: str
    started_at: str
    seconds: float
    result: FetchResult | None
    status: str
    error: str | None = None


def _work(done: queue.Queue[_Outcome | _Page], source: Source, client: HttpClient, window: Window,
          etags: dict[str, str], now: Clock) -> None:
    """A worker thread's body: always hands back an outcome, so the caller never waits forever."""
    outcome = _Outcome(source.name, clock.iso(now()), 0.0, None, FAILED,
                       f"the {source.name} source stopped without an answer; please report it")
    try:
        outcome = _fetch_one(source, client, window, etags, now, done)
    finally:
        done.put(outcome)


def _fetch_one(source: Source, client: HttpClient, window: Window, etags: dict[str, str],
               now: Clock, done: queue.Queue[_Outcome | _Page]) -> _Outcome:
    """Runs in a worker thread: the network part only, never the store (a paging
    source's pages go to the calling thread through `done`)."""
    started = clock.iso(now())
    began = time.monotonic()

    def deliver(sightings: tuple[Sighting, ...]) -> None:
        if sightings:
            done.put(_Page(source.name, sightings))

    try:
        if isinstance(source, PagedSource):
            result = source.fetch_pages(client, window, etags, deliver)
        else:
            result = source.fetch(client, window, etags)
    except ServiceRetiredError as exc:
        return _Outcome(source.name, started, time.monotonic() - began, None, RETIRED,
                        _short(exc.message, source.name))
    except FetchError as exc:
        return _Outcome(source.name, started, time.monotonic() - began, None, FAILED,
                        _short(exc.message, source.name))
    except Exception as exc:  # a bug in one source must not cost the others their papers
        text = f"unexpected {type(exc).__name__} in the {source.name} source: {exc}; please report it"
        return _Outcome(source.name, started, time.monotonic() - began, None, FAILED, _short(text))
    return _Outcome(source.name, started, time.monotonic() - began, result, result.status)


def _store(store: Store, o: _Outcome, now: Clock, paged: tuple[int, int]) -> SourceResult:
    """Record the source's last sightings and its run; `paged` counts its pages stored before.
    A whole trending list (`ranking`) is recorded even when empty: its ranks replace the last."""
    new, updated = paged
    if o.result is not None and (o.result.sightings or o.result.ranking):
        counts = store.record(o.result.sightings, clock.iso(now()), ranking=o.result.ranking)
        new, updated = new + counts.new, updated + counts.updated
    store.record_run(
        source=o.source, started_at=o.started_at, finished_at=clock.iso(now()),
        status=FAILED if o.status == RETIRED else o.status, new=new, updated=updated,
        error=o.error, etags=o.result.etags if o.result else None,
        announced=o.result.announced if o.result else None,
    )
    return SourceResult(o.source, o.status, new, updated, round(o.seconds, 2), o.error)


def _short(text: str, source: str = "") -> str:
    """One clean line, without the `source: ` the HTTP layer starts its messages with
    (the report already names the source)."""
    line = one_line(text)
    if source and line.startswith(f"{source}: "):
        line = line[len(source) + 2:]
    return line if len(line) <= _MAX_ERROR else line[: _MAX_ERROR - 1] + "…"
