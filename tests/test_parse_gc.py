"""The arXiv parsers pause Python's garbage collector for speed (issue 8); whatever
happens inside, they must leave it as they found it, or a long session would grow."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from paperfeed.errors import FetchError
from paperfeed.sources.arxiv_api import parse_api_page
from paperfeed.sources.arxiv_feed import parse_announcements

ATOM = (b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        b"<opensearch:totalResults>1</opensearch:totalResults><entry><id>http://arxiv.org/abs/2411.00001v1</id>"
        b"<title>A &amp; B</title><summary>R&amp;D</summary></entry></feed>")


@pytest.fixture
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_parsers_leave_the_collector_on_after_success_and_failure(collector_on: None) -> None:
    page = parse_api_page(ATOM, fallback_day="2026-11-26")
    assert [s.title for s in page.sightings] == ["A & B"]
    assert gc.isenabled()
    with pytest.raises(FetchError):
        parse_api_page(b"<feed><entry>", fallback_day="2026-11-26")
    assert gc.isenabled()
    with pytest.raises(FetchError):
        parse_announcements(b"<rss><channel>", announce_types=("new",), fallback_day="2026-11-26")
    assert gc.isenabled()


def test_parsers_leave_a_collector_that_was_off_off(collector_on: None) -> None:
    gc.disable()
    parse_api_page(ATOM, fallback_day="2026-11-26")
    assert not gc.isenabled()
