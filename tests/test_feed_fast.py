"""The fast feed path (ElementTree) gives the papers feedparser gives, or declines.

Every feed fixture, here and in ../shared/fixtures, is parsed twice, through the fast
path and through feedparser alone, and the pages must be equal field for field; then
the same for feeds written to hit feedparser's quirks, and for mutated fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability.hostile import FORBIDDEN, PAYLOADS, SEQUENCES

from paperfeed.errors import FetchError
from paperfeed.sources import _feed_dates, _feed_rules, feed_fast, feed_parse
from paperfeed.sources.feed_parse import FeedPage

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
DAY = "2026-11-29"
FIXTURES = sorted(p for p in FEEDS.iterdir() if p.is_file()) + sorted(
    p for p in SHARED.rglob("*") if p.suffix in (".xml", ".html", ".rdf", ".atom", ".rss"))
CONTENT_TYPES = ("", "application/rss+xml", "application/atom+xml; charset=UTF-8", "text/xml",
                 "text/html; charset=utf-8")
# The feeds the fast path must read itself (the rest go to feedparser, see below).
FAST = ("biorxiv_bioinformatics.rdf", "nature_toc.rdf", "wordpress_lab_blog.xml",
        "arxivhaiku_2012-09-12_LEGACY_RSS1.0_RDF_math.xml",
        "rssfeedsjl_2025-04-28_quant-ph_81items_new_cross_replace_replace-cross.xml")


def both(data: bytes, content_type: str = "") -> tuple[FeedPage | str, FeedPage | str]:
    """The page (or the error line) through the fast path first, then through feedparser alone."""
    pages: list[FeedPage | str] = []
    for fast in (True, False):
        feed_parse.FAST = fast
        try:
            pages.append(feed_parse.parse(data, source="feed:t", feed_name="t", day=DAY,
                                          content_type=content_type))
        except FetchError as exc:
            pages.append(exc.message)
        finally:
            feed_parse.FAST = True
    return pages[0], pages[1]


def test_the_fixture_list_holds_every_kind() -> None:
    names = {p.name for p in FIXTURES}
    assert {"journal_atom.xml", "html_page.html", "broken_encoding.xml", "rss091.xml",
            "journal_atom03.xml", *FAST} <= names
    assert len(FIXTURES) >= 40  # the shared arXiv RSS, RDF and Atom files are in


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name[:60])
def test_every_fixture_gives_the_same_papers_both_ways(path: Path) -> None:
    data = path.read_bytes()
    for content_type in CONTENT_TYPES:
        fast, slow = both(data, content_type)
        assert fast == slow, (path.name, content_type)


@pytest.mark.parametrize("name", FAST)
def test_the_common_shapes_take_the_fast_path(name: str) -> None:
    path = next(p for p in FIXTURES if p.name == name)
    read = feed_fast.read(path.read_bytes(), "application/rss+xml")
    assert read is not None
    _, entries = read
    fast, _ = both(path.read_bytes(), "application/rss+xml")
    assert isinstance(fast, FeedPage) and fast.entries == len(entries) > 0 and fast.sightings


@pytest.mark.parametrize(("name", "why"), [
    ("journal_atom.xml", "XHTML summary"), ("journal_atom03.xml", "Atom 0.3"),
    ("rss091.xml", "RSS 0.91"), ("broken_encoding.xml", "declared encoding is wrong"),
    ("html_page.html", "not a feed"), ("subscriptions.opml", "not a feed"),
])
def test_feedparser_reads_what_the_fast_path_declines(name: str, why: str) -> None:
    data = (FEEDS / name).read_bytes()
    assert feed_fast.read(data, "application/rss+xml") is None, why
    fast, slow = both(data)
    assert fast == slow


def test_a_malformed_feed_still_parses_through_feedparser() -> None:
    data = (FEEDS / "wordpress_lab_blog.xml").read_bytes()
    broken = data.replace(b"</title>", b"</titel>", 3)  # mismatched tags: not well-formed
    assert feed_fast.read(broken, "") is None
    page = feed_parse.parse(broken, source="feed:t", feed_name="t", day=DAY)
    assert page.sightings  # feedparser's lenient parser still finds the posts


def test_an_html_page_is_still_one_clear_error_line() -> None:
    with pytest.raises(FetchError) as caught:
        feed_parse.parse((FEEDS / "html_page.html").read_bytes(), source="feed:t", feed_name="t",
                         day=DAY, content_type="text/html")
    assert "not an RSS or Atom feed" in caught.value.message and "\n" not in caught.value.message


# -- feeds written to hit feedparser's quirks ----------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"{ns} xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"
 xmlns:p2="http://example.org/not-prism/">
<channel><title>{feed_title}</title><link>https://lab.example.org/</link>
<prism:publicationName>Quirk Letters</prism:publicationName>{items}</channel></rss>"""

