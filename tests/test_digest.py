"""Choosing the digest: budget properties over generated candidates, and the scoring rules."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperfeed.config import DigestConfig, InterestsConfig
from paperfeed.digest import Budget, Interests, build, keyword_spans, reading_minutes, score, short_count
from paperfeed.models import Marks, Paper

NOW = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
DAY = "2026-11-26"
WORDS = ["model", "learning", "diffusion", "graph", "language", "large", "vision", "data",
         "training", "robot", "sparse", "attention", "benchmark", "kernel", "policy", "we", "a"]
AUTHORS = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]
CATEGORIES = ["cs.LG", "cs.CV", "cs.CL", "stat.ML", "math.OC", "cs.RO"]
INTERESTS = InterestsConfig(
    keywords=["diffusion", "large language model"], exclude_keywords=["robot"],
    authors=["Grace Hopper"], exclude_authors=["Barbara Liskov"],
    categories=["cs.LG", "cs.CV"], exclude_categories=["math"],
)
DEFAULT_BUDGET = Budget.from_config(DigestConfig())


def candidate(seed: int, index: int, days: int = 1) -> Paper:
    """One paper made from a seed: hypothesis draws the seeds, which keeps generation fast."""
    rng = random.Random(seed)
    primary = rng.choice(CATEGORIES)
    seen = NOW - timedelta(minutes=rng.randrange(days * 24 * 60))

    def maybe(value: int) -> int | None:
        return value if rng.random() < 0.6 else None

    return Paper(
        id=f"2611.{index:05d}",
        title=" ".join(rng.choices(WORDS, k=rng.randint(2, 14))),
        # up to 300 words: arXiv caps an abstract at 1,920 characters
        abstract=" ".join(rng.choices(WORDS, k=rng.randint(0, 300))),
        authors=tuple(rng.sample(AUTHORS, k=rng.randint(0, 3))),
        primary_category=primary,
        categories=(primary, *rng.sample(CATEGORIES, k=rng.randint(0, 2))),
        upvotes=maybe(rng.randint(0, 2000)),
        comments=maybe(rng.randint(0, 50)),
        code_url=rng.choice([None, "https://github.com/x/y"]),
        code_stars=maybe(rng.randint(0, 50_000)),
        trending_rank=maybe(rng.randint(1, 50)),
        first_seen=seen.isoformat(timespec="seconds"),
        published=(seen - timedelta(hours=rng.randint(0, 30))).isoformat(timespec="seconds"),
        marks=Marks(read_at="2026-11-25T08:00:00+00:00" if rng.random() < 0.25 else None),
    )


@st.composite
def candidates(draw: st.DrawFn, max_size: int = 60, days: int = 1) -> list[Paper]:
    n, seed = draw(st.integers(0, max_size)), draw(st.integers(0, 2**32 - 1))
    return [candidate(seed * 1000 + i, i, days) for i in range(n)]


@st.composite
def budgets(draw: st.DrawFn) -> Budget:
    minimum = draw(st.integers(1, 20))
    target = minimum + draw(st.integers(0, 4))
    maximum = max(target, minimum + 2) + draw(st.integers(0, 4))
    return Budget(target, minimum, maximum, draw(st.sampled_from([150, 200, 250])),
                  draw(st.sampled_from([0, 15, 30])))


def eligible(papers: list[Paper]) -> list[Paper]:
    """What the spec says may be chosen, written out independently of digest.py."""
    def ok(p: Paper) -> bool:
        text = (p.title + " " + p.abstract).split()
        return (not p.marks.read and "robot" not in text and "Barbara Liskov" not in p.authors
                and not (p.primary_category or "").startswith("math"))
    return [p for p in papers if ok(p)]


def interests() -> Interests:
    return Interests.compile(INTERESTS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=candidates(), budget=budgets())
def test_minutes_stay_within_budget_whenever_enough_candidates(papers: list[Paper],
                                                               budget: Budget) -> None:
    digest = build(papers, interests(), budget, NOW, day=DAY)
    allowed = eligible(papers)
    waiting = sum(reading_minutes(p, budget) for p in allowed)
    assert digest.candidates == len(allowed)
    if waiting >= budget.minimum:
        assert budget.minimum - 1e-6 <= digest.minutes <= budget.maximum + 1e-6
    else:  # fewer than the minimum waiting: all of them, best first
        assert {e.paper.id for e in digest.entries} == {p.id for p in allowed}
    scores = [e.score for e in digest.entries]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=candidates())
def test_excluded_and_read_papers_never_appear(papers: list[Paper]) -> None:
    digest = build(papers, interests(), DEFAULT_BUDGET, NOW, day=DAY)
    allowed = {p.id for p in eligible(papers)}
    for entry in digest.entries:
        assert entry.paper.id in allowed
        assert not entry.paper.marks.read
        assert "robot" not in entry.paper.abstract.split()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=candidates(), seed=st.integers(0, 2**32 - 1))
def test_same_inputs_give_the_same_digest_whatever_their_order(papers: list[Paper], seed: int) -> None:
    first = build(papers, interests(), DEFAULT_BUDGET, NOW, day=DAY)
    shuffled = list(papers)
    random.Random(seed).shuffle(shuffled)
    again = build(shuffled, interests(), DEFAULT_BUDGET, NOW, day=DAY)
    assert again == first


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=candidates(max_size=200, days=3))
def test_catch_up_after_three_days_stays_within_budget(papers: list[Paper]) -> None:
    digest = build(papers, interests(), DEFAULT_BUDGET, NOW, day=DAY, away_days=3)
    allowed = eligible(papers)
    assert digest.away_days == 3
    assert digest.candidates == len(allowed)
    if sum(reading_minutes(p, DEFAULT_BUDGET) for p in allowed) >= DEFAULT_BUDGET.minimum:
        assert DEFAULT_BUDGET.minimum - 1e-6 <= digest.minutes <= DEFAULT_BUDGET.maximum + 1e-6


def paper(pid: str = "2611.00001", **fields: object) -> Paper:
    base = Paper(id=pid, title="A study of things", abstract="We study things. " * 10,
                 first_seen=NOW.isoformat(), published=NOW.isoformat())
    return base._replace(**fields)


def test_reading_time_is_words_at_the_configured_speed_plus_a_glance() -> None:
    p = paper(title=" ".join(["word"] * 10), abstract=" ".join(["word"] * 190))
    assert reading_minutes(p, Budget(words_per_minute=200, seconds_per_paper=15)) == pytest.approx(1.25)
    assert reading_minutes(p, Budget(words_per_minute=100, seconds_per_paper=0)) == pytest.approx(2.0)


def test_keywords_match_whole_words_in_any_case_and_plural() -> None:
    spans = keyword_spans("Diffusion, diffusions; non-diffusional DIFFUSION", ["diffusion"])
    assert [s for s, _ in spans] == [0, 11, 39]
    assert keyword_spans("Large  Language Models help", ["large language model"]) == [(0, 22)]
    assert keyword_spans("C++ and c++", ["C++"]) == [(0, 3), (8, 11)]


def test_title_keyword_outranks_abstract_keyword_and_gives_a_reason() -> None:
    i = Interests.compile(InterestsConfig(keywords=["diffusion"]))
    in_title = paper("2611.00001", title="Diffusion for things")
    in_abstract = paper("2611.00002", title="Models for things", abstract="We use diffusion. " * 10)
    title_score, title_reasons = score(in_title, i, NOW)
    abstract_score, abstract_reasons = score(in_abstract, i, NOW)
    assert title_score > abstract_score > score(paper("2611.00003"), i, NOW)[0]
    assert title_reasons == abstract_reasons == ("keyword: diffusion",)


def test_followed_author_and_crowd_signals_read_as_reasons() -> None:
    i = Interests.compile(InterestsConfig(authors=["jose garcia"]))
    p = paper(authors=("Ana Li", "José  García"), upvotes=37, comments=4,
              code_url="https://github.com/a/b", code_stars=1234, trending_rank=3)
    _, reasons = score(p, i, NOW)
    assert reasons == ("author: José  García", "trending #3", "HF 37 upvotes, 4 comments",
                       "code, 1.2k stars")


def test_a_viral_paper_never_drowns_a_title_keyword() -> None:
    i = Interests.compile(InterestsConfig(keywords=["graph"]))
    viral = paper("2611.00001", upvotes=10**6, comments=10**4, code_url="https://github.com/a/b",
                  code_stars=10**6, trending_rank=1)
    wanted = paper("2611.00002", title="Graph networks")
    assert score(wanted, i, NOW)[0] > score(viral, i, NOW)[0]
    assert score(viral, i, NOW)[0] > score(paper("2611.00003"), i, NOW)[0]


def test_primary_category_counts_more_than_a_cross_list() -> None:
    i = Interests.compile(InterestsConfig(categories=["cs.CV", "cs.LG"]))
    primary = paper("2611.00001", primary_category="cs.CV", categories=("cs.CV",))
    cross = paper("2611.00002", primary_category="eess.IV", categories=("eess.IV", "cs.CV"))
    second = paper("2611.00003", primary_category="cs.LG", categories=("cs.LG",))
    assert score(primary, i, NOW)[0] > score(second, i, NOW)[0] > score(cross, i, NOW)[0]
    assert score(primary, i, NOW)[1] == ("category: cs.CV",)
    assert score(cross, i, NOW)[1] == ("cross-list: cs.CV",)


def test_older_papers_decay() -> None:
    i = Interests.compile(InterestsConfig())
    old = (NOW - timedelta(days=4)).isoformat()
    assert score(paper(first_seen=old, published=old), i, NOW)[0] == pytest.approx(
        score(paper(), i, NOW)[0] / 2)


def test_exclusions_drop_papers_outright() -> None:
    cfg = InterestsConfig(keywords=["diffusion"], exclude_keywords=["survey"],
                          exclude_authors=["Bad Actor"], exclude_categories=["math"])
    papers = [
        paper("2611.00001", title="Diffusion: a Survey"),
        paper("2611.00002", title="Diffusion", authors=("bad actor",)),
        paper("2611.00003", title="Diffusion", primary_category="math.OC", categories=("math.OC",)),
        paper("2611.00004", title="Plain"),
    ]
    digest = build(papers, Interests.compile(cfg), DEFAULT_BUDGET, NOW, day=DAY)
    assert [e.paper.id for e in digest.entries] == ["2611.00004"]
    assert digest.candidates == 1


def test_papers_shown_before_today_are_dropped() -> None:
    earlier = paper("2611.00001", marks=Marks(shown_at="2026-11-25T07:00:00+00:00"))
    today = paper("2611.00002", marks=Marks(shown_at="2026-11-26T07:00:00+00:00"))
    digest = build([earlier, today], interests(), DEFAULT_BUDGET, NOW, day=DAY,
                   shown_before="2026-11-26T00:00:00+00:00")
    assert [e.paper.id for e in digest.entries] == ["2611.00002"]


def test_ties_break_by_id() -> None:
    papers = [paper(f"2611.0000{i}") for i in (3, 1, 2)]
    digest = build(papers, interests(), DEFAULT_BUDGET, NOW, day=DAY)
    assert [e.paper.id for e in digest.entries] == ["2611.00001", "2611.00002", "2611.00003"]


def test_explicit_minutes_move_the_window() -> None:
    d = DigestConfig(target_minutes=12, min_minutes=10, max_minutes=15)
    assert Budget.from_config(d) == Budget(12, 10, 15, 200, 15)
    assert Budget.from_config(d, 5) == Budget(5, 3, 8, 200, 15)
    assert Budget.from_config(d, 1) == Budget(1, 0, 4, 200, 15)
    assert Budget.from_config(d, 30) == Budget(30, 28, 33, 200, 15)


def test_a_tiny_budget_still_shows_the_best_paper() -> None:
    papers = [paper(f"2611.0000{i}", abstract="word " * 300) for i in range(5)]
    digest = build(papers, interests(), Budget(target=0.5, minimum=0, maximum=3), NOW, day=DAY)
    assert [e.paper.id for e in digest.entries] == ["2611.00000"]


@pytest.mark.parametrize(("n", "text"), [(None, "0"), (850, "850"), (1234, "1.2k"), (1000, "1k"),
                                         (12_345, "12k"), (2_500_000, "2.5M")])
def test_short_counts(n: int | None, text: str) -> None:
    assert short_count(n) == text


@pytest.mark.parametrize("text", ["", " ", "one", " two  words ", "a b c", "tab\there", "line\nbreak",
                                  "non\u00a0breaking", "ünïcode wörds", "trailing ", "  ", "x" * 50])
def test_word_count_is_what_split_counts(text: str) -> None:
    from paperfeed.digest.budget import word_count

    assert word_count(text) == len(text.split())


def test_minutes_within_says_too_long_only_when_it_is() -> None:
    from paperfeed.digest.budget import minutes_within

    budget = Budget(words_per_minute=200, seconds_per_paper=15)
    p = Paper(id="x", title="Two words", abstract=" ".join(["w"] * 198))  # 200 words: 1.25 minutes
    assert minutes_within(p, budget, 1.25) == pytest.approx(1.25)
    assert minutes_within(p, budget, 1.3) == pytest.approx(1.25)
    assert minutes_within(p, budget, 1.0) is None
