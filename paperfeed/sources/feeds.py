"""Feeds from `[[sources.feeds]]`: each one its own source, fetched under the HTTP policy.

Each feed is a separate source named `feed:<name>`, so `paperfeed fetch` runs them
concurrently with the built-in sources (feeds of one host one at a time, paced by
`fetch.feed_gap_seconds`), one failing feed costs the others nothing,
and `status` and `feeds list` show each one's last fetch. The HTTP policy does the
retries, size and time caps, and the conditional GET: a feed's ETag (or, from a
server that sends none, the hash of its body) is remembered under its URL and its
Last-Modified under `URL#last-modified` (a fragment never
reaches a server, so the key cannot collide with a real URL), and a 304 is reported
as "unchanged". Parsing is `feed_parse.parse`, pure on the bytes (in a worker process
when many feeds are fetched at once: `feed_pool`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from paperfeed.config.feeds import FeedConfig
from paperfeed.errors import FetchError
from paperfeed.sources import OK, UNCHANGED, FetchResult, Window
from paperfeed.sources._common import explained
from paperfeed.sources.feed_parse import FeedPage, parse

if TYPE_CHECKING:
    from paperfeed.sources.feed_pool import FeedParser
    from paperfeed.sources.http import HttpClient, Response

LAST_MODIFIED = "#last-modified"  # suffix of the key a feed's Last-Modified is kept under

Answer = tuple[FeedPage, "str | None", "str | None"]


class FeedSource:
    """One RSS or Atom feed; `lookback_days` bounds how old an entry may be on a daily run,
    `gap` spaces requests to the feed's host (`fetch.feed_gap_seconds`)."""

    def __init__(self, config: FeedConfig, lookback_days: int = 14, gap: float = 1.0,
                 parser: FeedParser = parse) -> None:
        self.config = config
        self.name = config.source
        self.lookback_days = lookback_days
        self.gap = gap  # per host: several feeds of one publisher are not fetched at once
        self.parser = parser

    def with_parser(self, parser: FeedParser) -> FeedSource:
        """The same feed, read by `parser` (`feed_pool`: in a worker process)."""
        return FeedSource(self.config, self.lookback_days, self.gap, parser)

    def fetch(self, client: HttpClient, window: Window, etags: Mapping[str, str]) -> FetchResult:
        url = self.config.url
        first = window.since or window.today - timedelta(days=self.lookback_days)
        oldest = datetime.combine(first, time(0), tzinfo=UTC).isoformat(timespec="seconds")
        try:
            answer = client.fetch(url, explained(self.name, self._check(window, oldest)),
                                  source=self.name, expect="xml", etag=etags.get(url), gap=self.gap,
                                  last_modified=etags.get(url + LAST_MODIFIED))
        except FetchError as exc:
            raise FetchError(self._hint(exc.message), source=self.name, url=url) from exc
        if answer is None:
            return FetchResult((), UNCHANGED)
        page, etag, modified = answer
        validators = {url: etag} if etag else {}
        if modified:
            validators[url + LAST_MODIFIED] = modified
        return FetchResult(page.sightings, OK, validators)

    def _check(self, window: Window, oldest: str) -> Callable[[Response], Answer | None]:
        def check(response: Response) -> Answer | None:
            if response.not_modified:
                return None
            page = self.parser(response.body, source=self.name, feed_name=self.config.name,
                         day=window.today.isoformat(), oldest=oldest,
                         content_type=response.content_type)
            return page, response.validator, response.last_modified
        return check

    def _hint(self, message: str) -> str:
        """Point the fix at the user's `[[sources.feeds]]` entry, not `sources.feed:<name>`."""
        return message.replace(f"in sources.{self.name}",
                               f"of the [[sources.feeds]] entry '{self.config.name}'")
