"""Where paperfeed keeps its files: one function per kind of path.

`PAPERFEED_HOME` puts everything under one folder (tests and portable installs);
otherwise platformdirs picks the platform's user config, data and state dirs.
Every other module asks here, so redirecting one variable redirects them all.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "paperfeed"
HOME_ENV = "PAPERFEED_HOME"


def home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    root = home()
    if root is not None:
        return root
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    root = home()
    if root is not None:
        return root
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def state_dir() -> Path:
    """Logs and the fetch lock: things that may be deleted without losing anything."""
    root = home()
    if root is not None:
        return root / "state"
    import platformdirs

    return Path(platformdirs.user_state_dir(APP, appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


def db_path() -> Path:
    return data_dir() / "paperfeed.db"


def lock_path(db: Path) -> Path:
    """The fetch lock sits beside the database it guards, so two stores never share one."""
    return db.with_name(db.name + ".fetch.lock")


def log_path() -> Path:
    return state_dir() / "fetch.log"


def ensure_private_dir(path: Path) -> None:
    """Create a directory readable by the user only (it holds their notes)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
