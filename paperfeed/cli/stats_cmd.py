"""`paperfeed stats`: days read, the streak, papers read and starred per week."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root


@root.command("stats")
def stats(
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=520, metavar="N",
                                       help="How many weeks the chart goes back.")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Your reading habit: days read this month, the streak, and a chart of recent weeks."""
    from paperfeed import clock
    from paperfeed import stats as stats_mod
    from paperfeed.render import stats as render_stats

    now = clock.local_now()
    with _context.open_store(create=False) as store:
        result = stats_mod.gather(store, now, weeks=weeks)
    if as_json:
        import json

        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    render_stats.print_stats(result)
