"""The I/O side of `paperfeed schedule`: the real `crontab` program, the path of the
installed `paperfeed`, and the log its cron job writes.

`crontab` is always called with an argument list and the table on stdin, never
through a shell. The line and the table edits themselves are pure functions in
`paperfeed.schedule`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from paperfeed.errors import NotFoundError, PaperfeedError
from paperfeed.schedule import Plan, find, with_entry, without_entry

LOG_MAX_BYTES = 1_000_000
LOG_KEEP_BYTES = 200_000
_TIMEOUT = 30  # seconds for a crontab call; it never takes more than a blink


class ScheduleError(PaperfeedError):
    """`crontab` exists but failed; its own message is passed on."""


class NoCrontabError(NotFoundError):
    """There is no `crontab` program; `line` is what to add by hand."""

    def __init__(self, message: str, line: str) -> None:
        super().__init__(message)
        self.line = line


def program_argv() -> list[str]:
    """The absolute command that runs this paperfeed, for a cron job with a bare PATH."""
    script = Path(sys.argv[0])
    if script.name == "paperfeed" and script.is_file():
        return [str(script.absolute())]
    beside = Path(sys.executable).with_name("paperfeed")
    if beside.is_file():
        return [str(beside)]
    return [str(Path(sys.executable).absolute()), "-m", "paperfeed"]


def install(plan: Plan) -> bool:
    """Put the plan's line in the user's crontab; True when it replaced an older entry."""
    crontab = _crontab_program(plan.line)
    table = read_table(crontab)
    write_table(crontab, with_entry(table, plan.line))
    return find(table) is not None


def remove() -> str | None:
    """Take the paperfeed entry out of the crontab; the removed line, or None if absent."""
    crontab = _crontab_program(None)
    table = read_table(crontab)
    old = find(table)
    if old is not None:
        write_table(crontab, without_entry(table))
    return old


def current() -> str | None:
    return find(read_table(_crontab_program(None)))


def _crontab_program(line: str | None) -> str:
    found = shutil.which("crontab")
    if found is None:
        hint = ("add the line above to your crontab or scheduler by hand" if line
                else "nothing is scheduled through cron here")
        raise NoCrontabError(f"no 'crontab' program on this machine (cron is not installed); {hint}",
                             line or "")
    return found


def read_table(crontab: str) -> str:
    done = _call([crontab, "-l"], None)
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return ""
        raise ScheduleError(f"'crontab -l' failed: {_first_line(done.stderr)}; check that cron "
                            "allows your user (see /etc/cron.allow)")
    return done.stdout


def write_table(crontab: str, table: str) -> None:
    done = _call([crontab, "-"], table)
    if done.returncode != 0:
        raise ScheduleError(f"'crontab -' refused the new table: {_first_line(done.stderr)}; "
                            "your crontab was left as it was")


def _call(argv: list[str], stdin: str | None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, input=stdin, capture_output=True, text=True,
                              timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScheduleError(f"could not run '{' '.join(argv)}': {exc}") from exc


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or ["no message"])[0]


def trim_log(path: Path, max_bytes: int = LOG_MAX_BYTES, keep_bytes: int = LOG_KEEP_BYTES) -> None:
    """Cut the log to its newest `keep_bytes` (whole lines) once it exceeds `max_bytes`.

    Rewritten in place rather than replaced, so a shell appending to it (cron's
    `>>`, opened with O_APPEND) keeps writing into the same file. Cron's shell
    creates the log with its umask's mode just before paperfeed starts; it is made
    readable by the user only here, as the store and the config are.
    """
    try:
        info = path.stat()
        if info.st_mode & 0o077:
            path.chmod(0o600)
        if info.st_size <= max_bytes:
            return
        with path.open("r+b") as handle:
            handle.seek(-keep_bytes, os.SEEK_END)
            tail = handle.read()
            tail = tail[tail.find(b"\n") + 1:] if b"\n" in tail else tail
            handle.seek(0)
            handle.write(tail)
            handle.truncate()
    except OSError:
        return  # a log that cannot be trimmed is no reason to skip a fetch
