"""Files paperfeed creates are readable by the user only, whatever the umask.

The store holds the user's notes, the config may name their interests, the log
says when and what they fetch. Each is checked under umask 000, the worst a user
can have, so that no mode depends on the umask being kind: the database with its
WAL and shared-memory files, the fetch lock, the config, the folders paperfeed
makes, and the cron job's log.

An export written with `-o` is the exception, on purpose: exports are meant to be
published (a blog post, a shared `.bib`), so `-o` honours the umask exactly as the
shell's `>` does, and a user who wants it private sets the umask.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperfeed import schedule
from paperfeed.store import Store

from .faultserver import PREFIX, FaultServer, Reply, json_file, xml
from .support import FIXTURES, env_for, file_mode, make_library

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def run_with_umask(args: list[str], home: Path, mask: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "paperfeed", *args], env=env_for(home),
                          capture_output=True, text=True, timeout=120, check=False,
                          preexec_fn=lambda: os.umask(mask) and None)


def assert_private(path: Path) -> None:
    wanted = PRIVATE_DIR if path.is_dir() else PRIVATE_FILE
    assert file_mode(path) & 0o077 == 0, f"{path.name} is {oct(file_mode(path))}, want {oct(wanted)}"


def test_a_new_store_and_its_wal_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "new-folder" / "paperfeed.db"
    with umask(0), Store(db) as store:
        store.record([], "2026-11-26T06:00:00+00:00")
        make_library(db)  # writes through a second connection while this one stays open
        files = sorted(db.parent.iterdir())
        assert {p.name for p in files} >= {"paperfeed.db", "paperfeed.db-wal", "paperfeed.db-shm"}
        for path in files:
            assert_private(path)
    assert_private(db.parent)


def test_fetch_creates_only_private_files(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    with FaultServer() as server:
        from .faultserver import config_toml

        home.mkdir(mode=0o700)
        (home / "config.toml").write_text(config_toml(server.url))
        (home / "config.toml").chmod(0o600)
        server.answer(PREFIX["arxiv"], xml(FIXTURES / "arxiv-rss" / "excerpt.xml"))
        server.answer(PREFIX["huggingface"], json_file(FIXTURES / "hf-daily" / "2026-08-21.json"))
        server.answer(PREFIX["paperswithcode"], Reply(body=b"[]", content_type="application/json"))
        result = run_with_umask(["fetch"], home)
    assert result.returncode == 0, result.stderr
    created = [p for p in home.rglob("*")]
    assert any(p.name == "paperfeed.db" for p in created)
    for path in created:
        assert_private(path)


def test_config_init_writes_a_private_file_in_a_private_folder(tmp_path: Path) -> None:
    home = tmp_path / "config-home"
    result = run_with_umask(["config", "init"], home)
    assert result.returncode == 0, result.stderr
    assert_private(home)
    assert_private(home / "config.toml")


@pytest.mark.parametrize(("mask", "mode"), [(0o000, 0o666), (0o022, 0o644), (0o077, 0o600)])
def test_an_export_file_honours_the_umask_like_a_redirect(tmp_path: Path, mask: int,
                                                          mode: int) -> None:
    home = tmp_path / "export-home"
    home.mkdir()
    make_library(home / "paperfeed.db")
    out = tmp_path / "stars.md"
    result = run_with_umask(["export", "-o", str(out)], home, mask)
    assert result.returncode == 0, result.stderr
    assert file_mode(out) == mode  # what `> stars.md` under that umask gives


@pytest.mark.parametrize("mask", [0o022, 0o000])
def test_the_cron_jobs_log_is_private(tmp_path: Path, mask: int) -> None:
    """The entry's own `>>` creates the log with cron's umask; the fetch it runs must
    leave it readable by the user only."""
    home = tmp_path / "cron-home"
    (home / "state").mkdir(parents=True, mode=0o700)
    closed = "http://127.0.0.1:9"
    (home / "config.toml").write_text(
        f'[fetch]\ntimeout_seconds = 1\nretry_attempts = 1\n[sources.arxiv]\nfeed_url = "{closed}/rss/"\n'
        f'[sources.huggingface]\nurl = "{closed}/hf"\n[sources.paperswithcode]\nurl = "{closed}/pwc"\n')
    installed = Path(sys.executable).with_name("paperfeed")
    program = [str(installed)] if installed.exists() else [sys.executable, "-m", "paperfeed"]
    log = home / "state" / "fetch.log"
    plan = schedule.build("06:30", "mon-fri", program=program, environ={"PAPERFEED_HOME": str(home)},
                          config=None, db=None, log=log, now=datetime(2026, 11, 26, 8, tzinfo=UTC))
    command = plan.line.split(None, 5)[5].replace("\\%", "%")
    subprocess.run(["/bin/sh", "-c", command], env={"PATH": "/usr/bin:/bin"}, check=False, timeout=120,
                   preexec_fn=lambda: os.umask(mask) and None)
    assert "paperfeed: arxiv failed" in log.read_text()
    assert_private(log)
