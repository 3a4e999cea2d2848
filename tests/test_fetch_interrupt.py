"""Ctrl-C during a fetch: one line saying what was stored and that nothing was lost, exit 130.

Each source is stored in its own transaction as it finishes, so at any moment some
sources are stored whole and the rest not at all; the user is told which.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from paperfeed import refresh
from paperfeed.cli import app
from paperfeed.errors import ExitCode, FetchInterruptedError
from paperfeed.models import Sighting, SourceResult
from paperfeed.sources import FetchResult, Window
from paperfeed.store import Store

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


@dataclass
class Source:
    name: str
    ids: tuple[str, ...]
    delay: float = 0.0

    def fetch(self, client: Any, window: Window, etags: Mapping[str, str]) -> FetchResult:
        time.sleep(self.delay)
        return FetchResult(tuple(Sighting(source=self.name, paper_id=i, title="A paper",
                                          seen_day="2026-11-26") for i in self.ids), "ok")


class CtrlCAfterFirst:
    """The display the fetch reports to; Ctrl-C arrives once the first source is stored."""

    def started(self, source: str) -> None:
        pass

    def finished(self, result: SourceResult) -> None:
        raise KeyboardInterrupt


def sources() -> list[Source]:
    return [Source("arxiv", ("2411.00001", "2411.00002")),
            Source("huggingface", ("2411.00003",), delay=2.0),
            Source("paperswithcode", ("2411.00004",), delay=2.0)]


def test_ctrl_c_says_which_sources_were_stored(store: Store) -> None:
    with pytest.raises(FetchInterruptedError) as info:
        refresh.run(store, sources(), client=object(),  # type: ignore[arg-type]
                    window=Window(date(2026, 11, 26)), now=lambda: NOW, progress=CtrlCAfterFirst())
    assert info.value.exit_code == ExitCode.INTERRUPTED == 130
    assert info.value.message == (
        "interrupted: arxiv was stored (2 new, 0 updated); huggingface and paperswithcode "
        "were not stored; nothing stored before was lost, run 'paperfeed fetch' again for the rest")
    assert store.counts()["papers"] == 2


def test_ctrl_c_before_anything_finished(store: Store) -> None:
    class CtrlCAtStart(CtrlCAfterFirst):
        def started(self, source: str) -> None:
            raise KeyboardInterrupt

    with pytest.raises(FetchInterruptedError) as info:
        refresh.run(store, sources(), client=object(),  # type: ignore[arg-type]
                    window=Window(date(2026, 11, 26)), now=lambda: NOW, progress=CtrlCAtStart())
    assert info.value.message == ("interrupted before any source was stored; nothing stored "
                                  "before was lost")
    assert store.counts()["papers"] == 0


@pytest.mark.parametrize("command", [["fetch"], ["today", "--plain"]])
def test_the_cli_prints_the_one_line_and_exits_130(paperfeed_home: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   command: list[str]) -> None:
    from paperfeed.render import fetch as render_fetch

    monkeypatch.setattr(refresh, "choose_sources", lambda config, names: sources())
    monkeypatch.setattr(refresh, "_default_client", lambda config: _NoClient())
    monkeypatch.setattr(render_fetch, "live_progress", lambda *a, **k: _Progress())
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 130, result.output
    assert result.stderr == (
        "paperfeed: interrupted: arxiv was stored (2 new, 0 updated); huggingface and "
        "paperswithcode were not stored; nothing stored before was lost, run 'paperfeed fetch' "
        "again for the rest\n")
    with Store(paperfeed_home / "paperfeed.db") as store:
        assert store.counts()["papers"] == 2


class _NoClient:
    def __enter__(self) -> object:
        return object()

    def __exit__(self, *exc: object) -> None:
        pass


class _Progress:
    def __enter__(self) -> CtrlCAfterFirst:
        return CtrlCAfterFirst()

    def __exit__(self, *exc: object) -> None:
        pass


