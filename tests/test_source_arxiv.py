"""arXiv: the announcement feed and the query API, parsed from wire-format files and
fetched for real from a local server."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paperfeed.config import ArxivConfig, FetchConfig
from paperfeed.errors import FetchError
from paperfeed.sources import NO_ANNOUNCEMENT, OK, UNCHANGED, Window
from paperfeed.sources.arxiv import ArxivSource
from paperfeed.sources.arxiv_api import parse_api_page, search_query
from paperfeed.sources.arxiv_feed import parse_announcements, split_authors
from paperfeed.sources.http import HttpClient, make_client

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FAST = FetchConfig(timeout_seconds=2, connect_timeout_seconds=1, retry_attempts=3,
                   retry_max_wait_seconds=0.3)
TODAY = date(2026, 11, 26)
RSS = "application/rss+xml"
ATOM = "application/atom+xml"


def rss(name: str) -> bytes:
    return (FIXTURES / "arxiv-rss" / name).read_bytes()


def api(name: str) -> bytes:
    return (FIXTURES / "arxiv-api" / name).read_bytes()


def announcements(name: str, types: tuple[str, ...] = ("new", "cross")):  # type: ignore[no-untyped-def]
    return parse_announcements(rss(name), announce_types=types, fallback_day="2000-01-01")


# -- the announcement feed, parsed -------------------------------------------------------


def test_a_real_feed_gives_every_item_with_its_announcement_day() -> None:
    feed = announcements("excerpt.xml")
    assert feed.day == "2024-11-28" and feed.items == 12 and len(feed.sightings) == 12
    first = feed.sightings[0]
    assert (first.paper_id, first.version, first.kind) == ("2411.17700", 1, "new")
    assert first.title.startswith("Exploring the Impact of Generative AI on Cross-Border")
    assert first.abstract.startswith("This study investigates the influence of generative")
    assert first.seen_day == "2024-11-28" and first.authoritative and not first.update_only
    assert first.abs_url == "https://arxiv.org/abs/2411.17700"
    assert first.pdf_url == "https://arxiv.org/pdf/2411.17700"
    ecg = next(s for s in feed.sightings if s.paper_id == "2411.17702")
    assert ecg.authors == ("Hyewon Jeong", "Suyeol Yun", "Hammaad Adam")
    assert ecg.categories == ("eess.SP", "cs.LG") and ecg.primary_category == "eess.SP"
    kinds = [s.kind for s in feed.sightings]
    assert kinds.count("new") >= 3 and kinds.count("cross") == 3 and kinds.count("replace") == 3


def test_replacements_only_update_papers_already_stored_unless_configured() -> None:
    feed = announcements("excerpt.xml")
    replaced = [s for s in feed.sightings if s.kind == "replace"]
    assert replaced and all(s.update_only for s in replaced)
    assert all(not s.update_only for s in feed.sightings if s.kind in ("new", "cross"))
    with_replace = announcements("excerpt.xml", ("new", "cross", "replace"))
    assert not any(s.update_only for s in with_replace.sightings)
    doi = next(s for s in feed.sightings if s.paper_id == "1712.07645")
    assert (doi.version, doi.doi) == (2, "10.1134/S1547477118030159")
    assert doi.journal_ref == "Phys. Part. Nucl. Lett. 15(3), 225-229 (2018)"
    assert doi.published is None  # a replacement's announcement is not its publication


def test_ampersands_and_angle_brackets_survive_exactly() -> None:
    feed = announcements("odd.xml")
    paper = next(s for s in feed.sightings if s.paper_id == "2611.00001")
    assert paper.title == "Diffusion for R&D: when x < y and a > b"
    assert paper.abstract == ("We study R&D pipelines where x < y && y > z, with <b>tags</b> "
                              "that are text, not markup.")


def test_odd_items_are_normalized_or_skipped() -> None:
    feed = announcements("odd.xml")
    by_id = {s.paper_id: s for s in feed.sightings}
    assert feed.items == 7 and "2611.00007" not in by_id  # no guid and no link: nothing to key it by
    wrapped = by_id["2611.00002"]
    assert wrapped.title == r"A Title Hard-Wrapped Over Lines with $\mathcal{O}(n)$ TeX"
    assert wrapped.abstract == "Line one of the abstract continues here."
    assert wrapped.authors == ("Tianliang Yan", "Yubao Liu", "Grace Hopper")
    assert (wrapped.doi, wrapped.journal_ref) == ("10.1000/xyz123", "J. Odd Cases 1 (2026) 1-2")
    cross = by_id["2611.00003"]
    assert cross.title == "Cross-listed evil paper [bold]markup[/bold]"  # bidi overrides removed
    assert cross.abstract == "**Not markdown** and [red]not rich[/red]."  # kept as text; renderers escape
    assert (cross.kind, cross.primary_category) == ("cross", "stat.ML")
    assert by_id["2408.06070"].update_only and by_id["2408.06070"].version == 3
    assert by_id["2405.00004"].kind == "replace-cross" and by_id["2405.00004"].update_only
    assert by_id["2611.00006"].version is None and by_id["2611.00006"].title == "Found by its link alone"


def test_terminal_escape_sequences_in_a_feed_are_removed() -> None:
    feed = announcements("escape.xml")
    title = next(s.title for s in feed.sightings if s.paper_id == "2611.00006")
    assert title == "Found by its link alone click"
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]|\[31m|evil\.example", title)
    assert len(feed.sightings) == 6  # the rest of the feed is unharmed


def test_an_empty_channel_is_no_announcement() -> None:
    feed = announcements("empty.xml")
    assert (feed.sightings, feed.day, feed.items) == ((), None, 0)


def test_an_error_channel_carries_arxivs_message() -> None:
    with pytest.raises(FetchError, match=r"^arXiv says: Bad archive 'astroph'\. Valid archive names"):
        announcements("error.xml")


def test_a_truncated_feed_is_an_error_not_a_partial_day() -> None:
    with pytest.raises(FetchError, match=r"^the arXiv announcement feed is not well-formed XML \(line \d+"):
        announcements("truncated.xml")


def test_an_atom_document_is_not_taken_for_the_feed() -> None:
    with pytest.raises(FetchError, match="is not RSS"):
        parse_announcements(api("current_single.xml"), announce_types=("new",), fallback_day="x")


def test_the_pre_2024_rdf_feed_is_refused_by_name() -> None:
    rdf = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           b' xmlns="http://purl.org/rss/1.0/"><channel/><item><title>T</title></item></rdf:RDF>')
    with pytest.raises(FetchError, match=r"is RSS 1\.0 \(RDF\), the format arXiv's feeds had before 2024"):
        parse_announcements(rdf, announce_types=("new",), fallback_day="x")


def test_an_html_error_page_is_called_html_not_truncated_xml() -> None:
    page = b"<!DOCTYPE html>\n<html><head><meta charset=UTF-8><title>503</title></head><body>503</html>"
    with pytest.raises(FetchError, match=r"^the arXiv API answer is an HTML page titled '503', not XML"):
        parse_api_page(page, fallback_day="x")
    with pytest.raises(FetchError, match=r"^the arXiv announcement feed is an HTML page titled '503'"):
        parse_announcements(page, announce_types=("new",), fallback_day="x")


@pytest.mark.parametrize(("creator", "names"), [
    ("Jun Cui", ("Jun Cui",)),
    ("A. One, B. Two,  C. Three ", ("A. One", "B. Two", "C. Three")),
    ("Ann (MIT, CSAIL), Bob (ETH (Zurich), CH), Cy", ("Ann", "Bob", "Cy")),
    ("", ()),
])
def test_creators_are_split_on_commas_outside_affiliations(creator: str, names: tuple[str, ...]) -> None:
    assert split_authors(creator) == names


# -- the query API, parsed ---------------------------------------------------------------


def page(name: str, categories: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return parse_api_page(api(name), fallback_day="2000-01-01", categories=categories)


def test_a_current_api_entry() -> None:
    (s,) = page("current_single.xml").sightings
    assert (s.paper_id, s.version, s.title) == ("1605.08386", 1, "Heat-bath random walks with Markov bases")
    assert s.authors == ("Caprice Stanley", "Tobias Windisch")
    assert s.categories == ("math.CO", "math.ST") and s.primary_category == "math.CO"
    assert (s.abs_url, s.pdf_url) == ("https://arxiv.org/abs/1605.08386v1", "https://arxiv.org/pdf/1605.08386v1")
    assert (s.published, s.updated) == ("2016-05-26T17:59:46+00:00", "2016-05-26T17:59:46+00:00")
    assert s.comment == "20 pages, 3 figures" and s.seen_day == "2016-05-26" and s.authoritative


def test_a_legacy_entry_is_unwrapped_and_keeps_its_tex() -> None:
    (s,) = page("legacy_wrapped_msc.xml").sightings
    assert (s.paper_id, s.version, s.title) == ("2206.06921", 3, "Attainable forms of Assouad spectra")
    assert "\n" not in s.abstract and "  " not in s.abstract
    assert s.abstract.startswith(
        r"Let $d\in\mathbb{N}$ and let $\varphi\colon(0,1)\to[0,d]$. We prove that there")
    assert r"for every $0<\lambda<\theta<1$, \[0\leq (1-\lambda)" in s.abstract
    assert r"fail to be H\"older in a neighbourhood of 1." in s.abstract
    assert s.categories == ("math.CA", "math.DS", "math.MG")  # the MSC code is not a category
    assert s.comment is not None
    assert s.comment.startswith("25 pages, 5 figures. v3: Many typo fixes and substantially improved "
                                "exposition,")
    assert s.doi == "10.1512/iumj.2024.73.9928"
    assert s.journal_ref == "Indiana Univ. Math. J. 73 (2024), 1331-1356"
    assert s.pdf_url == "http://arxiv.org/pdf/2206.06921v3"


def test_the_current_shape_of_the_same_paper_has_unicode_math() -> None:
    (s,) = page("regression_unicode.xml").sightings
    assert s.paper_id == "2206.06921" and "Hölder" in s.abstract


def test_empty_legacy_entries_for_missing_ids_are_dropped() -> None:
    result = page("legacy_missing_ids.xml")
    assert result.entries == 4 and [s.paper_id for s in result.sightings] == ["2201.13452"]
    assert result.sightings[0].title == ("Asymptotic Analysis for a Nonlinear Reaction-Diffusion "
                                         "System Modeling an Infectious Disease")


@pytest.mark.parametrize("name", ["error.xml", "legacy_error.xml"])
def test_an_error_feed_carries_arxivs_message(name: str) -> None:
    with pytest.raises(FetchError, match=r"^arXiv says: incorrect id format for (abc|1234\.12345)$"):
        page(name)


def test_old_ids_affiliations_a_zero_title_and_entities_survive() -> None:
    (old,) = page("oldstyle_affiliation.xml").sightings
    assert (old.paper_id, old.version) == ("astro-ph/0601001", 1)
    assert old.authors == ("Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski")
    assert "Gould & Morgan (2003)" in old.abstract and "V_max<17.5" in old.abstract
    assert old.journal_ref == "ActaAstron.56:1-50,2006"
    (versioned,) = page("oldstyle_versioned.xml").sightings
    assert (versioned.paper_id, versioned.version) == ("quant-ph/0201082", 1)
    assert versioned.categories[0] == "quant-ph" and "cs.PL" in versioned.categories
    (zero,) = page("title_zero.xml").sightings
    assert zero.title == "0"


def test_links_without_rel_or_title_are_recognised_by_their_path() -> None:
    first = page("regression_links.xml").sightings[0]
    assert first.paper_id == "nucl-ex/0408020"
    assert first.pdf_url == "https://arxiv.org/pdf/nucl-ex/0408020v1"
    assert first.abs_url == "https://arxiv.org/abs/nucl-ex/0408020v1"


def test_paging_metadata_and_announce_kinds() -> None:
    first = page("page0.xml", ("cs.SE",))
    assert (first.total, first.start, first.entries) == (3, 0, 2)
    assert [s.kind for s in first.sightings] == ["new", "new"]  # primary cs.SE
    assert [s.kind for s in page("page0.xml", ("cs",)).sightings] == ["new", "new"]  # the archive
    assert [s.kind for s in page("page0.xml", ("math.CO",)).sightings] == ["cross", "cross"]
    zero = page("zero_results.xml")
    assert (zero.total, zero.entries, zero.sightings) == (0, 0, ())


def test_search_query_names_categories_and_the_submission_range() -> None:
    assert search_query(["cs.CV", "cs.LG"], date(2026, 11, 20), date(2026, 11, 26)) == (
        "(cat:cs.CV OR cat:cs.LG) AND submittedDate:[202611200000 TO 202611262359]")


# -- fetching for real from a local server ---------------------------------------------


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


def source_for(httpserver: HTTPServer, **overrides: object) -> ArxivSource:
    config = ArxivConfig(categories=["cs.CV", "cs.LG"], feed_url=httpserver.url_for("/rss/"),
                         api_url=httpserver.url_for("/api/query"), request_gap_seconds=0.0)
    return ArxivSource(config._replace(**overrides))


def test_the_daily_feed_is_one_request_for_all_categories(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(
        rss("excerpt.xml"), content_type=RSS, headers={"ETag": '"day-1"'})
    result = source_for(httpserver).fetch(client, Window(TODAY), {})
    url = httpserver.url_for("/rss/cs.CV+cs.LG")
    assert (result.status, result.announced, len(result.sightings)) == (OK, "2024-11-28", 12)
    assert result.etags == {url: '"day-1"'}
    assert len(httpserver.log) == 1
    assert "rss+xml" in httpserver.log[0][0].headers["Accept"]


def test_an_etag_round_trip_gives_unchanged(httpserver: HTTPServer, client: HttpClient) -> None:
    url = httpserver.url_for("/rss/cs.CV+cs.LG")
    httpserver.expect_request("/rss/cs.CV+cs.LG", headers={"If-None-Match": '"day-1"'}).respond_with_data(
        "", status=304)
    result = source_for(httpserver).fetch(client, Window(TODAY), {url: '"day-1"'})
    assert (result.status, result.sightings, result.etags) == (UNCHANGED, (), {})


def test_a_feed_without_an_etag_is_not_parsed_again_when_its_bytes_are_the_same(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(rss("excerpt.xml"), content_type=RSS)
    url = httpserver.url_for("/rss/cs.CV+cs.LG")
    first = source_for(httpserver).fetch(client, Window(TODAY), {})
    assert first.status == OK and first.etags[url].startswith("sha256:")
    again = source_for(httpserver).fetch(client, Window(TODAY), first.etags)
    assert (again.status, again.sightings, again.etags) == (UNCHANGED, (), {})
    httpserver.clear()
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(rss("odd.xml"), content_type=RSS)
    changed = source_for(httpserver).fetch(client, Window(TODAY), first.etags)
    assert changed.status == OK and changed.sightings and changed.etags[url] != first.etags[url]


def test_a_weekend_is_no_announcement(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(rss("empty.xml"), content_type=RSS)
    result = source_for(httpserver).fetch(client, Window(TODAY), {})
    assert (result.status, result.sightings, result.announced) == (NO_ANNOUNCEMENT, (), None)


def test_a_bad_category_is_arxivs_own_message(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/rss/astroph").respond_with_data(rss("error.xml"), status=400,
                                                                content_type=RSS)
    url = httpserver.url_for("/rss/astroph")
    with pytest.raises(FetchError) as caught:
        source_for(httpserver, categories=["astroph"]).fetch(client, Window(TODAY), {})
    assert caught.value.message.startswith(f"arxiv: {url}: arXiv says: Bad archive 'astroph'.")
    assert caught.value.message.endswith("; check sources.arxiv.categories")
    assert (caught.value.source, caught.value.url) == ("arxiv", url)
    assert len(httpserver.log) == 1  # a 400 is not retried


def test_a_503_then_a_200_is_retried_and_stored(httpserver: HTTPServer, client: HttpClient,
                                                 store: object) -> None:
    from paperfeed.store import Store

    assert isinstance(store, Store)
    httpserver.expect_oneshot_request("/rss/cs.CV+cs.LG").respond_with_data("busy", status=503)
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(rss("excerpt.xml"), content_type=RSS)
    result = source_for(httpserver).fetch(client, Window(TODAY), {})
    counts = store.record(result.sightings, "2026-11-26T06:00:00+00:00")
    assert len(httpserver.log) == 2
    assert counts.new == 9  # 3 new + 3 cross; the 3 replacements of unknown papers are not added
    paper = store.get("2411.17700")
    assert paper is not None and paper.announce_type == "new" and paper.version == 1


def test_an_html_page_instead_of_the_feed_is_a_clear_error(httpserver: HTTPServer,
                                                            client: HttpClient) -> None:
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(
        (FIXTURES / "html" / "trending.html").read_bytes(), content_type="text/html")
    url = httpserver.url_for("/rss/cs.CV+cs.LG")
    expected = rf"^arxiv: {re.escape(url)} sent an HTML page where XML was expected"
    with pytest.raises(FetchError, match=expected):
        source_for(httpserver).fetch(client, Window(TODAY), {})


def _big_feed(count: int) -> bytes:
    text = rss("excerpt.xml").decode()
    head, rest = text.split("    <item>", 1)
    item = "    <item>" + rest.split("</item>", 1)[0] + "</item>\n"
    items = "".join(item.replace("2411.17700", f"2411.{20000 + i}") for i in range(count))
    return (head + items + "  </channel>\n</rss>\n").encode()


def test_a_feed_cut_at_the_item_cap_is_asked_again_per_category(
        httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/rss/cs.CV+cs.LG").respond_with_data(_big_feed(2000), content_type=RSS,
                                                                     headers={"ETag": '"all"'})
    httpserver.expect_request("/rss/cs.CV").respond_with_data(rss("excerpt.xml"), content_type=RSS)
    httpserver.expect_request("/rss/cs.LG").respond_with_data(rss("odd.xml"), content_type=RSS)
    result = source_for(httpserver).fetch(client, Window(TODAY), {})
    ids = {s.paper_id for s in result.sightings}
    assert len(httpserver.log) == 3
    assert {"2411.17700", "2611.00001", "2411.21999"} <= ids and len(ids) == 2000 + 12 + 6
    assert result.etags[httpserver.url_for("/rss/cs.CV+cs.LG")] == '"all"'
    # the per-category feeds sent no ETag: their bodies' hashes are remembered instead
    assert all(result.etags[httpserver.url_for(f"/rss/{cat}")].startswith("sha256:")
               for cat in ("cs.CV", "cs.LG"))


def _paged_api(times: list[float], pages: dict[str, list[bytes]]):  # type: ignore[no-untyped-def]
    def answer(request: Request) -> Response:
        times.append(time.monotonic())
        queue = pages[request.args["start"]]
        body = queue.pop(0) if len(queue) > 1 else queue[0]
        return Response(body, content_type=ATOM)
    return answer


def test_catch_up_pages_through_the_query_api_with_pacing(httpserver: HTTPServer, client: HttpClient) -> None:
    times: list[float] = []
    httpserver.expect_request("/api/query").respond_with_handler(
        _paged_api(times, {"0": [api("page0.xml")], "2": [api("page1.xml")]}))
    source = source_for(httpserver, page_size=2, request_gap_seconds=0.25)
    result = source.fetch(client, Window(TODAY, since=date(2026, 11, 20)), {})
    assert result.status == OK and len(result.sightings) == 3 and result.announced is None
    assert times[1] - times[0] >= 0.25 - 0.05  # starts are paced; loopback adds a little jitter
    first = httpserver.log[0][0].args
    assert first["search_query"] == ("(cat:cs.CV OR cat:cs.LG) AND "
                                     "submittedDate:[202611170000 TO 202611262359]")
    assert (first["start"], first["max_results"], first["sortBy"], first["sortOrder"]) == (
        "0", "2", "submittedDate", "ascending")


def test_a_catch_up_hands_over_each_page_as_it_arrives(httpserver: HTTPServer, client: HttpClient) -> None:
    times: list[float] = []
    httpserver.expect_request("/api/query").respond_with_handler(
        _paged_api(times, {"0": [api("page0.xml")], "2": [api("page1.xml")]}))
    pages: list[tuple[int, int]] = []  # (sightings on the page, requests sent when it arrived)
    result = source_for(httpserver, page_size=2).fetch_pages(
        client, Window(TODAY, since=date(2026, 11, 20)), {},
        lambda sightings: pages.append((len(sightings), len(times))))
    assert pages == [(2, 1), (1, 2)]
    assert result.status == OK and result.sightings == ()


def test_a_catch_up_keeps_only_the_configured_announce_types(httpserver: HTTPServer,
                                                             client: HttpClient) -> None:
    """The three papers' primary category is cs.SE, so for a cs.CV/cs.LG reader they are
    cross-lists: without "cross" in announce_types a catch-up brings none of them."""
    httpserver.expect_request("/api/query").respond_with_handler(
        _paged_api([], {"0": [api("page0.xml")], "2": [api("page1.xml")]}))
    window = Window(TODAY, since=date(2026, 11, 25))
    only_new = source_for(httpserver, page_size=2, announce_types=["new"]).fetch(client, window, {})
    assert only_new.status == OK and only_new.sightings == ()
    both = source_for(httpserver, page_size=2, announce_types=["new", "cross"]).fetch(client, window, {})
    assert [s.kind for s in both.sightings] == ["cross"] * 3
    own = source_for(httpserver, page_size=2, categories=["cs.SE"], announce_types=["new"])
    assert [s.kind for s in own.fetch(client, window, {}).sightings] == ["new"] * 3


def test_paging_advances_by_what_arxiv_actually_sent(httpserver: HTTPServer, client: HttpClient) -> None:
    times: list[float] = []
    httpserver.expect_request("/api/query").respond_with_handler(
        _paged_api(times, {"0": [api("page0.xml")], "2": [api("page1.xml")]}))
    result = source_for(httpserver, page_size=2000).fetch(client, Window(TODAY, since=date(2026, 11, 25)), {})
    assert len(result.sightings) == 3
    assert [r.args["start"] for r, _ in httpserver.log] == ["0", "2"]


def test_a_catch_up_never_pages_without_end(httpserver: HTTPServer, client: HttpClient) -> None:
    from paperfeed.sources.arxiv import MAX_CATCH_UP_REQUESTS

    endless = re.sub(rb"<opensearch:totalResults>\d+<", b"<opensearch:totalResults>29000<", api("page0.xml"))
    httpserver.expect_request("/api/query").respond_with_data(endless, content_type=ATOM)
    expected = rf"^arxiv: the catch-up would take more than {MAX_CATCH_UP_REQUESTS} requests to .*; use a"
    with pytest.raises(FetchError, match=expected):
        source_for(httpserver).fetch(client, Window(TODAY, since=date(2026, 11, 25)), {})
    assert len(httpserver.log) == MAX_CATCH_UP_REQUESTS


def test_a_transient_empty_page_is_asked_again(httpserver: HTTPServer, client: HttpClient) -> None:
    times: list[float] = []
    httpserver.expect_request("/api/query").respond_with_handler(
        _paged_api(times, {"0": [api("page0.xml")], "2": [api("empty_page.xml"), api("page1.xml")]}))
    result = source_for(httpserver, page_size=2).fetch(client, Window(TODAY, since=date(2026, 11, 25)), {})
    assert len(result.sightings) == 3 and len(times) == 3


def test_an_empty_page_that_stays_empty_is_an_error(httpserver: HTTPServer, client: HttpClient) -> None:
    times: list[float] = []
    httpserver.expect_request("/api/query").respond_with_handler(
        _paged_api(times, {"0": [api("page0.xml")], "2": [api("empty_page.xml")]}))
    expected = r"^arxiv: arXiv sent an empty page at 2 of 3 results \(tried 3 times\)"
    with pytest.raises(FetchError, match=expected):
        source_for(httpserver, page_size=2).fetch(client, Window(TODAY, since=date(2026, 11, 25)), {})


def test_an_api_error_is_arxivs_message(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/query").respond_with_data(api("error.xml"), status=400,
                                                              content_type=ATOM)
    expected = r"^arxiv: .*/api/query\?id_list=abc.*: arXiv says: incorrect id format for abc$"
    with pytest.raises(FetchError, match=expected):
        source_for(httpserver).lookup(client, ["abc"], TODAY)


def test_lookup_asks_for_the_ids(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/api/query", query_string={"id_list": "1605.08386", "start": "0",
                                                          "max_results": "1"}).respond_with_data(
        api("current_single.xml"), content_type=ATOM)
    (found,) = source_for(httpserver).lookup(client, ["1605.08386"], TODAY)
    assert found.paper_id == "1605.08386" and found.authoritative
