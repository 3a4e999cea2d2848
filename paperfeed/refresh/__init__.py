"""Use case: fetch orchestration, the fetch lock (`lock`) and when to fetch (`staleness`).
May import: core, store and sources; never a screen.

Entry points: `fetch` (what `paperfeed fetch` does: lock, store, client, run) and
`refresh_if_stale` (the hook `paperfeed today` calls). The core they share, `run`
(given an open store, sources and a client, which is what the tests drive with
fakes), lives in `engine`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from paperfeed import clock
from paperfeed.errors import FetchInterruptedError, PaperfeedError, UsageError
from paperfeed.models import SourceResult
from paperfeed.refresh import lock
from paperfeed.refresh.categories import CategoryLookup
from paperfeed.refresh.staleness import announcement_due, catch_up_since, is_stale
from paperfeed.sources import FAILED, NAMES, Source, Window

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.refresh.summarize import SummaryOutcome
    from paperfeed.sources.http import HttpClient
    from paperfeed.store import Store

from paperfeed.refresh.engine import RETIRED, ClientFactory, Clock, Progress, RefreshReport, run

__all__ = ["RETIRED", "Progress", "RefreshReport", "check_names", "choose_sources", "fetch",
           "refresh_if_stale", "run"]


# -- what `paperfeed fetch` does ------------------------------------------------------


def check_names(names: Sequence[str], feeds: Sequence[str] = ()) -> tuple[str, ...]:
    """The `--source` names, checked and without repeats (cheap: nothing is imported).

    `feeds` are the configured feeds' source names (`feed:<name>`); a feed may be
    named with or without its `feed:` prefix.
    """
    known = {n: n for n in NAMES} | {f.split(":", 1)[-1]: f for f in feeds} | {f: f for f in feeds}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"no source named {unknown[0]!r}; choose from "
                         f"{', '.join([*NAMES, *feeds])}")
    return tuple(dict.fromkeys(known[n] for n in names))


def choose_sources(config: Config, names: Sequence[str]) -> list[Source]:
    """The sources to run: exactly `names` (even if disabled) or every enabled one."""
    from paperfeed.sources import enabled_sources

    sources = enabled_sources(config, check_names(names, _feed_names(config)))
    if not sources:
        raise UsageError("every source is disabled in the config; enable one under [sources.*] "
                         "or name one with --source")
    return sources


def fetch(config: Config, db: Path, window: Window, *, only: Sequence[str] = (),
          sources: Sequence[Source] | None = None, progress: Progress | None = None,
          client_factory: ClientFactory | None = None, now: Clock = clock.now) -> RefreshReport:
    """Take the fetch lock, open the store and the client, and run the sources.

    The sources are `sources`, else the ones `only` names, else every enabled one.
    The lock comes first, before the sources and the HTTP stack are even imported,
    so that a fetch started while another runs backs off at once, returning a
    report with `skipped` set.
    """
    check_names(only, _feed_names(config))
    with lock.hold(db) as held:
        if isinstance(held, lock.Busy):
            return RefreshReport(skipped=held.reason)
        from paperfeed.store import Store

        chosen = list(sources) if sources is not None else choose_sources(config, only)
        with Store(db) as store:
            with (client_factory or _default_client)(config) as client:
                report = run(store, chosen, client, window, now=now, progress=progress,
                             lookup=category_lookup(config, now()))
            from paperfeed.learning import prescore

            # Train and score while cron fetches, so the morning's digest only reads.
            prescore(store, config, now())
            if config.summaries.enabled:
                report = replace(report, summaries=_summarize(store, config, now, progress))
            return report


def _summarize(store: Store, config: Config, now: Clock, progress: Progress | None) -> SummaryOutcome:
    """The summary step of `paperfeed fetch` (never of `today`'s fetch: a reader waits for no model)."""
    from paperfeed.refresh import summarize

    if progress:
        progress.started("summaries")
    outcome = summarize.run(store, config, now=now)
    if progress:
        progress.finished(SourceResult("summaries", FAILED if outcome.failed else "ok", outcome.made,
                                       0, outcome.seconds, outcome.error))
    return outcome


def category_lookup(config: Config, now: datetime) -> CategoryLookup | None:
    """The category lookup of a fetch: over the digest's window, while arXiv is enabled."""
    if not config.sources.arxiv.enabled:
        return None
    return CategoryLookup(config.sources.arxiv,
                          clock.iso(now - timedelta(days=config.digest.catchup_days)))


def _feed_names(config: Config) -> tuple[str, ...]:
    return tuple(f.source for f in config.sources.feeds)


def _default_client(config: Config) -> AbstractContextManager[HttpClient]:
    from paperfeed.sources import http

    return http.make_client(config.fetch)


# -- the hook of `paperfeed today` ----------------------------------------------------


def refresh_if_stale(store: Store, config: Config, *, now: Clock = clock.now,
                     progress: Progress | None = None,
                     client_factory: ClientFactory | None = None,
                     catch_up: bool = True) -> RefreshReport | None:
    """Fetch first when the store is stale; never raises for a fetch that went wrong.

    Signature for `paperfeed today`:
        refresh_if_stale(store, config, *, now=clock.now, progress=None,
                         client_factory=None, catch_up=True) -> RefreshReport | None

    Returns None when the last successful fetch is younger than
    `config.fetch.max_age_hours` and no new arXiv announcement has reached the feed
    since the last fetch that reached arXiv (nothing was done). Otherwise it fetches every
    enabled source into `store` under the fetch lock (catching up over the days
    since the last success when `catch_up`, up to `fetch.max_since_days`) and
    returns the report. `report.warning()` is then None, or the one line to print
    when some or all sources failed, another fetch held the lock, or the fetch
    could not start; the caller goes on with what is stored either way.
    `progress` is the live display (`render.fetch.live_progress`), or None.
    """
    moment = now()
    last = store.last_success()
    due = config.sources.arxiv.enabled and announcement_due(store.last_success("arxiv"), moment)
    if not due and not is_stale(last, moment, config.fetch.max_age_hours):
        return None
    today = moment.astimezone(clock.local_zone()).date()
    since = catch_up_since(last, today, config.fetch.max_since_days) if catch_up else None
    try:
        with lock.hold(store.path) as held:
            if isinstance(held, lock.Busy):
                return RefreshReport(skipped=held.reason)
            sources = choose_sources(config, ())
            with (client_factory or _default_client)(config) as client:
                return run(store, sources, client, Window(today, since), now=now, progress=progress,
                           lookup=category_lookup(config, moment))
    except FetchInterruptedError:
        raise  # Ctrl-C ends `today` too, with the fetch's one line
    except PaperfeedError as exc:
        return RefreshReport(skipped=exc.message)
