"""When arXiv's announcement feed holds a new announcement: pure, `now` comes in.

arXiv announces at 20:00 US Eastern, Sunday to Thursday, but its RSS feeds are
rebuilt once a day at midnight Eastern ("Feeds are updated daily at midnight
Eastern Standard Time", arXiv's RSS help; the recorded feeds' `lastBuildDate` is
05:00 UTC in winter). So the feed built at 00:00 Eastern on Monday to Friday
carries the announcement of the evening before, and the ones built on Saturday
and Sunday are empty. A fetch between 20:00 and midnight gets the previous
announcement. Midnight is taken with Eastern's own daylight-saving rules for
the date (05:00 UTC in winter, 04:00 UTC in summer), which is what the feed's
`lastBuildDate` shows across the year.

Holidays are not modelled: on an arXiv holiday the feed is empty on a weekday,
so paperfeed fetches once after that midnight, finds "no announcement", and does
not fetch again for the announcement until the next midnight; nothing is lost.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

#: The feed is rebuilt at this Eastern wall time; a margin lets the rebuild finish.
FEED_BUILT = time(0, 0)
FEED_MARGIN = timedelta(minutes=15)
#: Eastern days (Python weekdays, Monday = 0) whose midnight feed has an announcement.
FEED_DAYS = frozenset({0, 1, 2, 3, 4})


@lru_cache(maxsize=1)
def eastern() -> tzinfo:
    """US Eastern with its daylight-saving rules (standard time without a tz database)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("America/New_York")
    except ZoneInfoNotFoundError:  # Windows without tzdata: standard time all year
        return timezone(timedelta(hours=-5))


@lru_cache(maxsize=2048)
def feed_ready(day: date) -> datetime:
    """When the feed built on Eastern `day` is safe to fetch, as an aware UTC time."""
    built = datetime.combine(day, FEED_BUILT, tzinfo=eastern())
    return (built + FEED_MARGIN).astimezone(UTC)


def latest_feed_day(moment: datetime) -> date:
    """The Eastern day of the newest feed with an announcement that is ready at `moment`."""
    day = moment.astimezone(eastern()).date() + timedelta(days=1)
    while day.weekday() not in FEED_DAYS or feed_ready(day) > moment:
        day -= timedelta(days=1)
    return day


def next_feed_day(moment: datetime) -> date:
    """The Eastern day of the first feed with an announcement that is ready after `moment`."""
    day = latest_feed_day(moment) + timedelta(days=1)
    while day.weekday() not in FEED_DAYS:
        day += timedelta(days=1)
    return day


def feed_days(start: datetime, end: datetime) -> list[date]:
    """Every announcement feed day whose feed becomes ready in (start, end]."""
    first = start.astimezone(UTC).date() - timedelta(days=1)
    days = (first + timedelta(days=n) for n in range((end - start).days + 3))
    return [d for d in days if d.weekday() in FEED_DAYS and start < feed_ready(d) <= end]


def newer_announcement(last_fetch: datetime, now: datetime) -> bool:
    """True when a feed with a new announcement became ready after `last_fetch`."""
    return latest_feed_day(now) > latest_feed_day(last_fetch)
