"""What the digest does with papers from `[[sources.feeds]]` (pure).

A feed paper is scored like any other (keywords, authors, the crowd); the feed's
`weight` stands in for a category's priority, as one small term of its own
(`FEED_WEIGHT` per unit of weight, the size of a priority category), with the feed's
name as the reason when nothing else explains the choice. Two rules keep busy
feeds in their place: a `keywords_only` feed's papers enter only when they match
an interest (a keyword or an author), and no feed places more than its
`max_per_digest` papers in one digest. A paper that a built-in source (arXiv,
Hugging Face) also listed is that source's paper: neither rule applies to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from paperfeed.config.feeds import SOURCE_PREFIX, FeedConfig
from paperfeed.digest.score import _decay as decay

if TYPE_CHECKING:
    from paperfeed.digest.candidate import Scorable
    from paperfeed.models import DigestEntry

T = TypeVar("T")

FEED_WEIGHT = 1.0  # per unit of a feed's weight: a first-priority category's term
INTEREST_REASONS = ("keyword: ", "author: ")  # reasons that count as "matches an interest"


class FeedRule(NamedTuple):
    name: str
    weight: float = 1.0
    keywords_only: bool = False
    cap: int = 5


@dataclass(frozen=True, slots=True)
class FeedPrefs:
    """The digest's view of the configured feeds, keyed by source name (`feed:<name>`)."""

    rules: Mapping[str, FeedRule] = field(default_factory=dict)

    @classmethod
    def from_config(cls, feeds: Sequence[FeedConfig]) -> FeedPrefs:
        return cls({f.source: FeedRule(f.name, f.weight, f.keywords_only, f.max_per_digest)
                    for f in feeds})


def owner(paper: Scorable) -> str | None:
    """The feed a paper counts against: its first feed, if no built-in source listed it."""
    sources = paper.sources
    for source in sources:
        if not source.startswith(SOURCE_PREFIX):
            return None
    return sources[0] if sources else None


def from_feed(paper: Scorable) -> bool:
    """Whether any of the paper's sources is a feed: only then do the feed rules apply
    (most candidates are arXiv's, and a build checks ~2,000 of them)."""
    return any(source.startswith(SOURCE_PREFIX) for source in paper.sources)


def term(paper: Scorable, prefs: FeedPrefs) -> tuple[float, str]:
    """The feed's weight term and its reason ("feed: Nature"), or (0, "")."""
    best: tuple[float, str] = (0.0, "")
    for source in paper.sources:
        rule = prefs.rules.get(source)
        if rule is None and source.startswith(SOURCE_PREFIX):
            rule = FeedRule(source[len(SOURCE_PREFIX):])  # a feed since removed or renamed
        if rule is not None and FEED_WEIGHT * rule.weight >= best[0]:
            best = (FEED_WEIGHT * rule.weight, f"feed: {rule.name}")
    return best


def scored(paper: Scorable, value: float, reasons: tuple[str, ...], prefs: FeedPrefs,
           now: datetime) -> tuple[float, tuple[str, ...]]:
    """`score`'s (value, reasons) with the feed term added, decayed by age like the rest."""
    extra, why = term(paper, prefs)
    if not why:
        return value, reasons
    value = round(value + extra * decay(paper, now), 6)
    return value, reasons if reasons else (why,)


def admitted(paper: Scorable, reasons: Sequence[str], prefs: FeedPrefs) -> bool:
    """False for a paper of `keywords_only` feeds alone that matches no interest."""
    source = owner(paper)
    if source is None:
        return True
    only = [prefs.rules.get(s) for s in paper.sources]
    if not all(rule is not None and rule.keywords_only for rule in only):
        return True
    return any(r.startswith(INTEREST_REASONS) for r in reasons)


def capped(ranked: Sequence[DigestEntry], prefs: FeedPrefs) -> list[DigestEntry]:
    """`ranked` without the entries past each feed's cap (best ones kept)."""
    return capped_items(ranked, prefs, lambda entry: entry.paper)


def capped_items(ranked: Sequence[T], prefs: FeedPrefs, paper_of: Callable[[T], Scorable]) -> list[T]:
    """`capped` over any ranked items (`digest.choose` ranks tuples), `paper_of` giving each's paper."""
    taken: Counter[str] = Counter()
    kept: list[T] = []
    for entry in ranked:
        source = owner(paper_of(entry))
        if source is not None:
            rule = prefs.rules.get(source) or FeedRule(source)
            if taken[source] >= rule.cap:
                continue
            taken[source] += 1
        kept.append(entry)
    return kept
