"""The HTTP policy, run for real against a local server: retries, waits, pacing,
conditional GET, size cap, content sniffing and the one-line errors."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paperfeed import __version__
from paperfeed.config import FetchConfig
from paperfeed.errors import FetchError
from paperfeed.sources.http import ContentError, HttpClient, make_client, url_with
from paperfeed.sources.http import Response as HttpResponse
from paperfeed.sources.retry import TryAgain

FAST = FetchConfig(timeout_seconds=2, connect_timeout_seconds=1, retry_attempts=3,
                   retry_max_wait_seconds=0.5)
XML = b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>ok</title></feed>"


def get(client: HttpClient, url: str, **kw: Any) -> HttpResponse:
    """One GET through the policy, the answer unparsed (what every source builds on)."""
    return client.fetch(url, lambda r: r, **kw)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


def test_sends_a_user_agent_naming_paperfeed_and_an_accept_header(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/feed").respond_with_data(XML, content_type="application/atom+xml")
    get(client, httpserver.url_for("/feed"), source="arxiv", expect="xml")
    request = httpserver.log[0][0]
    assert request.headers["User-Agent"] == f"paperfeed/{__version__} (+https://github.com/paperfeed/paperfeed)"
    assert "application/atom+xml" in request.headers["Accept"]


def test_a_503_then_a_200_is_retried(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_oneshot_request("/feed").respond_with_data("busy", status=503)
    httpserver.expect_request("/feed").respond_with_data(XML, content_type="application/xml")
    response = get(client, httpserver.url_for("/feed"), source="arxiv", expect="xml")
    assert response.body == XML
    assert len(httpserver.log) == 2


def test_a_lasting_500_fails_after_the_configured_attempts(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/feed").respond_with_data("down", status=500)
    url = httpserver.url_for("/feed")
    with pytest.raises(FetchError) as caught:
        get(client, url, source="arxiv", expect="xml")
    assert len(httpserver.log) == FAST.retry_attempts
    assert caught.value.message == (f"arxiv: {url} answered HTTP 500 Internal Server Error "
                                    f"(tried {FAST.retry_attempts} times)")
    assert (caught.value.source, caught.value.url) == ("arxiv", url)


def test_a_404_is_not_retried_and_names_the_url(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/nope").respond_with_data("no", status=404)
    url = httpserver.url_for("/nope")
    with pytest.raises(FetchError, match=r"^huggingface: .*/nope answered HTTP 404 Not Found; "
                                         r"check the URL in sources.huggingface$"):
        get(client, url, source="huggingface", expect="json")
    assert len(httpserver.log) == 1


@pytest.mark.parametrize("header", [{"Retry-After": "1"}, {"RateLimit": '"api";r=0;t=1'}])
def test_a_429_waits_as_long_as_the_server_asks(httpserver: HTTPServer, header: dict[str, str]) -> None:
    times: list[float] = []

    def limited(request: Request) -> Response:
        times.append(time.monotonic())
        if len(times) == 1:
            return Response("slow down", status=429, headers=header)
        return Response(b"[]", content_type="application/json")

    httpserver.expect_request("/api").respond_with_handler(limited)
    config = FAST._replace(retry_max_wait_seconds=5)
    with make_client(config) as client:
        assert get(client, httpserver.url_for("/api"), source="huggingface", expect="json").body == b"[]"
    assert 0.95 <= times[1] - times[0] < 2.5


def test_a_wait_beyond_the_budget_fails_at_once_and_says_so(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api").respond_with_data("later", status=429,
                                                        headers={"Retry-After": "120"})
    begun = time.monotonic()
    with pytest.raises(FetchError, match=r"HTTP 429 Too Many Requests; the server asks to wait 120 s"):
        get(client, httpserver.url_for("/api"), source="huggingface", expect="json")
    assert time.monotonic() - begun < 1
    assert len(httpserver.log) == 1


def test_requests_to_a_paced_host_start_at_least_the_gap_apart(httpserver: HTTPServer) -> None:
    times: list[float] = []

    def record(request: Request) -> Response:
        times.append(time.monotonic())
        return Response(XML, content_type="application/xml")

    httpserver.expect_request("/api").respond_with_handler(record)
    url = httpserver.url_for("/api")
    with make_client(FAST) as client:
        threads = [threading.Thread(target=get, args=(client, url),
                                    kwargs={"source": "arxiv", "expect": "xml", "gap": 0.3})
                   for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        get(client, url, source="arxiv", expect="xml", gap=0.3)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 4
    assert min(gaps) >= 0.3 - 0.05  # starts are paced; loopback adds a little jitter


def test_the_etag_is_sent_back_and_a_304_means_not_modified(
        httpserver: HTTPServer, client: HttpClient) -> None:
    url = httpserver.url_for("/feed")
    httpserver.expect_oneshot_request("/feed").respond_with_data(
        XML, content_type="application/rss+xml", headers={"ETag": '"v1"'})
    first = get(client, url, source="arxiv", expect="xml")
    assert first.etag == '"v1"' and not first.not_modified
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    second = get(client, url, source="arxiv", expect="xml", etag=first.etag)
    assert second.not_modified and second.body == b""


def test_without_an_etag_an_unchanged_body_is_not_modified_and_never_parsed(
        httpserver: HTTPServer, client: HttpClient) -> None:
    url = httpserver.url_for("/feed")
    httpserver.expect_request("/feed").respond_with_data(XML, content_type="application/rss+xml")
    first = get(client, url, source="huggingface", expect="xml")
    assert first.etag is None and (first.validator or "").startswith("sha256:")
    parsed: list[bytes] = []

    def parse(response: object) -> bool:
        assert hasattr(response, "body") and hasattr(response, "not_modified")
        if not response.not_modified:
            parsed.append(response.body)
        return bool(response.not_modified)

    assert client.fetch(url, parse, source="huggingface", expect="xml", etag=first.validator) is True
    assert parsed == []  # the same bytes again: nothing to parse
    assert "If-None-Match" not in httpserver.log[-1][0].headers  # a hash is not the server's ETag
    httpserver.clear()
    changed = XML.replace(b"ok", b"changed")
    httpserver.expect_request("/feed").respond_with_data(changed, content_type="application/rss+xml")
    assert client.fetch(url, parse, source="huggingface", expect="xml", etag=first.validator) is False
    assert parsed == [changed]


def test_a_read_timeout_is_a_fetch_error_naming_source_and_url() -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response(XML, content_type="application/xml")

    # A server of its own: the shared one would still be answering the timed-out
    # requests while the next test runs.
    server = HTTPServer(threaded=True)
    server.expect_request("/slow").respond_with_handler(slow)
    server.start()
    url = server.url_for("/slow")
    config = FAST._replace(timeout_seconds=0.2, retry_attempts=2, retry_max_wait_seconds=0.1)
    try:
        with make_client(config) as client, pytest.raises(FetchError) as caught:
            get(client, url, source="arxiv", expect="xml")
    finally:
        server.stop()
    assert caught.value.message.startswith(f"arxiv: no answer from {url} within the timeout (reading)")
    assert "fetch.timeout_seconds" in caught.value.message
    assert (caught.value.source, caught.value.url) == ("arxiv", url)


def test_a_refused_connection_names_the_url() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/rss/cs.LG"
    config = FAST._replace(retry_attempts=2, retry_max_wait_seconds=0.05)
    with make_client(config) as client, pytest.raises(FetchError, match=rf"^arxiv: cannot reach {url} "):
        get(client, url, source="arxiv", expect="xml")


@pytest.mark.parametrize(("body", "ctype", "expect", "what"), [
    (b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html; charset=utf-8", "xml", "an HTML page"),
    (b"\n<html lang='en'><head></head></html>", "application/json", "json", "an HTML page"),
    (XML, "application/xml", "json", "'application/xml' content"),
    (b'{"a": 1}', "application/json", "xml", "'application/json' content"),
])
def test_an_answer_of_the_wrong_kind_is_a_clear_error(
        httpserver: HTTPServer, client: HttpClient, body: bytes, ctype: str, expect: str, what: str) -> None:
    httpserver.expect_request("/x").respond_with_data(body, content_type=ctype)
    url = httpserver.url_for("/x")
    with pytest.raises(ContentError) as caught:
        get(client, url, source="arxiv", expect=expect)  # type: ignore[arg-type]
    assert caught.value.message == (f"arxiv: {url} sent {what} where {expect.upper()} was expected; "
                                    "check the URL in sources.arxiv")
    assert len(httpserver.log) == 1


def test_a_redirect_into_an_html_page_is_reported_with_where_it_ended(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/v1/papers/").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/papers/trending")})
    httpserver.expect_request("/papers/trending").respond_with_data(
        "<!doctype html><html></html>", content_type="text/html")
    with pytest.raises(ContentError) as caught:
        get(client, httpserver.url_for("/api/v1/papers/"), source="paperswithcode", expect="json")
    assert caught.value.redirected and caught.value.is_html
    assert caught.value.final_url == httpserver.url_for("/papers/trending")
    assert f"(redirected to {httpserver.url_for('/papers/trending')})" in caught.value.message


def test_a_response_over_the_size_cap_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"[" + b"1," * 5000 + b"1]",
                                                        content_type="application/json")
    config = FAST._replace(max_response_mb=0.001)
    url = httpserver.url_for("/big")
    with make_client(config) as client, pytest.raises(
            FetchError, match=r"sent more than 0.001 MB; raise fetch.max_response_mb"):
        get(client, url, source="huggingface", expect="json")
    assert len(httpserver.log) == 1


def test_an_empty_body_is_retried(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_oneshot_request("/api").respond_with_data(b"", content_type="application/xml")
    httpserver.expect_request("/api").respond_with_data(XML, content_type="application/xml")
    assert get(client, httpserver.url_for("/api"), source="arxiv", expect="xml").body == XML


def test_a_check_that_says_try_again_repeats_the_request(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api").respond_with_data(XML, content_type="application/xml")
    calls: list[int] = []

    def check(response: object) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TryAgain("arXiv sent an empty page")
        return "parsed"

    assert client.fetch(httpserver.url_for("/api"), check, source="arxiv", expect="xml") == "parsed"
    assert len(httpserver.log) == 3



def test_a_check_that_keeps_saying_try_again_fails_after_the_attempts(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api").respond_with_data(XML, content_type="application/xml")

    def check(response: object) -> str:
        raise TryAgain("arXiv sent an empty page")

    with pytest.raises(FetchError, match=r"^arxiv: arXiv sent an empty page \(tried 3 times\)$"):
        client.fetch(httpserver.url_for("/api"), check, source="arxiv", expect="xml")
    assert len(httpserver.log) == FAST.retry_attempts


@pytest.fixture
def cut_short_server() -> Iterator[str]:
    """A server that promises 1000 bytes, sends 20 and hangs up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 1000\r\n\r\n[{\"paper\": {\"id\": ")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/api/daily_papers"
    listener.close()


def test_a_body_cut_short_is_retried_then_reported(cut_short_server: str, client: HttpClient) -> None:
    expected = rf"^huggingface: cannot reach {cut_short_server} .*\(tried 3 times\)$"
    with pytest.raises(FetchError, match=expected):
        get(client, cut_short_server, source="huggingface", expect="json")


def test_url_with_adds_parameters_to_an_existing_query() -> None:
    assert url_with("http://h/api?x=1", {"date": "2026-11-25", "p": 0}) == "http://h/api?x=1&date=2026-11-25&p=0"
