"""Errors a user can cause, each carrying the one line paperfeed prints for it.

Anything a user can provoke (a typo in the config, a broken feed, an unknown id)
raises a `PaperfeedError` subclass; the CLI prints `message` on stderr and exits
with `exit_code`. A traceback therefore always means a bug in paperfeed.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes; documented in the README, relied on by cron scripts."""

    OK = 0
    ERROR = 1  # an unexpected failure: a bug, please report it
    USAGE = 2  # malformed arguments (typer uses 2 for its own usage errors too)
    CONFIG = 3  # the config file is unreadable or invalid
    STORE = 4  # the database cannot be opened or written
    FETCH_PARTIAL = 5  # some sources failed, the others were stored
    FETCH_FAILED = 6  # every source failed
    NOT_FOUND = 7  # an id or file that does not exist
    EXTERNAL = 8  # a program run for the user failed or is missing ($EDITOR, the web browser)
    INTERRUPTED = 130


class PaperfeedError(Exception):
    """Base class: `str(err)` is the whole user-facing line."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PaperfeedError):
    exit_code = ExitCode.USAGE


class InvalidIdError(UsageError):
    """A string that is not any form of paper id paperfeed knows."""


class ConfigError(PaperfeedError):
    exit_code = ExitCode.CONFIG


class StoreError(PaperfeedError):
    exit_code = ExitCode.STORE


class NotFoundError(PaperfeedError):
    exit_code = ExitCode.NOT_FOUND


class ExternalError(PaperfeedError):
    """A program paperfeed runs for the user ($EDITOR, the browser) failed or is missing."""

    exit_code = ExitCode.EXTERNAL


class FetchError(PaperfeedError):
    """One source failed; `source` and `url` say which, so the report can name them."""

    exit_code = ExitCode.FETCH_FAILED

    def __init__(self, message: str, *, source: str = "", url: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.url = url


class FetchInterruptedError(PaperfeedError):
    """Ctrl-C during a fetch; the message says which sources were stored before it."""

    exit_code = ExitCode.INTERRUPTED


class ServiceRetiredError(FetchError):
    """The URL now answers with the web page of a service that no longer exists."""
