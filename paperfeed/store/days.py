"""The frozen digest of each day (`digests`, `digest_days`): what reopening resumes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from paperfeed.models import Digest, DigestEntry, Paper
from paperfeed.store._base import Connected


class DigestDays(Connected):
    """Saving and reloading a day's digest and the reader's place in it."""

    if TYPE_CHECKING:  # provided by `PaperQueries` in the composed `Store`
        def papers(self, ids: list[str]) -> list[Paper]: ...

    def save_digest(self, digest: Digest, built_at: str, config: str | None = None) -> None:
        """Freeze the day's digest (replacing any earlier one of that day); `config` is
        the fingerprint of the config it was built with."""
        with self.write() as conn:
            conn.execute("DELETE FROM digests WHERE day = ?", (digest.day,))
            conn.executemany(
                "INSERT INTO digests (day, position, paper_id, score, reasons, minutes)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(digest.day, i, e.paper.id, e.score, json.dumps(list(e.reasons)), e.minutes)
                 for i, e in enumerate(digest.entries)],
            )
            conn.execute(
                "INSERT OR REPLACE INTO digest_days (day, position, candidates, away_days, built_at,"
                " config) VALUES (?, ?, ?, ?, ?, ?)",
                (digest.day, digest.position, digest.candidates, digest.away_days, built_at, config),
            )

    def load_digest(self, day: str) -> Digest | None:
        meta = self.conn.execute(
            "SELECT position, candidates, away_days FROM digest_days WHERE day = ?", (day,)
        ).fetchone()
        if meta is None:
            return None
        rows = self.conn.execute(
            "SELECT paper_id, score, reasons, minutes FROM digests WHERE day = ? ORDER BY position",
            (day,),
        ).fetchall()
        papers = {p.id: p for p in self.papers([r[0] for r in rows])}
        entries = tuple(DigestEntry(papers[pid], score, tuple(json.loads(reasons)), minutes)
                        for pid, score, reasons, minutes in rows if pid in papers)
        return Digest(day, entries, candidates=meta[1], away_days=meta[2], position=meta[0])

    def digest_config(self, day: str) -> str | None:
        """The fingerprint of the config the day's digest was built with (None: unknown)."""
        row = self.conn.execute("SELECT config FROM digest_days WHERE day = ?", (day,)).fetchone()
        return row[0] if row else None

    def set_position(self, day: str, position: int) -> None:
        with self.write() as conn:
            conn.execute("UPDATE digest_days SET position = ? WHERE day = ?", (position, day))

    def previous_digest_day(self, before: str) -> str | None:
        row = self.conn.execute(
            "SELECT max(day) FROM digest_days WHERE day < ?", (before,)
        ).fetchone()
        return row[0] if row else None
