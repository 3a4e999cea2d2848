"""The user's marks (`marks`): read, starred, note, shown. Kept apart from `papers`,
so no re-fetch can ever overwrite one; only these methods write them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from paperfeed.errors import NotFoundError
from paperfeed.store._base import Connected

if TYPE_CHECKING:
    from paperfeed.models import Paper


class Marking(Connected):
    """Setting marks one paper at a time, and "shown" for a whole digest."""

    if TYPE_CHECKING:  # provided by `PaperQueries` in the composed `Store`
        def get(self, paper_id: str) -> Paper | None: ...

    def set_mark(self, paper_id: str, *, read_at: str | bool | None = False,
                 starred_at: str | bool | None = False, note: str | bool | None = False,
                 shown_at: str | bool | None = False) -> None:
        """Set the given marks (False leaves one as it is, None clears it)."""
        if self.get(paper_id) is None:
            raise NotFoundError(f"no paper {paper_id} in the store; check the id with 'paperfeed search'")
        values = {k: v for k, v in (("read_at", read_at), ("starred_at", starred_at),
                                    ("note", note), ("shown_at", shown_at)) if v is not False}
        if not values:
            return
        cols = ", ".join(values)
        updates = ", ".join(f"{k} = excluded.{k}" for k in values)
        with self.write() as conn:
            conn.execute(
                f"INSERT INTO marks (paper_id, {cols}) VALUES (?{', ?' * len(values)})"
                f" ON CONFLICT(paper_id) DO UPDATE SET {updates}",
                (paper_id, *values.values()),
            )

    def mark_shown(self, paper_ids: Iterable[str], when: str) -> None:
        """Record that papers were shown, keeping the first time they were."""
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO marks (paper_id, shown_at) VALUES (?, ?) ON CONFLICT(paper_id)"
                " DO UPDATE SET shown_at = coalesce(marks.shown_at, excluded.shown_at)",
                [(pid, when) for pid in paper_ids],
            )
