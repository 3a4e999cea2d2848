"""Fault injection through the real CLI: one source misbehaves, the others land.

For each source and each fault a real service shows (5xx every time, 429 with and
without Retry-After, a reset mid-body, a read timeout, a truncated or empty body,
an HTML page with status 200 or behind a redirect, tens of megabytes, a trickle),
`paperfeed fetch` runs in a subprocess against a loopback server. The run must end
within its bounded time with exit code 5, one stderr line naming the failing
source, the other sources' new papers stored, and the failing source's papers,
marks included, exactly as they were.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperfeed.errors import ExitCode
from paperfeed.models import Paper
from paperfeed.sources import NAMES
from paperfeed.store import Store
from paperfeed.store.queries import Selection

from .faultserver import PREFIX, FaultServer, Reply, config_toml, fault_names, faults, json_file, xml
from .support import FIXTURES, TRACEBACK, run_cli

# Day A fills the store before the fault; day B is what the healthy sources bring
# during the faulty run. No paper is listed on both days or by two sources of day B,
# so "unchanged" and "landed" can be told apart exactly.
DAY_A = {
    "arxiv": xml(FIXTURES / "arxiv-rss" / "excerpt.xml"),
    "huggingface": json_file(FIXTURES / "hf-daily" / "2026-08-21.json"),
    "paperswithcode": json_file(FIXTURES / "hf-daily" / "trending.json"),
}
DAY_B = {
    "arxiv": xml(FIXTURES / "arxiv-rss" / "odd.xml"),
    "huggingface": json_file(FIXTURES / "hf-daily" / "2024-05-27_old_schema.json"),
    "paperswithcode": json_file(FIXTURES / "hf-daily" / "2025-06-10.json"),
}
# Short timeouts (1 s, 2 attempts, 1 s of waiting) keep every fault quick; the bound
# leaves room for start-up and a loaded machine, and is far below "hangs".
BOUND_SECONDS = 20
NOTE = "my note: compare with last week's paper"


def by_source(db: Path, source: str) -> dict[str, Paper]:
    with Store(db) as store:
        return {p.id: p for p in store.select(Selection(source=source))}


def fetch(home: Path, timeout: float = 2 * BOUND_SECONDS) -> tuple[subprocess.CompletedProcess[str], float]:
    began = time.monotonic()
    try:
        result = run_cli(["fetch"], home=home, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"paperfeed fetch was still running after {timeout:.0f} s")
    return result, time.monotonic() - began


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def day_a_store(server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store after a good day-A fetch, with a star and a note on a paper of each source."""
    home = tmp_path_factory.mktemp("day-a")
    (home / "config.toml").write_text(config_toml(server.url))
    for name in NAMES:
        server.answer(PREFIX[name], DAY_A[name])
    result, _ = fetch(home)
    assert result.returncode == 0, result.stderr
    db = home / "paperfeed.db"
    with Store(db) as store:
        for name in NAMES:
            papers = store.select(Selection(source=name))
            assert papers, f"day A brought no {name} papers"
            store.set_mark(papers[0].id, starred_at="2026-11-25T07:00:00+00:00", note=NOTE)
    return home


def prepared_home(day_a: Path, tmp_path: Path) -> Path:
    home = tmp_path / "faulty-day"
    home.mkdir()
    for name in ("paperfeed.db", "config.toml"):
        shutil.copy2(day_a / name, home / name)
    return home


def check_fault(server: FaultServer, day_a: Path, tmp_path: Path, source: str, fault: str) -> None:
    home = prepared_home(day_a, tmp_path)
    db = home / "paperfeed.db"
    for name in NAMES:
        server.answer(PREFIX[name], DAY_B[name])
    server.answer(PREFIX[source], dict(faults(source, DAY_B[source]))[fault])
    before = {name: by_source(db, name) for name in NAMES}

    result, seconds = fetch(home)

    assert seconds < BOUND_SECONDS, f"{source}/{fault}: the fetch took {seconds:.1f} s"
    assert TRACEBACK not in result.stderr + result.stdout, result.stderr
    assert result.returncode == ExitCode.FETCH_PARTIAL, (result.returncode, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"paperfeed: {source} "), errors[0]
    assert all(c.isprintable() for c in errors[0]), repr(errors[0])

    assert by_source(db, source) == before[source]  # nothing of the failing source changed
    for other in NAMES:
        if other != source:
            landed = set(by_source(db, other)) - set(before[other])
            assert landed, f"{other} stored nothing while {source} failed with {fault}"
    with Store(db) as store:
        runs = {run.source: run for run in store.last_runs()}
        starred = [p for p in store.select(Selection(starred=True))]
    assert runs[source].status == "failed" and runs[source].error
    assert all(runs[o].status == "ok" for o in NAMES if o != source)
    assert len(starred) == len(NAMES) and all(p.marks.note == NOTE for p in starred)


FAST_CASES = [("arxiv", "http-503"), ("huggingface", "reset-mid-body"),
              ("paperswithcode", "redirect-to-html"), ("arxiv", "gigantic-64mb")]


@pytest.mark.parametrize(("source", "fault"), FAST_CASES)
def test_one_source_fails_the_others_land(server: FaultServer, day_a_store: Path, tmp_path: Path,
                                          source: str, fault: str) -> None:
    check_fault(server, day_a_store, tmp_path, source, fault)


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("fault", fault_names())
@pytest.mark.parametrize("source", NAMES)
def test_fault_matrix(server: FaultServer, day_a_store: Path, tmp_path: Path,
                      source: str, fault: str) -> None:
    check_fault(server, day_a_store, tmp_path, source, fault)


def test_every_source_failing_stores_nothing_and_exits_6(server: FaultServer, day_a_store: Path,
                                                         tmp_path: Path) -> None:
    home = prepared_home(day_a_store, tmp_path)
    db = home / "paperfeed.db"
    for name in NAMES:
        server.answer(PREFIX[name], Reply(status=503, body=b"busy", content_type="text/plain"))
    before = {name: by_source(db, name) for name in NAMES}
    result, seconds = fetch(home)
    assert seconds < BOUND_SECONDS
    assert result.returncode == ExitCode.FETCH_FAILED, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert sorted(e.split()[1] for e in errors) == sorted(NAMES), result.stderr
    assert {name: by_source(db, name) for name in NAMES} == before


def test_the_next_fetch_after_a_fault_stores_the_day(server: FaultServer, day_a_store: Path,
                                                    tmp_path: Path) -> None:
    home = prepared_home(day_a_store, tmp_path)
    for name in NAMES:
        server.answer(PREFIX[name], DAY_B[name])
    server.answer(PREFIX["arxiv"], Reply(status=500, body=b"oops", content_type="text/plain"))
    assert fetch(home)[0].returncode == ExitCode.FETCH_PARTIAL
    server.answer(PREFIX["arxiv"], DAY_B["arxiv"])
    before = set(by_source(home / "paperfeed.db", "arxiv"))
    result, _ = fetch(home)
    assert result.returncode == 0, result.stderr
    assert set(by_source(home / "paperfeed.db", "arxiv")) > before
