"""First-run chores: writing the example config where the user's config belongs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from paperfeed import paths
from paperfeed.errors import ConfigError, UsageError


def example_config() -> str:
    return resources.files("paperfeed").joinpath("config", "example.toml").read_text("utf-8")


def write_example_config(path: Path, *, force: bool) -> Path:
    if path.exists() and not force:
        raise UsageError(f"{path}: a config file is already there; pass --force to replace it")
    try:
        paths.ensure_private_dir(path.parent)
        path.write_text(example_config(), encoding="utf-8")
        path.chmod(0o600)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the config ({exc.strerror}); "
                          "check the folder's permissions") from exc
    return path
