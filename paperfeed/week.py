"""`paperfeed week`: a span of days as a review to publish, grouped by the reader's days.

Each day holds the papers starred that day (with link and note), how many papers
were read that day, and how many of that day's digest were skipped: shown, and
still neither read nor starred. Days are the reader's local calendar days, the
marks are as they are now. `gather` reads the store; `build` is pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from paperfeed.dates import parse_since
from paperfeed.errors import UsageError
from paperfeed.export.fields import PaperView, local_day, view
from paperfeed.export.markdown import tag
from paperfeed.models import Digest, Paper
from paperfeed.stats import streak

if TYPE_CHECKING:
    from paperfeed.store import Store

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date
    week: str | None = None  # `2026-W48` when the span is an ISO week

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True, slots=True)
class DayReview:
    date: str
    weekday: str
    heading: str  # `Monday 23 November`
    starred: tuple[PaperView, ...]
    read: int
    skipped: int
    shown: int  # papers in that day's digest


@dataclass(frozen=True, slots=True)
class WeekReview:
    title: str
    slug: str  # for the file name Jekyll expects: DATE-SLUG.md
    date: str  # the post's date: the span's last day
    start: str
    end: str
    week: str | None
    days: tuple[DayReview, ...]  # days with something read, starred or shown, oldest first
    papers: tuple[PaperView, ...]  # every starred paper of the span, in the order starred
    read: int
    starred: int
    skipped: int
    days_read: int
    streak: int  # days read in a row, ending on the span's last day
    tags: tuple[str, ...]


def parse_span(week: str | None, since: str | None, now: datetime) -> Span:
    """`--week 2026-W48`, `--since 7d`, or (neither) the seven days ending today."""
    today = now.date()
    if week and since:
        raise UsageError("give --week or --since, not both")
    if since:
        return Span(parse_since(since, now), today)
    if not week:
        return Span(today - timedelta(days=6), today)
    match = _ISO_WEEK.fullmatch(week.strip())
    try:
        if match is None:
            raise ValueError("not of the form YYYY-Www")
        year, number = int(match[1]), int(match[2])
        start = date.fromisocalendar(year, number, 1)
    except ValueError as exc:
        raise UsageError(f"--week {week!r}: give an ISO week like 2026-W48 ({exc})") from exc
    if start > today:
        raise UsageError(f"--week {week}: that week has not begun (today is {today})")
    return Span(start, min(start + timedelta(days=6), today), f"{year}-W{number:02d}")


def gather(store: Store, span: Span, now: datetime, *, link: str = "arxiv",
           summaries: str | None = None) -> WeekReview:
    """Read what the span needs from the store, then `build`; `summaries` is the
    language whose stored summaries the starred papers carry (None: none)."""
    from paperfeed.store import archive
    from paperfeed.store.queries import Selection

    starred = store.select(Selection(starred=True, order="starred"))
    if summaries:
        starred = store.with_summaries(starred, summaries)
    seen = archive.appearances(store.conn, [p.id for p in starred])
    times = archive.mark_times(store.conn)
    digests = [d for day in span.days if (d := store.load_digest(day.isoformat())) is not None]
    shown = {pid: a.day for pid, a in seen.items()}
    reasons = {pid: a.reasons for pid, a in seen.items()}
    return build(span, now, starred=starred, read_times=[t.read_at for t in times if t.read_at],
                 digests=digests, shown_on=shown, reasons=reasons, link=link)


def build(span: Span, now: datetime, *, starred: Sequence[Paper], read_times: Iterable[str],
          digests: Sequence[Digest], shown_on: Mapping[str, str] | None = None,
          reasons: Mapping[str, tuple[str, ...]] | None = None, link: str = "arxiv") -> WeekReview:
    zone = now.tzinfo
    first, last = span.start.isoformat(), span.end.isoformat()
    views = [view(p, link=link, zone=zone, shown_on=(shown_on or {}).get(p.id),
                  reasons=(reasons or {}).get(p.id, ())) for p in starred]
    views = [v for v in views if v.starred_on and first <= v.starred_on <= last]
    read_days = Counter(d for t in read_times if (d := local_day(t, zone)))
    by_day = {d.day: d for d in digests}
    days: list[DayReview] = []
    for day in span.days:
        key = day.isoformat()
        stars = tuple(v for v in views if v.starred_on == key)
        digest = by_day.get(key)
        entries = digest.entries if digest else ()
        skipped = sum(1 for e in entries if not (e.paper.marks.read or e.paper.marks.starred))
        if stars or read_days[key] or entries:
            days.append(DayReview(key, WEEKDAYS[day.weekday()], _heading(day), stars,
                                  read_days[key], skipped, len(entries)))
    title = f"Reading week {span.week}" if span.week else f"Reading, {first} to {last}"
    tags = ("paperfeed", "reading", *sorted({t for v in views if (t := tag(v.primary_category or ""))}))
    return WeekReview(
        title=title, slug=_slug(title), date=last, start=first, end=last, week=span.week,
        days=tuple(days), papers=tuple(views), read=sum(d.read for d in days),
        starred=len(views), skipped=sum(d.skipped for d in days),
        days_read=sum(1 for d in days if d.read), streak=streak(set(read_days), span.end),
        tags=tags,
    )


def _heading(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def render(review: WeekReview, *, front_matter: bool = False,
           template: tuple[str, str] | None = None, summaries: bool = False) -> str:
    """The review as Markdown: the built-in layout, or `template` as (text, name)."""
    from paperfeed.export import template as templates

    context = {f.name: getattr(review, f.name) for f in fields(review)}
    context["front_matter"] = front_matter
    context["summaries"] = summaries
    if template is None:
        return templates.render("week.md.j2", context)
    return templates.render_source(template[0], context, name=template[1])
