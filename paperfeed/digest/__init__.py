"""Core: choosing the morning's papers: `score` with reasons, then the reading-time `budget`.
May import: core only (config, models, text); never the store, a source or a screen.

Pure: `build` takes the candidates, the interests, the budget and `now`, and does no
I/O, so the properties the reader relies on (within [min, max] minutes, nothing
excluded or read, the same inputs giving the same digest) are tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from paperfeed.digest import feeds as feed_rules
from paperfeed.digest.budget import Budget, fill, reading_minutes
from paperfeed.digest.score import Interests, excluded, keyword_spans, score, short_count
from paperfeed.models import Digest, DigestEntry, Paper

__all__ = ["Budget", "Interests", "build", "excluded", "fill", "keyword_spans", "reading_minutes",
           "score", "short_count"]


def build(candidates: Iterable[Paper], interests: Interests, budget: Budget, now: datetime, *,
          day: str, away_days: int = 0, shown_before: str | None = None,
          feeds: feed_rules.FeedPrefs | None = None) -> Digest:
    """The day's digest: the best papers that fit the budget, in reading order.

    Read and excluded papers, and papers shown before `shown_before` (an ISO
    timestamp), never appear. Ties in score break by id, so the order of the
    candidates does not matter. `feeds` are the rules for papers of
    `[[sources.feeds]]` (their weight, `keywords_only`, the per-feed cap).
    """
    prefs = feeds or feed_rules.FeedPrefs()
    ranked: list[DigestEntry] = []
    for paper in candidates:
        if paper.marks.read or excluded(paper, interests):
            continue
        if shown_before and paper.marks.shown_at and paper.marks.shown_at < shown_before:
            continue
        value, reasons = feed_rules.scored(paper, *score(paper, interests, now), prefs, now)
        if not feed_rules.admitted(paper, reasons, prefs):
            continue
        ranked.append(DigestEntry(paper, value, reasons, round(reading_minutes(paper, budget), 4)))
    ranked.sort(key=lambda e: (-e.score, e.paper.id))
    chosen = fill(feed_rules.capped(ranked, prefs), budget)
    return Digest(day=day, entries=tuple(chosen), candidates=len(ranked), away_days=away_days)
