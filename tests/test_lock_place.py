"""Where the fetch lock lives, and that whoever finds it held can always say who holds it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperfeed import paths
from paperfeed.cli import app
from paperfeed.errors import ExitCode
from paperfeed.refresh import lock


def test_the_lock_lives_in_the_state_folder_one_per_database(paperfeed_home: Path,
                                                             tmp_path: Path) -> None:
    first = paths.lock_path(paperfeed_home / "paperfeed.db")
    other = paths.lock_path(tmp_path / "elsewhere" / "paperfeed.db")
    assert first.parent == other.parent == paths.state_dir()
    assert first != other
    assert paths.lock_path(paperfeed_home / "." / "paperfeed.db") == first


def test_a_refused_db_leaves_nothing_beside_it(tmp_path: Path) -> None:
    text = tmp_path / "text.db"
    text.write_text("just some notes, not a database\n")
    result = CliRunner().invoke(app, ["--db", str(text), "fetch"])
    assert result.exit_code == ExitCode.STORE, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "text.db"]
    assert text.read_text() == "just some notes, not a database\n"


def test_whoever_finds_the_lock_held_can_read_the_holders_pid(
        paperfeed_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after any successful exclusive flock, a second taker looks: when it is told
    the lock is busy, the holder's pid must already be there (no window)."""
    path = paths.lock_path(paperfeed_home / "paperfeed.db")
    real_flock = fcntl.flock
    seen: list[lock.FetchLock | lock.Busy] = []
    nested = False

    def flock(fd: int, operation: int) -> None:
        nonlocal nested
        real_flock(fd, operation)
        if operation & fcntl.LOCK_EX and not nested:
            nested = True
            try:
                other = lock.acquire(path)
                seen.append(other)
                if isinstance(other, lock.FetchLock):
                    other.release()
            finally:
                nested = False

    monkeypatch.setattr(fcntl, "flock", flock)
    for _ in range(3):
        held = lock.acquire(path)
        assert isinstance(held, lock.FetchLock)
        held.release()
    busy = [s for s in seen if isinstance(s, lock.Busy)]
    assert busy, seen
    assert all(b.pid == os.getpid() for b in busy), busy
