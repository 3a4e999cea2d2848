"""The user's database file is never overwritten or deleted, whatever state it is in.

A file that is not SQLite, a database from a newer paperfeed, a read-only data
folder and a missing one each give one line that names the file and the fix, and
leave every byte of the user's file as it was.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from paperfeed.errors import ExitCode, NotFoundError, StoreError
from paperfeed.store import Store, schema

from .support import (
    assert_one_line_error,
    integrity,
    make_library,
    permission_respecting,
    read_marks,
    run_cli,
    sha256,
)

NOT_SQLITE = {
    "notes": b"# my reading notes\n\n- 2408.06070: read again\n" * 50,
    "binary": bytes(range(256)) * 40,
    "sqlite-lookalike": b"SQLite format 3\x00" + b"\xff" * 4080,
}

# Commands that open the store; each must refuse a bad file the same way.
_COMMANDS = [["status"], ["list"], ["search", "diffusion"], ["show", "2411.17000"],
             ["star", "2411.17000"], ["note", "2411.17000", "text"], ["export"],
             ["today", "--plain", "--no-fetch"], ["today", "--plain"], ["fetch"]]
_FAST = (["status"], ["star", "2411.17000"], ["fetch"])  # a reader, a writer, the fetch
STORE_COMMANDS = [pytest.param(c, marks=() if c in _FAST else pytest.mark.slow, id=" ".join(c))
                  for c in _COMMANDS]
CLOSED = ('[sources.arxiv]\nfeed_url = "http://127.0.0.1:9/rss/"\napi_url = "http://127.0.0.1:9/api"\n'
          '[sources.huggingface]\n'
          'url = "http://127.0.0.1:9/hf"\n[sources.paperswithcode]\nurl = "http://127.0.0.1:9/pwc"\n')


@pytest.fixture(autouse=True)
def no_network(paperfeed_home: Path) -> None:
    """Should a command fetch, it reaches a closed loopback port, never the internet."""
    (paperfeed_home / "config.toml").write_text(CLOSED)


def write_future_store(db: Path) -> None:
    """What a newer paperfeed leaves behind: our migrations plus one we do not know."""
    Store(db).close()
    future = Migrations("paperfeed")
    for m in schema.migrations._migrations:
        future(name=m.name, transactional=m.transactional)(m.fn)

    @future()
    def m999_reading_lists(db: Database) -> None:
        db["reading_lists"].create({"id": int, "name": str}, pk="id")

    database = Database(db)
    future.apply(database)
    database.close()


def siblings(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("kind", sorted(NOT_SQLITE))
@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_a_file_that_is_not_sqlite_is_refused_and_kept(paperfeed_home: Path, kind: str,
                                                       command: list[str]) -> None:
    db = paperfeed_home / "paperfeed.db"
    db.write_bytes(NOT_SQLITE[kind])
    before = sha256(db)
    result = run_cli(command, home=paperfeed_home)
    assert_one_line_error(result, ExitCode.STORE, str(db), "not a paperfeed database", "--db")
    assert sha256(db) == before
    assert db.stat().st_size == len(NOT_SQLITE[kind])


@pytest.mark.parametrize("kind", sorted(NOT_SQLITE))
def test_the_store_api_refuses_a_file_that_is_not_sqlite(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "papers.db"
    db.write_bytes(NOT_SQLITE[kind])
    with pytest.raises(StoreError, match="not a paperfeed database") as info:
        Store(db)
    assert str(db) in info.value.message and "\n" not in info.value.message
    assert db.read_bytes() == NOT_SQLITE[kind]


@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_a_store_from_a_newer_version_is_refused_untouched(paperfeed_home: Path,
                                                          command: list[str]) -> None:
    db = paperfeed_home / "paperfeed.db"
    make_library(db)
    write_future_store(db)
    before = sha256(db)
    result = run_cli(command, home=paperfeed_home)
    assert_one_line_error(result, ExitCode.STORE, str(db), "newer paperfeed", "upgrade")
    assert sha256(db) == before
    assert siblings(paperfeed_home) <= {"paperfeed.db", "config.toml", "state"}


def test_the_store_api_refuses_a_newer_store_and_migrates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "papers.db"
    write_future_store(db)
    before = sha256(db)
    with pytest.raises(StoreError, match="newer paperfeed"):
        Store(db)
    assert sha256(db) == before


def write_foreign_store(db: Path) -> None:
    """Another program's SQLite file, as a mistyped --db would point at."""
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
        conn.execute("INSERT INTO moz_bookmarks (url, title) VALUES ('https://arxiv.org', 'arXiv')")
    conn.close()


