"""`paperfeed stats`: the reading habit in numbers (pure; `now` and the marks come in).

Days are the reader's local calendar days. A streak is the run of days with at
least one paper read, ending today; a day not yet read does not break it before
it is over, so at 07:00 yesterday's streak still stands. What "led" a starred
paper is the reason its digest gave for choosing it (`keyword: diffusion`,
`author: ...`), and its primary category.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from paperfeed.export.fields import local_day

if TYPE_CHECKING:
    from paperfeed.store import Store

WEEKS = 12
TOP = 5


@dataclass(frozen=True, slots=True)
class WeekCount:
    week: str  # ISO week, `2026-W48`
    start: str  # its Monday
    read: int
    starred: int


@dataclass(frozen=True, slots=True)
class Stats:
    today: str
    month: str  # `2026-11`
    days_read_this_month: int
    days_so_far_this_month: int
    streak: int
    longest_streak: int
    read: int
    starred: int
    weeks: tuple[WeekCount, ...]  # oldest first, the current week last
    keywords: tuple[tuple[str, int], ...]  # the reasons that chose starred papers, most first
    categories: tuple[tuple[str, int], ...]  # primary categories of starred papers, most first

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["keywords"] = [{"reason": k, "starred": n} for k, n in self.keywords]
        data["categories"] = [{"category": c, "starred": n} for c, n in self.categories]
        return data


def streak(days_read: set[str], end: date) -> int:
    """Days read in a row up to `end`, or up to the day before when `end` has no read yet."""
    day = end if end.isoformat() in days_read else end - timedelta(days=1)
    count = 0
    while day.isoformat() in days_read:
        count += 1
        day -= timedelta(days=1)
    return count


def longest(days_read: set[str]) -> int:
    best = run = 0
    previous: date | None = None
    for day in sorted(date.fromisoformat(d) for d in days_read):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best, previous = max(best, run), day
    return best


def compute(read_times: Iterable[str], starred_times: Iterable[str], now: datetime, *,
            reasons: Mapping[str, tuple[str, ...]] | None = None,
            categories: Iterable[str | None] = (), weeks: int = WEEKS) -> Stats:
    """`reasons` maps each starred paper to its digest's reasons; `categories` lists the
    primary category of each starred paper."""
    zone = now.tzinfo
    today = now.date()
    read_days = [d for t in read_times if (d := local_day(t, zone))]
    star_days = [d for t in starred_times if (d := local_day(t, zone))]
    read_set = set(read_days)
    month = today.strftime("%Y-%m")
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=i) for i in reversed(range(weeks))]
    read_weeks = Counter(_monday(d) for d in read_days)
    star_weeks = Counter(_monday(d) for d in star_days)
    led = Counter(r for rs in (reasons or {}).values() for r in rs if not r.startswith("category: "))
    cats = Counter(c for c in categories if c)
    return Stats(
        today=today.isoformat(), month=month,
        days_read_this_month=sum(1 for d in read_set if d.startswith(month) and d <= today.isoformat()),
        days_so_far_this_month=today.day, streak=streak(read_set, today),
        longest_streak=longest(read_set), read=len(read_days), starred=len(star_days),
        weeks=tuple(WeekCount(_week_label(s), s.isoformat(), read_weeks[s], star_weeks[s])
                    for s in starts),
        keywords=tuple(_top(led)), categories=tuple(_top(cats)),
    )


def _monday(day: str) -> date:
    d = date.fromisoformat(day)
    return d - timedelta(days=d.weekday())


def _week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _top(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def gather(store: Store, now: datetime, *, weeks: int = WEEKS) -> Stats:
    """Read the marks and the starred papers' digest reasons from the store, then `compute`."""
    from paperfeed.store import archive
    from paperfeed.store.queries import Selection

    times = archive.mark_times(store.conn)
    starred = store.select(Selection(starred=True))
    seen = archive.appearances(store.conn, [p.id for p in starred])
    return compute([t.read_at for t in times if t.read_at],
                   [t.starred_at for t in times if t.starred_at], now,
                   reasons={pid: a.reasons for pid, a in seen.items()},
                   categories=[p.primary_category or (p.categories[0] if p.categories else None)
                               for p in starred], weeks=weeks)
