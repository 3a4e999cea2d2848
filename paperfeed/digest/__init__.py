"""Core: choosing the morning's papers: `score` with reasons, then the reading-time `budget`.
May import: core only (config, models, text); never the store, a source or a screen.

Pure: `build` takes the candidates, the interests, the budget and `now`, and does no
I/O, so the properties the reader relies on (within [min, max] minutes, nothing
excluded or read, the same inputs giving the same digest) are tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter
from typing import TypeVar

from paperfeed.digest import feeds as feed_rules
from paperfeed.digest.budget import Budget, fill, minutes_within, pick, reading_minutes
from paperfeed.digest.candidate import Candidate, Scorable
from paperfeed.digest.score import Affinity, Breakdown, Interests, breakdown, excluded, score
from paperfeed.models import Digest, DigestEntry, Paper
from paperfeed.text.keywords import keyword_spans, short_count

__all__ = [
    "Affinity",
    "Breakdown",
    "Budget",
    "Candidate",
    "Interests",
    "Scorable",
    "breakdown",
    "build",
    "choose",
    "excluded",
    "fill",
    "keyword_spans",
    "rank",
    "reading_minutes",
    "score",
    "short_count",
]

S = TypeVar("S", bound=Scorable)
#: One chosen paper: the candidate, its score, the reasons, its reading minutes.
Chosen = tuple[S, float, tuple[str, ...], float]
_RANK = itemgetter(0, 1)
_PAPER = itemgetter(2)


def build(candidates: Iterable[Paper], interests: Interests, budget: Budget, now: datetime, *,
          day: str, away_days: int = 0, shown_before: str | None = None,
          feeds: feed_rules.FeedPrefs | None = None, ranker: Affinity | None = None) -> Digest:
    """The day's digest: the best papers that fit the budget, in reading order.

    Read and excluded papers, and papers shown before `shown_before` (an ISO
    timestamp), never appear. Ties in score break by id, so the order of the
    candidates does not matter. `feeds` are the rules for papers of
    `[[sources.feeds]]` (their weight, `keywords_only`, the per-feed cap).
    """
    chosen, eligible = choose(candidates, interests, budget, now, shown_before=shown_before,
                              feeds=feeds, ranker=ranker)
    return Digest(day=day, entries=tuple(DigestEntry(*c) for c in chosen), candidates=eligible,
                  away_days=away_days)


def choose(candidates: Iterable[S], interests: Interests, budget: Budget, now: datetime, *,
           shown_before: str | None = None,
           feeds: feed_rules.FeedPrefs | None = None,
           ranker: Affinity | None = None) -> tuple[list[Chosen[S]], int]:
    """`build`'s choice over any `Scorable` candidates (`today` passes the store's light
    `Candidate`s and builds full `Paper`s for the chosen only): the chosen in reading
    order, and how many candidates were eligible.

    Only scores and ids are ranked; reading minutes are counted only for the papers
    the fill looks at.
    """
    ranked, eligible = _ranked(candidates, interests, now, shown_before, feeds, ranker)
    chosen = [(ranked[i][2], -ranked[i][0], ranked[i][3], round(reading_minutes(ranked[i][2], budget), 4))
              for i in pick(lambda i, room: minutes_within(ranked[i][2], budget, room), len(ranked), budget)]
    if ranker is not None:  # explained for the shown dozen only: finding the closest costs
        chosen = [(c, value, ranker.explain(c) + reasons, mins) for c, value, reasons, mins in chosen]
    return chosen, eligible


def rank(candidates: Iterable[S], interests: Interests, now: datetime, *,
         shown_before: str | None = None, feeds: feed_rules.FeedPrefs | None = None,
         ranker: Affinity | None = None) -> list[S]:
    """Every candidate that may enter a digest, best first, within each feed's cap: what
    `choose` fills the budget from, and what the summary step after a fetch takes its
    best few from."""
    return [item[2] for item in _ranked(candidates, interests, now, shown_before, feeds, ranker)[0]]


def _ranked(candidates: Iterable[S], interests: Interests, now: datetime, shown_before: str | None,
            feeds: feed_rules.FeedPrefs | None,
            ranker: Affinity | None = None) -> tuple[list[tuple[float, str, S, tuple[str, ...]]], int]:
    prefs = feeds or feed_rules.FeedPrefs()
    ranked: list[tuple[float, str, S, tuple[str, ...]]] = []
    for paper in candidates:
        marks = paper.marks
        if marks.read or excluded(paper, interests):
            continue
        if shown_before and marks.shown_at and marks.shown_at < shown_before:
            continue
        value, reasons = score(paper, interests, now, ranker)
        if feed_rules.from_feed(paper):
            value, reasons = feed_rules.scored(paper, value, reasons, prefs, now)
            if not feed_rules.admitted(paper, reasons, prefs):
                continue
        ranked.append((-value, paper.id, paper, reasons))
    ranked.sort(key=_RANK)
    return feed_rules.capped_items(ranked, prefs, _PAPER), len(ranked)
