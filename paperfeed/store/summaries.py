"""Machine-written summaries: one per paper and language, in their own table.

Kept apart from `papers` (like the marks) so that no re-fetch can touch them, and
keyed by language so that switching `summaries.language` keeps the old ones. Each
row remembers a hash of the abstract it was made from: a new arXiv version with
the same abstract keeps its summary, a changed abstract makes it stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from paperfeed.models import Paper, PaperSummary
from paperfeed.store._base import Connected, rows_in


class Abstracted(Protocol):
    """A paper or a digest candidate: what finding its current summary reads."""

    @property
    def id(self) -> str: ...

    @property
    def abstract(self) -> str: ...


def abstract_hash(abstract: str) -> str:
    """What a summary was made from: whitespace-insensitive, so a rewrapped abstract
    (arXiv's feeds and API wrap differently) is the same abstract."""
    import hashlib  # here: importing it (OpenSSL) costs `paperfeed today` 5-20 ms otherwise

    return hashlib.sha256(" ".join(abstract.split()).encode()).hexdigest()[:16]


class SummaryQueries(Connected):
    """The store's summary methods (mixed into `Store`)."""

    def save_summary(self, paper_id: str, language: str, summary: PaperSummary,
                     made_from: str, now: str) -> None:
        """Store (or replace) the summary of `paper_id` in `language`; `made_from` is
        the abstract it summarizes."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO summaries (paper_id, language, summary, model, abstract_hash, made_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(paper_id, language) DO UPDATE SET"
                " summary = excluded.summary, model = excluded.model,"
                " abstract_hash = excluded.abstract_hash, made_at = excluded.made_at",
                (paper_id, language, summary.text, summary.model, abstract_hash(made_from), now),
            )

    def summarized(self, ids: Sequence[str], language: str) -> dict[str, str]:
        """{paper id: hash of the abstract its summary was made from}, for those that have one."""
        return {pid: digest for pid, digest, *_ in self._summary_rows(ids, language)}

    def with_summaries(self, papers: Sequence[Paper], language: str) -> list[Paper]:
        """`papers`, each carrying its summary in `language` when one was made from the
        abstract it has now (a summary of an older abstract is not shown: it may say
        what the paper no longer claims)."""
        found = self.current_summaries(papers, language)
        return [p._replace(summary=found[p.id]) if p.id in found else p for p in papers]

    def current_summaries(self, papers: Sequence[Abstracted], language: str) -> dict[str, PaperSummary]:
        """{paper id: its summary in `language`} for the papers (or a digest's light
        candidates) whose summary was made from the abstract they have now."""
        if not papers or self.conn.execute(
                "SELECT 1 FROM summaries WHERE language = ? LIMIT 1", (language,)).fetchone() is None:
            return {}  # the common case (summaries off) costs one indexed lookup
        abstracts = {p.id: p.abstract for p in papers}
        return {pid: PaperSummary(text, model, language)
                for pid, digest, text, model in self._summary_rows(list(abstracts), language)
                if digest == abstract_hash(abstracts[pid])}

    def count_summaries(self, language: str) -> int:
        return int(self.conn.execute("SELECT count(*) FROM summaries WHERE language = ?",
                                     (language,)).fetchone()[0])

    def _summary_rows(self, ids: Sequence[str], language: str) -> Iterator[tuple[str, str, str, str]]:
        yield from rows_in(self.conn, "SELECT paper_id, abstract_hash, summary, model FROM summaries"
                           " WHERE language = ? AND paper_id IN (?...)", list(dict.fromkeys(ids)), language)
