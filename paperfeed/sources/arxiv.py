"""The arXiv source: the daily announcement feed, and the query API for catch-up.

A daily run reads one announcement feed for all configured categories joined with
`+` (arXiv filters by category on the server, so every item is kept). Only when an
answer hits the feed's 2,000-item cap is it fetched again one category at a time, so
the usual cost is one request. A catch-up (`Window.since`) asks the query API for
everything submitted in the range, in pages of `page_size` (2,000: a tenth of the
requests of the `arxiv` package's 100), oldest first so that papers submitted
meanwhile only ever append to the last page. Every request to arXiv goes through the
client's per-host pacing (`request_gap_seconds`, 3 s by arXiv's terms).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from paperfeed.config import ArxivConfig
from paperfeed.errors import FetchError
from paperfeed.models import Sighting
from paperfeed.sources import NO_ANNOUNCEMENT, OK, UNCHANGED, Deliver, FetchResult, Window
from paperfeed.sources._common import explained
from paperfeed.sources.arxiv_api import MAX_OFFSET, ApiPage, parse_api_page, search_query
from paperfeed.sources.arxiv_feed import ITEM_CAP, Announcements, parse_announcements
from paperfeed.sources.retry import TryAgain

if TYPE_CHECKING:
    from paperfeed.sources.http import HttpClient, Response

#: A paper announced on day D was submitted up to a weekend earlier, so a catch-up
#: from D asks for submissions from a few days before it.
CATCH_UP_LOOKBACK_DAYS = 3
#: A catch-up never sends more requests than this (three minutes at arXiv's pace): a
#: typical two weeks of four categories takes under ten pages of 2,000.
MAX_CATCH_UP_REQUESTS = 60
_LOOKUP_CHUNK = 100
_BAD_REQUEST = frozenset({400})


class ArxivSource:
    name = "arxiv"

    def __init__(self, config: ArxivConfig) -> None:
        self.config = config

    def fetch(self, client: HttpClient, window: Window, etags: Mapping[str, str]) -> FetchResult:
        if window.since is not None:
            return self.catch_up(client, window.since, window.today)
        return self.announcements(client, window.today, etags)

    def fetch_pages(self, client: HttpClient, window: Window, etags: Mapping[str, str],
                    deliver: Deliver) -> FetchResult:
        """`fetch`, with a catch-up's API pages handed to `deliver` as they arrive (the
        daily feed is one request: it comes back in the result as usual)."""
        if window.since is not None:
            return self.catch_up(client, window.since, window.today, deliver)
        return self.announcements(client, window.today, etags)

    # -- the daily announcement feed -----------------------------------------------

    def feed_url(self, categories: Sequence[str]) -> str:
        base = self.config.feed_url if self.config.feed_url.endswith("/") else self.config.feed_url + "/"
        return base + "+".join(categories)

    def announcements(self, client: HttpClient, today: date,
                      etags: Mapping[str, str]) -> FetchResult:
        cats = list(dict.fromkeys(self.config.categories))
        url = self.feed_url(cats)
        answer, etag = self._feed(client, url, today, etags)
        if answer is None:
            return FetchResult((), UNCHANGED)
        new_etags = {url: etag} if etag else {}
        if answer.items >= ITEM_CAP and len(cats) > 1:
            answer, more = self._feed_per_category(client, cats, today, etags, answer)
            new_etags.update(more)
        if not answer.sightings and answer.items == 0:
            return FetchResult((), NO_ANNOUNCEMENT, new_etags)
        return FetchResult(answer.sightings, OK, new_etags, announced=answer.day)

    def _feed(self, client: HttpClient, url: str, today: date,
              etags: Mapping[str, str]) -> tuple[Announcements | None, str | None]:
        """The parsed feed and its ETag, or (None, None) when it is unchanged (304)."""
        def check(response: Response) -> tuple[Announcements | None, str | None]:
            if response.not_modified:
                return None, None
            parsed = parse_announcements(response.body, announce_types=self.config.announce_types,
                                         fallback_day=today.isoformat())
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} without an explanation")
            return parsed, response.validator

        hint = "; check sources.arxiv.categories"
        return client.fetch(url, explained(self.name, check, hint), source=self.name, expect="xml",
                            etag=etags.get(url), gap=self.config.request_gap_seconds,
                            ok_statuses=_BAD_REQUEST)

    def _feed_per_category(self, client: HttpClient, cats: list[str], today: date,
                           etags: Mapping[str, str], combined: Announcements
                           ) -> tuple[Announcements, dict[str, str]]:
        """The combined answer hit the cap: ask per category and merge, first seen wins."""
        found: dict[str, Sighting] = {}
        new_etags: dict[str, str] = {}
        day = combined.day
        for cat in cats:
            url = self.feed_url([cat])
            answer, etag = self._feed(client, url, today, {})
            if etag:
                new_etags[url] = etag
            if answer is None:
                continue
            day = day or answer.day
            for s in answer.sightings:
                found.setdefault(s.paper_id, s)
        for s in combined.sightings:
            found.setdefault(s.paper_id, s)
        return Announcements(tuple(found.values()), day, len(found)), new_etags

    # -- the query API -------------------------------------------------------------------

    def catch_up(self, client: HttpClient, since: date, today: date,
                 deliver: Deliver | None = None) -> FetchResult:
        """Everything submitted from a few days before `since` to `today`, in large pages:
        each page goes to `deliver` as it arrives, or (without one) all in the result.
        Only the announce types the config keeps come through (the API cannot tell a
        replacement, so a catch-up brings `new` and `cross` papers only)."""
        first = since - timedelta(days=CATCH_UP_LOOKBACK_DAYS)
        found: dict[str, Sighting] = {}

        def keep(sightings: tuple[Sighting, ...]) -> None:
            for s in sightings:  # a paper on two pages (the list moved meanwhile): the later wins
                found[s.paper_id] = s

        budget = _RequestBudget(self.config.api_url)
        wanted = set(self.config.announce_types)
        target = deliver or keep

        def wanted_only(sightings: tuple[Sighting, ...]) -> None:
            target(tuple(s for s in sightings if s.kind in wanted))  # as the daily feed would

        self._query_range(client, first, today, today, budget, wanted_only)
        return FetchResult(tuple(found.values()), OK)

    def _query_range(self, client: HttpClient, lo: date, hi: date, today: date,
                     budget: _RequestBudget, deliver: Deliver) -> None:
        query = search_query(list(dict.fromkeys(self.config.categories)), lo, hi)
        size = self.config.page_size
        page = self._api_page(client, query, 0, size, today, budget)
        if page.total > MAX_OFFSET and lo < hi:
            # The API stops paging at 30,000 results: ask for each half of the range.
            mid = lo + (hi - lo) // 2
            self._query_range(client, lo, mid, today, budget, deliver)
            self._query_range(client, mid + timedelta(days=1), hi, today, budget, deliver)
            return
        deliver(page.sightings)
        # Advance by what came back: arXiv may send fewer entries than asked for.
        start = page.entries
        while page.entries and start < min(page.total, MAX_OFFSET):
            page = self._api_page(client, query, start, size, today, budget)
            deliver(page.sightings)
            start += page.entries

    def _api_page(self, client: HttpClient, query: str, start: int, size: int,
                  today: date, budget: _RequestBudget) -> ApiPage:
        url = self.config.api_url
        budget.spend()

        def check(response: Response) -> ApiPage:
            page = parse_api_page(response.body, fallback_day=today.isoformat(),
                                  categories=self.config.categories)
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} without an explanation")
            if page.entries == 0 and start < page.total:
                raise TryAgain(f"arXiv sent an empty page at {start} of {page.total} results")
            return page

        params: dict[str, str | int] = {"search_query": query, "start": start, "max_results": size,
                                        "sortBy": "submittedDate", "sortOrder": "ascending"}
        return client.fetch(url, explained(self.name, check), source=self.name, expect="xml",
                            params=params, gap=self.config.request_gap_seconds,
                            ok_statuses=_BAD_REQUEST)

    def lookup(self, client: HttpClient, ids: Sequence[str], today: date) -> list[Sighting]:
        """The papers with these arXiv ids (ids arXiv does not know are left out)."""
        url = self.config.api_url
        found: list[Sighting] = []
        for i in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = list(ids[i:i + _LOOKUP_CHUNK])

            def check(response: Response) -> ApiPage:
                page = parse_api_page(response.body, fallback_day=today.isoformat())
                if response.status >= 400:
                    raise FetchError(f"HTTP {response.status} without an explanation")
                return page

            params: dict[str, str | int] = {"id_list": ",".join(chunk), "start": 0, "max_results": len(chunk)}
            page = client.fetch(url, explained(self.name, check), source=self.name, expect="xml",
                                params=params, gap=self.config.request_gap_seconds,
                                ok_statuses=_BAD_REQUEST)
            found += page.sightings
        return found


class _RequestBudget:
    """Counts a catch-up's API requests, so no answer can make it page forever."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.spent = 0

    def spend(self) -> None:
        if self.spent >= MAX_CATCH_UP_REQUESTS:
            raise FetchError(
                f"arxiv: the catch-up would take more than {MAX_CATCH_UP_REQUESTS} requests to "
                f"{self.url}; use a shorter --since or fewer sources.arxiv.categories",
                source="arxiv", url=self.url)
        self.spent += 1
