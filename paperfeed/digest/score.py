"""Scoring one paper: what the user said they care about and what the crowd noticed.

An interest keyword (whole words, any case, a plural allowed; title above
abstract), a followed author (strongest), the category's place in the user's
priority list (primary above cross-list), Hugging Face upvotes and comments, code
and its stars, trending rank. Crowd signals are on a log scale and capped
together below one title keyword, so that viral papers cannot drown the user's own
interests. The sum is then decayed by age, so after days away yesterday's papers
lead but a strong match from last week still has a chance. Every term that
contributes leaves a human-readable reason. Pure: `now` is an argument.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple, Protocol

from paperfeed.config import InterestsConfig
from paperfeed.digest.candidate import Scorable
from paperfeed.text import plural
from paperfeed.text.keywords import keyword_regex, short_count
from paperfeed.text.keywords import unique as _unique

TITLE_WEIGHT = 4.0
ABSTRACT_WEIGHT = 2.0
AUTHOR_WEIGHT = 6.0
PRIMARY_CATEGORY_WEIGHT = 1.0
CROSS_LIST_WEIGHT = 0.4
UPVOTES_WEIGHT = 0.4  # per natural-log unit: 37 upvotes add 1.5, 500 add 2.5
COMMENTS_WEIGHT = 0.2
CODE_WEIGHT = 0.3
STARS_WEIGHT = 0.15  # 1.2k stars add 1.1
TRENDING_WEIGHT = 1.5  # rank 1; rank 6 gets half
CROWD_CAP = 3.0  # all crowd signals together weigh less than one keyword in the title
BASE_SCORE = 1.0  # so papers with no signal at all are still ordered by recency
HALF_LIFE_DAYS = 4.0
CATEGORY_WITH_AFFINITY = 0.1  # with liked papers to learn from, categories only break ties


class Keyword(NamedTuple):
    """One interest keyword: its regex, behind a plain substring test.

    Most keywords are absent from most abstracts, and `in` on lowercased text is
    ~20x cheaper than the case-insensitive, lookbehind regex (7,000 candidates
    took 0.9 s without it).
    """

    label: str
    needle: str  # the first word, lowercased: no match is possible without it
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, keyword: str) -> Keyword:
        text = keyword.strip()
        return cls(text, text.split()[0].lower(), keyword_regex(text))

    def found(self, text: str, lowered: str) -> bool:
        at = lowered.find(self.needle)
        if at < 0:
            return False
        # Start the regex at the first candidate when lowercasing kept the positions.
        start = at if len(lowered) == len(text) else 0
        return self.pattern.search(text, start) is not None


@dataclass(frozen=True, slots=True)
class Interests:
    """The interests config compiled once per build: one regex per keyword."""

    keywords: tuple[Keyword, ...]
    exclude_keywords: tuple[Keyword, ...]
    authors: frozenset[str]
    exclude_authors: frozenset[str]
    categories: tuple[str, ...]
    exclude_categories: tuple[str, ...]
    #: `_category_score` per (primary, categories): the same few category lists recur
    #: across a morning's candidates. A cache of a pure function; never part of equality.
    category_memo: dict[tuple[str, tuple[str, ...]], tuple[float, str]] = field(
        default_factory=dict, compare=False, repr=False)

    @classmethod
    def compile(cls, cfg: InterestsConfig, default_categories: Sequence[str] = ()) -> Interests:
        return cls(
            keywords=tuple(Keyword.of(k) for k in _unique(cfg.keywords)),
            exclude_keywords=tuple(Keyword.of(k) for k in _unique(cfg.exclude_keywords)),
            authors=frozenset(_name_key(a) for a in cfg.authors if a.strip()),
            exclude_authors=frozenset(_name_key(a) for a in cfg.exclude_authors if a.strip()),
            categories=tuple(cfg.categories or default_categories),
            exclude_categories=tuple(cfg.exclude_categories),
        )


def excluded(paper: Scorable, interests: Interests) -> bool:
    if interests.exclude_keywords:
        title, abstract = paper.title.lower(), paper.abstract.lower()
        if any(k.found(paper.title, title) or k.found(paper.abstract, abstract)
               for k in interests.exclude_keywords):
            return True
    if interests.exclude_authors and any(_name_key(a) in interests.exclude_authors
                                         for a in paper.authors):
        return True
    primary = paper.main_category or ""
    return any(_in_category(primary, c) for c in interests.exclude_categories)


class Affinity(Protocol):
    """The learned affinity (paperfeed.ranking.Ranker), as the score sees it."""

    def points(self, paper: Scorable) -> float: ...

    def explain(self, paper: Scorable) -> tuple[str, ...]: ...


class Breakdown(NamedTuple):
    """Every term of one paper's score, for `paperfeed why`: (label, points) in the
    order they are added, the age factor, and the total they make."""

    parts: tuple[tuple[str, float], ...]
    decay: float
    total: float
    reasons: tuple[str, ...]


def score(paper: Scorable, interests: Interests, now: datetime,
          ranker: Affinity | None = None) -> tuple[float, tuple[str, ...]]:
    """The paper's score and the reasons behind it, strongest kind first."""
    total, reasons, decay = _add_up(paper, interests, now, ranker, None)
    return round(total * decay, 6), reasons


