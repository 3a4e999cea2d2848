"""Feeds through the real HTTP client, refresh and store: conditional GET, failures kept
to one feed, and identity (one DOI from two feeds, an arXiv link) landing on one row."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paperfeed import refresh
from paperfeed.config import FetchConfig
from paperfeed.config.feeds import FeedConfig
from paperfeed.errors import FetchError
from paperfeed.models import Sighting
from paperfeed.sources import OK, UNCHANGED, Window
from paperfeed.sources.feeds import LAST_MODIFIED, FeedSource
from paperfeed.sources.http import HttpClient, make_client
from paperfeed.store import Store

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
FAST = FetchConfig(timeout_seconds=2, connect_timeout_seconds=1, retry_attempts=2,
                   retry_max_wait_seconds=0.2)
WINDOW = Window(date(2026, 11, 29))
NOW = datetime(2026, 11, 29, 7, tzinfo=UTC)
LAST_MOD = "Sat, 28 Nov 2026 17:05:02 GMT"


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


def serve(httpserver: HTTPServer, path: str, fixture: str, ctype: str = "application/rss+xml") -> str:
    httpserver.expect_request(path).respond_with_data((FEEDS / fixture).read_bytes(), content_type=ctype)
    return httpserver.url_for(path)


def test_last_modified_is_kept_and_a_304_is_unchanged(httpserver: HTTPServer, client: HttpClient) -> None:
    asked: list[str | None] = []

    def nature(request: Request) -> Response:
        asked.append(request.headers.get("If-Modified-Since"))
        if request.headers.get("If-Modified-Since") == LAST_MOD:
            return Response(status=304)
        return Response((FEEDS / "nature_toc.rdf").read_bytes(), content_type="application/rdf+xml",
                        headers={"Last-Modified": LAST_MOD})

    httpserver.expect_request("/nmi.rss").respond_with_handler(nature)
    url = httpserver.url_for("/nmi.rss")
    source = FeedSource(FeedConfig("NMI", url))
    first = source.fetch(client, WINDOW, {})
    assert first.status == OK and len(first.sightings) == 3
    assert first.etags[url + LAST_MODIFIED] == LAST_MOD
    assert first.etags[url].startswith("sha256:")  # no ETag: the body's hash stands in
    again = source.fetch(client, WINDOW, first.etags)
    assert again.status == UNCHANGED and again.sightings == ()
    assert asked == [None, LAST_MOD]


def test_a_feed_without_validators_is_unchanged_when_its_bytes_are(httpserver: HTTPServer,
                                                                   client: HttpClient) -> None:
    httpserver.expect_request("/toc.rdf").respond_with_data(
        (FEEDS / "nature_toc.rdf").read_bytes(), content_type="application/rdf+xml")
    source = FeedSource(FeedConfig("NMI", httpserver.url_for("/toc.rdf")))
    first = source.fetch(client, WINDOW, {})
    assert first.status == OK and first.sightings
    again = source.fetch(client, WINDOW, first.etags)
    assert (again.status, again.sightings) == (UNCHANGED, ())


def test_an_etag_is_sent_back(httpserver: HTTPServer, client: HttpClient) -> None:
    def blog(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response((FEEDS / "wordpress_lab_blog.xml").read_bytes(),
                        content_type="application/rss+xml; charset=UTF-8", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed/").respond_with_handler(blog)
    url = httpserver.url_for("/feed/")
    source = FeedSource(FeedConfig("Lab", url))
    first = source.fetch(client, WINDOW, {})
    assert first.etags == {url: '"v1"'}
    assert source.fetch(client, WINDOW, first.etags).status == UNCHANGED


def test_an_html_page_fails_in_one_line_naming_the_feed_entry(httpserver: HTTPServer,
                                                              client: HttpClient) -> None:
    url = serve(httpserver, "/news", "html_page.html", "text/html; charset=utf-8")
    with pytest.raises(FetchError) as caught:
        FeedSource(FeedConfig("Lab news", url)).fetch(client, WINDOW, {})
    message = caught.value.message
    assert "\n" not in message
    assert message == (f"feed:Lab news: {url} sent an HTML page where XML was expected; check the "
                       "URL of the [[sources.feeds]] entry 'Lab news'")


def test_html_served_as_xml_is_still_refused(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/x").respond_with_data(b'<?xml version="1.0"?><html><body>moved</body></html>',
                                                      content_type="application/xml")
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        FeedSource(FeedConfig("X", httpserver.url_for("/x"))).fetch(client, WINDOW, {})


def test_feeds_are_isolated_and_identity_merges(httpserver: HTTPServer, client: HttpClient,
                                                tmp_path: Path) -> None:
    nature = serve(httpserver, "/nmi.rss", "nature_toc.rdf")
    atom = serve(httpserver, "/tls.atom", "journal_atom.xml", "application/atom+xml")
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    sources = [FeedSource(FeedConfig(name, url), gap=0) for name, url in
               (("NMI", nature), ("TLS", atom), ("Broken", httpserver.url_for("/broken")))]
    with Store(tmp_path / "p.db") as store:
        arxiv = Sighting(source="arxiv", paper_id="2411.17758", title="Graph transformers (arXiv)",
                         seen_day="2026-11-28", abstract="From arXiv.", authoritative=True, kind="new",
                         categories=("cs.LG",), primary_category="cs.LG", version=2)
        store.record([arxiv], "2026-11-28T06:00:00+00:00")
        report = refresh.run(store, sources, client, WINDOW, now=lambda: NOW)
        status = {r.source: r.status for r in report.results}
        assert status == {"feed:NMI": "ok", "feed:TLS": "ok", "feed:Broken": "failed"}
        # 3 + 3 entries: one is the stored arXiv paper, one DOI is in both feeds
        assert report.new == 4 and store.counts()["papers"] == 5
        broken = next(r for r in report.results if r.source == "feed:Broken")
        assert broken.error is not None and "HTTP 500" in broken.error
        # the same DOI from both feeds is one paper, listed by both
        sae = store.get("doi:10.1038/s42256-026-01101-7")
        assert sae is not None and set(sae.sources) == {"feed:NMI", "feed:TLS"}
        assert sae.journal_ref == "Nature Machine Intelligence"
        # the arXiv DOI in the Atom feed landed on the arXiv row; arXiv's fields kept
        graph = store.get("2411.17758")
        assert graph is not None and graph.sources == ("arxiv", "feed:TLS")
        assert graph.title == "Graph transformers (arXiv)" and graph.version == 2
        assert {r.source for r in store.last_runs()} == {"feed:NMI", "feed:TLS", "feed:Broken"}


def test_the_size_cap_applies_to_feeds(httpserver: HTTPServer) -> None:
    url = serve(httpserver, "/big", "wordpress_lab_blog.xml")
    tiny = FetchConfig(timeout_seconds=2, retry_attempts=1, max_response_mb=0.001)
    with make_client(tiny) as client, pytest.raises(FetchError) as caught:
        FeedSource(FeedConfig("Lab", url)).fetch(client, WINDOW, {})
    assert caught.value.message == (f"feed:Lab: {url} sent more than 0.001 MB; raise "
                                    "fetch.max_response_mb if that is expected")


def test_hostile_text_is_cleaned_on_the_way_in(httpserver: HTTPServer, client: HttpClient,
                                               tmp_path: Path) -> None:
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>'
            b"<title>[bold]Loud[/bold] \x1b[2J title</title><link>https://h.example/1</link>"
            b"<description>&lt;p&gt;Safe&lt;/p&gt; \xe2\x80\xae reversed &#27;]8;;https://evil/&#7;"
            b"</description></item></channel></rss>")
    httpserver.expect_request("/h").respond_with_data(body, content_type="application/rss+xml")
    result = FeedSource(FeedConfig("H", httpserver.url_for("/h"))).fetch(client, WINDOW, {})
    with Store(tmp_path / "p.db") as store:
        store.record(result.sightings, NOW.isoformat())
        paper = store.get("url:h.example/1")
    assert paper is not None
    assert "\x1b" not in paper.title + paper.abstract and "\u202e" not in paper.abstract
    assert paper.title == "[bold]Loud[/bold] title"  # markup is escaped by each screen, not here
    assert paper.abstract.startswith("Safe reversed")


def test_feeds_of_one_host_are_paced(httpserver: HTTPServer, client: HttpClient, tmp_path: Path) -> None:
    starts: list[float] = []

    def record(request: Request) -> Response:
        starts.append(time.monotonic())
        return Response((FEEDS / "rss091.xml").read_bytes(), content_type="application/rss+xml")

    for n in range(3):
        httpserver.expect_request(f"/f{n}").respond_with_handler(record)
    sources = [FeedSource(FeedConfig(f"F{n}", httpserver.url_for(f"/f{n}")), gap=0.3) for n in range(3)]
    with Store(tmp_path / "p.db") as store:
        report = refresh.run(store, sources, client, WINDOW, now=lambda: NOW)
    assert [r.status for r in report.results] == ["ok"] * 3
    starts.sort()
    assert all(b - a >= 0.29 for a, b in pairwise(starts))
