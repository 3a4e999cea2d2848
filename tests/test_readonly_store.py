"""Commands that only read work on a data folder paperfeed may not write to.

Such a folder (a library synced read-only, a backup mounted somewhere) cannot hold
SQLite's `-wal` and `-shm` files, so a WAL database there can only be read as an
immutable file. The tests run as root, which no folder permission stops; so the
folder is made read-only in the eyes of the check paperfeed makes (`os.access`), and
the store must then write nothing at all: no new file beside the database, not one
byte of it changed. A second test uses a real unwritable folder, as another user.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from _library_store import fill
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.store import Store

READ_ONLY_COMMANDS = [
    ["status"],
    ["list"],
    ["list", "--starred", "--json"],
    ["show", "2409.00003"],
    ["search", "weather"],
    ["export"],
    ["export", "--format", "bibtex"],
]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def library_home(paperfeed_home: Path) -> Path:
    with Store(paperfeed_home / "paperfeed.db") as store:
        fill(store)
    return paperfeed_home


@pytest.fixture
def unwritable(library_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)).resolve() in (library_home.resolve(),
                                                             (library_home / "paperfeed.db").resolve()):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    return library_home


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS)
def test_read_only_commands_work_and_write_nothing(unwritable: Path, args: list[str]) -> None:
    before = snapshot(unwritable)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert snapshot(unwritable) == before


def test_a_command_that_writes_says_the_folder_is_read_only(unwritable: Path) -> None:
    result = CliRunner().invoke(app, ["star", "2409.00003"])
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith("paperfeed: ")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS[:1] + READ_ONLY_COMMANDS[3:4])
def test_read_only_commands_never_write_even_where_they_could(library_home: Path,
                                                             args: list[str]) -> None:
    before = (library_home / "paperfeed.db").read_bytes()
    assert CliRunner().invoke(app, args).exit_code == 0
    assert (library_home / "paperfeed.db").read_bytes() == before


def _as_other_user() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    # A checkout in a root-only folder (mktemp -d makes one) cannot be imported by that
    # user at all: then there is nothing to run as them.
    probe = subprocess.run([*prefix, sys.executable, "-c", "import paperfeed.cli"],
                           capture_output=True, text=True, timeout=60, check=False)
    return prefix if probe.returncode == 0 else None


def test_a_really_unwritable_folder(library_home: Path) -> None:
    prefix = _as_other_user()
    if prefix is None:
        pytest.skip("needs setpriv, and a checkout another user can read, to drop root's rights"
                    )  # the os.access tests above still run
    outer = Path(tempfile.mkdtemp(prefix="paperfeed-ro-"))  # pytest's own tmp is root-only
    folder = outer / "ro"
    shutil.copytree(library_home, folder)
    for p in [outer, folder, *folder.iterdir()]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    folder.chmod(0o555)
    env = {**os.environ, "PAPERFEED_HOME": str(folder), "HOME": str(outer)}
    try:
        for args in (["list"], ["status"], ["export"]):
            done = subprocess.run([*prefix, sys.executable, "-m", "paperfeed", *args], env=env,
                                  capture_output=True, text=True, timeout=60, check=False)
            assert done.returncode == 0, done.stderr
            assert "2409.00003" in done.stdout or "papers" in done.stdout
    finally:
        folder.chmod(0o755)
        shutil.rmtree(outer)


def test_a_read_only_store_refuses_writes_even_in_a_writable_folder(library_home: Path) -> None:
    from paperfeed.errors import StoreError

    with Store(library_home / "paperfeed.db", read_only=True) as store:
        assert store.get("2409.00003") is not None
        with pytest.raises(StoreError):
            store.set_mark("2409.00003", note="sneaky")
    with Store(library_home / "paperfeed.db") as store:
        paper = store.get("2409.00003")
        assert paper is not None and paper.marks.note != "sneaky"
