"""Source health and conditional-GET state: the `fetch_runs` and `etags` tables."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from paperfeed.store._base import Connected


@dataclass(frozen=True, slots=True)
class FetchRun:
    source: str
    started_at: str
    finished_at: str | None
    status: str
    new: int
    updated: int
    error: str | None
    announced: str | None


class FetchRuns(Connected):
    """Each source's runs, for `status`, the reader's health line and staleness."""

    def record_run(self, *, source: str, started_at: str, finished_at: str, status: str,
                   new: int = 0, updated: int = 0, error: str | None = None,
                   etags: Mapping[str, str] | None = None, announced: str | None = None) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO fetch_runs (source, started_at, finished_at, status, new, updated,"
                " error, etag, announced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (source, started_at, finished_at, status, new, updated, error,
                 json.dumps(dict(etags)) if etags else None, announced),
            )
            for url, etag in (etags or {}).items():
                conn.execute(
                    "INSERT INTO etags (url, etag, saved_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, saved_at = excluded.saved_at",
                    (url, etag, finished_at),
                )

    def etags(self) -> dict[str, str]:
        return {url: etag for url, etag in self.conn.execute("SELECT url, etag FROM etags")}

    def last_runs(self) -> list[FetchRun]:
        """The latest run of each source, for `status` and the reader's health line."""
        cursor = self.conn.execute(
            "SELECT source, started_at, finished_at, status, new, updated, error, announced"
            " FROM fetch_runs WHERE id IN (SELECT max(id) FROM fetch_runs GROUP BY source)"
            " ORDER BY source"
        )
        return [FetchRun(*row) for row in cursor]

    def last_success(self) -> str | None:
        """When the last fetch that reached its source finished (any source)."""
        row = self.conn.execute(
            "SELECT max(finished_at) FROM fetch_runs WHERE status != 'failed'"
        ).fetchone()
        return row[0] if row else None
