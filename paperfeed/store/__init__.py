"""Store: one SQLite file, the only code that knows table and column names.
May import: core and sqlite-utils; never a source, a use case or a screen.

`Store(path)` opens (creating and migrating as needed) in WAL mode with a busy
timeout, so cron's fetch and an open reader never collide. Writes run in
`BEGIN IMMEDIATE` transactions: a writer waits for the lock up front instead of
failing halfway with "database is locked".
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from paperfeed import paths
from paperfeed.errors import NotFoundError, StoreError
from paperfeed.store import access, schema
from paperfeed.store.days import DigestDays
from paperfeed.store.learning import Learning
from paperfeed.store.marks import Marking
from paperfeed.store.queries import PaperQueries
from paperfeed.store.recording import RecordCounts, Recording
from paperfeed.store.runs import FetchRun, FetchRuns
from paperfeed.store.summaries import SummaryQueries

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["FetchRun", "RecordCounts", "Store"]

BUSY_TIMEOUT_MS = 30_000


class Store(Recording, FetchRuns, DigestDays, SummaryQueries, Learning, Marking, PaperQueries):
    """Everything paperfeed keeps, behind methods named for what callers need."""

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        """`read_only=True` for commands that only read: SQLite then refuses any write
        (`query_only`), and where the database or its folder cannot be written, the file
        is opened with `mode=ro`, touching nothing, so those commands still work."""
        self.path = path
        if not path.exists():
            if not create or read_only:
                raise NotFoundError(f"{path}: no database here; run 'paperfeed fetch' first")
            _make_parent(path)
            # Created private before SQLite opens it: SQLite gives the -wal and -shm
            # files (which hold recent notes) the mode of the database file.
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        writable = access.writable(path)
        if not (writable or read_only):
            raise StoreError(f"{path}: the database or its folder is read-only; only commands "
                             "that read (status, list, show, search, export) work there")
        self._db: Database | None = None
        try:
            # A plain connection, set up as sqlite-utils' `Database` sets up its own;
            # `db` wraps it only when asked, since importing sqlite-utils is slow.
            self.conn = sqlite3.connect(str(path)) if writable else access.connect_read_only(path)
            self.conn.execute("PRAGMA recursive_triggers = on")
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._refuse_foreign()  # before WAL mode, which would rewrite the file's header
            if writable:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()  # schema upkeep, done by whichever command opens it first
            else:
                self._check_current()
            if read_only:
                self.conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            raise _store_error(path, exc) from exc
        if writable:
            with contextlib.suppress(OSError):
                path.chmod(0o600)

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils `Database` (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def _refuse_foreign(self) -> None:
        if schema.applied_migration_names(self.conn):
            return
        foreign = schema.foreign_tables(self.conn)
        if foreign:
            raise StoreError(
                f"{self.path}: a SQLite database of another program (it has a table "
                f"{foreign[0]!r}); paperfeed will not touch it: pass --db with a new file"
            )

    def _check_current(self) -> None:
        """A read-only store cannot migrate: say how to get it upgraded instead."""
        self._refuse_newer()
        missing = schema.known_migration_names() - schema.applied_migration_names(self.conn)
        if missing:
            raise StoreError(f"{self.path}: this database needs an upgrade, which needs write "
                             "access; run 'paperfeed fetch' once where paperfeed can write it")

    def _refuse_newer(self) -> None:
        unknown = schema.applied_migration_names(self.conn) - schema.known_migration_names()
        if unknown:
            raise StoreError(
                f"{self.path}: this database was written by a newer paperfeed "
                f"(migration {sorted(unknown)[0]}); upgrade paperfeed to open it"
            )

    def _migrate(self) -> None:
        self._refuse_newer()
        if schema.known_migration_names() - schema.applied_migration_names(self.conn):
            schema.migrations.apply(self.db)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front (BEGIN IMMEDIATE), rolled back on error."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise _store_error(self.path, exc) from exc
        try:
            yield conn
        except sqlite3.DatabaseError as exc:
            _rollback(conn)
            raise _store_error(self.path, exc) from exc
        except BaseException:
            _rollback(conn)
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                _rollback(conn)
                raise _store_error(self.path, exc) from exc


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what SQLite has not already: after some errors (an interrupted statement,
    a full disk, out of memory) it rolls the whole transaction back itself, and a second
    ROLLBACK would replace the error the user should see with "no transaction is active"."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _make_parent(path: Path) -> None:
    try:
        paths.ensure_private_dir(path.parent)
    except OSError as exc:
        raise StoreError(
            f"{path.parent}: cannot create the data directory ({exc.strerror}); "
            "check its permissions or pass --db PATH"
        ) from exc


def _store_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return StoreError(
            f"{path}: not a paperfeed database (or damaged: {text}); move it aside "
            "or pass --db PATH; paperfeed will not touch it"
        )
    if "readonly" in text or "unable to open" in text:
        return StoreError(f"{path}: cannot write the database ({text}); check the permissions "
                          "of the file and its folder")
    if "full" in text:
        return StoreError(f"{path}: the disk is full; free some space and run again "
                          "(nothing stored was lost)")
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database stayed locked by another paperfeed for "
                          f"{BUSY_TIMEOUT_MS // 1000} s; try again in a moment")
    return StoreError(f"{path}: database error: {text}")
