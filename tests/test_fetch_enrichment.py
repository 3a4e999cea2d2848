"""What a fetch adds beyond the sources' own answers, through the real fetch code and a
local server: categories for Hugging Face papers from arXiv's API (`id_list`), and
trending ranks that belong to the latest trending list only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paperfeed import refresh
from paperfeed.config import (
    ArxivConfig,
    Config,
    DigestConfig,
    FetchConfig,
    HuggingfaceConfig,
    InterestsConfig,
    PaperswithcodeConfig,
    SourcesConfig,
)
from paperfeed.sources import Window
from paperfeed.store import Store
from paperfeed.today import build_digest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
FOUND, MISSING = "2201.13452", "2201.13455"  # arXiv's answer has the first, not the second


def hf_day(ids: list[str]) -> bytes:
    """Hugging Face's daily list (the recorded 2026-08-21 items) naming these papers."""
    items: list[dict[str, Any]] = json.loads((FIXTURES / "hf-daily" / "2026-08-21.json").read_bytes())
    chosen = []
    for pid, item in zip(ids, items, strict=False):
        item = json.loads(json.dumps(item))
        item["paper"]["id"] = pid
        chosen.append(item)
    return json.dumps(chosen).encode()


def config(server: HTTPServer, **digest: Any) -> Config:
    return Config(
        fetch=FetchConfig(retry_attempts=1, timeout_seconds=5, connect_timeout_seconds=2),
        digest=DigestConfig(**digest),
        interests=InterestsConfig(exclude_categories=["math.AP"]),
        sources=SourcesConfig(
            arxiv=ArxivConfig(feed_url=server.url_for("/rss/"), api_url=server.url_for("/api/query"),
                              request_gap_seconds=0.0),
            huggingface=HuggingfaceConfig(url=server.url_for("/api/daily_papers"), days_back=0),
            paperswithcode=PaperswithcodeConfig(url=server.url_for("/api/daily_papers")),
        ),
    )


def fetch(cfg: Config, db: Path, only: str) -> refresh.RefreshReport:
    return refresh.fetch(cfg, db, Window(date(2026, 11, 26)), only=[only], now=lambda: NOW)


def asked_ids(server: HTTPServer) -> list[list[str]]:
    return [r.args["id_list"].split(",") for r, _ in server.log if r.path == "/api/query"]


def test_hugging_face_papers_get_their_categories_once_and_a_failure_is_retried(
        httpserver: HTTPServer, paperfeed_home: Path) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        hf_day([FOUND, MISSING]), content_type="application/json")
    answers = [Response("arXiv is busy", status=503)]

    def api(request: Request) -> Response:
        if answers:
            return answers.pop()
        body = (FIXTURES / "arxiv-api" / "id_list_one_of_four_found.xml").read_bytes()
        return Response(body, content_type="application/atom+xml")

    httpserver.expect_request("/api/query").respond_with_handler(api)
    cfg, db = config(httpserver), paperfeed_home / "paperfeed.db"

    failed = fetch(cfg, db, "huggingface")
    assert failed.categories is not None and failed.categories.error is not None
    assert failed.new == 2 and failed.exit_code == 0  # the papers are stored all the same
    with Store(db) as store:
        assert [store.get(p).categories for p in (FOUND, MISSING)] == [(), ()]  # type: ignore[union-attr]

    again = fetch(cfg, db, "huggingface")
    assert again.categories is not None and (again.categories.found, again.categories.error) == (1, None)
    with Store(db) as store:
        paper = store.get(FOUND)
        assert paper is not None and paper.categories == ("math.AP",) and paper.primary_category == "math.AP"
        assert paper.sources == ("huggingface",)  # the lookup is not a sighting by arXiv
        # exclude_categories now drops it, as the README promises.
        chosen = build_digest(store, cfg, NOW)
        assert [e.paper.id for e in chosen.entries] == [MISSING]

    fetch(cfg, db, "huggingface")
    asked = asked_ids(httpserver)
    assert sorted(asked[0]) == sorted(asked[1]) == sorted([FOUND, MISSING])
    assert asked[2] == [MISSING]  # a paper with categories is never asked for again


def test_no_lookup_while_the_arxiv_source_is_disabled(httpserver: HTTPServer, paperfeed_home: Path) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        hf_day([FOUND]), content_type="application/json")
    cfg = config(httpserver)
    cfg = Config(fetch=cfg.fetch, sources=SourcesConfig(
        arxiv=ArxivConfig(enabled=False, api_url=httpserver.url_for("/api/query")),
        huggingface=cfg.sources.huggingface))
    report = fetch(cfg, paperfeed_home / "paperfeed.db", "huggingface")
    assert report.new == 1 and report.categories is None and asked_ids(httpserver) == []


# -- trending ranks ---------------------------------------------------------------------


def test_a_paper_that_left_the_trending_list_loses_its_rank(httpserver: HTTPServer,
                                                             paperfeed_home: Path) -> None:
    """The recorded list has two papers with code (ranks 2 and 3; 2608.99999's code is a
    github.com project page, rank 4). The next list drops 2608.16590: its rank goes."""
    recorded: list[dict[str, Any]] = json.loads((FIXTURES / "hf-daily" / "trending.json").read_bytes())
    later = [item for item in recorded if item["paper"]["id"] != "2608.16590"]
    lists = [json.dumps(later).encode(), json.dumps(recorded).encode()]
    httpserver.expect_request("/api/daily_papers", query_string={"sort": "trending", "limit": "100"}
                              ).respond_with_handler(
        lambda r: Response(lists.pop(), content_type="application/json"))
    httpserver.expect_request("/api/query").respond_with_data(
        (FIXTURES / "arxiv-api" / "zero_results.xml").read_bytes(), content_type="application/atom+xml")
    cfg, db = config(httpserver), paperfeed_home / "paperfeed.db"

    fetch(cfg, db, "paperswithcode")
    with Store(db) as store:
        ranks = {p: store.get(p).trending_rank for p in ("2608.16590", "2608.17253", "2608.99999")}  # type: ignore[union-attr]
    assert ranks == {"2608.16590": 2, "2608.17253": 3, "2608.99999": 4}

    fetch(cfg, db, "paperswithcode")
    with Store(db) as store:
        ranks = {p: store.get(p).trending_rank for p in ("2608.16590", "2608.17253", "2608.99999")}  # type: ignore[union-attr]
        assert ranks == {"2608.16590": None, "2608.17253": 2, "2608.99999": 3}
        gone = build_digest(store, cfg, NOW + timedelta(hours=1))
        reasons = {e.paper.id: e.reasons for e in gone.entries}
        assert not any(r.startswith("trending") for r in reasons.get("2608.16590", ()))
