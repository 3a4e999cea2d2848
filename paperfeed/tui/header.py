"""The reader's header: where you are in the day, and whether the sources are healthy.

Built as rich `Text` (never markup strings), because the health line carries
source names and statuses from the store; pure given `now`, so tests pin it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text

from paperfeed.clock import local_zone
from paperfeed.models import Digest, Paper
from paperfeed.render import reading_time
from paperfeed.text import one_line

if TYPE_CHECKING:
    from paperfeed.store import FetchRun
_STATUS_STYLE = {"ok": "green", "unchanged": "green", "no announcement": "yellow",
                 "failed": "bold red", "retired": "yellow"}


def header(digest: Digest, papers: Sequence[Paper], position: int,
           runs: Sequence[FetchRun], now: datetime) -> Text:
    """Up to three lines: the day and progress, a catch-up note, the source health."""
    lines = [progress_line(digest, papers, position)]
    if digest.note:
        lines.append(Text(digest.note, style="italic yellow"))
    elif digest.away_days > 1:
        lines.append(Text(f"away {digest.away_days} days: {digest.candidates} new papers, "
                          f"best {len(papers)} shown", style="italic"))
    lines.append(health_line(runs, now))
    text = Text("\n").join(lines)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def progress_line(digest: Digest, papers: Sequence[Paper], position: int) -> Text:
    day = date.fromisoformat(digest.day).strftime("%a %d %b %Y")
    line = Text(day, style="bold")
    if not papers:
        line.append("  ·  nothing new to read")
        return line
    shown = min(position, len(papers) - 1) + 1
    line.append(f"  ·  {shown}/{len(papers)}")
    left = sum(e.minutes for e, p in zip(digest.entries, papers, strict=False) if not p.marks.read)
    line.append("  ·  " + (f"{reading_time(left)} left" if left else "all read"))
    read = sum(1 for p in papers if p.marks.read)
    starred = sum(1 for p in papers if p.marks.starred)
    line.append(f"  ·  {read} read  ★ {starred}")
    if len(papers) < digest.candidates and digest.away_days <= 1:
        line.append(f"  ·  best {len(papers)} of {digest.candidates}", style="dim")
    return line


def health_line(runs: Sequence[FetchRun], now: datetime) -> Text:
    """`arxiv 06:10 ok · huggingface 06:11 failed`, in local time; the date when not today."""
    if not runs:
        return Text("sources never fetched: run 'paperfeed fetch'", style="yellow")
    line = Text()
    today = now.astimezone(local_zone()).date()
    feeds = [r for r in runs if r.source.startswith("feed:")]
    runs = [r for r in runs if not r.source.startswith("feed:")]
    for i, run in enumerate(runs):
        if i:
            line.append(" · ", style="dim")
        line.append(one_line(run.source))
        when = _local(run.finished_at or run.started_at)
        if when is not None:
            stamp = when.strftime("%H:%M") if when.date() == today else when.strftime("%d %b %H:%M")
            line.append(" " + stamp, style="dim")
        status = one_line(run.status)
        line.append(" " + status, style=_STATUS_STYLE.get(status, ""))
    if feeds:  # twenty feeds would not fit one line each: a count, and the failed by name
        failed = [one_line(r.source.removeprefix("feed:")) for r in feeds if r.status == "failed"]
        line.append(" · " if runs else "", style="dim")
        line.append(f"feeds {len(feeds) - len(failed)}/{len(feeds)} ok")
        if failed:
            line.append(" failed: " + ", ".join(failed), style=_STATUS_STYLE.get("failed", ""))
    return line


def _local(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment.astimezone(local_zone())
