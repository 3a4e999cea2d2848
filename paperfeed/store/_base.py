"""What the store's mixins may rely on: an open connection and its write transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

IN_LIST = 500  # values per `IN (...)` list: well under SQLite's variable limit (999 before 3.32)


def rows_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any], *before: Any) -> Iterator[Any]:
    """The rows of `sql` for all of `values`, asked `IN_LIST` at a time: `sql` says
    `IN (?...)` where the list goes, and its other parameters, `before`, come first."""
    for i in range(0, len(values), IN_LIST):
        chunk = list(values[i:i + IN_LIST])
        yield from conn.execute(sql.replace("(?...)", f"({','.join('?' * len(chunk))})"),
                                [*before, *chunk])


class Connected:
    conn: sqlite3.Connection

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError
