"""`paperfeed list|search|star|unstar|read|unread|note|open`: the library on the command line.

Data (the table, the hits, JSON Lines) goes to stdout; confirmations and hints go
to stderr, so `paperfeed list --json | jq` sees only papers.
"""

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root
from paperfeed.errors import UsageError

if TYPE_CHECKING:
    from paperfeed.models import Paper

IdsArg = Annotated[list[str], typer.Argument(
    metavar="ID", help="Paper ids: 2408.06070, 2408.06070v2, arXiv:2408.06070 or an arxiv.org URL.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object per paper (JSON Lines).")]


@root.command("list")
def list_(
    unread: Annotated[bool, typer.Option("--unread", help="Only papers not marked read.")] = False,
    read: Annotated[bool, typer.Option("--read", help="Only papers marked read.")] = False,
    starred: Annotated[bool, typer.Option("--starred", help="Only starred papers.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE|Nd",
        help="Only papers first seen on or after this day (2026-11-20, 7d).")] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME",
                                               help="Only papers this source listed.")] = None,
    category: Annotated[str | None, typer.Option("--category", metavar="CAT",
                                                 help="Only papers in this category (cs.CV, or cs).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many (0: all).")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List stored papers, newest first: id, day first seen, marks (★ starred, ✓ read, ✎ note), title."""
    from paperfeed import clock, dates
    from paperfeed.refresh import check_names
    from paperfeed.store.queries import Selection

    if read and unread:
        raise UsageError("--read and --unread exclude each other; give one of them")
    if source is not None:  # a feed by its name, with or without `feed:`
        feeds = [f.source for f in _context.load_config().sources.feeds]
        source = check_names([source], feeds)[0]
    now = clock.local_now()
    start = dates.day_start(dates.parse_since(since, now), clock.local_zone()) if since else None
    selection = Selection(read=True if read else (False if unread else None),
                          starred=True if starred else None, since=start, source=source,
                          category=category, limit=limit or None)
    with _context.open_store(create=False, read_only=True) as store:
        papers = store.select(selection)
    _print_papers(papers, as_json=as_json, limit=limit)


@root.command("search")
def search(
    query: Annotated[list[str], typer.Argument(
        metavar="QUERY", help='Words, "a phrase", a prefix like diffus*, title:word; AND, OR, NOT.')],
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many hits.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Search titles, abstracts and authors; best matches first, matching words highlighted."""
    from paperfeed import library, render
    from paperfeed.render import library as render_library

    with _context.open_store(create=False, read_only=True) as store:
        hits = library.search(store, " ".join(query), limit)
    if as_json:
        for rank, hit in enumerate(hits, 1):
            record = {**library.record(hit.paper), "rank": rank,
                      "snippet": render_library.plain(hit.snippet)}
            typer.echo(library.json_line(record))
    elif hits:
        render.console().print(render_library.hit_lines(hits))
    if not hits:
        typer.echo(f"no paper matches {' '.join(query)!r}", err=True)


def _print_papers(papers: "Sequence[Paper]", *, as_json: bool, limit: int) -> None:
    from paperfeed import library, render
    from paperfeed.render import library as render_library

    if as_json:
        for paper in papers:
            typer.echo(library.json_line(library.record(paper)))
    elif papers and not _context.stdout_is_terminal():
        typer.echo("\n".join(render_library.paper_lines(papers)))  # whole titles for grep and less
    elif papers:
        render.console().print(render_library.paper_table(papers))
    if not papers:
        typer.echo("no papers match; try fewer filters, or run 'paperfeed fetch'", err=True)
    elif limit and len(papers) >= limit:
        typer.echo(f"showing the first {limit}; use --limit N for more (0 for all)", err=True)


def _mark(action: str, ids: list[str]) -> None:
    from paperfeed import clock, library

    with _context.open_store(create=False) as store:
        for line in library.apply(store, action, ids, clock.iso(clock.now())):
            typer.echo(line, err=True)


@root.command("star")
def star(ids: IdsArg) -> None:
    """Star papers (starring again keeps the first star's time; exports follow it)."""
    _mark("star", ids)


@root.command("unstar")
def unstar(ids: IdsArg) -> None:
    """Remove the star from papers."""
    _mark("unstar", ids)


@root.command("read")
def read_(ids: IdsArg) -> None:
    """Mark papers read: they leave the digest's candidates."""
    _mark("read", ids)


@root.command("unread")
def unread_(ids: IdsArg) -> None:
    """Mark papers unread again."""
    _mark("unread", ids)


@root.command("note")
def note(
    paper_id: Annotated[str, typer.Argument(metavar="ID", help="The paper, in any id form.")],
    text: Annotated[list[str] | None, typer.Argument(
        metavar="TEXT", help="The note; '' removes it, - reads it from stdin.")] = None,
) -> None:
    """Write a note on a paper; without TEXT, edit the current note in $EDITOR."""
    from paperfeed import library
    from paperfeed.desktop import editor

    with _context.open_store(create=False) as store:
        paper = library.find(store, paper_id)
        if not text:
            new = editor.edit_text(paper.marks.note or "")
        elif text == ["-"]:
            new = sys.stdin.read()
        else:
            new = " ".join(text)
        typer.echo(library.set_note(store, paper, new), err=True)


@root.command("open")
def open_(
    paper_id: Annotated[str, typer.Argument(metavar="ID", help="The paper, in any id form.")],
    pdf: Annotated[bool, typer.Option("--pdf", help="Open the PDF instead of the abstract page.")] = False,
    code: Annotated[bool, typer.Option("--code", help="Open the code repository.")] = False,
) -> None:
    """Open a paper's page in the web browser (only http and https links are ever opened)."""
    from paperfeed import library
    from paperfeed.desktop import browser

    if pdf and code:
        raise UsageError("--pdf and --code exclude each other; give one of them")
    with _context.open_store(create=False, read_only=True) as store:
        paper = library.find(store, paper_id)
    url = browser.open_url(library.link(paper, "pdf" if pdf else "code" if code else "abs"))
    typer.echo(f"opening {url}", err=True)
