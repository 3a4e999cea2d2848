"""The schema, as sqlite-utils migrations: every change is a new migration.

The FTS index is an external-content FTS5 table kept in sync by triggers. The
update trigger fires only `WHEN` an indexed column really changed: a re-fetch of
unchanged papers then never re-indexes anything (re-indexing unchanged rows was
measured at 8-12 s per 100k rows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from paperfeed.store.fts import TEXT_COLUMNS, m002_readable_text
from paperfeed.store.learning import LEARNED_MARKS, m009_learning_generation

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "paperfeed"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own bookkeeping table

PAPER_COLUMNS = (
    "id", "title", "abstract", "authors", "categories", "primary_category", "version",
    "published", "updated", "abs_url", "pdf_url", "comment", "journal_ref", "doi",
    "code_url", "code_stars", "upvotes", "comments", "ai_summary", "ai_keywords",
    "first_seen", "last_seen", "sources", "announce_type", "trending_rank",
)
#: The readable form of the remote text (m002): NULL where it equals the original
#: (most text has no TeX), and the affiliations parallel to `authors` (JSON, or NULL).
STORED_COLUMNS = (*PAPER_COLUMNS, *TEXT_COLUMNS)


def m001_initial(db: Database) -> None:
    # executescript commits before it runs, so the script is its own transaction and
    # idempotent (IF NOT EXISTS): a crash before the migration is recorded is harmless.
    db.executescript(
        """
        BEGIN;
        CREATE TABLE IF NOT EXISTS papers (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            abstract TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            categories TEXT NOT NULL DEFAULT '[]',
            primary_category TEXT,
            version INTEGER,
            published TEXT,
            updated TEXT,
            abs_url TEXT,
            pdf_url TEXT,
            comment TEXT,
            journal_ref TEXT,
            doi TEXT,
            code_url TEXT,
            code_stars INTEGER,
            upvotes INTEGER,
            comments INTEGER,
            ai_summary TEXT,
            ai_keywords TEXT NOT NULL DEFAULT '[]',
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            sources TEXT NOT NULL DEFAULT '[]',
            announce_type TEXT,
            trending_rank INTEGER
        );
        CREATE INDEX IF NOT EXISTS papers_first_seen ON papers(first_seen);

        CREATE TABLE IF NOT EXISTS sightings (
            paper_id TEXT NOT NULL REFERENCES papers(id),
            source TEXT NOT NULL,
            day TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            rank INTEGER,
            details TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (paper_id, source, day, kind)
        );
        CREATE INDEX IF NOT EXISTS sightings_source_day ON sightings(source, day);

        CREATE TABLE IF NOT EXISTS marks (
            paper_id TEXT PRIMARY KEY,
            read_at TEXT,
            starred_at TEXT,
            note TEXT,
            shown_at TEXT
        );
        CREATE INDEX IF NOT EXISTS marks_starred ON marks(starred_at) WHERE starred_at IS NOT NULL;

        CREATE TABLE IF NOT EXISTS digests (
            day TEXT NOT NULL,
            position INTEGER NOT NULL,
            paper_id TEXT NOT NULL,
            score REAL NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            minutes REAL NOT NULL,
            PRIMARY KEY (day, position)
        );
        CREATE TABLE IF NOT EXISTS digest_days (
            day TEXT PRIMARY KEY,
            position INTEGER NOT NULL DEFAULT 0,
            candidates INTEGER NOT NULL DEFAULT 0,
            away_days INTEGER NOT NULL DEFAULT 0,
            built_at TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS fetch_runs (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            new INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            etag TEXT,
            announced TEXT
        );
        CREATE INDEX IF NOT EXISTS fetch_runs_source ON fetch_runs(source, started_at);
        CREATE TABLE IF NOT EXISTS etags (
            url TEXT PRIMARY KEY,
            etag TEXT NOT NULL,
            saved_at TEXT NOT NULL
        );

        CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
            title, abstract, authors,
            content='papers', content_rowid='rowid', tokenize='porter unicode61'
        );
        CREATE TRIGGER IF NOT EXISTS papers_ai AFTER INSERT ON papers BEGIN
            INSERT INTO papers_fts(rowid, title, abstract, authors)
            VALUES (new.rowid, new.title, new.abstract, new.authors);
        END;
        CREATE TRIGGER IF NOT EXISTS papers_ad AFTER DELETE ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors)
            VALUES ('delete', old.rowid, old.title, old.abstract, old.authors);
        END;
        CREATE TRIGGER IF NOT EXISTS papers_au AFTER UPDATE ON papers
        WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
             OR old.authors IS NOT new.authors
        BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors)
            VALUES ('delete', old.rowid, old.title, old.abstract, old.authors);
            INSERT INTO papers_fts(rowid, title, abstract, authors)
            VALUES (new.rowid, new.title, new.abstract, new.authors);
        END;
        COMMIT;
        """
    )


def m003_body_hashes(db: Database) -> None:
    """A remembered validator per URL is an ETag or, for a server that sends none, the
    SHA-256 of the last body (so an unchanged body is not parsed again): `etag` becomes
    nullable and `body_sha256` sits beside it. SQLite cannot relax NOT NULL in place,
    so the small table is copied."""
    db.execute("CREATE TABLE etags_new (url TEXT PRIMARY KEY, etag TEXT, body_sha256 TEXT,"
               " saved_at TEXT NOT NULL)")
    db.execute("INSERT INTO etags_new (url, etag, saved_at) SELECT url, etag, saved_at FROM etags")
    db.execute("DROP TABLE etags")
    db.execute("ALTER TABLE etags_new RENAME TO etags")


def m004_summaries(db: Database) -> None:
    """Machine-written summaries, one per paper and language, apart from `papers` so
    that no fetch rewrites them; `abstract_hash` says which abstract one summarizes."""
    db.executescript(
        """
        BEGIN;
        CREATE TABLE IF NOT EXISTS summaries (
            paper_id TEXT NOT NULL,
            language TEXT NOT NULL,
            summary TEXT NOT NULL,
            model TEXT NOT NULL,
            abstract_hash TEXT NOT NULL,
            made_at TEXT NOT NULL,
            PRIMARY KEY (paper_id, language)
        );
        COMMIT;
        """
    )


def m005_digest_config(db: Database) -> None:
    """The config a frozen digest was built with (a fingerprint), so `today` can tell
    that the interests changed since; NULL for digests saved before this migration.
    Idempotent, like the others, so a store whose migration record was lost resumes."""
    present = {row[1] for row in db.conn.execute("PRAGMA table_info(digest_days)")}
    if "config" not in present:
        db.conn.execute("ALTER TABLE digest_days ADD COLUMN config TEXT")


def m006_ranking(db: Database) -> None:
    """Issue #14: "less like this" is a mark of its own (the user's data, like a star);
    imported references without an arXiv id train the model without becoming papers;
    the trained model is cached, keyed by a fingerprint of the marks it learned from."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(marks)").fetchall()}
    if "less_at" not in columns:  # idempotent, as every migration: a rerun after a crash is harmless
        db.execute("ALTER TABLE marks ADD COLUMN less_at TEXT")
    db.execute("CREATE TABLE IF NOT EXISTS training_examples (key TEXT PRIMARY KEY, title TEXT NOT NULL,"
               " abstract TEXT NOT NULL DEFAULT '', authors TEXT NOT NULL DEFAULT '[]',"
               " added_at TEXT NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS ranking_models (fingerprint TEXT PRIMARY KEY,"
               " built_at TEXT NOT NULL, data TEXT NOT NULL)")


