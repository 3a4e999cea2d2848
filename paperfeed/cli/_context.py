"""State shared by the commands: the paths chosen by global options, and helpers to
load the config and open the store with one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from paperfeed.errors import PaperfeedError

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.store import Store

_paths: dict[str, Path | None] = {"config": None, "db": None}


def set_paths(*, config: Path | None, db: Path | None) -> None:
    _paths["config"] = config
    _paths["db"] = db


def config_path() -> Path:
    from paperfeed import paths

    return _paths["config"] or paths.config_path()


def db_path() -> Path:
    from paperfeed import paths

    return _paths["db"] or paths.db_path()


def load_config() -> Config:
    from paperfeed import config
    from paperfeed.errors import ConfigError

    explicit = _paths["config"]
    if explicit is not None and not explicit.exists():
        raise ConfigError(f"{explicit}: no such config file; check --config or run "
                          "'paperfeed config init'")
    return config.load(config_path())


def open_store(*, create: bool = True, read_only: bool = False) -> Store:
    """`create=False` for commands that only read or mark: a missing database then says
    'run paperfeed fetch first' instead of an empty one being made. `read_only=True`
    for commands that only read, so they work on a folder paperfeed cannot write."""
    from paperfeed.store import Store

    return Store(db_path(), create=create, read_only=read_only)


def fail(exc: PaperfeedError) -> NoReturn:
    """Print the error's one line on stderr and exit with its code."""
    sys.stderr.write(f"paperfeed: {exc.message}\n")
    sys.exit(int(exc.exit_code))


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