ITEMS = {
    "dc:title after title": "<title>First title</title><dc:title>Second</dc:title>"
                            "<link>https://lab.example.org/a</link>",
    "empty title then one": "<title></title><title>Late title</title><link>https://lab.example.org/b</link>",
    "two descriptions": "<title>T</title><link>https://lab.example.org/c</link>"
                        "<description>first</description><description>second &lt;b&gt;</description>",
    "empty description, content": "<title>T</title><link>https://lab.example.org/d</link><description>"
                                  "</description><content:encoded><![CDATA[<p>From <i>content</i></p>]]>"
                                  "</content:encoded>",
    "content only": "<title>T</title><link>https://lab.example.org/e</link>"
                    "<content:encoded><![CDATA[Body &amp; more]]></content:encoded>",
    "guid is the link": "<title>T</title><guid>https://lab.example.org/f?utm_source=x</guid>",
    "guid not a permalink": "<title>T</title><guid isPermaLink=\"false\">urn:x:1</guid>"
                            "<link>https://lab.example.org/g</link>",
    "email author": "<title>T</title><link>https://lab.example.org/h</link>"
                    "<author>jd@example.org (Jane Doe)</author>",
    "three creators": "<title>T</title><link>https://lab.example.org/i</link><dc:creator>A One</dc:creator>"
                      "<dc:creator></dc:creator><dc:creator>Garcia, M., Okafor, C. N.</dc:creator>",
    "mojibake": "<title>CafÃ© rÃ©sumÃ©</title><link>https://lab.example.org/j</link>",
    "C1 characters": "<title>&#x93;quoted&#x94; &#x9b;31m</title><link>https://lab.example.org/k</link>",
    "entities in a title": "<title>R&amp;amp;D &lt;i&gt;Q&lt;/i&gt;-learning</title>"
                           "<link>https://lab.example.org/l</link>",
    "unknown tag in a title": "<title>a &lt;/blink&gt; b &amp;amp;</title><link>https://lab.example.org/m</link>",
    "link with entities": "<title>T</title><link>https://lab.example.org/n?a=1&amp;amp;b=2&amp;c;</link>",
    "enclosure DOI": "<title>T</title><link>https://lab.example.org/o</link>"
                     "<enclosure url=\"https://doi.org/10.5555/Enc.1\" type=\"application/pdf\"/>",
    "atom link in RSS": "<title>T</title><atom:link xmlns:atom=\"http://www.w3.org/2005/Atom\" "
                        "rel=\"alternate\" href=\"https://lab.example.org/p\"/>",
    "prism fields": "<title>T</title><link>https://lab.example.org/q</link><prism:doi>10.5555/Q.1</prism:doi>"
                    "<prism:publicationName>Other Journal</prism:publicationName>"
                    "<prism:publicationDate>2026-11-20</prism:publicationDate>",
    "a prism field under another prefix": "<title>T</title><link>https://lab.example.org/r</link>"
                                          "<p2:doi>10.5555/R.1</p2:doi>",
    "dates": "<title>T</title><link>https://lab.example.org/t</link><pubDate>Sat, 28 Nov 2026 10:00:00 EST"
             "</pubDate><dc:date>2026-11-27T08:00:00.5+05:30</dc:date>",
    "empty date after one": "<title>T</title><link>https://lab.example.org/u</link>"
                            "<pubDate>28 Nov 2026 10:00 GMT</pubDate><pubDate></pubDate>",
    "arXiv link": "<title>Paper (arXiv:2411.17758v2 [cs.LG])</title><link>https://arxiv.org/abs/2411.17758v2</link>",
    "no link, no DOI": "<title>Lost</title><description>nothing to point at</description>",
    "ignored extras": "<title>T</title><link>https://lab.example.org/v</link><category>ml</category>"
                      "<comments>https://lab.example.org/v#c</comments><dc:subject>x</dc:subject>",
}


