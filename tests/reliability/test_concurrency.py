"""A reader marking papers while a fetch writes: nothing is locked out, nothing lost.

A real `paperfeed fetch` runs in a subprocess, writing thousands of papers from a
loopback server, over and over. Meanwhile marks are made in a loop the two ways a
user makes them: through the store API (what the reader does) and through
`paperfeed star`, `unstar` and `note` subprocesses. Every command must succeed,
"database is locked" must never reach the user, and at the end the store holds
exactly the marks that were made.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from paperfeed.errors import PaperfeedError
from paperfeed.store import Store

from .bigfeed import feed, paper_id
from .faultserver import FaultServer, Reply, config_toml
from .support import TRACEBACK, env_for, integrity, read_marks, run_cli

Marks = dict[str, tuple[str | None, str | None]]


class FetchLoop:
    """`paperfeed fetch` run again and again with new data, until stopped."""

    def __init__(self, home: Path, server: FaultServer, batch: int) -> None:
        self.home, self.server, self.batch = home, server, batch
        self.results: list[subprocess.CompletedProcess[str]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        trial = 1
        while not self.stop.is_set():
            self.server.answer("/arxiv/", Reply(body=feed(trial, self.batch),
                                                content_type="application/rss+xml"))
            self.results.append(subprocess.run(
                [sys.executable, "-m", "paperfeed", "fetch"], env=env_for(self.home),
                capture_output=True, text=True, timeout=180, check=False))
            trial += 1


def api_marker(db: Path, ids: list[str], done: threading.Event, expected: Marks, errors: list[str],
               seed: int) -> int:
    """The reader: one long-lived connection, a mark per keypress, until `done`."""
    rng = random.Random(seed)
    i = 0
    with Store(db) as store:
        while not done.is_set():
            i += 1
            time.sleep(0.002)
            pid = rng.choice(ids)
            try:
                if rng.random() < 0.25 and pid in expected:
                    store.set_mark(pid, starred_at=None, note=None)
                    del expected[pid]
                else:
                    when, note = f"2026-11-26T08:00:{i % 60:02d}+00:00", f"api note {i}"
                    store.set_mark(pid, starred_at=when, note=note)
                    expected[pid] = (when, note)
            except PaperfeedError as exc:
                errors.append(exc.message)
    return i


def cli_marker(home: Path, ids: list[str], rounds: int, expected: Marks, errors: list[str],
               seed: int) -> None:
    """The command line: `paperfeed star/unstar/note`, each its own process."""
    rng = random.Random(seed)
    for i in range(rounds):
        pid = rng.choice(ids)
        action = rng.choice(["star", "note", "unstar"])
        args = ["note", pid, f"cli note {i}"] if action == "note" else [action, pid]
        result = run_cli(args, home=home, timeout=120)
        if result.returncode != 0 or TRACEBACK in result.stderr or "locked" in result.stderr:
            errors.append(f"{' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
            continue
        starred, note = expected.get(pid, (None, None))
        if action == "star":
            with Store(home / "paperfeed.db") as store:  # the star's time is the command's own
                paper = store.get(pid)
            assert paper is not None
            starred = paper.marks.starred_at
        elif action == "unstar":
            starred = None
        else:
            note = f"cli note {i}"
        if starred is None and note is None:
            expected.pop(pid, None)
        else:
            expected[pid] = (starred, note)


def run_concurrently(tmp_path: Path, *, batch: int, cli_rounds: int) -> tuple[int, int]:
    """Mark while fetching; returns (fetches completed, marks made through the API)."""
    home = tmp_path / "busy-home"
    home.mkdir()
    db = home / "paperfeed.db"
    with FaultServer() as server:
        (home / "config.toml").write_text(config_toml(server.url, timeout=10, only_arxiv=True))
        server.answer("/arxiv/", Reply(body=feed(0, batch), content_type="application/rss+xml"))
        first = run_cli(["fetch"], home=home, timeout=180)
        assert first.returncode == 0, first.stderr
        # Papers of trial 0 stay listed only until trial 1; the markers use the ones
        # every later fetch relists as updates, and some that only trial 0 had.
        ids = [paper_id(n) for n in range(0, 2 * batch, max(1, batch // 40))]
        api_expected: Marks = {}
        cli_expected: Marks = {}
        api_ids, cli_ids = ids[::2], ids[1::2]  # disjoint, so each side's model is exact
        errors: list[str] = []
        fetches = FetchLoop(home, server, batch)
        fetches.thread.start()
        while not fetches.results and fetches.thread.is_alive():
            time.sleep(0.01)  # let the first concurrent fetch get going
        done = threading.Event()
        api_marks: list[int] = []
        api = threading.Thread(target=lambda: api_marks.append(
            api_marker(db, api_ids, done, api_expected, errors, 1)))
        api.start()
        cli_marker(home, cli_ids, cli_rounds, cli_expected, errors, 2)
        done.set()
        api.join(300)
        fetches.stop.set()
        fetches.thread.join(300)

    assert errors == []
    for result in fetches.results:
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr and TRACEBACK not in result.stderr
    assert integrity(db) == "ok"
    assert read_marks(db) == {**api_expected, **cli_expected}
    return len(fetches.results), api_marks[0]


def test_marks_during_fetches_are_all_kept(tmp_path: Path) -> None:
    fetches, marks = run_concurrently(tmp_path, batch=600, cli_rounds=12)
    assert fetches >= 2 and marks > 100, (fetches, marks)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_marks_during_many_big_fetches_are_all_kept(tmp_path: Path) -> None:
    fetches, marks = run_concurrently(tmp_path, batch=1500, cli_rounds=80)
    assert fetches >= 5 and marks > 1000, (fetches, marks)
    print(f"\nmarks made during {fetches} fetches: {marks} through the store API, 80 by the CLI")


def test_a_search_and_a_list_while_a_fetch_writes(tmp_path: Path) -> None:
    home = tmp_path / "reading-home"
    home.mkdir()
    with FaultServer() as server:
        (home / "config.toml").write_text(config_toml(server.url, timeout=10, only_arxiv=True))
        server.answer("/arxiv/", Reply(body=feed(0, 600), content_type="application/rss+xml"))
        assert run_cli(["fetch"], home=home, timeout=180).returncode == 0
        server.answer("/arxiv/", Reply(body=feed(1, 600), content_type="application/rss+xml"))
        fetch = subprocess.Popen([sys.executable, "-m", "paperfeed", "fetch"], env=env_for(home),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        outcomes = []
        while fetch.poll() is None:
            for args in (["list", "--limit", "5"], ["search", "generative"], ["status"]):
                outcomes.append((args, run_cli(args, home=home, timeout=120)))
        _, err = fetch.communicate(timeout=120)
    assert fetch.returncode == 0, err
    for args, result in outcomes:
        assert result.returncode == 0, (args, result.stderr)
        assert "locked" not in result.stderr and TRACEBACK not in result.stderr
