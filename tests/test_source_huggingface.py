"""Hugging Face daily papers: both schemas parsed from wire-format files, days fetched
for real from a local server, and one paper seen by arXiv and Hugging Face stored once."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paperfeed.config import ArxivConfig, FetchConfig, HuggingfaceConfig
from paperfeed.errors import FetchError
from paperfeed.sources import OK, UNCHANGED, Window
from paperfeed.sources.arxiv import ArxivSource
from paperfeed.sources.http import HttpClient, make_client
from paperfeed.sources.huggingface import HuggingfaceSource, parse_daily

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FAST = FetchConfig(timeout_seconds=2, connect_timeout_seconds=1, retry_attempts=3,
                   retry_max_wait_seconds=0.3)
TODAY = date(2026, 8, 21)


def daily(name: str, day: str = "2026-08-21"):  # type: ignore[no-untyped-def]
    return parse_daily((FIXTURES / "hf-daily" / name).read_bytes(), day=day)


def test_the_current_schema_carries_every_signal() -> None:
    page = daily("2026-08-21.json")
    assert page.items == 3 and len(page.sightings) == 3
    s = page.sightings[0]
    assert (s.paper_id, s.version, s.source, s.kind) == ("2608.19880", None, "huggingface", "daily")
    assert s.title == "EnvHarness: Awakening Static Worlds for Agent Learning"
    assert (s.upvotes, s.comments, s.code_stars) == (163, 1, 8)
    assert s.code_url == "https://github.com/google-research/envharness"
    assert s.ai_summary is not None and s.ai_summary.startswith("EnvHarness and EnvRigger dynamically")
    assert s.ai_keywords[:2] == ("LLM agents", "Environment Harness")
    assert s.authors[:2] == ("Chengsong Huang", "Zifeng Wang")
    assert s.seen_day == "2026-08-21"  # submittedOnDailyAt, not the shifted top-level publishedAt
    assert s.published == "2026-08-20T00:00:00+00:00"
    assert s.details["project_page"] == "https://envharness.com/"
    assert s.details["organization"] == "Google"
    assert s.abs_url == "https://arxiv.org/abs/2608.19880" and not s.authoritative
    without = page.sightings[1]
    assert without.ai_summary is None and without.ai_keywords == ()
    no_code = page.sightings[2]
    assert no_code.code_url is None and no_code.code_stars is None


def test_the_2024_schema_parses_and_takes_the_requested_day() -> None:
    page = daily("2024-05-27_old_schema.json", day="2024-05-27")
    assert len(page.sightings) == 3
    s = page.sightings[0]
    assert (s.paper_id, s.upvotes, s.comments) == ("2405.15738", 32, 3)
    assert s.title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    assert s.seen_day == "2024-05-27" and s.ai_summary is None and s.code_url is None
    assert s.authors[:2] == ("Chunjiang Ge", "Sijie Cheng")


def test_hard_wrapped_titles_are_normalized() -> None:
    titles = [s.title for s in daily("2025-06-10.json").sightings]
    assert titles[0] == ("Lingshu: A Generalist Foundation Model for Unified Multimodal Medical "
                         "Understanding and Reasoning")
    assert all("\n" not in t and "  " not in t for t in titles)


def test_odd_items_are_cleaned_or_skipped() -> None:
    page = daily("odd.json")
    assert page.items == 5 and len(page.sightings) == 3
    escape, local, wrapped = page.sightings
    assert escape.title == "Escape red link title"
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", escape.title + (escape.ai_summary or ""))
    assert escape.ai_summary == "Summary bold."
    assert escape.abstract == "An abstract with R&D, x < y and <b>tags</b>, kept as text."
    assert local.paper_id == "huggingface:nature-12345"
    assert local.abs_url == "https://huggingface.co/papers/nature-12345" and local.pdf_url is None
    assert local.code_url is None  # a javascript: link is never kept
    assert local.upvotes is None  # "many" is not a number
    assert wrapped.title == "A title with a hard wrap" and wrapped.comments is None


def test_an_error_answer_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match=r"^Hugging Face daily papers answered with an error: "
                                         r"Invalid date format$"):
        daily("error.json")


def test_a_truncated_answer_is_an_error() -> None:
    data = (FIXTURES / "hf-daily" / "2026-08-21.json").read_bytes()[:500]
    with pytest.raises(FetchError, match=r"not valid JSON .*it may be truncated"):
        parse_daily(data, day="2026-08-21")


# -- fetching for real ---------------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


def days_server(httpserver: HTTPServer, days: dict[str, bytes],
                etag: str | None = None) -> list[dict[str, str]]:
    asked: list[dict[str, str]] = []

    def answer(request: Request) -> Response:
        asked.append(dict(request.args))
        if etag and request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        body = days.get(request.args["date"], b"[]") if request.args.get("p") == "0" else b"[]"
        headers = {"ETag": etag} if etag else {}
        return Response(body, content_type="application/json", headers=headers)

    httpserver.expect_request("/api/daily_papers").respond_with_handler(answer)
    return asked


def test_today_and_the_days_back_are_fetched(httpserver: HTTPServer, client: HttpClient) -> None:
    asked = days_server(httpserver, {
        "2026-08-21": (FIXTURES / "hf-daily" / "2026-08-21.json").read_bytes(),
        "2026-08-20": (FIXTURES / "hf-daily" / "2025-06-10.json").read_bytes(),
    })
    source = HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=1))
    result = source.fetch(client, Window(TODAY), {})
    assert [a["date"] for a in asked] == ["2026-08-20", "2026-08-21"]
    assert all((a["limit"], a["p"]) == ("100", "0") for a in asked)
    assert result.status == OK and len(result.sightings) == 5


def test_a_catch_up_fetches_every_day_of_the_range(httpserver: HTTPServer, client: HttpClient) -> None:
    asked = days_server(httpserver, {})
    source = HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers")))
    source.fetch(client, Window(TODAY, since=date(2026, 8, 17)), {})
    assert [a["date"] for a in asked] == [f"2026-08-{d}" for d in range(17, 22)]


def test_a_full_page_asks_for_the_next(httpserver: HTTPServer, client: HttpClient) -> None:
    item = json.loads((FIXTURES / "hf-daily" / "2026-08-21.json").read_text())[0]
    full = []
    for i in range(100):
        copy = json.loads(json.dumps(item))
        copy["paper"]["id"] = f"2608.{10000 + i}"
        full.append(copy)
    asked: list[str] = []

    def answer(request: Request) -> Response:
        asked.append(request.args["p"])
        body = json.dumps(full) if request.args["p"] == "0" else json.dumps([item])
        return Response(body, content_type="application/json")

    httpserver.expect_request("/api/daily_papers").respond_with_handler(answer)
    source = HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=0))
    result = source.fetch(client, Window(TODAY), {})
    assert asked == ["0", "1"] and len(result.sightings) == 101


def test_unchanged_days_give_unchanged(httpserver: HTTPServer, client: HttpClient) -> None:
    days_server(httpserver, {"2026-08-21": b"[]"}, etag='"same"')
    source = HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=0))
    first = source.fetch(client, Window(TODAY), {})
    assert first.status == OK and list(first.etags.values()) == ['"same"']
    second = source.fetch(client, Window(TODAY), first.etags)
    assert (second.status, second.sightings) == (UNCHANGED, ())


def test_a_rate_limit_is_waited_out(httpserver: HTTPServer) -> None:
    times: list[float] = []

    def answer(request: Request) -> Response:
        times.append(time.monotonic())
        if len(times) == 1:
            return Response("Too Many Requests", status=429, headers={
                "RateLimit": '"api";r=0;t=1', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'})
        return Response(b"[]", content_type="application/json")

    httpserver.expect_request("/api/daily_papers").respond_with_handler(answer)
    source = HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=0))
    with make_client(FetchConfig(retry_attempts=3, retry_max_wait_seconds=5)) as client:
        assert source.fetch(client, Window(TODAY), {}).status == OK
    assert 0.95 <= times[1] - times[0] < 2.5


def test_an_html_page_where_json_belongs_is_a_clear_error(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        (FIXTURES / "html" / "trending.html").read_bytes(), content_type="text/html")
    with pytest.raises(FetchError, match=r"^huggingface: http://.*/api/daily_papers\?date=2026-08-21&limit=100&p=0"
                                         r" sent an HTML page where JSON was expected"):
        HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=0)).fetch(
            client, Window(TODAY), {})


def test_an_error_object_names_the_url(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        (FIXTURES / "hf-daily" / "error.json").read_bytes(), content_type="application/json")
    with pytest.raises(FetchError) as caught:
        HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=0)).fetch(
            client, Window(TODAY), {})
    assert caught.value.source == "huggingface" and "p=0" in caught.value.url
    assert caught.value.message.endswith(
        ": Hugging Face daily papers answered with an error: Invalid date format")


# -- one paper, two sources, one row ----------------------------------------------------------


@pytest.mark.parametrize("hf_first", [False, True])
def test_the_same_paper_from_arxiv_and_hugging_face_is_one_row(
        httpserver: HTTPServer, client: HttpClient, store: object, hf_first: bool) -> None:
    from paperfeed.store import Store

    assert isinstance(store, Store)
    httpserver.expect_request("/rss/cs.LG").respond_with_data(
        (FIXTURES / "arxiv-rss" / "excerpt.xml").read_bytes(), content_type="application/rss+xml")
    days_server(httpserver, {"2024-11-28": (FIXTURES / "hf-daily" / "cross_2411.17702.json").read_bytes()})
    arxiv = ArxivSource(ArxivConfig(categories=["cs.LG"], feed_url=httpserver.url_for("/rss/"),
                                    request_gap_seconds=0))
    hf = HuggingfaceSource(HuggingfaceConfig(url=httpserver.url_for("/api/daily_papers"), days_back=0))
    window = Window(date(2024, 11, 28))
    results = [arxiv.fetch(client, window, {}), hf.fetch(client, window, {})]
    for result in (reversed(results) if hf_first else results):
        store.record(result.sightings, "2024-11-28T06:00:00+00:00")

    paper = store.get("2411.17702")
    assert paper is not None
    assert paper.title == ('Finding "Good Views" of Electrocardiogram Signals for Inferring '
                           "Abnormalities in Cardiac Condition")
    assert paper.authors == ("Hyewon Jeong", "Suyeol Yun", "Hammaad Adam")  # arXiv's full list
    assert paper.abstract.startswith("Electrocardiograms (ECGs) are an established technique")
    assert paper.abstract.endswith("https://github.com/mandiehyewon/goodviews_ecg.git")  # arXiv's, whole
    assert (paper.upvotes, paper.comments, paper.code_stars) == (42, 5, 17)
    assert paper.code_url == "https://github.com/mandiehyewon/goodviews_ecg"
    assert set(paper.sources) == {"arxiv", "huggingface"} and paper.announce_type == "new"
    assert paper.categories == ("eess.SP", "cs.LG")
    assert store.counts()["papers"] == 9  # the 3 replacements of unknown papers are not added
