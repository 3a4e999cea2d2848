"""`paperfeed feeds import|export|list`: RSS and Atom feeds beside arXiv, by OPML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root

app = typer.Typer(help="Import, export and list the RSS/Atom feeds paperfeed reads.",
                  no_args_is_help=True)
root.add_typer(app, name="feeds")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE.opml", help="An OPML export of a feed reader.")],
) -> None:
    """Add the feeds of an OPML file to the config (duplicates are skipped)."""
    from paperfeed import feeds

    report = feeds.import_opml(file, _context.load_config(), _context.config_path())
    for line in report.lines():
        typer.echo(line)


@app.command("export")
def export(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")] = None,
) -> None:
    """Print the configured feeds as OPML, for newsboat, nom, Thunderbird and others."""
    from paperfeed import atomic, clock, feeds

    text = feeds.export_opml(_context.load_config(), clock.now())
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    typer.echo(f"wrote {atomic.write_text(output, text)}", err=True)


@app.command("list")
def list_() -> None:
    """List the configured feeds with their last fetch (health)."""
    from paperfeed import feeds
    from paperfeed.render.feeds import print_feeds

    config = _context.load_config()
    runs = []
    if _context.db_path().exists():
        with _context.open_store(create=False, read_only=True) as store:
            runs = store.last_runs()
    print_feeds(feeds.health(config, runs))
