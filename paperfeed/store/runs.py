"""Source health and conditional-GET state: the `fetch_runs` and `etags` tables.

The conditional-GET state is the `etags` table, one row per URL, which is what the
next fetch reads. `fetch_runs.etag` (named in the design's data model) is kept as a
column but no longer written: nothing ever read it, and a per-run JSON copy of the
`etags` rows only grew the table. Old rows keep their values; no migration is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from paperfeed.store._base import Connected

#: A remembered body hash is handed to the sources as `sha256:<hex>`, the form the HTTP
#: client (`sources.http.BODY_HASH`) tells from a real ETag; it is stored in its own column.
BODY_HASH = "sha256:"


class FetchRun(NamedTuple):
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
                " error, announced) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (source, started_at, finished_at, status, new, updated, error, announced),
            )
            for url, validator in (etags or {}).items():
                is_hash = validator.startswith(BODY_HASH)
                conn.execute(
                    "INSERT INTO etags (url, etag, body_sha256, saved_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
                    " body_sha256 = excluded.body_sha256, saved_at = excluded.saved_at",
                    (url, None if is_hash else validator,
                     validator[len(BODY_HASH):] if is_hash else None, finished_at),
                )

    def etags(self) -> dict[str, str]:
        """The validator to send next time, per URL: its ETag, else `sha256:` and the
        hash of its last body (the HTTP client's `BODY_HASH` form)."""
        return {url: etag or BODY_HASH + digest for url, etag, digest in self.conn.execute(
            "SELECT url, etag, body_sha256 FROM etags") if etag or digest}

    def last_runs(self) -> list[FetchRun]:
        """The latest run of each source, for `status` and the reader's health line."""
        cursor = self.conn.execute(
            "SELECT source, started_at, finished_at, status, new, updated, error, announced"
            " FROM fetch_runs WHERE id IN (SELECT max(id) FROM fetch_runs GROUP BY source)"
            " ORDER BY source"
        )
        return [FetchRun(*row) for row in cursor]

    def last_success(self, source: str | None = None) -> str | None:
        """When the last fetch that reached its source finished (any source, or `source`)."""
        row = self.conn.execute(
            "SELECT max(finished_at) FROM fetch_runs WHERE status != 'failed'"
            " AND (?1 IS NULL OR source = ?1)", (source,)
        ).fetchone()
        return row[0] if row else None
