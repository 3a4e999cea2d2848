"""Use case: keep the learned model fresh and hand the digest its ranker.

The model is cached in the store under a fingerprint of what it learned from, so
it is trained once per change of the marks: by the cron fetch (which calls
`prescore` after storing the day's papers, caching every candidate's affinity) or, if the reader starred or
marked "less like this" since, by the next digest that is built. A star made now
therefore shapes the very next digest, with no fetch in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from paperfeed.clock import iso
from paperfeed.config import Config
from paperfeed.digest import Breakdown
from paperfeed.digest.candidate import Scorable
from paperfeed.models import Paper
from paperfeed.ranking.ranker import Ranker

if TYPE_CHECKING:
    from paperfeed.ranking.model import Model
    from paperfeed.store import Store

LIBRARY_SAMPLE = 2000  # papers of the library the liked ones are told apart from
EXPLAINED_AHEAD = 200  # the strongest candidates, whose reasons the fetch caches


def ranker_for(store: Store, config: Config, now: datetime,
               candidates: Sequence[Scorable] = (), *, persist: bool = True) -> Ranker | None:
    """The ranker for the `candidates` of the next digest, or None (ranking off, or
    nothing liked yet: then the digest is exactly what it was before learning). Their
    affinities and reasons cached by the last fetch are read; the model itself is
    loaded (or trained, if the marks changed since) only for a paper the cache lacks."""
    if not config.ranking.enabled or not store.has_liked():
        return None
    reads = config.ranking.reads_as_negative
    fingerprint = store.fingerprint(reads)
    ids = [p.id for p in candidates]
    known, reasons = store.load_affinities(fingerprint, ids) \
        if candidates and store.has_model(fingerprint) else ({}, {})
    liked = store.liked_among(ids)
    return Ranker(None, config.ranking.weight, known, fingerprint, reasons,
                  load=lambda: _model(store, fingerprint, reads, now, persist), liked=liked)


def keep_scores(store: Store, ranker: Ranker | None) -> None:
    """Cache the affinities and reasons a build computed, for the next build under the same model."""
    if ranker is not None:
        store.save_affinities(ranker.fingerprint, ranker.computed(), ranker.explained())


def prescore(store: Store, config: Config, now: datetime) -> None:
    """After a fetch: train if the marks changed, score the papers a digest may
    choose and explain the strongest, so that the morning's `today` only reads.
    Nothing liked yet (or ranking off): nothing to score, so the candidates are not
    even read (a catch-up's thousands of them cost ~60 ms for nothing)."""
    if not config.ranking.enabled or not store.has_liked():
        return
    since = iso(now - timedelta(days=config.digest.catchup_days))
    candidates = store.scoring_candidates(since=since, today=iso(now))
    ranker = ranker_for(store, config, now, candidates)
    if ranker is not None:
        ranked = sorted(candidates, key=lambda p: -ranker.raw(p))
        for paper in ranked[:EXPLAINED_AHEAD]:
            ranker.explain(paper)
        keep_scores(store, ranker)


def _model(store: Store, fingerprint: str, reads: bool, now: datetime, persist: bool = True) -> Model:
    from paperfeed.ranking.model import Model, train  # here: a build from the cache never needs them

    cached = store.load_model(fingerprint)
    if cached is not None:
        return Model.from_json(cached)
    sample = store.library_sample(LIBRARY_SAMPLE, fingerprint)
    model = train(store.examples(reads), sample, reads_as_negative=reads)
    if model is None:  # the liked papers went away meanwhile: a model that likes nothing
        return Model({}, {}, 1.0)
    if persist:  # `show` and `why` write nothing: a read-only store must still answer
        store.save_model(fingerprint, model.to_json(), iso(now))
    return model


def less(store: Store, raw_ids: list[str], now: datetime, *, undo: bool = False) -> list[str]:
    """"Less like this": each paper becomes a negative example and is marked read.
    `undo` takes the mark back (the paper stays read: `paperfeed unread` for that)."""
    from paperfeed.library import find_all

    lines = []
    for paper in find_all(store, raw_ids):
        if undo:
            store.clear_less(paper.id)
            lines.append(f"no longer less like {paper.id}: it counts against nothing now")
        else:
            store.less(paper.id, iso(now))
            lines.append(f"less like {paper.id}: similar papers will rank lower (it is marked read)")
    return lines


def explain(store: Store, config: Config, paper: Paper, now: datetime) -> Explanation:
    """Why a paper scores what it does: its reasons and every term of its score."""
    from paperfeed import digest

    interests = digest.Interests.compile(config.interests, config.sources.arxiv.categories)
    ranker = ranker_for(store, config, now, [paper], persist=False)
    parts = digest.breakdown(paper, interests, now, ranker)
    learned = ranker.explain(paper) if ranker is not None else ()
    return Explanation(paper, learned + parts.reasons, parts)


class Explanation(NamedTuple):
    paper: Paper
    reasons: tuple[str, ...]
    breakdown: Breakdown

    def lines(self) -> list[str]:
        """The score term by term, as `paperfeed why` prints it."""
        out = [f"{self.paper.id}  score {self.breakdown.total:.2f}"]
        out += [f"  {points:+7.2f}  {label}" for label, points in self.breakdown.parts]
        out.append(f"  × {self.breakdown.decay:.3f}  age (half-life 4 days)")
        out += [f"  why: {r}" for r in self.reasons]
        return out
