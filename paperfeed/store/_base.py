"""What the store's mixins may rely on: an open connection and its write transaction."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager


class Connected:
    conn: sqlite3.Connection

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError
