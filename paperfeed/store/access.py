"""Opening the database where paperfeed may only read it.

A read-only copy or mount of the data folder must still serve `status`, `list`,
`show`, `search` and `export`; the rest of the store opens files as usual.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def writable(path: Path) -> bool:
    """Whether paperfeed may write the database and make its -wal/-shm files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """The file opened with SQLite's `mode=ro`, for a database paperfeed cannot write.

    In a folder paperfeed cannot write, SQLite cannot make the `-shm` file that
    reading a WAL database needs; with no `-wal` file there either (no writer left
    changes behind), the file is opened `immutable`, which needs neither.
    """
    from urllib.parse import quote

    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)
