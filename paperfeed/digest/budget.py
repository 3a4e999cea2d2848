"""The reading-time budget: how many minutes a paper takes, and which papers fill
the morning without going over it. Pure arithmetic over scored entries.

The properties the reader relies on are pinned by tests/test_budget.py with
Hypothesis: never above the maximum; at least the minimum when enough is waiting;
within one paper's reading time of the target; a paper that does not fit is
skipped, not a stop; and a lower-scored paper is never taken while a
higher-scored one that was left out would still fit under the maximum.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

from paperfeed.config import DigestConfig
from paperfeed.digest.candidate import Scorable
from paperfeed.models import DigestEntry


class Budget(NamedTuple):
    """Minutes of reading: fill to `target`, never above `maximum`, at least `minimum`."""

    target: float = 12
    minimum: float = 10
    maximum: float = 15
    words_per_minute: float = 200
    seconds_per_paper: float = 15
    summaries_first: bool = False  # digest.mode = "summaries": a stored summary replaces the abstract

    @classmethod
    def from_config(cls, d: DigestConfig, minutes: float | None = None) -> Budget:
        """The configured budget, or one centred on `minutes` when the user gave it.

        An explicit `--minutes N` is honoured even outside the configured [min, max]:
        the window keeps its configured width around N (10/12/15 with N=5 gives 3/5/8).
        """
        summaries = d.mode == "summaries"
        budget = cls(d.target_minutes, d.min_minutes, d.max_minutes, d.words_per_minute,
                     d.seconds_per_paper, summaries)
        if minutes is None:
            return budget
        below = d.target_minutes - d.min_minutes
        above = d.max_minutes - d.target_minutes
        return cls(minutes, max(0.0, minutes - below), minutes + above, d.words_per_minute,
                   d.seconds_per_paper, summaries)


def reading_minutes(paper: Scorable, budget: Budget) -> float:
    """Words of the title and of what the card shows to read (the abstract, or in
    summaries mode the paper's summary when it has one) at the reading speed, plus a
    glance at the card."""
    made = _summary(paper, budget)
    body = words_in(made) if made is not None else word_count(paper.abstract)
    return (word_count(paper.title) + body) / budget.words_per_minute + budget.seconds_per_paper / 60


def _summary(paper: Scorable, budget: Budget) -> str | None:
    """The summary text that replaces the abstract in summaries mode (`today` gives its
    light scoring rows their summaries in that mode)."""
    made = getattr(paper, "summary", None) if budget.summaries_first else None
    return made.text if made is not None else None


def word_count(text: str) -> int:
    """`len(text.split())`, without building the list when it need not: in printable
    text the only whitespace is the ASCII space, so with no doubled spaces the words
    are the spaces plus one. Splitting every candidate's abstract was a third of
    choosing the digest."""
    if text.isprintable() and "  " not in text:
        stripped = text.strip(" ")
        return stripped.count(" ") + 1 if stripped else 0
    return len(text.split())


def minutes_within(paper: Scorable, budget: Budget, room: float) -> float | None:
    """`reading_minutes` rounded as a digest entry keeps it, or None when it is surely
    more than `room`: found by splitting off only as many words as could fit, so a
    long abstract is not counted to the end just to learn that it is too long."""
    if room < _UNBOUNDED and _summary(paper, budget) is None:
        most = int(max(0.0, room - budget.seconds_per_paper / 60 + _MARGIN) * budget.words_per_minute) + 1
        if len(paper.abstract.split(None, most)) > most:  # over `most` words: > room + _MARGIN
            return None
    return round(reading_minutes(paper, budget), 4)


_MARGIN = 0.001  # minutes; far above the rounding to 4 places
_UNBOUNDED = 1e9  # minutes: room this large is no bound at all


# Han, kana and their punctuation: scripts written without spaces between words.
_UNSPACED = r"[\u3000-\u30ff\uff00-\uffef\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
CHARS_PER_WORD_UNSPACED = 2.0  # ~500 characters a minute read as ~250 words


def words_in(text: str) -> float:
    """Words for the reading time. Chinese and Japanese have no spaces to count by,
    so their characters count as words at CHARS_PER_WORD_UNSPACED each (a Korean or
    English summary is counted by its spaces)."""
    spaced = len(text.split())
    if text.isascii():
        return spaced
    pattern = _unspaced()
    unspaced = len(pattern.findall(text))
    if not unspaced:
        return spaced
    return len(pattern.sub("", text).split()) + unspaced / CHARS_PER_WORD_UNSPACED


@cache
def _unspaced() -> re.Pattern[str]:
    """Compiled for the first text that is not ASCII: its wide ranges took ~2.5 ms to
    compile, on every `today` that builds a digest, for summaries that are mostly English."""
    return re.compile(_UNSPACED)


def fill(ranked: Sequence[DigestEntry], budget: Budget) -> list[DigestEntry]:
    """`pick` over entries: the entries chosen, in their order."""
    return [ranked[i] for i in pick(lambda i, room: ranked[i].minutes, len(ranked), budget)]


def pick(minutes_within: Callable[[int, float], float | None], n: int, budget: Budget) -> list[int]:
    """Which of `n` papers in score order to take: in one pass, best first, each paper
    that keeps the total under the maximum, until the target is reached.
    `minutes_within(i, room)` gives paper i's minutes, or None when they are surely
    more than `room` (so of ~2,000 candidates few are counted whole).

    The last paper may end a little past the target (by less than its own reading
    time) instead of a worse, shorter paper being picked to land under it. A paper
    that would pass the maximum is skipped, not a stop: a shorter one further down
    may still fit. With fewer minutes waiting than the minimum, everything is shown.
    The minimum is reached whenever enough is waiting and no single paper is longer
    than the window max - min (an arXiv abstract is capped at 1,920 characters, under
    two minutes; the window is five).
    """
    known: dict[int, float] = {}

    def fits(i: int, used: float, limit: float) -> float | None:
        m = known.get(i)
        if m is None:
            m = minutes_within(i, limit - used)
            if m is None:
                return None
            known[i] = m
        return m if used + m <= limit else None

    waiting = 0.0
    for i in range(n):  # the same sums, in the same order, as sum() over all of them
        m = fits(i, 0.0, float("inf"))
        waiting += m if m is not None else 0.0
        if waiting >= budget.minimum:
            break
    else:
        return list(range(n))
    taken: list[int] = []
    used = 0.0
    for i in range(n):
        if used >= budget.target:
            break
        m = fits(i, used, budget.maximum)
        if m is not None:
            taken.append(i)
            used += m
    return taken
