"""`paperfeed day`: reopening the digest of an earlier day, as it was frozen.

A day's digest keeps its papers and their order; their marks are read from the
store as they are now, so a paper starred since shows its star. A day without a
digest is a `NotFoundError` that names the nearest days that have one, because
"not found" alone leaves the reader guessing which mornings they read.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from paperfeed.dates import parse_since
from paperfeed.errors import NotFoundError, UsageError
from paperfeed.models import Digest

if TYPE_CHECKING:
    from paperfeed.store import Store

NEAREST = 3
_DAYS_AGO = re.compile(r"-(\d{1,5})")


def parse_day(text: str, now: datetime) -> date:
    """`2026-11-27`, `today`, `yesterday` or `-3` (three days ago), in the zone of `now`."""
    raw = text.strip()
    if ago := _DAYS_AGO.fullmatch(raw):
        return now.date() - timedelta(days=int(ago[1]))
    try:
        return parse_since(raw, now, option="DATE")
    except UsageError as exc:
        if "future" in exc.message or "no such day" in exc.message:
            raise
        raise UsageError(f"DATE {raw!r}: give a day like 2026-11-20, 'yesterday', or -3 "
                         "for three days ago") from exc


def open_day(store: Store, day: date) -> Digest:
    """The digest frozen on `day`, with today's marks."""
    from paperfeed.store import archive

    digest = store.load_digest(day.isoformat())
    if digest is not None and digest.entries:
        return digest
    days = archive.digest_days(store.conn)
    if not days:
        raise NotFoundError(f"no digest on {day}: no day has one yet; "
                            "'paperfeed today' builds today's")
    near = ", ".join(nearest(days, day))
    raise NotFoundError(f"no digest on {day}; the nearest days with one: {near}")


def nearest(days: list[str], day: date, count: int = NEAREST) -> list[str]:
    """The `count` days closest to `day` (the earlier one first on a tie), in date order."""
    def distance(d: str) -> tuple[int, int]:
        delta = (date.fromisoformat(d) - day).days
        return abs(delta), 0 if delta < 0 else 1

    return sorted(sorted(days, key=distance)[:count])
