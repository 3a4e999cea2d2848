"""`paperfeed fetch`: every enabled source at once into the store."""

from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root


@root.command("fetch")
def fetch(
    source: Annotated[list[str] | None, typer.Option(
        "--source", metavar="NAME",
        help="Fetch only this source (arxiv, huggingface, paperswithcode, or a feed's "
             "name); repeatable.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE|Nd",
        help="Catch up from this day (2026-11-20) or this many days back (3d).")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing on success, only errors (for cron).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fetch new papers from every enabled source, concurrently, into the store.

    Exit status: 0 when every source answered (including "no announcement" and
    "unchanged", and when another fetch is already running), 5 when some sources
    failed and the others were stored, 6 when every source failed.
    """
    from paperfeed import clock, paths, refresh
    from paperfeed.refresh import staleness
    from paperfeed.render import fetch as render_fetch
    from paperfeed.schedule import crontab
    from paperfeed.sources import Window

    config = _context.load_config()
    crontab.trim_log(paths.log_path())
    today = clock.local_now().date()
    window = Window(today, staleness.parse_since(since, today, config.fetch.max_since_days)
                    if since else None)
    with render_fetch.live_progress(not quiet) as progress:
        report = refresh.fetch(config, _context.db_path(), window, only=source or (),
                               progress=progress)
    render_fetch.print_report(report, quiet=quiet, as_json=as_json)
    raise typer.Exit(int(report.exit_code))
