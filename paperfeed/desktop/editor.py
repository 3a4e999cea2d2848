"""Editing a note in the user's $EDITOR (or $VISUAL), the way git does.

The editor command is split with shlex and run without a shell, so a note's
text or a path can never be interpreted as shell syntax.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from paperfeed.errors import ExternalError, UsageError


def editor_command() -> list[str]:
    value = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        argv = shlex.split(value)
    except ValueError as exc:
        raise UsageError(f"cannot understand $EDITOR={value!r} ({exc}); set it to a command") from exc
    if not argv:
        raise UsageError("$EDITOR is empty; set it to a command such as 'nano' or 'vim'")
    return argv


def edit_text(initial: str, *, suffix: str = ".md") -> str:
    """Open `initial` in the editor and return what the user saved."""
    argv = editor_command()
    fd, name = tempfile.mkstemp(prefix="paperfeed-note-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            result = subprocess.run([*argv, str(path)], check=False)
        except OSError as exc:
            raise ExternalError(f"cannot run the editor {argv[0]!r} ({exc.strerror}); "
                             "set $EDITOR to an installed editor") from exc
        if result.returncode != 0:
            raise ExternalError(f"the editor {argv[0]!r} exited with {result.returncode}; "
                             "the note was not changed")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
