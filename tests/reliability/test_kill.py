"""SIGKILL at random moments of a fetch loses nothing and breaks nothing.

Each trial runs a real `paperfeed fetch` in a subprocess against a loopback server
serving a big announcement feed in arXiv's wire format (1,500 papers already
stored, with new titles, and 1,500 new ones), and kills it with SIGKILL at a random
moment: while it parses, while it writes, or anywhere from start-up on. Afterwards
`PRAGMA integrity_check` says ok, every star and note made before the kill is
intact, the source's batch is in the store entirely or not at all, and the next
fetch completes normally and stores the day.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from paperfeed.store import Store

from .bigfeed import feed, paper_id
from .faultserver import FaultServer, Reply, config_toml
from .support import TRACEBACK, env_for, integrity, read_marks, run_cli

DRIVER = Path(__file__).with_name("kill_driver.py")
BATCH = 1500  # papers per trial in the long run; each trial re-lists the previous batch too
SEED = int(os.environ.get("PAPERFEED_KILL_SEED", "20261126"))

@dataclass
class Run:
    markers: list[tuple[str, float]] = field(default_factory=list)
    killed_at: float | None = None
    result: int | None = None

    def phase_at_kill(self) -> str:
        """Where the process was when the signal landed, from its own reports."""
        assert self.killed_at is not None
        last = "start-up"
        for name, when in self.markers:
            if when <= self.killed_at:
                last = name
        if last.endswith("-start"):
            return last.removesuffix("-start")  # parse or write
        if last == "write-end":
            return "after-write"
        return "start-up" if last in ("start-up", "main") else "fetching"


def spawn_fetch(home: Path) -> tuple[subprocess.Popen[bytes], Run, threading.Thread]:
    read_fd, write_fd = os.pipe()
    env = env_for(home, {"PAPERFEED_PHASE_FD": str(write_fd)})
    proc = subprocess.Popen([sys.executable, str(DRIVER), "fetch"], env=env, pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    run = Run()

    def reader() -> None:
        with os.fdopen(read_fd, "rb") as pipe:
            for raw in pipe:
                name, when = raw.decode().split()
                run.markers.append((name, float(when)))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return proc, run, thread


def wait_for(run: Run, name: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for marker, when in list(run.markers):
            if marker == name:
                return when
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else b""
            raise AssertionError(f"the fetch ended before {name}: {err!r}")
        time.sleep(0.001)
    raise AssertionError(f"no {name} within {timeout} s")


def calibrate(home: Path) -> dict[str, float]:
    """One complete fetch, reporting how long each phase takes here."""
    proc, run, thread = spawn_fetch(home)
    began = time.monotonic()
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    thread.join(10)
    marks = dict(run.markers)
    return {"parse": marks["parse-end"] - marks["parse-start"],
            "write": marks["write-end"] - marks["write-start"],
            "total": time.monotonic() - began}


@dataclass
class Tally:
    trials: int = 0
    phases: dict[str, int] = field(default_factory=dict)


def kill_trials(tmp_path: Path, plan: list[str], batch: int = BATCH) -> Tally:
    """Run one kill per entry of `plan` (parse, write or anywhere); check after each."""
    rng = random.Random(SEED)
    home = tmp_path / "kill-home"
    home.mkdir()
    db = home / "paperfeed.db"
    tally = Tally()
    with FaultServer() as server:
        (home / "config.toml").write_text(config_toml(server.url, timeout=10, only_arxiv=True))
        server.answer("/arxiv/", Reply(body=feed(0, batch), content_type="application/rss+xml"))
        timing = calibrate(home)
        expected = mark_some(db, rng, 0, {}, batch)
        for trial, target in enumerate(plan, start=1):
            server.answer("/arxiv/", Reply(body=feed(trial, batch), content_type="application/rss+xml"))
            proc, run, thread = spawn_fetch(home)
            if target == "anywhere":
                time.sleep(rng.uniform(0, timing["total"] * 0.8))
            else:
                wait_for(run, f"{target}-start", proc)
                time.sleep(rng.uniform(0, timing[target] * 0.9))
            run.killed_at = time.monotonic()
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            thread.join(10)
            phase = run.phase_at_kill() if proc.returncode == -signal.SIGKILL else "finished"
            tally.trials += 1
            tally.phases[phase] = tally.phases.get(phase, 0) + 1

            assert integrity(db) == "ok", f"trial {trial} ({phase})"
            assert read_marks(db) == expected, f"trial {trial} ({phase}): marks changed"
            check_all_or_nothing(db, trial, batch)
            result = run_cli(["fetch"], home=home, timeout=120)
            assert TRACEBACK not in result.stderr, result.stderr
            assert result.returncode == 0, f"trial {trial} ({phase}): next fetch: {result.stderr}"
            with Store(db) as store:
                stored = store.papers([paper_id(n) for n in range(trial * batch, (trial + 2) * batch)])
            assert len(stored) == 2 * batch and all(p.title.startswith(f"trial {trial}:")
                                                    for p in stored)
            expected = mark_some(db, rng, trial, expected, batch)
    return tally


def mark_some(db: Path, rng: random.Random, trial: int, expected: dict[str, tuple[str | None, str | None]],
              batch: int) -> dict[str, tuple[str | None, str | None]]:
    """Star and annotate a few stored papers (and unstar one), as a reader would."""
    marks = dict(expected)
    with Store(db) as store:
        for n in rng.sample(range(trial * batch, (trial + 2) * batch), 5):
            pid = paper_id(n)
            when = f"2026-11-26T07:{trial % 60:02d}:00+00:00"
            note = f"trial {trial}: reread section {n % 7}"
            store.set_mark(pid, starred_at=when, note=note)
            marks[pid] = (when, note)
        if len(marks) > 5:
            gone = rng.choice(sorted(marks))
            store.set_mark(gone, starred_at=None, note=None)
            del marks[gone]
    return marks


def check_all_or_nothing(db: Path, trial: int, batch: int) -> None:
    """The killed fetch's batch is either wholly stored or not at all."""
    with Store(db) as store:
        new = store.papers([paper_id(n) for n in range((trial + 1) * batch, (trial + 2) * batch)])
        relisted = store.papers([paper_id(n) for n in range(trial * batch, (trial + 1) * batch)])
    assert len(new) in (0, batch), f"trial {trial}: {len(new)} of {batch} new papers stored"
    retitled = sum(p.title.startswith(f"trial {trial}:") for p in relisted)
    assert retitled in (0, batch), f"trial {trial}: {retitled} of {batch} updates stored"
    assert (len(new) == batch) == (retitled == batch)


def test_kill_during_parse_write_and_start_up(tmp_path: Path) -> None:
    tally = kill_trials(tmp_path, ["parse", "write", "anywhere"], batch=300)
    assert tally.trials == 3


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_kill_at_random_moments_many_times(tmp_path: Path) -> None:
    plan = ["parse", "write", "anywhere"] * 13
    tally = kill_trials(tmp_path, plan)
    landed = tally.trials - tally.phases.get("finished", 0)
    assert landed >= 30, tally.phases
    assert tally.phases.get("parse", 0) >= 6, tally.phases
    assert tally.phases.get("write", 0) >= 6, tally.phases
    print(f"\nkill trials survived: {tally.trials}, by phase at the kill: {tally.phases}")
