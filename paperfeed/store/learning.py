"""What the ranking learns from: the reader's marks, imported references, a library sample,
and the cache of the trained model. The marks are only read here (except `less`):
learning never changes them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from paperfeed.store._base import Connected, rows_in

if TYPE_CHECKING:  # imported where learning runs: opening the store for reading needs none of it
    from sqlite_utils import Database

    from paperfeed.ranking.model import Example

#: The marks the ranking learns from; the queries below repeat this expression word for
#: word, which is what lets SQLite use the partial index `schema.m008` builds on it.
LEARNED_MARKS = "(starred_at IS NOT NULL OR note IS NOT NULL OR less_at IS NOT NULL)"
_LIKED = "({0}.starred_at IS NOT NULL OR coalesce({0}.note, '') != '')"
_LESS = "({0}.less_at IS NOT NULL)"
_READ = "({0}.read_at IS NOT NULL)"


def m009_learning_generation(db: Database) -> None:
    """Two counters the triggers below raise whenever what the model learns from
    changes: a like (a star or a note) or a "less" appears or goes, an imported
    reference is added or removed (`liked`), a read appears or goes (`reads`).

    The model's fingerprint is read from them in one row. It used to be a hash over
    every learned mark, read on every digest build: 15,000 stars cost 15-25 ms of
    each first `today` of a day. A note edited without emptying it changes nothing.
    """
    db.execute("CREATE TABLE IF NOT EXISTS learning_generation (id INTEGER PRIMARY KEY CHECK (id = 1),"
               " liked INTEGER NOT NULL DEFAULT 0, reads INTEGER NOT NULL DEFAULT 0)")
    db.execute("INSERT OR IGNORE INTO learning_generation (id) VALUES (1)")
    # counter: (the row counts for it, it changed between old and new)
    counters = {
        "liked": (f"{_LIKED} OR {_LESS}", f"{_LIKED.format('old')} IS NOT {_LIKED.format('new')}"
                                          f" OR {_LESS.format('old')} IS NOT {_LESS.format('new')}"),
        "reads": (_READ, f"{_READ.format('old')} IS NOT {_READ.format('new')}"),
    }
    for counter, (counts, changed) in counters.items():
        bump = f"BEGIN UPDATE learning_generation SET {counter} = {counter} + 1; END"
        db.execute(f"CREATE TRIGGER IF NOT EXISTS marks_{counter}_insert AFTER INSERT ON marks"
                   f" WHEN {counts.format('new')} {bump}")
        db.execute(f"CREATE TRIGGER IF NOT EXISTS marks_{counter}_update AFTER UPDATE ON marks"
                   f" WHEN {changed} {bump}")
        db.execute(f"CREATE TRIGGER IF NOT EXISTS marks_{counter}_delete AFTER DELETE ON marks"
                   f" WHEN {counts.format('old')} {bump}")
    for event in ("INSERT", "DELETE"):
        db.execute(f"CREATE TRIGGER IF NOT EXISTS training_examples_{event.lower()} AFTER {event}"
                   " ON training_examples BEGIN UPDATE learning_generation SET liked = liked + 1; END")


_LABELLED = (
    "SELECT p.id, p.title, p.abstract, p.authors, m.starred_at, m.note, m.less_at, m.read_at"
    " FROM marks m JOIN papers p ON p.id = m.paper_id"
    " WHERE m.starred_at IS NOT NULL OR (m.note IS NOT NULL AND m.note != '')"
    " OR m.less_at IS NOT NULL{reads}"
    " ORDER BY coalesce(m.starred_at, m.less_at, m.read_at, '') DESC"
)
#: The newest liked (and read) papers the model learns from: training costs about 4 ms
#: a paper in pure Python, so a library of 15,000 stars would take a minute to learn;
#: the newest 2,000 say what the reader likes now.
MAX_EXAMPLES = 2000


class Learning(Connected):
    def less(self, paper_id: str, when: str) -> None:
        """ "Less like this": a negative example, and the paper is read (it leaves the digest)."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO marks (paper_id, less_at, read_at) VALUES (?, ?, ?) ON CONFLICT(paper_id)"
                " DO UPDATE SET less_at = excluded.less_at,"
                " read_at = coalesce(marks.read_at, excluded.read_at)", (paper_id, when, when))

    def clear_less(self, paper_id: str) -> None:
        with self.write() as conn:
            conn.execute("UPDATE marks SET less_at = NULL WHERE paper_id = ?", (paper_id,))

    def examples(self, reads: bool = False) -> list[Example]:
        """The labelled papers, newest first: liked (star or note, at most MAX_EXAMPLES),
        disliked (less), read without either (only with `reads`), and the imported
        references that are not papers of the library."""
        from paperfeed.ranking.model import NEGATIVE, POSITIVE, READ, Example

        out = []
        counts = {POSITIVE: 0, READ: 0}
        sql = _LABELLED.format(reads=" OR m.read_at IS NOT NULL" if reads else "")
        for pid, title, abstract, authors, star, note, less, read in self.conn.execute(sql):
            kind = (NEGATIVE if less else POSITIVE if star or (note or "").strip() else
                    READ if read else "")
            if not kind or counts.get(kind, 0) >= MAX_EXAMPLES:
                continue
            if kind in counts:
                counts[kind] += 1
            out.append(Example(pid, title, abstract, tuple(json.loads(authors or "[]")), kind))
        for title, abstract, authors in self.conn.execute(
                "SELECT title, abstract, authors FROM training_examples ORDER BY added_at DESC, key"
                " LIMIT ?", (MAX_EXAMPLES,)):
            out.append(Example("", title, abstract, tuple(json.loads(authors or "[]")), POSITIVE))
        return out

    def library_sample(self, size: int, seed: str) -> list[Example]:
        """About `size` papers drawn evenly from the whole library by rowid (no full scan)."""
        import random

        from paperfeed.ranking.model import Example

        top = self.conn.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 0
        if not top:
            return []
        rowids = sorted(set(random.Random(seed).sample(range(1, top + 1), min(size, top))))
        return [Example(pid, title, abstract, tuple(json.loads(authors or "[]")), "background")
                for pid, title, abstract, authors in rows_in(
                    self.conn, "SELECT id, title, abstract, authors FROM papers WHERE rowid IN (?...)",
                    rowids)]

    def fingerprint(self, reads_as_negative: bool) -> str:
        """What the model learned from, named by the counters of `m009`: it changes
        whenever a star, a note, a "less", an import or (when reads count) a read
        changes, and when the library grows by a thousand papers (which refreshes
        the sample). One row read, whatever the size of the library."""
        liked, reads = self.conn.execute(
            "SELECT liked, reads FROM learning_generation WHERE id = 1").fetchone() or (0, 0)
        papers = self.conn.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 0
        return f"g{liked}.{reads if reads_as_negative else '-'}.{papers // 1000}"

    def liked_among(self, ids: Sequence[str]) -> frozenset[str]:
        """Which of these papers are liked (starred or with a note): the model's own
        examples, which the digest must not push to the top of their own digest."""
        return frozenset(pid for (pid,) in rows_in(
            self.conn, f"SELECT paper_id FROM marks WHERE paper_id IN (?...) AND {_LIKED.format('marks')}",
            ids))

    def has_liked(self) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM marks WHERE starred_at IS NOT NULL OR (note IS NOT NULL AND note != '')"
            " UNION ALL SELECT 1 FROM training_examples LIMIT 1").fetchone() is not None

    def load_model(self, fingerprint: str) -> dict[str, object] | None:
        row = self.conn.execute("SELECT data FROM ranking_models WHERE fingerprint = ?",
                                (fingerprint,)).fetchone()
        return json.loads(row[0]) if row else None

    def save_model(self, fingerprint: str, data: dict[str, object], when: str) -> None:
        """Keep only the newest model: older ones are stale by definition."""
        with self.write() as conn:
            conn.execute("DELETE FROM ranking_models")
            conn.execute("DELETE FROM affinities WHERE fingerprint != ?", (fingerprint,))
            conn.execute("INSERT INTO ranking_models VALUES (?, ?, ?)",
                         (fingerprint, when, json.dumps(data, separators=(",", ":"))))

    def has_model(self, fingerprint: str) -> bool:
        return self.conn.execute("SELECT 1 FROM ranking_models WHERE fingerprint = ?",
                                 (fingerprint,)).fetchone() is not None

    def load_affinities(self, fingerprint: str, ids: Sequence[str]
                        ) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
        """The cached affinities of these papers under this model, and the cached reasons."""
        values: dict[str, float] = {}
        reasons: dict[str, tuple[str, ...]] = {}
        for pid, value, why in rows_in(
                self.conn, "SELECT paper_id, value, reasons FROM affinities WHERE fingerprint = ?"
                " AND paper_id IN (?...)", ids, fingerprint):
            values[pid] = value
            if why is not None:
                reasons[pid] = tuple(json.loads(why))
        return values, reasons

    def save_affinities(self, fingerprint: str, values: dict[str, float],
                        reasons: dict[str, tuple[str, ...]]) -> None:
        if not values and not reasons:
            return
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO affinities VALUES (?, ?, ?, NULL) ON CONFLICT(paper_id) DO UPDATE"
                " SET fingerprint = excluded.fingerprint, value = excluded.value,"
                " reasons = CASE WHEN affinities.fingerprint = excluded.fingerprint"
                " THEN affinities.reasons END",
                [(pid, fingerprint, v) for pid, v in values.items()])
            conn.executemany("UPDATE affinities SET reasons = ? WHERE paper_id = ? AND fingerprint = ?",
                             [(json.dumps(list(r)), pid, fingerprint) for pid, r in reasons.items()])

    def add_training_examples(self, rows: Sequence[tuple[str, str, str, Sequence[str]]],
                              when: str) -> int:
        """Imported references without an arXiv id; returns how many were new."""
        with self.write() as conn:
            added: int = conn.executemany(  # rowcount: its own rows, not the counter its trigger raises
                "INSERT OR IGNORE INTO training_examples VALUES (?, ?, ?, ?, ?)",
                [(key, title, abstract, json.dumps(list(authors)), when)
                 for key, title, abstract, authors in rows]).rowcount
            return added