def breakdown(paper: Scorable, interests: Interests, now: datetime,
              ranker: Affinity | None = None) -> Breakdown:
    """The score term by term, for `paperfeed why`."""
    parts: list[tuple[str, float]] = []
    total, reasons, decay = _add_up(paper, interests, now, ranker, parts)
    return Breakdown(tuple(parts), decay, round(total * decay, 6), reasons)


def _add_up(paper: Scorable, interests: Interests, now: datetime, ranker: Affinity | None,
            parts: list[tuple[str, float]] | None) -> tuple[float, tuple[str, ...], float]:
    """The sum before the age factor, the reasons, and the age factor; each term is
    also labelled into `parts` when asked (a digest build scores ~2,000 candidates
    and labels none). With a `ranker` (the reader has liked papers), the learned
    affinity joins in and the category priority steps back to a tie-breaker: the
    stars say more about the reader's topics than a list of categories
    (benchmarks/bench_ranking.py measured the protocol with and without)."""
    total = BASE_SCORE
    if parts is not None:
        parts.append(("base", BASE_SCORE))
    reasons: list[str] = []
    for author in paper.authors if interests.authors else ():
        if _name_key(author) in interests.authors:
            total += AUTHOR_WEIGHT
            reasons.append(f"author: {author}")
            if parts is not None:
                parts.append((reasons[-1], AUTHOR_WEIGHT))
    if interests.keywords:
        title, abstract = paper.title.lower(), paper.abstract.lower()
        extra = " ".join(paper.ai_keywords)
        for keyword in interests.keywords:
            if keyword.found(paper.title, title):
                weight = TITLE_WEIGHT
            elif keyword.found(paper.abstract, abstract) or keyword.found(extra, extra.lower()):
                weight = ABSTRACT_WEIGHT
            else:
                continue
            total += weight
            reasons.append(f"keyword: {keyword.label}")
            if parts is not None:
                parts.append((reasons[-1], weight))
    crowd = min(CROWD_CAP, _crowd(paper, reasons))
    total += crowd
    if crowd and parts is not None:
        parts.append((f"crowd (capped at {CROWD_CAP:g})", crowd))
    category, why = _category_score(paper, interests)
    if ranker is not None:
        category *= CATEGORY_WITH_AFFINITY
        learned = ranker.points(paper)
        total += learned
        if parts is not None:
            parts.append(("learned affinity to your stars", learned))
    total += category
    if category and parts is not None:
        parts.append((why, category))
    if why and not reasons:  # the category explains a choice only when nothing else does
        reasons.append(why)
    return total, tuple(reasons), _decay(paper, now)


def _crowd(paper: Scorable, reasons: list[str]) -> float:
    """Trending rank, upvotes, comments, code and stars: on a log scale, capped by the caller."""
    total = 0.0
    if paper.trending_rank is not None and paper.trending_rank >= 1:
        total += TRENDING_WEIGHT / (1 + (paper.trending_rank - 1) / 5)
        reasons.append(f"trending #{paper.trending_rank}")
    crowd: list[str] = []
    if paper.upvotes and paper.upvotes > 0:
        total += UPVOTES_WEIGHT * math.log1p(paper.upvotes)
        crowd.append(plural(paper.upvotes, "upvote"))
    if paper.comments and paper.comments > 0:
        total += COMMENTS_WEIGHT * math.log1p(paper.comments)
        crowd.append(plural(paper.comments, "comment"))
    if crowd:
        reasons.append("HF " + ", ".join(crowd))
    if paper.code_url:
        total += CODE_WEIGHT + STARS_WEIGHT * math.log1p(max(0, paper.code_stars or 0))
        reasons.append(f"code, {short_count(paper.code_stars)} star{'' if paper.code_stars == 1 else 's'}"
                       if paper.code_stars else "code")
    return total


def _category_score(paper: Scorable, interests: Interests) -> tuple[float, str]:
    primary = paper.main_category or ""
    key = (primary, paper.categories)
    found = interests.category_memo.get(key)
    if found is None:
        found = interests.category_memo[key] = _category_score_of(primary, paper.categories, interests)
    return found


def _category_score_of(primary: str, categories: tuple[str, ...],
                       interests: Interests) -> tuple[float, str]:
    priorities = interests.categories
    for i, wanted in enumerate(priorities):
        weight = (len(priorities) - i) / len(priorities)
        if _in_category(primary, wanted):
            return PRIMARY_CATEGORY_WEIGHT * weight, f"category: {primary}"
        cross = next((c for c in categories if c != primary and _in_category(c, wanted)), None)
        if cross is not None:
            return CROSS_LIST_WEIGHT * weight, f"cross-list: {cross}"
    return 0.0, ""


def _in_category(category: str, wanted: str) -> bool:
    """`cs.CV` is in `cs.CV` and in the archive `cs`."""
    return bool(wanted) and (category == wanted or category.startswith(wanted + "."))


def _decay(paper: Scorable, now: datetime) -> float:
    """Half the weight every HALF_LIFE_DAYS since the paper was new (published or first seen)."""
    moments = [m for m in (_parse_time(paper.first_seen), _parse_time(paper.published)) if m]
    if not moments:
        return 1.0
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    age_days = max(0.0, (now - max(moments)).total_seconds() / 86400)
    return float(0.5 ** (age_days / HALF_LIFE_DAYS))


@lru_cache(maxsize=1024)  # a morning's candidates share a few fetch times and publication days
def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _name_key(name: str) -> str:
    """Names compared without case, accents, dots or extra spaces: "José  García" = "jose garcia"."""
    plain = name
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", " ").casefold().split())
