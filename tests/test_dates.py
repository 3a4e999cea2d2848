"""`--since DATE|Nd`: every accepted form, and a clear error for anything else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from paperfeed.dates import parse_since
from paperfeed.errors import ExitCode, UsageError

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(("text", "day"), [
    ("2026-11-20", date(2026, 11, 20)),
    (" 2026-11-26 ", date(2026, 11, 26)),
    ("7d", date(2026, 11, 19)),
    ("0d", date(2026, 11, 26)),
    ("1D", date(2026, 11, 25)),
    ("2w", date(2026, 11, 12)),
    ("today", date(2026, 11, 26)),
    ("Yesterday", date(2026, 11, 25)),
    ("365d", date(2025, 11, 26)),
    ("2024-02-29", date(2024, 2, 29)),
])
def test_accepted_forms(text: str, day: date) -> None:
    assert parse_since(text, NOW) == day


def test_days_are_counted_in_the_time_zone_of_now() -> None:
    tokyo = NOW.astimezone(timezone(timedelta(hours=9)))  # 18:30 the same day
    honolulu = datetime(2026, 11, 26, 1, 0, tzinfo=UTC).astimezone(timezone(timedelta(hours=-10)))
    assert parse_since("0d", tokyo) == date(2026, 11, 26)
    assert parse_since("0d", honolulu) == date(2026, 11, 25)


@pytest.mark.parametrize(("text", "hint"), [
    ("last week", "give a day like 2026-11-20"),
    ("7", "a number of days back like 7d"),
    ("-3d", "give a day like"),
    ("2026-13-01", "no such day"),
    ("2026-02-30", "no such day"),
    ("26-11-20", "give a day like"),
    ("2026-11-27", "in the future"),
    ("99999d", "years back"),
    ("", "give a day like"),
    ("\x1b[31m7d", "give a day like"),
])
def test_anything_else_is_a_one_line_usage_error(text: str, hint: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_since(text, NOW, option="--since")
    message = caught.value.message
    assert hint in message and message.startswith("--since")
    assert "\n" not in message and "\x1b" not in message
    assert caught.value.exit_code == ExitCode.USAGE
