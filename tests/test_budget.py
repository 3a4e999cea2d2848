"""The reading-time budget, pinned by properties over random days (Hypothesis).

Each property is one a reader would notice: a digest longer than the maximum, one
shorter than the minimum while papers wait, one far from the target, a good paper
left out for a worse filler. Filling to the maximum instead of the target, a second
pass past the maximum, or stopping at the first paper that does not fit each break
at least one of them (see the examples after the properties).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperfeed.digest import Budget, fill
from paperfeed.models import DigestEntry, Paper


@st.composite
def days(draw: st.DrawFn, long_papers: bool = False) -> tuple[Budget, list[DigestEntry]]:
    """A budget (min < target <= max) and papers in score order, none longer than
    max - min (a real abstract is under two minutes, the window five) unless
    `long_papers`, where one may be longer than the whole budget."""
    minimum = draw(st.floats(1, 20))
    target = minimum + draw(st.floats(0.5, 8))
    maximum = target + draw(st.floats(0, 8))
    longest = maximum * 1.5 if long_papers else maximum - minimum
    minutes = draw(st.lists(st.floats(0.05, longest), max_size=60))
    entries = [DigestEntry(Paper(id=f"2611.{i:05d}", title="t"), float(len(minutes) - i), (), m)
               for i, m in enumerate(minutes)]
    return Budget(target, minimum, maximum), entries


def total(entries: list[DigestEntry]) -> float:
    return sum(e.minutes for e in entries)


EPS = 1e-9


@settings(max_examples=400, deadline=None)
@given(days(long_papers=True))
def test_never_above_the_maximum(day: tuple[Budget, list[DigestEntry]]) -> None:
    budget, ranked = day
    assert total(fill(ranked, budget)) <= budget.maximum + EPS


@settings(max_examples=400, deadline=None)
@given(days())
def test_at_least_the_minimum_when_enough_is_waiting(day: tuple[Budget, list[DigestEntry]]) -> None:
    budget, ranked = day
    chosen = fill(ranked, budget)
    if total(ranked) >= budget.minimum:
        assert total(chosen) >= budget.minimum - EPS
    else:
        assert chosen == ranked  # a thin day shows everything


@settings(max_examples=400, deadline=None)
@given(days())
def test_within_one_papers_reading_time_of_the_target(day: tuple[Budget, list[DigestEntry]]) -> None:
    """Only the last paper taken may pass the target; short of it by less than a paper
    that was left out, when enough is waiting."""
    budget, ranked = day
    chosen = fill(ranked, budget)
    used = total(chosen)
    if chosen:
        assert used - chosen[-1].minutes < budget.target + EPS
    left_out = [e.minutes for e in ranked if e not in chosen]
    if total(ranked) >= budget.target:
        assert used >= budget.target - max(left_out, default=0.0) - EPS


@settings(max_examples=400, deadline=None)
@given(days())
def test_a_paper_that_overshoots_is_skipped_not_a_stop(day: tuple[Budget, list[DigestEntry]]) -> None:
    """Nothing left out would still have fit under the target."""
    budget, ranked = day
    chosen = fill(ranked, budget)
    used = total(chosen)
    for entry in ranked:
        if entry not in chosen:
            assert used + entry.minutes > budget.target - EPS


@settings(max_examples=400, deadline=None)
@given(days())
def test_no_lower_filler_while_a_better_paper_fits_under_the_maximum(
        day: tuple[Budget, list[DigestEntry]]) -> None:
    budget, ranked = day
    chosen = fill(ranked, budget)
    used = total(chosen)
    lowest_taken = min((e.score for e in chosen), default=float("inf"))
    for entry in ranked:
        if entry not in chosen and entry.score > lowest_taken:
            assert used + entry.minutes > budget.maximum - EPS, (entry, chosen)


@settings(max_examples=200, deadline=None)
@given(days())
def test_the_order_of_the_digest_is_the_order_of_the_scores(day: tuple[Budget, list[DigestEntry]]) -> None:
    budget, ranked = day
    chosen = fill(ranked, budget)
    assert chosen == [e for e in ranked if e in chosen]


# -- the examples behind the properties --------------------------------------------------


def entry(pid: int, minutes: float, score: float) -> DigestEntry:
    return DigestEntry(Paper(id=f"2611.{pid:05d}", title="t"), score, (), minutes)


def test_the_good_paper_is_taken_over_a_short_filler() -> None:
    """The report behind this: 11.0 minutes in, the 11th slot went to a 0.4-minute
    paper with no reason but its category, while a keyword paper with upvotes and
    code (1.5 minutes) was left out although it fit under the maximum."""
    ten = [entry(i, 1.1, 100 - i) for i in range(10)]
    good, filler = entry(50, 1.5, 50), entry(51, 0.4, 1)
    chosen = fill([*ten, good, filler], Budget(12, 10, 15))
    assert good in chosen and filler not in chosen
    assert abs(total(chosen) - 12.5) < 1e-9


def test_fifteen_one_minute_papers_fill_to_the_target_not_the_maximum() -> None:
    chosen = fill([entry(i, 1.0, 100 - i) for i in range(30)], Budget(12, 10, 15))
    assert len(chosen) == 12
