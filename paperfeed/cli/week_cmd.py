"""`paperfeed week`: the week's reading as Markdown, grouped by day, ready for a blog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root
from paperfeed.cli._output import Link


@root.command("week")
def week(
    iso_week: Annotated[str | None, typer.Option(
        "--week", metavar="YYYY-Www", help="An ISO week, like 2026-W48 (default: the last 7 days).")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE|Nd", help="From this day to today instead.")] = None,
    front_matter: Annotated[bool, typer.Option(
        "--front-matter", help="Start with Jekyll front matter (title, date, tags).")] = False,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE|DIR/",
        help="Write to FILE, or to DIR/YYYY-MM-DD-<slug>.md (Jekyll's _posts), atomically.")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="FILE", help="Your own Jinja2 template (fields: docs/templates.md).")] = None,
    link: Annotated[Link, typer.Option("--link", help="Where a paper's title links.")] = Link.arxiv,
    summaries: Annotated[bool, typer.Option(
        "--summaries", help="Include the stored summaries of the starred papers ([summaries]).")] = False,
) -> None:
    """Write a week of reading as Markdown: starred papers with your notes, read and skipped counts."""
    from paperfeed import clock
    from paperfeed import week as week_mod
    from paperfeed.cli import _output

    now = clock.local_now()
    span = week_mod.parse_span(iso_week, since, now)
    own = _output.read_template(template)
    language = _context.load_config().summaries.language if summaries else None
    with _context.open_store(create=False) as store:
        review = week_mod.gather(store, span, now, link=link.value, summaries=language)
    text = week_mod.render(review, front_matter=front_matter, template=own, summaries=summaries)
    written = _output.emit(text, output, day=review.date, slug=review.slug)
    if written is not None:
        typer.echo(f"wrote {review.title} ({review.starred} starred) to {written}", err=True)
