"""What the reader tells the user when it closes: what they did and what comes next.

Pure (no Textual, no store), so `today` can print it after the app has given the
terminal back, and tests can check the wording without running the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from paperfeed.models import Digest, Paper
from paperfeed.text import plural


@dataclass(frozen=True, slots=True)
class ReadingSummary:
    day: str
    total: int
    read: int
    starred: int
    notes: int
    position: int  # where the reader stood when it closed (0-based)
    next_digest: str  # one or two sentences on where the next digest comes from

    @property
    def counts(self) -> str:
        return (f"{self.read} of {self.total} read, {self.starred} starred, "
                f"{plural(self.notes, 'note')}")

    @property
    def message(self) -> str:
        return f"{self.counts}.\n{self.next_digest}"

    def __str__(self) -> str:
        return self.message


def summarize(digest: Digest, papers: Sequence[Paper], position: int,
              sources: Sequence[str], waiting: int | None, *, demo: bool = False) -> ReadingSummary:
    """Counts over the digest's papers as they are now, and the way forward.

    `papers` are the digest's papers with their current marks; `sources` are the
    names of the sources that have fetched at least once; `waiting` is how many
    unread papers no digest has shown yet (`today.summarize`), None if unknown.
    """
    read = sum(1 for p in papers if p.marks.read)
    starred = sum(1 for p in papers if p.marks.starred)
    notes = sum(1 for p in papers if (p.marks.note or "").strip())
    if demo:  # the demo's store is thrown away: nothing resumes, no digest follows
        return ReadingSummary(digest.day, len(papers), read, starred, notes, position,
                              "That was the demo: its marks are not kept. 'paperfeed today' "
                              "fetches and shows your own digest.")
    unread = len(papers) - read
    tomorrow = (date.fromisoformat(digest.day) + timedelta(days=1)).isoformat()
    lines = []
    if unread and papers and not digest.transient:
        lines.append(f"{unread} unread: 'paperfeed today' resumes at paper "
                     f"{min(position, len(papers) - 1) + 1} until the day ends.")
    fetch = "the next fetch" if sources else "your first 'paperfeed fetch'"
    waits = f"{plural(waiting, 'paper')} waiting plus " if waiting else ""
    lines.append(f"Next digest ({tomorrow}): {waits}{fetch}.")
    return ReadingSummary(digest.day, len(papers), read, starred, notes, position, "\n".join(lines))


