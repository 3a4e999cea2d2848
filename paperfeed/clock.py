"""The one place that reads the wall clock and the local zone; everything else takes
`now` as an argument (a local `now` carries the user's zone as its tzinfo)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path


def now() -> datetime:
    return datetime.now(UTC)


def local_now() -> datetime:
    """Now in the user's zone, with the zone's rules (not today's offset) as its tzinfo,
    so that midnight of another date, or a star's local day, is computed right."""
    return now().astimezone(local_zone())


def iso(moment: datetime) -> str:
    """The store's timestamp format: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def local_zone() -> tzinfo:
    """The user's time zone with its rules for every date: `TZ` if set, else /etc/localtime.

    `datetime.astimezone()` gives a fixed offset, today's: midnight of 29 March built
    with it in Berlin is an hour off. A `TZ` that the tz database does not name (a POSIX
    rule such as `CET-1CEST,M3.5.0,M10.5.0/3`) falls back to the C library's own
    conversion, which applies the same rules.
    """
    return _zone(os.environ.get("TZ"))


@lru_cache(maxsize=8)
def _zone(tz: str | None) -> tzinfo:
    from zoneinfo import ZoneInfo

    key = (tz or "").removeprefix(":")
    try:
        if key.startswith("/"):
            with Path(key).open("rb") as handle:
                return ZoneInfo.from_file(handle, key=key)
        if key:
            return ZoneInfo(key)
        if tz is None:
            with Path("/etc/localtime").open("rb") as handle:
                return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        pass
    return _SystemZone()


class _SystemZone(tzinfo):
    """The C library's local time, for zones zoneinfo cannot name (the Python docs'
    LocalTimezone): offsets come from `time.localtime` for each moment."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=time.localtime().tm_gmtoff)
        stamp = time.mktime((dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1))
        return timedelta(seconds=time.localtime(stamp).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return time.strftime("%Z", time.localtime())

    def fromutc(self, dt: datetime) -> datetime:
        stamp = (dt.replace(tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
        return dt + timedelta(seconds=time.localtime(stamp).tm_gmtoff)
