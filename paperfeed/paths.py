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
    """The fetch lock of the database at `db`, in the state folder (as the README says).

    Named by a hash of the database's absolute path, so two stores never share a lock,
    and nothing is ever written beside a `--db` file (a refused `--db notes.txt` must
    leave that folder as it was).
    """
    import hashlib

    key = hashlib.sha256(str(db.expanduser().resolve()).encode()).hexdigest()[:16]  # links too
    return state_dir() / f"{db.name[:100]}-{key}.fetch.lock"


def log_path() -> Path:
    return state_dir() / "fetch.log"


def ensure_private_dir(path: Path) -> None:
    """Create a directory readable by the user only (it holds their notes)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
