"""Helpers the reliability suites share: running the real CLI in a subprocess,
checking its one-line errors, and looking at a database file from outside."""

from __future__ import annotations

import ctypes
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
FIXTURES = ROOT / "tests" / "fixtures"

# Text that must never reach a terminal from paperfeed's own output.
TRACEBACK = "Traceback (most recent call last)"


def env_for(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a paperfeed subprocess: its own home, no colour, no editor."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PAPERFEED_CONFIG", "PAPERFEED_DB", "EDITOR", "VISUAL")}
    env.update(PAPERFEED_HOME=str(home), NO_COLOR="1", COLUMNS="200", TERM="dumb",
               PYTHONDONTWRITEBYTECODE="1")
    env.update(extra or {})
    return env


def run_cli(args: Sequence[str], *, home: Path, timeout: float = 60,
            extra_env: Mapping[str, str] | None = None, stdin: str | None = None,
            preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """`paperfeed ARGS` as a user runs it, in a subprocess, bounded in time."""
    return subprocess.run(
        [sys.executable, "-m", "paperfeed", *args],
        env=env_for(home, extra_env), capture_output=True, text=True, timeout=timeout,
        input=stdin if stdin is not None else "", preexec_fn=preexec, check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int,
                          *needles: str) -> str:
    """The error contract: the documented exit code, one `paperfeed: ...` line on
    stderr that mentions each needle, and never a traceback."""
    assert TRACEBACK not in result.stderr + result.stdout, result.stderr
    assert result.returncode == code, (result.returncode, result.stderr, result.stdout)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(db: Path) -> str:
    with sqlite3.connect(db, timeout=30) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def file_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# -- running as a user whose permissions are really checked ----------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def _drop_permission_override() -> None:
    """In the child, before exec: root loses the capabilities that let it ignore file
    modes, so a read-only folder is read-only for it too (CI often runs as root)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def permission_respecting() -> Callable[[], None] | None:
    """A preexec function that makes file modes binding for the child, if needed."""
    return _drop_permission_override if os.geteuid() == 0 else None


# -- a small library to protect ---------------------------------------------------------

T0 = "2026-11-24T06:00:00+00:00"


def sample_sightings(n: int = 5, source: str = "arxiv", day: str = "2026-11-24") -> list[object]:
    from paperfeed.models import Sighting

    return [Sighting(source=source, paper_id=f"2411.{17000 + i:05d}", version=1,
                     title=f"Paper number {i} on diffusion", seen_day=day,
                     abstract=f"Abstract {i}: we study things.", authors=("Ada Lovelace",),
                     categories=("cs.LG",), primary_category="cs.LG",
                     abs_url=f"https://arxiv.org/abs/2411.{17000 + i:05d}v1",
                     kind="new", authoritative=source == "arxiv")
            for i in range(n)]


def make_library(db: Path) -> dict[str, tuple[str | None, str | None]]:
    """A store with papers and marks; returns {paper_id: (starred_at, note)} it set."""
    from paperfeed.store import Store

    marks: dict[str, tuple[str | None, str | None]] = {}
    with Store(db) as store:
        sightings = sample_sightings()
        store.record(sightings, T0)  # type: ignore[arg-type]
        for i, s in enumerate(sightings[:3]):
            pid = s.paper_id  # type: ignore[attr-defined]
            note = f"note {i}: keep this"
            store.set_mark(pid, starred_at=T0, note=note)
            marks[pid] = (T0, note)
    return marks


def read_marks(db: Path) -> dict[str, tuple[str | None, str | None]]:
    """{paper_id: (starred_at, note)} for every paper with a star or a note."""
    from paperfeed.store import Store
    from paperfeed.store.queries import Selection

    with Store(db) as store:
        return {p.id: (p.marks.starred_at, p.marks.note)
                for p in store.select(Selection()) if p.marks.starred_at or p.marks.note}


def memory_tmpdir(prefix: str) -> Path:
    """A temporary folder in RAM when the machine has one: the property suites open
    hundreds of databases, and on a slow disk every commit's fsync would dominate."""
    import tempfile

    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))
