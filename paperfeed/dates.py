"""Turning what a user types after `--since` into a day: pure, `now` comes in.

Accepted: an ISO day (`2026-11-20`), a number of days or weeks back (`7d`, `2w`,
`0d` is today), and the words `today` and `yesterday`. The day is counted in the
time zone of `now`, so a caller decides whether days are UTC or local. Anything
else is a `UsageError` that shows the accepted forms, never a traceback.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from paperfeed.errors import UsageError

MAX_DAYS_BACK = 100 * 366  # beyond any paper paperfeed can have seen

_RELATIVE = re.compile(r"(?P<count>\d{1,7})\s*(?P<unit>d|w)", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORDS = {"today": 0, "yesterday": 1}


def parse_since(text: str, now: datetime, *, option: str = "--since") -> date:
    """The first day `text` includes; a day after today is refused."""
    raw = text.strip()
    today = now.date()
    lowered = raw.lower()
    if lowered in _WORDS:
        return today - timedelta(days=_WORDS[lowered])
    relative = _RELATIVE.fullmatch(raw)
    if relative:
        days = int(relative["count"]) * (7 if relative["unit"].lower() == "w" else 1)
        if days > MAX_DAYS_BACK:
            raise UsageError(f"{option} {raw}: that is more than {MAX_DAYS_BACK // 366} years back; "
                             "give a smaller number or a date like 2026-11-20")
        return today - timedelta(days=days)
    if _ISO_DAY.fullmatch(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError as exc:
            raise UsageError(f"{option} {raw}: no such day ({exc}); check the month and day") from exc
        if day > today:
            raise UsageError(f"{option} {raw}: that day is in the future (today is {today}); "
                             "give a day up to today")
        return day
    raise UsageError(f"{option} {raw!r}: give a day like 2026-11-20, a number of days back like 7d, "
                     "weeks like 2w, or 'today'/'yesterday'")


def day_start(day: date, zone: tzinfo) -> str:
    """Local midnight of `day` as the store's UTC timestamp, by the zone's rules for
    that date, not today's offset (in Berlin 2026-03-29 starts at 23:00 UTC the day
    before, 2026-03-30 at 22:00): the lower bound a local day puts on timestamps."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).isoformat(timespec="seconds")


def local_day(timestamp: str, zone: tzinfo) -> str:
    """The local calendar day (YYYY-MM-DD) of a stored UTC timestamp; its first ten
    characters are the UTC day, which is another day for half the world at times."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp[:10]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date().isoformat()
