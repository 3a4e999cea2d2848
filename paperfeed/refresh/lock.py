"""One fetch at a time per database, without ever waiting on a dead process.

The lock is an advisory `flock` on a file beside the database. The kernel drops
it when the holding process exits for any reason (even `kill -9`), so a lock
"left behind" is only a file with no lock on it, and the next fetch simply takes
it: there is no pid check to get wrong and no stale lock to clean up. The file
is never deleted, because unlinking a lock file lets two processes lock two
different inodes of the same name. The holder writes its pid into the file
purely so that the one who backs off can say who is running.

Taking the lock never blocks: cron starting a fetch while the previous one is
still running should back off at once, not queue up behind it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from paperfeed import paths
from paperfeed.errors import StoreError


@dataclass(frozen=True, slots=True)
class Busy:
    """Another process holds the lock; `pid` is who, when it said so."""

    pid: int | None

    @property
    def reason(self) -> str:
        who = f" (pid {self.pid})" if self.pid else ""
        return f"another fetch is running{who}"


class FetchLock:
    """A held lock; release it with `release()` or by leaving `hold()`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is None:
            return
        import fcntl

        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def acquire(path: Path) -> FetchLock | Busy:
    """Take the lock at `path` now, or say who holds it; never waits."""
    import fcntl

    try:
        paths.ensure_private_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the fetch lock ({exc.strerror}); check the permissions "
            "of that folder or pass --db PATH"
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError when held; anything else counts as held too
        pid = _read_pid(fd)
        os.close(fd)
        return Busy(pid)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return FetchLock(path, fd)


@contextlib.contextmanager
def hold(db: Path) -> Iterator[FetchLock | Busy]:
    """The fetch lock of the database at `db` for the duration of the block, or `Busy`."""
    got = acquire(paths.lock_path(db))
    try:
        yield got
    finally:
        if isinstance(got, FetchLock):
            got.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
