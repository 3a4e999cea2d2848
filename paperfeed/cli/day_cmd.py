"""`paperfeed day DATE`: an earlier day's digest, in the reader or as plain text."""

from __future__ import annotations

from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root


# `-3` looks like an option to the parser; letting unknown options through makes it the DATE.
@root.command("day", context_settings={"ignore_unknown_options": True})
def day(
    when: Annotated[str, typer.Argument(
        metavar="DATE", help="2026-11-27, 'yesterday', or -N for N days ago.")],
    plain: Annotated[bool, typer.Option(
        "--plain", help="Print the digest as text instead of opening the reader "
        "(the default when stdout is not a terminal).")] = False,
) -> None:
    """Reopen the digest of an earlier day, its papers' marks as they are now."""
    from paperfeed import archive, clock

    config = _context.load_config()
    now = clock.local_now()
    with _context.open_store(create=False) as store:
        digest = archive.open_day(store, archive.parse_day(when, now))
        if plain or not _context.stdout_is_terminal():
            from paperfeed.render import digest as render_digest

            render_digest.print_digest(digest, keywords=config.interests.keywords,
                                       min_minutes=config.digest.min_minutes)
            return
        from paperfeed.tui.app import make_app

        summary = make_app(store, digest, config, past=digest.day != now.date().isoformat()).run()
    if summary is not None:
        typer.echo(summary.message)
