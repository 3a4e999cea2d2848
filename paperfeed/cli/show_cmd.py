"""`paperfeed show ID`: one paper's whole card, from any id form a user might paste."""

from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root


@root.command("show")
def show(
    paper_id: Annotated[str, typer.Argument(
        metavar="ID", help="2408.06070, 2408.06070v2, arXiv:2408.06070, or an arxiv.org URL.")],
    why: Annotated[bool, typer.Option("--why", help="Also print the full breakdown of its score.")] = False,
) -> None:
    """Show one paper's whole card: authors, abstract, sources, links, marks and note."""
    from paperfeed import clock, learning, render
    from paperfeed.errors import NotFoundError
    from paperfeed.models import parse_paper_id
    from paperfeed.render import card as render_card

    config = _context.load_config()
    wanted = parse_paper_id(paper_id)
    with _context.open_store(create=False, read_only=True) as store:
        paper = store.get(wanted.id)
        if paper is None:
            raise NotFoundError(f"no paper {wanted.id} in the store; fetch it first, or find its id "
                                "with 'paperfeed search'")
        paper = store.with_summaries([paper], config.summaries.language)[0]
        explained = learning.explain(store, config, paper, clock.now())
    render_card.print_trimmed(render_card.card(explained.paper, reasons=explained.reasons,
                                               fold_authors=None, keywords=config.interests.keywords),
                              render.console())
    if why:
        for line in explained.lines():
            typer.echo(line)
