"""`paperfeed feeds list`: each configured feed with its last fetch, as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

from paperfeed.render import console, safe

if TYPE_CHECKING:
    from paperfeed.feeds import FeedHealth


def print_feeds(rows: Sequence[FeedHealth]) -> None:
    out = console()
    if not rows:
        out.print("no feeds configured: add [[sources.feeds]] to the config, or run "
                  "'paperfeed feeds import FILE.opml'")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("feed", "url", "weight", "last fetch", "result", "new", "error"):
        table.add_column(column, overflow="fold")
    for row in rows:
        f, run = row.feed, row.run
        name = safe(f.name) + ("" if f.enabled else " (disabled)")
        weight = f"{f.weight:g}" + (" keywords only" if f.keywords_only else "")
        when = (run.finished_at or run.started_at)[:16].replace("T", " ") if run else "never"
        status = safe(run.status) if run else ""
        style = "red" if run and run.status == "failed" else "default"
        table.add_row(name, safe(f.url), weight, when, f"[{style}]{status}[/]",
                      str(run.new) if run else "", safe(run.error or "") if run else "")
    out.print(table)