def feed(items: list[str], atom_first: bool = False, title: str = "Quirk Letters") -> bytes:
    ns = ' xmlns:atom="http://www.w3.org/2005/Atom"' if atom_first else ""
    body = "".join(f"<item>{item}</item>" for item in items)
    return RSS.format(ns=ns, items=body, feed_title=title).encode()


@pytest.mark.parametrize("atom_first", [False, True], ids=["rss", "rss-declaring-atom"])
@pytest.mark.parametrize("case", sorted(ITEMS))
def test_feedparser_quirks_are_reproduced(case: str, atom_first: bool) -> None:
    data = feed([ITEMS[case]], atom_first)
    assert feed_fast.read(data, "application/rss+xml") is not None, case  # really the fast path
    for content_type in ("application/rss+xml", "application/rss+xml; charset=UTF-8", ""):
        fast, slow = both(data, content_type)
        assert fast == slow, (case, content_type)


def test_a_feed_with_every_quirk_at_once() -> None:
    fast, slow = both(feed(list(ITEMS.values()), title="R&amp;amp;D &amp; more"))
    assert isinstance(fast, FeedPage) and fast == slow and len(fast.sightings) == len(ITEMS) - 1


@pytest.mark.parametrize(("content_type", "body"), [
    ("text/xml", "<title>Caf\u00e9</title>"),  # RFC 3023: text/xml without charset is ASCII
    ("application/rss+xml; charset=ISO-8859-1", "<title>Caf\u00e9</title>"),
    ("", "<title>T</title><pubDate>yesterday</pubDate>"),  # a date format not read here
    ("", "<title>T</title><source url=\"https://x.example/\">X</source>"),
    ("", "<title>T</title><itunes:summary xmlns:itunes=\"http://www.itunes.com/DTDs/PodCast-1.0.dtd\">"
         "s</itunes:summary>"),
    ("", "<title>T</title><media:title xmlns:media=\"http://example.org/m\">x</media:title>"),
    ("", "<title>T</title><it:summary xmlns:it=\"http://www.itunes.com/DTDs/PodCast-1.0.dtd\">s</it:summary>"),
    ("", "<title>T</title><dc:identifier scheme=\"doi\">doi:10.5555/S.1</dc:identifier>"),
    ("", "<title type=\"xhtml\">T</title>"),
])
def test_the_fast_path_declines_what_it_does_not_reproduce(content_type: str, body: str) -> None:
    data = feed([body + "<link>https://lab.example.org/z</link>"])
    assert feed_fast.read(data, content_type) is None
    fast, slow = both(data, content_type)
    assert fast == slow


