"""The issue #14 protocol: a simulated reader of one topic stars 10 papers of one
day, and the rest of that day is ranked; precision at 11 is the share of the top 11
(a typical digest) whose primary category is the topic. Every primary category with
at least 25 papers, 5 seeded draws each, on the recorded 1,504-item feed."""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from paperfeed import digest
from paperfeed.config import InterestsConfig
from paperfeed.models import Marks, Paper
from paperfeed.ranking.model import NEGATIVE, POSITIVE, READ, Example, train
from paperfeed.ranking.ranker import DEFAULT_WEIGHT, Ranker
from paperfeed.sources.arxiv_feed import parse_announcements

STARS, DRAWS, TOP, MIN_PAPERS = 10, 5, 11, 25
READS = 10  # simulated reads without a star: half on the topic, half off it
NOW = datetime.fromisoformat("2024-11-28T06:00:00+00:00")
DEFAULT_CATEGORIES = ("cs.CV", "cs.LG", "cs.CL", "cs.AI")

#: A method ranks `rest` given the starred and read papers; higher first.
Method = Callable[[Sequence[Paper], Sequence[Paper], Sequence[Paper], Sequence[Paper]], list[float]]


@dataclass(frozen=True)
class Day:
    papers: tuple[Paper, ...]
    by_category: dict[str, list[int]]

    @property
    def categories(self) -> list[str]:
        return sorted(c for c, ids in self.by_category.items() if len(ids) >= MIN_PAPERS)


def load_day(path: Path) -> Day:
    ann = parse_announcements(path.read_bytes(), announce_types=["new", "cross"], fallback_day="2024-11-28")
    papers = tuple(Paper(s.paper_id, s.title, s.abstract, s.authors, s.categories, s.primary_category,
                         first_seen="2024-11-28T05:00:00+00:00")
                   for s in ann.sightings if not s.update_only)
    by_category: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(papers):
        by_category[p.primary_category or ""].append(i)
    return Day(papers, dict(by_category))


def precision(day: Day, method: Method, categories: Sequence[str] | None = None,
              draws: int = DRAWS) -> dict[str, float]:
    """Mean precision at 11 per category over the seeded draws."""
    out = {}
    for cat in categories or day.categories:
        shares = []
        for draw in range(draws):
            rng = random.Random(f"{cat}-{draw}")
            starred_ix = rng.sample(day.by_category[cat], STARS)
            on = [i for i in day.by_category[cat] if i not in starred_ix]
            off = [i for i in range(len(day.papers)) if day.papers[i].primary_category != cat]
            read_ix = rng.sample(on, READS // 2) + rng.sample(off, READS // 2)
            taken = set(starred_ix) | set(read_ix)
            rest = [p for i, p in enumerate(day.papers) if i not in taken]
            starred = [day.papers[i] for i in starred_ix]
            read = [day.papers[i] for i in read_ix]
            scores = method(starred, read, rest, day.papers)
            top = sorted(zip(scores, rest, strict=True), key=lambda sp: (-sp[0], sp[1].id))[:TOP]
            shares.append(sum(p.primary_category == cat for _, p in top) / TOP)
        out[cat] = statistics.mean(shares)
    return out


def random_order(starred: Sequence[Paper], read: Sequence[Paper], rest: Sequence[Paper],
                 library: Sequence[Paper]) -> list[float]:
    rng = random.Random(len(rest) + sum(len(p.id) for p in starred))
    return [rng.random() for _ in rest]


_INTERESTS = digest.Interests.compile(InterestsConfig(), DEFAULT_CATEGORIES)


def category_order(starred: Sequence[Paper], read: Sequence[Paper], rest: Sequence[Paper],
                   library: Sequence[Paper]) -> list[float]:
    """The digest's scoring as it was before learning: the default config, no keywords."""
    return [digest.score(p, _INTERESTS, NOW)[0] for p in rest]


def example(p: Paper, kind: str) -> Example:
    return Example(p.id, p.title, p.abstract, p.authors, kind)


def paperfeed_method(reads_as_negative: bool = False, weight: float = DEFAULT_WEIGHT) -> Method:
    """paperfeed's own digest scoring (default config, no keywords) with the learned affinity."""
    def rank(starred: Sequence[Paper], read: Sequence[Paper], rest: Sequence[Paper],
             library: Sequence[Paper]) -> list[float]:
        examples = [example(p, POSITIVE) for p in starred] + [example(p, READ) for p in read]
        model = train(examples, [example(p, "background") for p in library],
                      reads_as_negative=reads_as_negative)
        assert model is not None
        ranker = Ranker(model, weight)
        return [digest.score(p, _INTERESTS, NOW, ranker=ranker)[0] for p in rest]
    return rank


def less_like_this(day: Day, limit: int | None = None) -> tuple[float, float]:
    """Mean rank percentile of the 'x'-marked paper's category-mates, without and with the mark:
    the star set is one topic, and one paper of a second topic is marked "less like this"."""
    cats = day.categories
    before, after = [], []
    for k, cat in enumerate(cats[:limit]):
        other = cats[(k + 1) % len(cats)]
        rng = random.Random(f"less-{cat}")
        starred = [day.papers[i] for i in rng.sample(day.by_category[cat], STARS)]
        disliked = day.papers[rng.choice(day.by_category[other])]
        library = [example(p, "background") for p in day.papers]
        rest = [p for p in day.papers if p not in starred and p is not disliked]
        for marks, out in (([], before), ([example(disliked, NEGATIVE)], after)):
            model = train([example(p, POSITIVE) for p in starred] + marks, library)
            assert model is not None
            ranker = Ranker(model)
            ranked = sorted(rest, key=lambda p, r=ranker: -r.affinity(p))
            positions = [i / len(ranked) for i, p in enumerate(ranked) if p.primary_category == other]
            out.append(statistics.mean(positions))
    return statistics.mean(before), statistics.mean(after)


def starred_copy(p: Paper) -> Paper:
    return p._replace(marks=Marks(starred_at="2024-11-27T08:00:00+00:00"))
