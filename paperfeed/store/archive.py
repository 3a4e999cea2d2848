"""Reads over the frozen digests and the marks' times: the day archive, the week, the stats.

Functions over a connection rather than `Store` methods, so the archive's queries
sit together and the store class stays the size it is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from paperfeed.store._base import rows_in


@dataclass(frozen=True, slots=True)
class Appearance:
    """The first digest a paper was in, and why that digest chose it."""

    day: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MarkTimes:
    paper_id: str
    read_at: str | None
    starred_at: str | None


def digest_days(conn: sqlite3.Connection) -> list[str]:
    """Every day that has a frozen digest with papers in it, oldest first."""
    rows = conn.execute("SELECT DISTINCT day FROM digests ORDER BY day")
    return [day for (day,) in rows]


def appearances(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Appearance]:
    """For each paper id that was in a digest: its first such day and that day's reasons."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Appearance] = {}
    rows = rows_in(conn, "SELECT paper_id, day, reasons FROM digests WHERE paper_id IN (?...)"
                   " ORDER BY day DESC", wanted)
    for paper_id, day, reasons in rows:  # the earliest day is written last
        found[paper_id] = Appearance(day, tuple(json.loads(reasons or "[]")))
    return found


def mark_times(conn: sqlite3.Connection) -> list[MarkTimes]:
    """Every paper read or starred, with when: what reading stats are made of."""
    rows = conn.execute(
        "SELECT paper_id, read_at, starred_at FROM marks"
        " WHERE read_at IS NOT NULL OR starred_at IS NOT NULL ORDER BY paper_id")
    return [MarkTimes(*row) for row in rows]
