"""Face: rich renderables for the command line: status, tables, cards, reports.
May import: core and rich; the store only for its read-only row types.

Remote text reaches rich only through `safe()`, which escapes markup, so a title
like `[bold]x[/bold]` prints literally. Printing goes to the console made by
`console()`, which honours NO_COLOR and writes no colour codes into a pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from paperfeed.text import clean

if TYPE_CHECKING:
    from paperfeed.store import FetchRun


def reading_time(minutes: float) -> str:
    """`1.5 min`, `12 min`: the one way a reading time is written, in the reader, in plain
    mode and in their headers, so the two never disagree about a paper."""
    return f"{minutes:.1f} min" if minutes < 10 else f"{round(minutes)} min"


def console(*, stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def safe(text: str | None) -> str:
    """Remote text made inert for rich: control characters removed, markup escaped."""
    return escape(clean(text or ""))


def print_status(*, config_path: Path, db_path: Path, counts: dict[str, int] | None,
                 runs: Sequence[FetchRun], summaries: str | None = None) -> None:
    out = console()
    config_note = "" if config_path.exists() else "  (not created: defaults in use)"
    out.print(f"config    {safe(str(config_path))}{config_note}")
    if summaries:
        out.print(f"summaries {safe(summaries)}")
    if counts is None:
        out.print(f"database  {safe(str(db_path))}  (not created yet: run 'paperfeed fetch')")
        return
    out.print(f"database  {safe(str(db_path))}")
    out.print(f"papers    {counts['papers']}  unread {counts['unread']}  "
              f"starred {counts['starred']}  notes {counts['notes']}")
    if not runs:
        out.print("sources   never fetched: run 'paperfeed fetch'")
        return
    from rich.table import Table  # only here: with rich's fractions and decimal, ~5 ms of `today`

    table = Table(title="Last fetch per source", title_justify="left", box=None)
    for column in ("source", "when", "result", "new", "updated", "error"):
        table.add_column(column)
    for run in runs:
        table.add_row(safe(run.source), (run.finished_at or run.started_at)[:16].replace("T", " "),
                      run.status, str(run.new), str(run.updated), safe(run.error or ""))
    out.print(table)
