"""`paperfeed export`: starred (or read, or all) papers as Markdown or BibTeX."""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root
from paperfeed.cli._output import Link
from paperfeed.errors import UsageError


class Format(enum.StrEnum):
    markdown = "markdown"
    bibtex = "bibtex"


@root.command("export")
def export(
    starred: Annotated[bool, typer.Option("--starred", help="Starred papers (the default).")] = False,
    read: Annotated[bool, typer.Option("--read", help="Papers marked read.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every stored paper.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE|Nd",
        help="Only papers starred (--read: read, --all: first seen) on or after this day.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.markdown,
    front_matter: Annotated[bool, typer.Option(
        "--front-matter", help="Start with YAML front matter (Jekyll, Obsidian); Markdown only.")] = False,
    abstracts: Annotated[bool, typer.Option("--abstracts", help="Include the abstracts.")] = False,
    summaries: Annotated[bool, typer.Option(
        "--summaries", help="Include the stored summaries ([summaries] in the config); Markdown only.")
    ] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="FILE", help="Your own Jinja2 template (fields: docs/templates.md).")] = None,
    link: Annotated[Link, typer.Option("--link", help="Where a paper's title links.")] = Link.arxiv,
) -> None:
    """Export papers, ordered by when they were starred, as Markdown or BibTeX."""
    from paperfeed import atomic, clock, dates
    from paperfeed import export as core
    from paperfeed.cli import _output
    from paperfeed.export import bibtex as export_bibtex
    from paperfeed.export import markdown as export_markdown
    from paperfeed.store.queries import Selection

    if starred + read + all_ > 1:
        raise UsageError("give only one of --starred, --read and --all")
    if (front_matter or template) and fmt is Format.bibtex:
        raise UsageError("--front-matter and --template are for Markdown; leave them out with "
                         "--format bibtex")
    if summaries and fmt is Format.bibtex:
        raise UsageError("--summaries is for Markdown; leave it out with --format bibtex")
    kind = "read" if read else "all" if all_ else "starred"
    now = clock.local_now()
    options = core.ExportOptions(kind, dates.parse_since(since, now) if since else None,
                                 front_matter=front_matter, abstracts=abstracts, summaries=summaries,
                                 max_authors=_context.load_config().export.max_authors,
                                 zone=clock.local_zone())
    start = dates.day_start(options.since, options.zone) if options.since else None
    selection = Selection(starred=True if kind == "starred" else None,
                          read=True if kind == "read" else None,
                          since=start if kind == "all" else None)
    with _context.open_store(create=False, read_only=True) as store:
        papers = core.choose(store.select(selection), options)
        if summaries:
            papers = store.with_summaries(papers, _context.load_config().summaries.language)
    text = (export_bibtex.bibtex(papers, abstracts=abstracts) if fmt is Format.bibtex
            else export_markdown.markdown(papers, options, now, link=link.value,
                                          template=_output.read_template(template)))
    if not papers:
        typer.echo(f"no {core.TITLES[kind].lower()} to export"
                   + (" (star some with 'paperfeed star ID')" if kind == "starred" else ""), err=True)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    written = atomic.write_text(output, text, private=False)  # honours the umask
    typer.echo(f"wrote {len(papers)} paper{'' if len(papers) == 1 else 's'} to {written}", err=True)
