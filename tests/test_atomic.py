"""Atomic writes: the old file or the new one, never half of either."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperfeed import atomic
from paperfeed.errors import NotFoundError, UsageError


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_is_written_private(tmp_path: Path) -> None:
    target = tmp_path / "stars.md"
    assert atomic.write_text(target, "# 별\n") == target
    assert target.read_text(encoding="utf-8") == "# 별\n"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")
    target.chmod(0o644)
    atomic.write_text(target, "new")
    assert target.read_text() == "new"
    assert mode(target) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "stars.md"
    target.write_text("precious")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(UsageError, match=r"No space left on device.*existing file there is unchanged"):
        atomic.write_text(target, "x" * 100_000)
    assert target.read_text() == "precious"
    assert leftovers(tmp_path) == []


def test_ctrl_c_during_the_write_leaves_the_old_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "stars.md"
    target.write_text("precious")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(target, "new")
    assert target.read_text() == "precious"
    assert leftovers(tmp_path) == []


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from paperfeed import atomic
os.fsync = lambda fd: time.sleep(60)  # hang after the data is written, before the rename
atomic.write_text(Path(sys.argv[1]), "new content " * 100_000)
"""


def test_a_killed_export_never_leaves_half_a_file(tmp_path: Path) -> None:
    target = tmp_path / "stars.md"
    target.write_text("precious")
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)])
    try:
        deadline = time.monotonic() + 20
        while not leftovers(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert leftovers(tmp_path), "the writer never started its temporary file"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert target.read_text() == "precious"


def test_a_symlink_stays_a_link_to_the_new_content(tmp_path: Path) -> None:
    real = tmp_path / "vault" / "papers.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "papers.md"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="nowhere does not exist"):
        atomic.write_text(tmp_path / "nowhere" / "stars.md", "x")


def test_a_folder_is_not_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder; give a file name"):
        atomic.write_text(tmp_path, "x")
    assert tmp_path.is_dir()
