"""`paperfeed stats` on a terminal: the month and the streak, then one bar per week.

Bars are block characters scaled to the busiest week, so the chart reads the same
without colour (a pipe, NO_COLOR). Reasons and categories come from the store,
where they were built from remote text: they enter rich only as `Text`.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.text import Text

from paperfeed import render
from paperfeed.render.card import print_trimmed
from paperfeed.stats import Stats
from paperfeed.text import one_line, plural

BAR_WIDTH = 30
STAR_WIDTH = 10
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, most: int, width: int = BAR_WIDTH) -> str:
    """`value` as a bar of block characters, `most` filling `width` cells."""
    if value <= 0 or most <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / most))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def stats_renderable(stats: Stats) -> Group:
    parts: list[RenderableType] = [
        Text(f"{stats.month}: {stats.days_read_this_month} of {stats.days_so_far_this_month} "
             f"days read · streak {plural(stats.streak, 'day')} (longest {stats.longest_streak})",
             style="bold"),
        Text(f"{stats.read} read, {stats.starred} starred in all"),
        Text(""),
        Text(f"{'week':<10} {'read':<{BAR_WIDTH + 8}} starred", style="dim"),
    ]
    most_read = max((w.read for w in stats.weeks), default=0)
    most_starred = max((w.starred for w in stats.weeks), default=0)
    for week in stats.weeks:
        line = Text(f"{week.week:<10} ")
        line.append(bar(week.read, most_read).ljust(BAR_WIDTH), style="cyan")
        line.append(f" {week.read:>4}   ")
        line.append(bar(week.starred, most_starred, STAR_WIDTH).ljust(STAR_WIDTH), style="yellow")
        line.append(f" {week.starred:>3}")
        parts.append(line)
    for label, items in (("what led to your stars", stats.keywords),
                         ("categories of your stars", stats.categories)):
        if items:
            parts.append(Text(""))
            parts.append(Text(f"{label}: " + " · ".join(f"{one_line(k)} ({n})" for k, n in items)))
    return Group(*parts)


def print_stats(stats: Stats, console: Console | None = None) -> None:
    print_trimmed(stats_renderable(stats), console or render.console())
