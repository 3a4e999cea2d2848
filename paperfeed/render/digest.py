"""Plain mode: the day's digest as text, for `less`, a mail, or a terminal without the reader.

The same cards as the reader, one after another under a header with the date,
the totals and the minutes. Printed through `render.console()`, which writes no
colour codes into a pipe and honours NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console, Group, RenderableType
from rich.text import Text

from paperfeed import render
from paperfeed.models import Digest
from paperfeed.render.card import card, print_trimmed
from paperfeed.text import plural

RULE = "─" * 40


def header_lines(digest: Digest, min_minutes: float) -> list[str]:
    """The date and totals, then one line on where the papers came from."""
    day = date.fromisoformat(digest.day).strftime("%A %d %B %Y")
    count = len(digest.entries)
    minutes = render.reading_time(digest.minutes)
    lines = [f"paperfeed · {day} · {plural(count, 'paper')} · {minutes} of reading"]
    if not count:
        lines.append("nothing new to read: run 'paperfeed fetch', or try 'paperfeed today --demo'")
    elif digest.away_days > 1:
        lines.append(f"away {digest.away_days} days: {plural(digest.candidates, 'new paper')}, "
                     f"best {count} shown")
    elif count >= digest.candidates and digest.minutes < min_minutes:
        lines.append(f"only {plural(digest.candidates, 'paper')} waiting: all shown")
    else:
        lines.append(f"{plural(digest.candidates, 'new paper')}, best {count} shown")
    if digest.note:  # a one-run budget, or a config changed since the digest was frozen
        lines.append(digest.note)
    return lines


def digest_renderable(digest: Digest, *, keywords: Sequence[str] = (),
                      min_minutes: float = 0, summary_first: bool = False) -> Group:
    first, *rest = header_lines(digest, min_minutes)
    parts: list[RenderableType] = [Text(first, style="bold"), *(Text(line) for line in rest)]
    total = len(digest.entries)
    for i, entry in enumerate(digest.entries, 1):
        parts += [Text(""), Text(RULE, style="dim")]
        heading = f"{i}/{total} · {render.reading_time(entry.minutes)}"
        parts.append(card(entry.paper, reasons=entry.reasons, keywords=keywords, heading=heading,
                          summary_first=summary_first,
                          abstract_hint=f"abstract: paperfeed show {entry.paper.id}"))
    return Group(*parts)


def print_digest(digest: Digest, *, keywords: Sequence[str] = (), min_minutes: float = 0,
                 console: Console | None = None, summary_first: bool = False) -> None:
    """Print the digest, wrapped to the console's width without trailing spaces.

    With `summary_first` (`digest.mode = "summaries"`) a paper with a summary shows
    it instead of its abstract, as its reading time was counted; the abstract is one
    `paperfeed show` away."""
    print_trimmed(_one_text(digest_renderable(digest, keywords=keywords, min_minutes=min_minutes,
                                              summary_first=summary_first)),
                  console or render.console())


def _one_text(group: Group) -> RenderableType:
    """The digest's lines as one `Text`: rich renders one object per line otherwise (about
    200 for a dozen cards), which was a fifth of printing it; the wrapped lines are the
    same. A card holding anything but text lines is printed as it is."""
    lines: list[Text] = []
    for part in group.renderables:
        for line in part.renderables if isinstance(part, Group) else [part]:
            if not isinstance(line, Text):
                return group
            lines.append(line)
    return Text("\n").join(lines)
