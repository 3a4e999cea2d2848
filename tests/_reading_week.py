"""A week of reading, built through the real commands under a fixed clock.

Monday 2026-11-23 to Sunday 2026-11-29 (ISO week 2026-W48): each morning twelve
papers arrive, `paperfeed today --plain --no-fetch` freezes the day's digest at
07:30, and at 08:00 the reader marks the digest's first three papers read and
stars the first (Monday to Saturday). Friday's first paper has a hostile title
and a Korean note. Sunday has no digest: the reader only finishes two papers of
Saturday's. "Now" is Monday 2026-11-30 09:00, when one more of Friday's papers
is starred. Times are UTC and the tests that use this pin TZ=UTC, so a local
day is the UTC day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner, Result

from paperfeed.cli import app
from paperfeed.clock import iso
from paperfeed.models import Sighting
from paperfeed.store import Store

MONDAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ABSTRACT = " ".join(["word"] * 170)
HOSTILE = ("Diffusion # Heading? *bold* [link](http://evil.example) <script>alert(1)</script> "
           "{{ site.title }} {% include secret %} | pipe `code`")
KOREAN = "확산 모델을 빠르게 한다. 재현해 볼 것!\n\n# 제목도 노트 안에\n```\n닫히지 않은 펜스"
CONFIG = '[interests]\nkeywords = ["diffusion"]\n'


@dataclass
class Week:
    digests: dict[str, list[str]] = field(default_factory=dict)  # day -> paper ids in order
    starred: dict[str, list[str]] = field(default_factory=dict)  # day starred -> ids
    read: dict[str, list[str]] = field(default_factory=dict)  # day read -> ids
    titles: dict[str, str] = field(default_factory=dict)
    hostile: str = ""
    late_star: str = ""  # Friday's paper starred on NOW's day


def cli(monkeypatch: pytest.MonkeyPatch, when: datetime, *args: str) -> Result:
    monkeypatch.setattr("paperfeed.clock.now", lambda: when)
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result


def build(store: Store, monkeypatch: pytest.MonkeyPatch, home: object) -> Week:
    from pathlib import Path

    Path(str(home), "config.toml").write_text(CONFIG, encoding="utf-8")
    week = Week()
    for n in range(7):
        day = MONDAY + timedelta(days=n)
        morning = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)
        _arrive(store, week, n, morning)
        if n == 6:  # Sunday: no digest, two of Saturday's papers finished
            saturday = week.digests[(day - timedelta(days=1)).isoformat()]
            _mark(monkeypatch, week, morning + timedelta(hours=2), "read", saturday[3:5])
            break
        cli(monkeypatch, morning + timedelta(hours=1, minutes=30), "today", "--plain", "--no-fetch")
        ids = [e.paper.id for e in store.load_digest(day.isoformat()).entries]  # type: ignore[union-attr]
        week.digests[day.isoformat()] = ids
        at = morning + timedelta(hours=2)
        _mark(monkeypatch, week, at, "read", ids[:3])
        _mark(monkeypatch, week, at, "star", ids[:1])
        if n == 4:
            assert ids[0] == week.hostile, "the hostile paper leads Friday's digest"
            cli(monkeypatch, at, "note", ids[0], KOREAN)
    friday = week.digests[(MONDAY + timedelta(days=4)).isoformat()]
    week.late_star = friday[5]
    _mark(monkeypatch, week, NOW, "star", [week.late_star])
    return week


def _arrive(store: Store, week: Week, n: int, morning: datetime) -> None:
    sightings = []
    for i in range(12):
        pid = f"2611.{n * 100 + i + 1:05d}"
        title = f"{'Diffusion' if i % 2 == 0 else 'Other'} paper {n}-{i}"
        if n == 4 and i == 0:
            title, week.hostile = HOSTILE, pid
        week.titles[pid] = title
        sightings.append(Sighting(
            source="arxiv", paper_id=pid, title=title, seen_day=morning.date().isoformat(),
            abstract=ABSTRACT, authors=("Ada Lovelace", "Kim Minsu"), categories=("cs.LG",),
            primary_category="cs.LG", published=iso(morning - timedelta(hours=10)),
            abs_url=f"https://arxiv.org/abs/{pid}", pdf_url=f"https://arxiv.org/pdf/{pid}",
            kind="new", authoritative=True))
    store.record(sightings, iso(morning))


def _mark(monkeypatch: pytest.MonkeyPatch, week: Week, when: datetime, action: str,
          ids: list[str]) -> None:
    cli(monkeypatch, when, action, *ids)
    book = week.read if action == "read" else week.starred
    book.setdefault(when.date().isoformat(), []).extend(ids)
