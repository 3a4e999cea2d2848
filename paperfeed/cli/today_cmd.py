"""`paperfeed today`: fetch if stale, then today's digest in the reader or as plain text."""

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.models import Digest
    from paperfeed.store import Store


MAX_MINUTES = 24 * 60  # typer's min=1 lets nan and inf through


@root.command("today")
def today(
    plain: Annotated[bool, typer.Option(
        "--plain", help="Print the digest as text instead of opening the reader "
        "(the default when stdout is not a terminal).")] = False,
    mark_read: Annotated[bool, typer.Option(
        "--mark-read", help="In plain mode, mark the printed papers read too.")] = False,
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Choose today's papers afresh instead of resuming today's digest.")] = False,
    minutes: Annotated[float | None, typer.Option(
        "--minutes", metavar="N", min=1, help="Fill to about N minutes for this run only (today's "
        "own digest is kept; the configured min and max shift around N).")] = None,
    no_fetch: Annotated[bool, typer.Option(
        "--no-fetch", help="Do not fetch first, even when the last fetch is old.")] = False,
    demo: Annotated[bool, typer.Option(
        "--demo", help="Try paperfeed on a bundled sample day, offline; your store is not touched.")
    ] = False,
) -> None:
    """Read today's digest: the best new papers for about twelve minutes of reading.

    Fetches first when the last fetch is older than fetch.max_age_hours, or when
    arXiv's feed has a new announcement since. Reopening the same day resumes the
    same papers where you left off.
    """
    from paperfeed import clock
    from paperfeed.errors import UsageError

    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:  # nan fails both comparisons
        raise UsageError(f"--minutes {minutes:g}: give a number of minutes from 1 to {MAX_MINUTES}")
    config = _context.load_config()
    plain = plain or not _context.stdout_is_terminal()
    if demo:
        from paperfeed import demo as demo_mod

        with demo_mod.demo_store(clock.now()) as store:
            _read(store, demo_mod.demo_config(config), plain, mark_read, rebuild, minutes, demo=True)
        return
    with _context.open_store() as store:
        notice = None if no_fetch else _fetch_first(store, config)
        _read(store, config, plain, mark_read, rebuild, minutes, notice=notice)


def _read(store: "Store", config: "Config", plain: bool, mark_read: bool, rebuild: bool,
          minutes: float | None, *, notice: str | None = None, demo: bool = False) -> None:
    from paperfeed import clock
    from paperfeed import today as today_mod

    now = clock.now()
    digest = today_mod.open_digest(store, config, now, rebuild=rebuild, minutes=minutes)
    if plain:
        _plain(store, config, digest, now, mark_read)
        return
    from paperfeed.tui.app import make_app

    summary = make_app(store, digest, config, notice=notice, demo=demo).run()
    if summary is not None:
        typer.echo(summary.message)


def _plain(store: "Store", config: "Config", digest: "Digest", now: datetime, mark_read: bool) -> None:
    from paperfeed import clock
    from paperfeed import today as today_mod
    from paperfeed.render import digest as render_digest

    render_digest.print_digest(digest, keywords=config.interests.keywords,
                               min_minutes=config.digest.min_minutes,
                               summary_first=config.digest.mode == "summaries")
    store.mark_shown([e.paper.id for e in digest.entries], clock.iso(now))
    if mark_read:
        today_mod.mark_read(store, [e.paper for e in digest.entries], now)
    if digest.entries:
        sys.stderr.write(f"paperfeed: {today_mod.summarize(store, config, digest, now).line()}\n")


def _fetch_first(store: "Store", config: "Config") -> str | None:
    """The fetch hook: fetches only when stale, and a failure is one warning, not the end.

    The warning is printed now and returned, for the reader to show as well."""
    from paperfeed import refresh
    from paperfeed.render import fetch as render_fetch

    with render_fetch.live_progress() as progress:
        report = refresh.refresh_if_stale(store, config, progress=progress)
    warning = report.warning() if report is not None else None
    if warning:
        sys.stderr.write(f"paperfeed: {warning}\n")
    return warning
