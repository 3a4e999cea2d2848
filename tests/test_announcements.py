"""When arXiv's feed holds a new announcement, and when the cron default fetches it.

The feed is rebuilt at midnight US Eastern with Eastern's daylight-saving rules
(05:00 UTC in winter, 04:00 UTC in summer), Monday to Friday with an announcement.
The schedule's default must run after that rebuild in every zone of the tz
database, on the first local morning after it (the same day when the rebuild falls
before noon), over a whole year of feeds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest

from paperfeed import announcements as ann
from paperfeed import schedule
from paperfeed.schedule import timing

# -- the feed's calendar ----------------------------------------------------------------


@pytest.mark.parametrize(("day", "utc_hour"), [
    (date(2026, 1, 12), 5),  # Monday, Eastern standard time
    (date(2026, 7, 13), 4),  # Monday, Eastern daylight time
    (date(2026, 3, 9), 4),  # the Monday after the US switch (Europe has not switched yet)
    (date(2026, 11, 2), 5),  # the Monday after the US switch back
])
def test_the_feed_is_ready_after_midnight_eastern_by_that_days_rules(day: date, utc_hour: int) -> None:
    assert ann.feed_ready(day) == datetime.combine(day, time(utc_hour), tzinfo=UTC) + ann.FEED_MARGIN


@pytest.mark.parametrize(("moment", "feed_day"), [
    (datetime(2026, 1, 12, 4, 59, tzinfo=UTC), date(2026, 1, 9)),  # Monday before the rebuild: Friday's
    (datetime(2026, 1, 12, 5, 16, tzinfo=UTC), date(2026, 1, 12)),  # Monday after it
    (datetime(2026, 1, 12, 1, 0, tzinfo=UTC), date(2026, 1, 9)),  # 20:00 ET Sunday announced, not in the feed
    (datetime(2026, 1, 17, 12, 0, tzinfo=UTC), date(2026, 1, 16)),  # Saturday: Friday's is the newest
    (datetime(2026, 1, 19, 5, 0, tzinfo=UTC), date(2026, 1, 16)),  # Monday, not yet ready
    (datetime(2026, 7, 14, 4, 20, tzinfo=UTC), date(2026, 7, 14)),  # summer: 04:00 UTC
])
def test_the_newest_announcement_in_the_feed(moment: datetime, feed_day: date) -> None:
    assert ann.latest_feed_day(moment) == feed_day


def test_a_newer_announcement_is_due_only_after_a_weekday_rebuild() -> None:
    friday_morning = datetime(2026, 1, 16, 6, 0, tzinfo=UTC)
    assert not ann.newer_announcement(friday_morning, datetime(2026, 1, 18, 22, 0, tzinfo=UTC))
    assert ann.newer_announcement(friday_morning, datetime(2026, 1, 19, 5, 30, tzinfo=UTC))
    before = datetime(2026, 1, 13, 4, 30, tzinfo=UTC)  # Tuesday, half an hour before the rebuild
    assert ann.newer_announcement(before, before + timedelta(hours=1, minutes=30))
    assert ann.feed_days(friday_morning, friday_morning + timedelta(days=7)) == [
        date(2026, 1, 19), date(2026, 1, 20), date(2026, 1, 21), date(2026, 1, 22), date(2026, 1, 23)]


# -- the schedule's default time and days ------------------------------------------------

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "at"), [
    ("UTC", time(6, 30)), ("Europe/Berlin", time(6, 30)), ("America/Los_Angeles", time(6, 30)),
    ("Asia/Seoul", time(6, 30)), ("Pacific/Kiritimati", time(6, 30)),
    ("Europe/Athens", time(7, 15)), ("Europe/Moscow", time(8, 15)), ("Africa/Nairobi", time(8, 15)),
    ("Asia/Dubai", time(9, 15)), ("Asia/Karachi", time(10, 15)), ("Asia/Kolkata", time(10, 45)),
])
def test_the_default_time_follows_the_rebuild(zone: str, at: time) -> None:
    assert timing.default_at(ZoneInfo(zone), NOW) == at


def _runs(line: str, zone: ZoneInfo) -> timing.RunFinder:
    return lambda moment: schedule.next_run(line, moment.astimezone(zone))


def test_every_zone_fetches_each_announcement_on_the_first_morning_after_the_rebuild() -> None:
    """For a year of feeds in every zone: the default run comes after the rebuild, on the
    same local day when the rebuild is before noon, else the next morning, and before
    the next rebuild (so no run fetches an announcement a day late)."""
    for name in sorted(available_timezones()):
        if name.startswith(("posix/", "right/")) or name in ("Factory", "localtime"):
            continue
        zone = ZoneInfo(name)
        now = NOW.astimezone(zone)
        plan = schedule.build(None, None, program=["pf"], environ={}, config=None, db=None,
                              log=__import__("pathlib").Path("/l"), now=now)
        assert timing.DEFAULT_AT <= plan.at <= timing.MORNING_ENDS, name
        runs = _runs(plan.line, zone)
        # Every 7th feed of the year: a run of weeks lands in each daylight-saving gap
        # (the US and Europe switch three weeks apart) and on each side of it.
        for day in ann.feed_days(NOW, NOW + timedelta(days=366))[::7]:
            ready = ann.feed_ready(day).astimezone(zone)
            run = runs(ready - timedelta(seconds=1))
            assert run is not None, name
            expected = ready.date() if ready.time() <= timing.MORNING_ENDS else ready.date() + timedelta(1)
            assert run.date() == expected, (name, day, ready, run)
            assert run >= ready and run < ann.feed_ready(ann.next_feed_day(ready)), (name, day)


def test_the_next_announcement_and_the_run_that_fetches_it() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    line = "30 6 * * 1-5 pf fetch --quiet"
    runs = _runs(line, berlin)
    # Monday 05:00 in Berlin: the rebuild (06:15) is still to come; the 06:30 run fetches it.
    early = timing.next_fetch(runs, datetime(2026, 11, 30, 5, 0, tzinfo=berlin))
    assert early is not None
    assert (early.feed_day, early.run) == (date(2026, 11, 30), datetime(2026, 11, 30, 6, 30, tzinfo=berlin))
    # Friday 09:00: Friday's was fetched at 06:30; the next is Monday's.
    late = timing.next_fetch(runs, datetime(2026, 12, 4, 9, 0, tzinfo=berlin))
    assert late is not None
    assert (late.feed_day, late.run) == (date(2026, 12, 7), datetime(2026, 12, 7, 6, 30, tzinfo=berlin))
    assert late.ready == datetime(2026, 12, 7, 6, 15, tzinfo=berlin)
