"""The pure parts of `day`, `week` and `stats`: spans, local days, streaks, in any zone.

The zone is the one `now` carries, so these tests pass zones explicitly and never
change the process's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from paperfeed import archive, stats, week
from paperfeed.errors import UsageError
from paperfeed.models import Marks, Paper

KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14
LOS_ANGELES = ZoneInfo("America/Los_Angeles")  # UTC-8 in November
NOW_UTC = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_day_forms() -> None:
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert archive.parse_day("-3", now) == date(2026, 11, 27)
    assert archive.parse_day("-0", now) == archive.parse_day("today", now) == date(2026, 11, 30)
    assert archive.parse_day("yesterday", now) == date(2026, 11, 29)
    assert archive.parse_day(" 2026-11-02 ", now) == date(2026, 11, 2)
    with pytest.raises(UsageError, match="-3 for three days ago"):
        archive.parse_day("last friday", now)


def test_the_nearest_days_prefer_the_closest_then_the_earlier() -> None:
    days = ["2026-11-20", "2026-11-24", "2026-11-26", "2026-11-28", "2026-12-01"]
    assert archive.nearest(days, date(2026, 11, 27)) == ["2026-11-24", "2026-11-26", "2026-11-28"]
    assert archive.nearest(days, date(2026, 12, 5), 2) == ["2026-11-28", "2026-12-01"]
    assert archive.nearest(days[:1], date(2026, 11, 27)) == ["2026-11-20"]


def test_spans() -> None:
    assert week.parse_span("2026-W48", None, NOW_UTC) == week.Span(
        date(2026, 11, 23), date(2026, 11, 29), "2026-W48")
    assert week.parse_span("2026w49", None, NOW_UTC) == week.Span(
        date(2026, 11, 30), date(2026, 11, 30), "2026-W49")  # the current week, up to today
    assert week.parse_span(None, "7d", NOW_UTC) == week.Span(date(2026, 11, 23), date(2026, 11, 30))
    assert week.parse_span(None, None, NOW_UTC) == week.Span(date(2026, 11, 24), date(2026, 11, 30))
    for bad, needle in (("2025-W53", "ISO week like 2026-W48"), ("48", "ISO week"),
                        ("2026-W50", "has not begun")):
        with pytest.raises(UsageError, match=needle):
            week.parse_span(bad, None, NOW_UTC)
    with pytest.raises(UsageError, match="not both"):
        week.parse_span("2026-W48", "7d", NOW_UTC)


def test_streaks() -> None:
    read = {"2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"}
    assert stats.streak(read, date(2026, 11, 30)) == 4  # today not read yet: still standing
    assert stats.streak(read | {"2026-11-30"}, date(2026, 11, 30)) == 5
    assert stats.streak(read, date(2026, 12, 1)) == 0  # a whole day missed
    assert stats.longest(read | {"2026-11-01", "2026-11-02"}) == 4
    assert stats.longest(set()) == 0


@pytest.mark.parametrize(("zone", "day"), [(UTC, "2026-11-29"), (KIRITIMATI, "2026-11-30"),
                                          (LOS_ANGELES, "2026-11-29")])
def test_marks_count_on_the_readers_own_day(zone: ZoneInfo, day: str) -> None:
    stamp = "2026-11-29T11:00:00+00:00"  # 01:00 on the 30th in Kiritimati, 03:00 the 29th in LA
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).astimezone(zone)
    result = stats.compute([stamp, "2026-11-28T11:00:00+00:00"], [stamp], now, weeks=1)
    assert result.read == 2
    assert result.streak == 2
    paper = Paper(id="2611.00001", title="A paper", categories=("cs.LG",), primary_category="cs.LG",
                  marks=Marks(read_at=stamp, starred_at=stamp))
    span = week.Span(date(2026, 11, 24), date(2026, 11, 30))
    review = week.build(span, now, starred=[paper], read_times=[stamp], digests=[])
    assert [(d.date, len(d.starred), d.read) for d in review.days] == [(day, 1, 1)]
    assert review.papers[0].starred_on == day
