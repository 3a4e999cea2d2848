"""The fetch lock: one holder, a prompt `Busy` for the next, nothing stale after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from paperfeed import paths
from paperfeed.refresh import lock

HOLD = """
import sys, time
from pathlib import Path
from paperfeed.refresh import lock
held = lock.acquire(Path(sys.argv[1]))
print("held" if isinstance(held, lock.FetchLock) else "busy", flush=True)
time.sleep(60)
"""


def lock_file(home: Path) -> Path:
    return paths.lock_path(home / "paperfeed.db")


def test_the_second_taker_is_told_who_holds_it(paperfeed_home: Path) -> None:
    first = lock.acquire(lock_file(paperfeed_home))
    assert isinstance(first, lock.FetchLock)
    second = lock.acquire(lock_file(paperfeed_home))
    assert isinstance(second, lock.Busy)
    assert second.pid == os.getpid()
    assert second.reason == f"another fetch is running (pid {os.getpid()})"
    first.release()
    third = lock.acquire(lock_file(paperfeed_home))
    assert isinstance(third, lock.FetchLock)
    third.release()


def test_hold_releases_at_the_end_of_the_block_even_on_error(paperfeed_home: Path) -> None:
    db = paperfeed_home / "paperfeed.db"
    try:
        with lock.hold(db) as held:
            assert isinstance(held, lock.FetchLock)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with lock.hold(db) as again:
        assert isinstance(again, lock.FetchLock)


def test_the_lock_is_made_for_a_database_in_a_new_folder(tmp_path: Path) -> None:
    db = tmp_path / "not yet" / "there" / "papers.db"
    with lock.hold(db) as held:
        assert isinstance(held, lock.FetchLock)
        assert paths.lock_path(db).exists()


def test_a_lock_left_by_a_killed_process_does_not_block(paperfeed_home: Path) -> None:
    path = lock_file(paperfeed_home)
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        busy = lock.acquire(path)
        assert isinstance(busy, lock.Busy) and busy.pid == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert path.read_text().strip() == str(child.pid)  # the dead holder's pid is still written
    began = time.monotonic()
    after = lock.acquire(path)
    assert isinstance(after, lock.FetchLock)
    assert time.monotonic() - began < 1
    assert path.read_text().strip() == str(os.getpid())
    after.release()


def test_a_lock_file_naming_a_dead_pid_does_not_block(paperfeed_home: Path) -> None:
    path = lock_file(paperfeed_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("999999\n")
    held = lock.acquire(path)
    assert isinstance(held, lock.FetchLock)
    held.release()
