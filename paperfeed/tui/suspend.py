"""Handing the terminal to another program (an editor, a text-mode browser) and back.

Textual's `suspend()` does not resume after an exception inside it, so the
program's error is carried out of the block and raised once the reader is back.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App, SuspendNotSupported

from paperfeed.errors import PaperfeedError

T = TypeVar("T")


def outside(app: App[Any], work: Callable[[], T]) -> T:
    """Run `work` with the terminal handed back; `SuspendNotSupported` where there is
    no real terminal (tests, the web)."""
    outcome: list[T] = []
    failure: list[PaperfeedError] = []
    with app.suspend():
        try:
            outcome.append(work())
        except PaperfeedError as exc:
            failure.append(exc)
    if failure:
        raise failure[0]
    return outcome[0]


def outside_if_terminal_browser(app: App[Any], work: Callable[[], T]) -> T:
    """Without a display, `webbrowser` falls back to lynx or w3m, which need the terminal."""
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        try:
            return outside(app, work)
        except SuspendNotSupported:
            pass
    return work()
