"""Shared fixtures: every test gets its own PAPERFEED_HOME, so no test can touch the
user's real config or database (the pattern of simonw/llm's user_dir fixture)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from _chat_server import ChatServer
    from pytest_httpserver import HTTPServer

SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def paperfeed_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("PAPERFEED_HOME", str(home))
    for var in ("PAPERFEED_CONFIG", "PAPERFEED_DB", "EDITOR", "VISUAL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield home


@pytest.fixture
def store(paperfeed_home: Path) -> Iterator[object]:
    from paperfeed.store import Store

    s = Store(paperfeed_home / "paperfeed.db")
    yield s
    s.close()


@pytest.fixture
def set_zone() -> Iterator[Callable[[str], None]]:
    """Put the process in a time zone (`TZ` and the C library's view of it) for one
    test; the zone it had is restored afterwards, so no test changes it for later ones."""
    original = os.environ.get("TZ")

    def put(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield put
    if original is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = original
    time.tzset()


@pytest.fixture
def utc(set_zone: Callable[[str], None]) -> None:
    """The process in UTC for one test, for files whose expected days are UTC days
    (`pytestmark = pytest.mark.usefixtures("utc")`); restored afterwards."""
    set_zone("UTC")


@pytest.fixture
def chat(httpserver: HTTPServer) -> Iterator[ChatServer]:
    """A local OpenAI-compatible chat-completions endpoint (tests/_chat_server.py)."""
    from _chat_server import PATH
    from _chat_server import ChatServer as Served

    served = Served()
    httpserver.expect_request(PATH, method="POST").respond_with_handler(served.handle)
    yield served
