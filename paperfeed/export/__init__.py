"""Core: taking papers out of paperfeed as Markdown or BibTeX (pure, no I/O).
May import: core only (models, text, errors, dates); never the store, a source or a screen.

The formats live beside this module: `markdown` (a post or an Obsidian
note) and `bibtex` (a `.bib` file). Both receive the papers `choose`
returns, so "which papers" is decided once, here.

`--since` means the day a paper was starred (for `--starred`), read (for
`--read`) or first seen (for `--all`): "export this week's stars" is then
`--since 7d`, whatever week the papers themselves appeared in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from paperfeed.dates import day_start, local_day
from paperfeed.errors import UsageError
from paperfeed.models import Paper

KINDS = ("starred", "read", "all")
TITLES = {"starred": "Starred papers", "read": "Read papers", "all": "Papers"}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    kind: str = "starred"  # starred, read or all
    since: date | None = None
    front_matter: bool = False
    abstracts: bool = False
    max_authors: int = 10  # Markdown lists this many, then "and N more"; 0 lists all
    summaries: bool = False  # the papers' stored summaries (Markdown)
    zone: tzinfo = UTC  # the reader's zone: days (--since, "Starred:") are local days

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise UsageError(f"unknown export kind {self.kind!r}; use one of {', '.join(KINDS)}")


def marked_at(paper: Paper, kind: str) -> str | None:
    """The timestamp that puts `paper` into an export of `kind` (None: it is not in it)."""
    if kind == "starred":
        return paper.marks.starred_at
    if kind == "read":
        return paper.marks.read_at
    return paper.first_seen or None


def choose(papers: Iterable[Paper], options: ExportOptions) -> list[Paper]:
    """The papers of the export, oldest mark first (stars in the order they were given)."""
    since = day_start(options.since, options.zone) if options.since else None
    chosen: list[tuple[str, str, Paper]] = []
    for paper in papers:
        when = marked_at(paper, options.kind)
        if when is None or (since is not None and when < since):
            continue
        chosen.append((when, paper.id, paper))
    chosen.sort(key=lambda item: (item[0], item[1]))
    return [paper for _, _, paper in chosen]


def title(papers: list[Paper], options: ExportOptions, now: datetime) -> str:
    """`Starred papers, 2026-11-20 to 2026-11-26`: from --since (or the oldest mark) to today."""
    today = now.date().isoformat()
    days = [local_day(d, options.zone) for p in papers if (d := marked_at(p, options.kind))]
    start = options.since.isoformat() if options.since else min(days, default=today)
    label = TITLES[options.kind]
    if start >= today:
        return f"{label}, {today}"
    return f"{label}, {start} to {today}"


def paper_date(paper: Paper) -> str | None:
    """The paper's own date: when it was published, else when paperfeed first saw it."""
    value = paper.published or paper.first_seen
    return value[:10] if value else None
