"""Papers with Code: its successor (Hugging Face trending, papers with code only), the
historical v1 JSON, and the retired site's redirect reported as such."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from paperfeed.config import FetchConfig, PaperswithcodeConfig
from paperfeed.errors import FetchError, ServiceRetiredError
from paperfeed.sources import OK, UNCHANGED, Window
from paperfeed.sources.http import HttpClient, make_client
from paperfeed.sources.paperswithcode import PaperswithcodeSource, parse_pwc_page, parse_trending

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FAST = FetchConfig(timeout_seconds=2, connect_timeout_seconds=1, retry_attempts=2,
                   retry_max_wait_seconds=0.2)
TODAY = date(2026, 11, 26)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_trending_keeps_papers_with_code_and_their_rank() -> None:
    found = parse_trending(fixture("hf-daily/trending.json"), day="2026-11-26")
    assert [(s.paper_id, s.rank) for s in found] == [("2608.16590", 2), ("2608.17253", 3), ("2608.99999", 4)]
    zetta = found[0]
    assert zetta.code_url == "https://github.com/air-embodied-brain/Zetta-Embodiment"
    assert zetta.code_stars is not None and zetta.upvotes is not None
    assert (zetta.source, zetta.kind, zetta.seen_day) == ("paperswithcode", "trending", "2026-11-26")
    assert zetta.title.startswith("Zetta ζ: ")
    # No githubRepo, but its project page is a GitHub repository.
    assert found[2].code_url == "https://github.com/example/project-page-code"


def test_the_2024_schema_has_no_code_so_nothing_trends() -> None:
    assert parse_trending(fixture("hf-daily/2024-05-27_old_schema.json"), day="2026-11-26") == ()


def test_a_v1_page_gives_papers_and_the_next_page() -> None:
    page = parse_pwc_page(fixture("pwc/papers_page1.json"), day="2026-11-26")
    assert page.next_url == "https://paperswithcode.com/api/v1/papers/?items_per_page=3&page=2"
    assert page.count == 4 and len(page.sightings) == 3
    local, first, second = page.sightings
    assert local.paper_id == "paperswithcode:neural-networks-and-physical-systems-with"
    assert local.abs_url == "https://www.pnas.org/content/79/8/2554"
    assert local.authors == ("J J Hopfield",) and local.published == "1982-01-15"
    assert ":" not in first.paper_id and ":" not in second.paper_id
    assert all(s.source == "paperswithcode" and not s.authoritative for s in page.sightings)


def test_a_single_v1_paper_parses() -> None:
    page = parse_pwc_page(fixture("pwc/paper.json"), day="2026-11-26")
    (gan,) = page.sightings
    assert (gan.paper_id, gan.version) == ("1406.2661", None)
    assert gan.title == "Generative Adversarial Networks" and gan.authors[0] == "Ian J. Goodfellow"
    assert (gan.abs_url, gan.pdf_url) == ("https://arxiv.org/abs/1406.2661v1", "https://arxiv.org/pdf/1406.2661v1.pdf")
    assert page.next_url is None


def test_a_list_of_methods_is_not_taken_for_papers() -> None:
    with pytest.raises(FetchError, match=r"lists no papers .*point sources.paperswithcode.url at"):
        parse_pwc_page(fixture("pwc/methods.json"), day="2026-11-26")


# -- fetching for real -------------------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


def test_the_default_reads_trending_papers(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/daily_papers", query_string={"sort": "trending", "limit": "100"}
                              ).respond_with_data(fixture("hf-daily/trending.json"),
                                                  content_type="application/json", headers={"ETag": '"t1"'})
    source = PaperswithcodeSource(PaperswithcodeConfig(url=httpserver.url_for("/api/daily_papers")))
    result = source.fetch(client, Window(TODAY), {})
    assert result.status == OK and [s.rank for s in result.sightings] == [2, 3, 4]
    assert result.etags == {source.trending_url(): '"t1"'}
    httpserver.clear()
    httpserver.expect_request("/api/daily_papers", headers={"If-None-Match": '"t1"'}).respond_with_data(
        "", status=304)
    assert source.fetch(client, Window(TODAY), result.etags).status == UNCHANGED


def test_v1_follows_next_on_the_same_server_up_to_max_pages(httpserver: HTTPServer,
                                                            client: HttpClient) -> None:
    page1 = json.loads(fixture("pwc/papers_page1.json"))
    page1["next"] = httpserver.url_for("/api/v1/papers/") + "?items_per_page=3&page=2"
    httpserver.expect_request("/api/v1/papers/", query_string="items_per_page=3&page=2").respond_with_json(
        json.loads(fixture("pwc/papers_page2.json")))
    httpserver.expect_request("/api/v1/papers/").respond_with_json(page1)
    config = PaperswithcodeConfig(format="pwc-v1", url=httpserver.url_for("/api/v1/papers/"))
    result = PaperswithcodeSource(config).fetch(client, Window(TODAY), {})
    assert result.status == OK and len(result.sightings) == 4 and len(httpserver.log) == 2

    httpserver.clear_log()
    one_page = PaperswithcodeConfig(format="pwc-v1", url=config.url, max_pages=1)
    assert len(PaperswithcodeSource(one_page).fetch(client, Window(TODAY), {}).sightings) == 3
    assert len(httpserver.log) == 1


def test_v1_never_follows_next_to_another_server(httpserver: HTTPServer, client: HttpClient) -> None:
    page1 = json.loads(fixture("pwc/papers_page1.json"))
    page1["next"] = "https://paperswithcode.com/api/v1/papers/?items_per_page=50&page=2"
    httpserver.expect_request("/api/v1/papers/").respond_with_json(page1)
    config = PaperswithcodeConfig(format="pwc-v1", url=httpserver.url_for("/api/v1/papers/"))
    result = PaperswithcodeSource(config).fetch(client, Window(TODAY), {})
    assert len(result.sightings) == 3 and len(httpserver.log) == 1


@pytest.mark.parametrize("fmt", ["pwc-v1", "hf-trending"])
def test_the_retired_sites_redirect_is_reported_as_retired(
        httpserver: HTTPServer, client: HttpClient, fmt: str) -> None:
    httpserver.expect_request("/api/v1/papers/").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/papers/trending")})
    httpserver.expect_request("/papers/trending").respond_with_data(
        fixture("html/trending.html"), content_type="text/html; charset=utf-8")
    config = PaperswithcodeConfig(format=fmt, url=httpserver.url_for("/api/v1/papers/"))
    with pytest.raises(ServiceRetiredError) as caught:
        PaperswithcodeSource(config).fetch(client, Window(TODAY), {})
    message = caught.value.message
    assert message.startswith("Papers with Code was retired in July 2025 (")
    assert message.endswith('set sources.paperswithcode.format = "hf-trending" and '
                            'url = "https://huggingface.co/api/daily_papers"')
    assert httpserver.url_for("/papers/trending") in message and "\n" not in message
    assert isinstance(caught.value, FetchError) and caught.value.source == "paperswithcode"


def test_an_html_page_without_a_redirect_is_an_ordinary_fetch_error(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        fixture("html/trending.html"), content_type="text/html")
    source = PaperswithcodeSource(PaperswithcodeConfig(url=httpserver.url_for("/api/daily_papers")))
    with pytest.raises(FetchError) as caught:
        source.fetch(client, Window(TODAY), {})
    assert not isinstance(caught.value, ServiceRetiredError)
    assert "sent an HTML page where JSON was expected" in caught.value.message


@pytest.mark.parametrize(("body", "message"), [
    (b'{"detail":"Not found."}', r"^Papers with Code answered with an error: Not found\.$"),
    (b"\n<!doctype html>\n<html><head><title>Not Found</title></head><body></body></html>",
     r"^the Papers with Code answer is an HTML page titled 'Not Found', not JSON"),
    (b'{"count":1,"next":null,"results":[{"url":"https://github.com/a/b","owner":"a","name":"b",'
     b'"stars":3,"framework":"pytorch","is_official":true}]}', r"lists no papers \(.*repositories"),
])
def test_v1_answers_that_are_no_paper_list_are_refused_clearly(body: bytes, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        parse_pwc_page(body, day="2022-11-13")
