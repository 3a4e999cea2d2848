"""`paperfeed less|why|import`: teaching the digest and asking it why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root

IdsArg = Annotated[list[str], typer.Argument(
    metavar="ID", help="Paper ids: 2408.06070, 2408.06070v2, arXiv:2408.06070 or an arxiv.org URL.")]


@root.command("less")
def less(ids: IdsArg, undo: Annotated[bool, typer.Option(
        "--undo", help="Take the mark back: the papers no longer count against similar ones.")] = False,
         ) -> None:
    """Less like this: similar papers rank lower from the next digest on; the paper is marked read."""
    from paperfeed import clock, learning

    with _context.open_store(create=False) as store:
        for line in learning.less(store, ids, clock.now(), undo=undo):
            typer.echo(line, err=True)


@root.command("why")
def why(paper_id: Annotated[str, typer.Argument(metavar="ID", help="The paper, in any id form.")]) -> None:
    """Print the full breakdown of a paper's digest score: every term, the age factor, the reasons."""
    from paperfeed import clock, learning, library

    config = _context.load_config()
    with _context.open_store(create=False) as store:
        explained = learning.explain(store, config, library.find(store, paper_id), clock.now())
    for line in explained.lines():
        typer.echo(line)


@root.command("import")
def import_(path: Annotated[Path, typer.Argument(
        metavar="FILE", help="A .bib file, Zotero CSL JSON, or a text file of arXiv ids or URLs.")]) -> None:
    """Warm start: star the references of FILE that have an arXiv id (looked up on arXiv)
    and learn from the titles and abstracts of the rest; running it again changes nothing."""
    from paperfeed import bibimport, clock

    config = _context.load_config()
    with _context.open_store() as store:
        report = bibimport.run(store, config, path, clock.now())
    for line in report.skipped:
        typer.echo(f"skipped {line}", err=True)
    typer.echo(report.line())
