"""One fetch at a time per database, without ever waiting on a dead process.

The lock is an advisory `flock` on a file in the state folder (`paths.lock_path`).
The kernel drops it when the holding process exits for any reason (even `kill -9`),
so a lock "left behind" is only a file with no lock on it, and the next fetch
simply takes it: there is no pid check to get wrong and no stale lock to clean up.

The holder's pid is in the file from the instant the lock can be seen held, so
whoever backs off can always say who is running. A taker writes its pid into a
fresh file of its own and locks that, and only then puts it at the lock's path:
by `link` when there is no lock file yet, or by `rename` over a file it has just
found unlocked, while holding that old file's lock (so no one else can take the
old one meanwhile, and a taker that locked an old file checks that it is still
the one at the path). Whoever opens the path finds either a file with no lock on
it or a locked file that already names its holder.

Taking the lock never blocks: cron starting a fetch while the previous one is
still running should back off at once, not queue up behind it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from paperfeed import paths
from paperfeed.errors import StoreError

_ATTEMPTS = 5  # a lock file replaced under us is tried again a few times, then Busy


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
        """Unlock; the pid stays written (a file with no lock on it blocks no one)."""
        if self._fd is None:
            return
        import fcntl

        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def acquire(path: Path) -> FetchLock | Busy:
    """Take the lock at `path` now, or say who holds it; never waits."""
    try:
        paths.ensure_private_dir(path.parent)
        fd, mine = _own_file(path)
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the fetch lock ({exc.strerror}); check the permissions "
            "of that folder or pass --db PATH"
        ) from exc
    try:
        busy = _place(path, mine)
    except OSError as exc:
        os.close(fd)
        raise StoreError(f"{path}: cannot take the fetch lock ({exc.strerror}); check the "
                         "permissions of that folder or pass --db PATH") from exc
    finally:
        with contextlib.suppress(OSError):
            mine.unlink()
    if busy is not None:
        os.close(fd)
        return busy
    return FetchLock(path, fd)


def _own_file(path: Path) -> tuple[int, Path]:
    """A new file beside `path`, locked by us, holding our pid before anyone can see it."""
    import fcntl

    mine = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(mine, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody else knows this file yet
    except OSError:
        os.close(fd)
        mine.unlink(missing_ok=True)
        raise
    return fd, mine


def _place(path: Path, mine: Path) -> Busy | None:
    """Put our locked file at `path` (None), unless a live holder is already there."""
    for _ in range(_ATTEMPTS):
        try:
            os.link(mine, path)
            return None
        except FileExistsError:
            pass
        outcome = _take_over(path, mine)
        if outcome is not True:
            return outcome
    return Busy(None)


def _take_over(path: Path, mine: Path) -> Busy | Literal[True] | None:
    """`path` exists: Busy if it is held; None once our file replaced an unheld one;
    True when the file changed under us (try again)."""
    import fcntl

    try:
        old = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        try:
            fcntl.flock(old, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError when held; anything else counts as held too
            return Busy(_read_pid(old))
        try:
            if os.fstat(old).st_ino != path.stat().st_ino:
                return True  # replaced after we opened it
        except FileNotFoundError:
            return True
        mine.replace(path)  # while we still hold the old file's lock
        return None
    finally:
        os.close(old)


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
