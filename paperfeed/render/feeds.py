"""`paperfeed feeds list`: each configured feed with its last fetch.

A block per feed rather than a table: feed URLs are long, and a table folds them
(and the error) into unreadable columns on an 80-column terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from paperfeed.render import console, safe

if TYPE_CHECKING:
    from paperfeed.feeds import FeedHealth

_STYLE = {"ok": "green", "unchanged": "cyan", "failed": "red"}


def print_feeds(rows: Sequence[FeedHealth]) -> None:
    out = console()
    if not rows:
        out.print("no feeds configured: add [[sources.feeds]] to the config, or run "
                  "'paperfeed feeds import FILE.opml'", markup=False)
        return
    for row in rows:
        f, run = row.feed, row.run
        options = [f"weight {f.weight:g}"] + ["keywords only"] * f.keywords_only
        options += [] if f.enabled else ["disabled"]
        if run is None:
            health = "never fetched"
        else:
            when = (run.finished_at or run.started_at)[:16].replace("T", " ")
            style = _STYLE.get(run.status, "default")
            health = f"[{style}]{safe(run.status)}[/] {when} UTC, {run.new} new"
        out.print(f"[bold]{safe(f.name)}[/]  {health}  ({', '.join(options)})")
        out.print(f"  {safe(f.url)}", soft_wrap=True)
        if run is not None and run.error:
            out.print(f"  error: {safe(run.error)}", soft_wrap=True)
