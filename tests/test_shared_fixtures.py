"""Conformance: every real recording under ../shared/fixtures parses, or is refused
with the clear error it deserves. Every file is covered: a new one without a rule
here fails the test rather than going unchecked."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from conftest import SHARED_FIXTURES

from paperfeed.errors import FetchError
from paperfeed.sources.arxiv_api import parse_api_page
from paperfeed.sources.arxiv_feed import parse_announcements
from paperfeed.sources.huggingface import parse_daily
from paperfeed.sources.paperswithcode import parse_pwc_page, parse_trending

pytestmark = pytest.mark.skipif(not SHARED_FIXTURES.is_dir(), reason="../shared/fixtures is not here")

FILES = sorted(p for p in SHARED_FIXTURES.rglob("*") if p.is_file() and p.suffix in (".xml", ".json")) \
    if SHARED_FIXTURES.is_dir() else []


def test_the_samples_are_all_there() -> None:
    folders = collections.Counter(p.parent.name for p in FILES)
    assert folders["arxiv-rss"] == 4 and folders["arxiv-api"] >= 19
    assert folders["hf-daily"] == 4 and folders["pwc"] == 4


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_parses(path: Path) -> None:
    data = path.read_bytes()
    check = {"arxiv-rss": _rss, "arxiv-api": _api, "hf-daily": _hf, "pwc": _pwc}[path.parent.name]
    check(path.name, data)


def _rss(name: str, data: bytes) -> None:
    def parse() -> object:
        return parse_announcements(data, announce_types=("new", "cross"), fallback_day="2000-01-01")

    if "ERROR" in name:
        with pytest.raises(FetchError, match=r"^arXiv says: Bad archive 'astroph'"):
            parse()
        return
    feed = parse_announcements(data, announce_types=("new", "cross"), fallback_day="2000-01-01")
    if "EMPTY" in name:
        assert (feed.items, feed.sightings, feed.day) == (0, (), None)
        return
    assert feed.day == "2024-11-28" and len(feed.sightings) == feed.items
    assert all(s.title and s.paper_id and s.version for s in feed.sightings)
    if "FULL" in name:
        kinds = collections.Counter(s.kind for s in feed.sightings)
        assert feed.items == 1504 and kinds == {"new": 926, "cross": 9, "replace": 569}
        assert sum(1 for s in feed.sightings if s.doi) == 111
        assert sum(1 for s in feed.sightings if s.journal_ref) == 97
        assert sum(1 for s in feed.sightings if s.update_only) == 569


def _api(name: str, data: bytes) -> None:
    if "error" in name:
        with pytest.raises(FetchError, match=r"^arXiv says: incorrect id format for "):
            parse_api_page(data, fallback_day="2000-01-01")
        return
    page = parse_api_page(data, fallback_day="2000-01-01")
    assert len(page.sightings) <= page.entries and page.total >= len(page.sightings)
    for s in page.sightings:
        assert s.paper_id and s.title and s.authors and s.abstract and s.published
        assert s.pdf_url and "/pdf/" in s.pdf_url and s.abs_url and "/abs/" in s.abs_url
        assert s.categories and s.primary_category == s.categories[0]
    if "zero_results" in name or "no_entry" in name:
        assert page.sightings == ()
    elif "search" in name:
        assert len(page.sightings) == 10


def _hf(name: str, data: bytes) -> None:
    day = name.rsplit("_date_", 1)[1][:10]
    page = parse_daily(data, day=day)
    assert page.items > 0 and len(page.sightings) == page.items
    assert all(s.seen_day == day for s in page.sightings)
    assert all(s.upvotes is not None and s.title and "\n" not in s.title for s in page.sightings)
    trending = parse_trending(data, day=day)
    assert all(s.code_url for s in trending)


def _pwc(name: str, data: bytes) -> None:
    if name.endswith(("_methods.json", "_results.json")):
        with pytest.raises(FetchError, match="lists no papers"):
            parse_pwc_page(data, day="2021-05-01")
        return
    page = parse_pwc_page(data, day="2021-05-01")
    assert page.sightings and all(s.title for s in page.sightings)
    if "list" in name:
        assert len(page.sightings) == 50 and page.count == 761618
        assert page.next_url == "https://paperswithcode.com/api/v1/papers/?items_per_page=50&page=2"
