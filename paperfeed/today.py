"""What `paperfeed today` does besides showing: load or build the day's digest, mark, sum up.

The digest of a day is frozen when first built, so opening `today` again resumes
the same papers in the same order at the last position; `rebuild=True` builds it
afresh from what is waiting now. A day is the user's local calendar day, and
"shown on an earlier day" is measured from local midnight (as a UTC timestamp,
the store's format), so a reader in Tokyo at 08:00 does not lose today's papers
to the UTC date still being yesterday.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from paperfeed import clock, dates
from paperfeed.clock import iso
from paperfeed.config import Config
from paperfeed.models import Digest, DigestEntry, Paper
from paperfeed.text import plural

if TYPE_CHECKING:
    from paperfeed.store import Store


class Day(NamedTuple):
    day: str  # the local calendar day, YYYY-MM-DD
    start: str  # local midnight of that day, as the store's UTC timestamp


class Summary(NamedTuple):
    """What the reader did with the digest, and what waits for the next one."""

    total: int
    read: int
    starred: int
    notes: int
    waiting: int  # unread papers not yet in any digest, still within the catch-up window

    def line(self) -> str:
        """`12 papers shown: 12 read, 1 starred, 0 notes; next digest: 340 papers waiting, ...`."""
        return (f"{plural(self.total, 'paper')} shown: {self.read} read, {self.starred} starred, "
                f"{plural(self.notes, 'note')}; next digest: {plural(self.waiting, 'paper')} "
                "waiting, plus whatever the next fetch brings")


def local_day(now: datetime, zone: tzinfo | None = None) -> Day:
    """The local day of `now` and its midnight, by the zone's rules for that date."""
    local = now.astimezone(zone or clock.local_zone())
    return Day(local.date().isoformat(), dates.day_start(local.date(), local.tzinfo or UTC))


CONFIG_CHANGED = "the config changed since this digest was built; 'paperfeed today --rebuild' applies it"


def open_digest(store: Store, config: Config, now: datetime, *, rebuild: bool = False,
                minutes: float | None = None) -> Digest:
    """Today's digest: the saved one (resumed at its position) or a fresh one, saved.

    `minutes` gives a digest for this run only: built afresh, never saved, so the
    next plain `today` resumes the day's own digest. A saved digest built with other
    interests or budget is rebuilt while none of it has been read (nothing is lost);
    once reading began it is kept, with a header note saying `--rebuild` applies the
    change. Nothing is marked shown here: the reader marks each paper as it shows
    it, and plain mode marks what it printed, so papers of a digest the user never
    got to can still be chosen another day.
    """
    if minutes is not None:
        once = build_digest(store, config, now, minutes=minutes)
        return once._replace(transient=True,
                             note=f"about {minutes:g} minutes for this run only; the day's digest is kept")
    day = local_day(now)
    key = config_key(config)
    if not rebuild:
        saved = store.load_digest(day.day)
        if saved is not None and saved.entries:
            built_with = store.digest_config(day.day)
            if built_with is None or built_with == key or built_with == _legacy_key(config):
                return with_summaries(store, config, saved)
            if saved.position > 0 or any(e.paper.marks.read for e in saved.entries):
                return with_summaries(store, config, saved._replace(note=CONFIG_CHANGED))
    digest = build_digest(store, config, now)
    if digest.entries:  # an empty day is not frozen: a later fetch can still fill it
        store.save_digest(digest, built_at=iso(now), config=key)
    return digest


def config_key(config: Config) -> str:
    """What chose the papers (interests, budget, category priority), as a saved digest
    records it: only ever compared, so it is written out rather than hashed (importing
    hashlib, which loads OpenSSL, was 2-3 ms of every resumed `today`)."""
    return repr((config.interests, config.digest, config.sources.arxiv.categories))


def _legacy_key(config: Config) -> str:
    """`config_key` as digests saved by earlier versions recorded it: a hash of the same text."""
    import hashlib

    return hashlib.sha256(config_key(config).encode()).hexdigest()[:16]


def build_digest(store: Store, config: Config, now: datetime, *,
                 minutes: float | None = None) -> Digest:
    """A fresh digest from the candidates in the store; saves nothing but the
    affinities it computed (a cache)."""
    from paperfeed import digest as digest_mod  # here: a resumed day never scores anything

    day = local_day(now)
    # Light rows for scoring, full papers for the chosen dozen (digest/candidate.py says why);
    # in summaries mode each carries its summary, which sets its reading time.
    candidates = store.scoring_candidates(since=_window_start(config, now), today=day.start)
    if config.digest.mode == "summaries":
        found = store.current_summaries(candidates, config.summaries.language)
        for candidate in candidates:
            candidate.summary = found.get(candidate.id)
    previous = store.previous_digest_day(day.day)
    away = (date.fromisoformat(day.day) - date.fromisoformat(previous)).days if previous else 0
    interests = digest_mod.Interests.compile(config.interests, config.sources.arxiv.categories)
    budget = digest_mod.Budget.from_config(config.digest, minutes)
    feeds = digest_mod.feed_rules.FeedPrefs.from_config(config.sources.feeds)
    from paperfeed import learning  # only when a digest is built: resuming stays cheap

    ranker = learning.ranker_for(store, config, now, candidates)
    chosen, eligible = digest_mod.choose(candidates, interests, budget, now, shown_before=day.start,
                                         feeds=feeds, ranker=ranker)
    learning.keep_scores(store, ranker)  # a cache of derived values, not the user's data
    papers = {p.id: p for p in store.papers([c.id for c, *_ in chosen])}
    entries = tuple(DigestEntry(papers[c.id], value, reasons, mins)
                    for c, value, reasons, mins in chosen if c.id in papers)
    return with_summaries(store, config, Digest(day=day.day, entries=entries, candidates=eligible,
                                                away_days=away))


def with_summaries(store: Store, config: Config, digest: Digest) -> Digest:
    """The digest's papers with their stored summaries (made since it was frozen, too)."""
    papers = store.with_summaries([e.paper for e in digest.entries], config.summaries.language)
    entries = tuple(e._replace(paper=p) for e, p in zip(digest.entries, papers, strict=True))
    return digest._replace(entries=entries)


def mark_read(store: Store, papers: Sequence[Paper], now: datetime) -> None:
    """Mark papers read, keeping the time of any earlier read mark."""
    when = iso(now)
    for paper in papers:
        if not paper.marks.read:
            store.set_mark(paper.id, read_at=when)


def summarize(store: Store, config: Config, digest: Digest, now: datetime) -> Summary:
    papers = store.papers([e.paper.id for e in digest.entries])
    # Counted in SQL: building every candidate of the week just to count the unshown
    # ones was a tenth of `paperfeed today` on a large store (benchmarks/README.md).
    waiting = store.count_waiting(_window_start(config, now))
    return Summary(
        total=len(papers),
        read=sum(1 for p in papers if p.marks.read),
        starred=sum(1 for p in papers if p.marks.starred),
        notes=sum(1 for p in papers if p.marks.note),
        waiting=waiting,
    )


def _window_start(config: Config, now: datetime) -> str:
    return iso(now - timedelta(days=config.digest.catchup_days))


