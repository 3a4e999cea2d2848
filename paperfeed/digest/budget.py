"""The reading-time budget: how many minutes a paper takes, and which papers fill
the morning without going over it. Pure arithmetic over scored entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paperfeed.config import DigestConfig
from paperfeed.models import DigestEntry, Paper


@dataclass(frozen=True, slots=True)
class Budget:
    """Minutes of reading: fill to `target`, never above `maximum`, at least `minimum`."""

    target: float = 12
    minimum: float = 10
    maximum: float = 15
    words_per_minute: float = 200
    seconds_per_paper: float = 15

    @classmethod
    def from_config(cls, d: DigestConfig, minutes: float | None = None) -> Budget:
        """The configured budget, or one centred on `minutes` when the user gave it.

        An explicit `--minutes N` is honoured even outside the configured [min, max]:
        the window keeps its configured width around N (10/12/15 with N=5 gives 3/5/8).
        """
        budget = cls(d.target_minutes, d.min_minutes, d.max_minutes, d.words_per_minute,
                     d.seconds_per_paper)
        if minutes is None:
            return budget
        below = d.target_minutes - d.min_minutes
        above = d.max_minutes - d.target_minutes
        return cls(minutes, max(0.0, minutes - below), minutes + above, d.words_per_minute,
                   d.seconds_per_paper)


def reading_minutes(paper: Paper, budget: Budget) -> float:
    """Words of title and abstract at the reading speed, plus a glance at the card."""
    words = len(paper.title.split()) + len(paper.abstract.split())
    return words / budget.words_per_minute + budget.seconds_per_paper / 60


def fill(ranked: Sequence[DigestEntry], budget: Budget) -> list[DigestEntry]:
    """Take papers in score order up to the target, then up to the minimum if short.

    A paper that would overshoot is skipped, not a stop: a shorter one further down
    may still fit. The second pass only runs when the first fell short of the
    minimum, and it still never goes above the maximum. With fewer minutes waiting
    than the minimum, everything is shown. The minimum is reached whenever enough
    is waiting and no single paper is longer than the window max - min (an arXiv
    abstract is capped at 1,920 characters, under two minutes; the window is five).
    """
    if sum(e.minutes for e in ranked) < budget.minimum:
        return list(ranked)
    taken = [False] * len(ranked)
    used, count = 0.0, 0
    for i, entry in enumerate(ranked):
        if used + entry.minutes <= budget.target:
            taken[i], used, count = True, used + entry.minutes, count + 1
    for i, entry in enumerate(ranked):
        if used >= budget.minimum and count:
            break
        if not taken[i] and used + entry.minutes <= budget.maximum:
            taken[i], used, count = True, used + entry.minutes, count + 1
    return [e for e, t in zip(ranked, taken, strict=True) if t]