def test_atom_and_rdf_written_by_hand() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title type="html">Lab &amp;amp; co</title>
<entry><id>https://lab.example.org/1</id><title type="html">&lt;i&gt;Q&lt;/i&gt;-learning</title>
<link rel="self" href="https://lab.example.org/1.atom"/><link href="https://lab.example.org/1"/>
<author><name>Ana Lima</name><email>ana@example.org</email></author><author><name>Bo</name></author>
<published>2026-11-28T10:00:00Z</published><updated>2026-11-29</updated>
<summary>plain &lt; text</summary><content type="html">&lt;p&gt;Rich&lt;/p&gt;</content></entry>
<entry><id>tag:lab.example.org,2026:2</id><title>No link</title><content>Only content</content></entry>
</feed>"""
    rdf = (FEEDS / "nature_toc.rdf").read_bytes().replace(b"<item ", b"<item lang='x' ", 1)
    for data in (atom, rdf):
        assert feed_fast.read(data, "") is not None
        fast, slow = both(data)
        assert isinstance(fast, FeedPage) and fast.sightings and fast == slow


def test_hostile_text_gets_through_neither_path() -> None:
    legal = {k: v for k, v in PAYLOADS.items() if not any(
        "\x00" <= c < " " and c not in "\t\n\r" for c in v)}  # XML 1.0 forbids the rest
    text = " ".join(legal.values()).replace("&", "&amp;").replace("<", "&lt;")
    text = "".join(f"&#x{ord(c):x};" if 0x7F <= ord(c) <= 0x9F else c for c in text)
    data = feed([f"<title>{text}</title><link>https://lab.example.org/x</link><description>{text}"
                 f"</description><dc:creator>{text}</dc:creator>"])
    assert feed_fast.read(data, "") is not None
    fast, slow = both(data)
    assert isinstance(fast, FeedPage) and fast == slow
    (paper,) = fast.sightings
    for value in (paper.title, paper.abstract, *paper.authors):
        assert not FORBIDDEN.search(value), repr(value)
        assert not any(seq in value for seq in SEQUENCES)


# -- the rules copied from feedparser are still feedparser's -------------------------------

def test_the_copied_tables_match_the_installed_feedparser() -> None:
    from feedparser.html import _cp1252
    from feedparser.sanitizer import _HTMLSanitizer

    assert set(_HTMLSanitizer.acceptable_elements) == _feed_rules.HTML_TAGS
    assert {k: v for k, v in _feed_rules._CP1252.items()} == {
        k: v for k, v in _cp1252.items() if 0x80 <= k <= 0x9F}


DATES = ["Sat, 28 Nov 2026 10:00:00 +0000", "Sat, 28 Nov 2026 10:00:00 GMT", "28 Nov 2026 10:00 EST",
         "Mon, 02 Feb 2026 23:59:59 -0530", "Sun, 1 March 2026 00:00:00 PDT", "2026-11-28",
         "2026-11-28T10:30:00Z", "2026-11-28T10:30:00-05:00", "2026-11-28T10:30:00.25+05:30",
         "2026-11-28t10:30z", "2026-11-28T10:30:00", "Thu, 31 Dec 2026 23:00:00 UTC",
         "Wed, 29 Feb 2026 10:00:00 +0000"]


@pytest.mark.parametrize("value", DATES)
def test_dates_are_read_as_feedparser_reads_them(value: str) -> None:
    from feedparser.datetimes import _parse_date

    try:
        ours = _feed_dates.parse(value)
    except ValueError:
        return  # declined: feedparser reads the feed
    theirs = _parse_date(value)
    assert (ours[:6] if ours else None) == (theirs[:6] if theirs else None)


@pytest.mark.parametrize("value", ["yesterday", "28/11/2026", "2026-13-01", "Sat, 28 Nov 26 10:00:00 GMT",
                                   "2026-11-28 10:30:00", "Sat, 28 Nov 2026 10:00:00 CET"])
def test_other_date_formats_are_declined(value: str) -> None:
    with pytest.raises(ValueError):
        _feed_dates.parse(value)


# -- mutated fixtures -----------------------------------------------------------------------

SEEDS = [p.read_bytes() for p in FIXTURES if p.name in FAST[:3]]
TOKENS = [b"<", b"&amp;", b"&#x9b;", b"</p>", b"<title>X</title>", b"<dc:title>Y</dc:title>",
          b"<description>D</description>", b"<guid>https://x.example/g</guid>", b" ", b"\xc3\xa9",
          b"<pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate>", b"<author>a@b.org (A B)</author>",
          b"<dc:date>2026-11-28</dc:date>", b"<link>https://y.example/l</link>", b"&amp;amp;"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data = data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_feeds_give_the_same_papers_both_ways(data: bytes) -> None:
    fast, slow = both(data)
    assert fast == slow


@pytest.fixture(autouse=True)
def _fast_path_restored() -> Iterator[None]:
    yield
    feed_parse.FAST = True



# -- the HTML-to-text scan (sped up for the feed parse) still means the same ------------------

_PARTS = ["<", ">", "/", " ", "p", "pre", "picture", "br", "h1", "h7", "B", "SPAN", "\u017fpan", "x",
          "-", "a", "abbr", "=", '"', "&amp;", "thead", "th", "\u00e9", "_", "1", "<!--", "-->",
          "script", "\n", "li", "dl", "details", "&lt;", "ok"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=16))
def test_html_to_text_matches_the_one_regex_reading(parts: list[str]) -> None:
    import html

    from paperfeed.text import html as text_html
    from paperfeed.text import one_line

    value = "".join(parts)
    gap = lambda tag: " " if text_html._BLOCK.match(tag[0]) else ""  # noqa: E731
    reference = text_html._TAG.sub(gap, text_html._DROPPED.sub(" ", value))
    expected = one_line(html.unescape(reference).replace("\xa0", " "))
    assert text_html.to_text(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["http", "https", "a+b.c-d", "1x", ":", "//", "/", "///", "x", "?q=1",
                                 "#f", " ", "é", "[", "%20"]), max_size=12).map("".join))
def test_links_are_joined_as_feedparser_joins_them(uri: str) -> None:
    import feedparser.urls

    assert _feed_rules.urljoin_empty(uri) == feedparser.urls._urljoin("", uri)
