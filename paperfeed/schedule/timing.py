"""When the cron job should run: after arXiv's feed is rebuilt, in the morning (pure).

The feed that carries an announcement is rebuilt at midnight US Eastern, Monday to
Friday (`paperfeed.announcements`), which is 04:00 or 05:00 UTC: 06:00 in Berlin,
07:00 in Athens, 10:00 in Karachi, 13:00 in Seoul. A run before that moment gets
the previous announcement, a day late. So the default time is 06:30 local, moved
later to just after the rebuild wherever the rebuild falls in the morning (a
quarter hour after it, for Athens 07:15, for Karachi 10:15), and left at 06:30
where the rebuild falls in the afternoon or evening (the Americas, East Asia,
Oceania), since no morning run can come after it that day: the next morning's
run fetches it. The days are the local days of those first runs, taken over a
whole year of feeds, so daylight saving in Eastern or in the local zone (which
change on different dates) never leaves an announcement waiting a day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from paperfeed.announcements import feed_days, feed_ready, latest_feed_day, next_feed_day

DEFAULT_AT = time(6, 30)
#: A rebuild later than this local time is fetched by the next morning's run.
MORNING_ENDS = time(12, 0)
_STEP_MINUTES = 15
_YEAR = timedelta(days=366)
_TICK = timedelta(seconds=1)  # a run at the very moment the feed is ready fetches it
#: The first run of a cron entry strictly after a moment, or None.
RunFinder = Callable[[datetime], "datetime | None"]


@dataclass(frozen=True, slots=True)
class NextFetch:
    """The next announcement not yet fetched, and the run that fetches it (both aware)."""

    feed_day: date  # the Eastern day whose midnight feed carries it
    ready: datetime
    run: datetime


def _ready_times(zone: tzinfo, now: datetime) -> list[datetime]:
    return [feed_ready(day).astimezone(zone) for day in feed_days(now, now + _YEAR)]


def default_at(zone: tzinfo, now: datetime) -> time:
    """06:30, or the first quarter hour after every morning rebuild of the coming year."""
    morning = [r.time() for r in _ready_times(zone, now) if DEFAULT_AT < r.time() <= MORNING_ENDS]
    if not morning:
        return DEFAULT_AT
    latest = max(morning)
    minutes = -(-(latest.hour * 60 + latest.minute + (latest.second > 0)) // _STEP_MINUTES) * _STEP_MINUTES
    return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else MORNING_ENDS


def default_days(at: time, zone: tzinfo, now: datetime) -> frozenset[int]:
    """The local cron weekdays (0 = Sunday) whose run at `at` is the first after a rebuild."""
    days: set[int] = set()
    for ready in _ready_times(zone, now):
        run_day = ready.date() if ready.time() <= at else ready.date() + timedelta(days=1)
        days.add(cron_weekday(run_day))
    return frozenset(days)


def next_fetch(runs: RunFinder, now: datetime) -> NextFetch | None:
    """The announcement the schedule fetches next: the newest one if its run is still to
    come, else the next one; None when the entry never runs after it."""
    latest = latest_feed_day(now)
    ready = feed_ready(latest)
    run = runs(ready - _TICK)
    if run is None or run <= now:
        latest = next_feed_day(now)
        ready = feed_ready(latest)
        run = runs(ready - _TICK)
    if run is None:
        return None
    return NextFetch(latest, ready.astimezone(now.tzinfo), run)


def cron_weekday(day: date) -> int:
    return (day.weekday() + 1) % 7