@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_another_programs_sqlite_file_is_refused_untouched(paperfeed_home: Path,
                                                          command: list[str]) -> None:
    db = paperfeed_home / "paperfeed.db"
    write_foreign_store(db)
    before = sha256(db)
    result = run_cli(command, home=paperfeed_home)
    assert_one_line_error(result, ExitCode.STORE, str(db), "another program", "--db")
    assert sha256(db) == before


def test_an_interrupted_first_migration_is_resumed(tmp_path: Path) -> None:
    """paperfeed's own tables without the record of the migration: a crash, not a stranger."""
    db = tmp_path / "half.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM _sqlite_migrations")
    conn.close()
    Store(db).close()
    assert integrity(db) == "ok"


@pytest.fixture
def read_only_home(tmp_path: Path) -> Path:
    home = tmp_path / "ro-home"
    home.mkdir()
    return home


def test_a_read_only_data_folder_gives_one_line_and_keeps_the_library(read_only_home: Path) -> None:
    db = read_only_home / "paperfeed.db"
    marks = make_library(db)
    before = sha256(db)
    db.chmod(0o444)
    read_only_home.chmod(0o555)
    try:
        result = run_cli(["status"], home=read_only_home, preexec=permission_respecting())
    finally:
        read_only_home.chmod(0o700)
        db.chmod(0o600)
    if result.returncode != 0:  # reading a WAL database needs its -shm file: refusing is fine
        assert_one_line_error(result, ExitCode.STORE, str(db), "permissions")
    else:
        assert "papers" in result.stdout
    assert sha256(db) == before
    assert read_marks(db) == marks


def test_a_data_folder_that_cannot_be_created_gives_one_line(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    db = parent / "library" / "paperfeed.db"
    try:
        result = run_cli(["--db", str(db), "today", "--plain", "--no-fetch"], home=tmp_path / "home",
                         preexec=permission_respecting())
    finally:
        parent.chmod(0o700)
    assert_one_line_error(result, ExitCode.STORE, str(db.parent), "permissions")
    assert not db.parent.exists()


def test_a_path_under_a_regular_file_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("my notes, not a folder\n")
    with pytest.raises(StoreError) as info:
        Store(blocker / "paperfeed.db")
    assert str(blocker) in info.value.message and "\n" not in info.value.message
    assert blocker.read_text() == "my notes, not a folder\n"


def test_a_missing_data_folder_is_not_an_error_for_status(tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    result = run_cli(["status"], home=home)
    assert result.returncode == 0, result.stderr
    assert "not created yet" in result.stdout
    assert not (home / "paperfeed.db").exists()


def test_a_missing_store_is_not_found_when_reading_only(tmp_path: Path) -> None:
    db = tmp_path / "absent" / "paperfeed.db"
    with pytest.raises(NotFoundError, match="paperfeed fetch") as info:
        Store(db, create=False)
    assert str(db) in info.value.message
    assert not db.parent.exists()


def test_a_missing_data_folder_is_created_private(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "er" / "paperfeed.db"
    Store(db).close()
    assert db.exists()
    assert (db.parent.stat().st_mode & 0o777) == 0o700
    assert (db.stat().st_mode & 0o777) == 0o600
    assert os.access(db, os.R_OK)