def m007_affinities(db: Database) -> None:
    """The affinities the cached model gave, and the reasons for the strongest
    (computed at fetch time, so the morning's build only reads them); a cache,
    dropped whenever the model changes."""
    db.execute("CREATE TABLE IF NOT EXISTS affinities (paper_id TEXT PRIMARY KEY,"
               " fingerprint TEXT NOT NULL, value REAL NOT NULL, reasons TEXT)")


def m008_learned_marks_index(db: Database) -> None:
    """A partial index over the few marks the ranking learns from (stars, notes,
    "less"): every digest build reads them, and scanning every mark (one per paper
    ever shown, 300k in the benchmark store) took 50-100 ms."""
    db.execute(f"CREATE INDEX IF NOT EXISTS marks_learned ON marks (paper_id, starred_at, note, less_at)"
               f" WHERE {LEARNED_MARKS}")


# Every migration in order, and whether it runs inside a transaction. Append new ones;
# never edit or reorder applied ones.
#
# sqlite-utils' `Migrations` applies them, but importing sqlite-utils costs about as
# much as the rest of `paperfeed today` together (it pulls in click and pluggy), so
# it is only imported when a migration is actually pending: opening an up-to-date
# store reads the applied names with one plain query instead.
_MIGRATIONS: tuple[tuple[Callable[[Database], None], bool], ...] = (
    (m001_initial, False),
    (m002_readable_text, True),
    (m003_body_hashes, True),
    (m004_summaries, False),
    (m005_digest_config, True),
    (m006_ranking, True),
    (m007_affinities, True),
    (m008_learned_marks_index, True),
    (m009_learning_generation, True),
)


def known_migration_names() -> set[str]:
    return {fn.__name__ for fn, _ in _MIGRATIONS}


def applied_migration_names(conn: sqlite3.Connection) -> set[str]:
    """The names of this set's migrations recorded in the database (read-only)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    (MIGRATIONS_TABLE,)).fetchone() is None:
        return set()
    return {name for (name,) in conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,))}


def foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables that no paperfeed migration creates, in a database with none recorded.

    A `--db` pointing at another program's SQLite file must not get paperfeed's
    tables added to it; a store whose first migration was interrupted before being
    recorded (it is idempotent) holds only paperfeed's own tables and is resumed.
    """
    found = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if not found:
        return []
    from sqlite_utils import Database

    scratch = Database(memory=True)
    _build_migrations().apply(scratch)
    own = {name for (name,) in scratch.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    scratch.close()
    return sorted(found - own)


def _build_migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    built = Migrations(MIGRATION_SET)
    for fn, transactional in _MIGRATIONS:
        built(name=fn.__name__, transactional=transactional)(fn)
    return built


def __getattr__(name: str) -> Migrations:
    """`schema.migrations`, the sqlite-utils `Migrations` set, built on first use."""
    if name == "migrations":
        built = _build_migrations()
        globals()["migrations"] = built
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
