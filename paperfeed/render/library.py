"""Rich output of `list` and `search`: a compact table and highlighted hits.

Remote text reaches rich only as `Text` objects (never as markup), so a title
like `[bold]x[/]` prints literally. Search highlights arrive from the store as
HIGHLIGHT_START/END control characters, which text.clean removes from stored
text: they cannot be forged by a title, and are turned into styled spans here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from paperfeed.clock import local_zone
from paperfeed.dates import local_day
from paperfeed.models import Marks, Paper
from paperfeed.store.queries import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit
from paperfeed.text import clean

HIGHLIGHT = "bold yellow"
_MARKERS = re.compile(f"([{HIGHLIGHT_START}{HIGHLIGHT_END}])")
_SPACE = re.compile(r"\s+")


def marks_cell(marks: Marks) -> str:
    """Three fixed columns: ★ starred, ✓ read, ✎ has a note."""
    return ("★" if marks.starred else " ") + ("✓" if marks.read else " ") + ("✎" if marks.note else " ")


def flat(text: str | None) -> str:
    return _SPACE.sub(" ", clean(text)).strip()


def highlighted(marked: str, *, style: str = HIGHLIGHT, base: str = "") -> Text:
    """Text with the store's highlight markers turned into styled spans."""
    out = Text(style=base)
    inside = False
    for part in _MARKERS.split(marked or ""):
        if part in (HIGHLIGHT_START, HIGHLIGHT_END):
            inside = part == HIGHLIGHT_START
        elif part:
            out.append(_SPACE.sub(" ", clean(part)), style=style if inside else "")
    out.rstrip()
    leading = len(out.plain) - len(out.plain.lstrip())
    return out[leading:] if leading else out


def plain(marked: str) -> str:
    """The highlighted text without its markers (for JSON)."""
    return flat(marked.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, ""))


def paper_table(papers: Sequence[Paper]) -> Table:
    """id, day first seen, marks, title cut to the width (and the note, if any paper has one)."""
    with_notes = any(p.marks.note for p in papers)
    table = Table(box=None, expand=True, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("seen", no_wrap=True)
    table.add_column("marks", no_wrap=True)
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=3)
    if with_notes:
        table.add_column("note", no_wrap=True, overflow="ellipsis", ratio=1)
    for paper in papers:
        row: list[RenderableType] = [Text(paper.id), Text(seen_day(paper)),
                                     Text(marks_cell(paper.marks)), Text(flat(paper.title))]
        if with_notes:
            row.append(Text(flat(paper.marks.note), style="italic"))
        table.add_row(*row)
    return table


def paper_lines(papers: Sequence[Paper]) -> list[str]:
    """The table for a pipe: nothing cut to a width no one has, no column kept for
    notes that are empty; a line is `id  seen  marks  title`, then the note if any."""
    width = max((len(p.id) for p in papers), default=0)
    lines = []
    for paper in papers:
        line = (f"{paper.id:<{width}}  {seen_day(paper)}  {marks_cell(paper.marks)}  "
                f"{flat(paper.title)}")
        note = flat(paper.marks.note)
        lines.append(f"{line}  {note}" if note else line)
    return lines


def hit_lines(hits: Sequence[SearchHit]) -> Group:
    """Each hit: a line with id, marks and the highlighted title, then the matching snippet."""
    items: list[RenderableType] = []
    for hit in hits:
        head = Text.assemble(
            (hit.paper.id, "bold"), "  ", (seen_day(hit.paper), "dim"), "  ",
            marks_cell(hit.paper.marks), "  ",
        )
        head.append_text(highlighted(hit.title) if hit.title else Text(flat(hit.paper.title)))
        head.no_wrap = True
        head.overflow = "ellipsis"
        items.append(head)
        snippet = highlighted(hit.snippet, base="dim")
        if snippet.plain:
            items.append(Padding(snippet, (0, 0, 0, 4), expand=False))
        items.append(Text(""))
    return Group(*items)



def seen_day(paper: Paper) -> str:
    """The local day the paper was first seen, the day `list --since` compares with."""
    return local_day(paper.first_seen, local_zone()) if paper.first_seen else ""
