"""Fixtures the reliability suites share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperfeed.store import Store
from paperfeed.store.queries import Selection

from .faultserver import PREFIX, FaultServer, Reply, config_toml
from .hostile import ALL, hostile_error_feed, hostile_hf, hostile_rss
from .support import run_cli


@pytest.fixture(scope="package")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A library fetched from hostile answers, with hostile notes, every paper starred."""
    home = tmp_path_factory.mktemp("hostile")
    with FaultServer() as server:
        (home / "config.toml").write_text(config_toml(server.url))
        server.answer(PREFIX["arxiv"], Reply(body=hostile_rss(), content_type="application/rss+xml"))
        server.answer(PREFIX["huggingface"], Reply(body=hostile_hf(), content_type="application/json"))
        server.answer(PREFIX["paperswithcode"], Reply(body=hostile_hf("trending.json"),
                                                      content_type="application/json"))
        first = run_cli(["fetch"], home=home)
        assert first.returncode == 0, first.stderr
        # A replacement announcement whose announce type carries payloads updates a stored paper.
        server.answer(PREFIX["arxiv"], Reply(body=hostile_rss(with_kind_payload=True),
                                             content_type="application/rss+xml"))
        assert run_cli(["fetch", "--source", "arxiv"], home=home).returncode == 0
        # Failures whose explanations carry payloads: arXiv's error feed, an odd status line.
        server.answer(PREFIX["arxiv"], Reply(status=400, body=hostile_error_feed(),
                                             content_type="application/rss+xml"))
        server.answer(PREFIX["huggingface"], Reply(status=599, reason=ALL.replace("\n", " "),
                                                   body=b"", content_type="text/plain"))
        failed = run_cli(["fetch"], home=home)
        assert failed.returncode in (5, 6), failed.stderr
        (home / "fetch-report.txt").write_text(failed.stderr + failed.stdout)
    db = home / "paperfeed.db"
    with Store(db) as store:
        papers = store.select(Selection())
        hostile = [p for p in papers if p.title.startswith("Hostile")]
        assert len(hostile) >= 4, [p.title[:30] for p in papers]
        for paper in hostile:
            store.set_mark(paper.id, starred_at="2026-11-26T07:00:00+00:00",
                           note=f"Raw note {paper.id} {ALL}")
    target = hostile[0].id
    noted = run_cli(["note", target, "-"], home=home, stdin=f"CLI note {ALL}")
    assert noted.returncode == 0, noted.stderr
    yield home
