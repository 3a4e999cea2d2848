"""When `paperfeed today` should fetch, and over which days a fetch reaches back.

Pure decisions on timestamps, kept apart from the orchestration in `refresh`
so they can be tested on their own.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from paperfeed import announcements, clock, dates
from paperfeed.errors import UsageError


def parse_since(text: str, today: date, max_days: int) -> date:
    """`--since` for fetching: any form `dates.parse_since` knows, within `max_days`."""
    since = dates.parse_since(text, datetime(today.year, today.month, today.day))
    back = (today - since).days
    if back > max_days:
        raise UsageError(
            f"--since {text} reaches back {back} days, more than fetch.max_since_days "
            f"({max_days}); pick a later day or raise that setting in the config"
        )
    return since


def is_stale(last_success: str | None, now: datetime, max_age_hours: float) -> bool:
    """True when no fetch ever reached a source, or the last one is older than allowed."""
    if last_success is None:
        return True
    try:
        last = datetime.fromisoformat(last_success)
    except ValueError:
        return True
    return now - last > timedelta(hours=max_age_hours)


def announcement_due(last_arxiv_success: str | None, now: datetime) -> bool:
    """True when arXiv's feed was rebuilt with a new announcement after the last fetch
    that reached arXiv, however recent that fetch (a fetch at 04:30 UTC got yesterday's
    announcement; the feed is rebuilt at 05:00). Weekend rebuilds carry none, so a
    Saturday fetch is not repeated on Sunday for them. Without any arXiv fetch on
    record, `max_age_hours` alone decides."""
    if last_arxiv_success is None:
        return False
    try:
        last = datetime.fromisoformat(last_arxiv_success)
    except ValueError:
        return False
    return announcements.newer_announcement(last, now)


def catch_up_since(last_success: str | None, today: date, max_days: int) -> date | None:
    """After days away, the day to catch up from (capped at `max_days`); None for a daily fetch.

    A store that was never fetched starts with the daily announcement only: a first
    run should be quick, and `paperfeed fetch --since` is there for more.
    """
    if last_success is None:
        return None
    try:
        last_day = datetime.fromisoformat(last_success).astimezone(clock.local_zone()).date()
    except ValueError:
        return None
    if (today - last_day).days <= 1:
        return None
    return max(last_day, today - timedelta(days=max_days))
