"""Writing a file so that a reader only ever sees the old content or the new one.

An export overwrites a file the user cares about (a blog post, a `.bib` used by a
paper). Writing in place would leave half a file behind if the process is killed
or the disk fills up. Instead the text goes to a temporary file in the same
folder (so the rename cannot cross file systems), is flushed to disk, and then
replaces the target in one `os.replace`. An existing file keeps its permissions;
a new one is readable by the user only (`private=True`, for files holding their
notes), or gets the mode the umask gives, as a shell's `>` would (`private=False`:
exports are meant to be published).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from paperfeed.errors import NotFoundError, UsageError

NEW_FILE_MODE = 0o600


def write_text(path: Path, text: str, *, encoding: str = "utf-8", private: bool = True) -> Path:
    """Replace `path` with `text` atomically; return the path actually written."""
    return write_bytes(path, text.encode(encoding), private=private)


def write_bytes(path: Path, data: bytes, *, private: bool = True) -> Path:
    target = _target(path)
    mode = _existing_mode(target)
    if mode is None:
        mode = NEW_FILE_MODE if private else 0o666 & ~_umask()
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _write_error(target, exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(target, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_dir(target.parent)
    return target


def _umask() -> int:
    mask = os.umask(0o077)  # the only way to read it is to set it; put it straight back
    os.umask(mask)
    return mask


def _target(path: Path) -> Path:
    """Follow a symlink, so the link stays a link and its target gets the new text."""
    path = path.expanduser()
    if path.is_symlink():
        path = path.resolve()
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name, like {path / 'papers.md'}")
    return path


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _write_error(path, exc) from exc


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be fsynced."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(path: Path, exc: OSError) -> UsageError | NotFoundError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOENT:
        return NotFoundError(f"cannot write {path}: the folder {path.parent} does not exist; "
                             "create it or choose another path")
    return UsageError(f"cannot write {path} ({reason}); choose another path "
                      "(any existing file there is unchanged)")
