"""Sources: the Source protocol, the registry, one module per service, the HTTP policy.
May import: core, httpx and feedparser; never the store, a use case or a screen.

A source turns what one service sends into `Sighting`s. It is split the way
lemon24/reader splits retrieval from parsing: `fetch` does the HTTP through the
client from `paperfeed.sources.http` (I/O), and a module-level `parse` in each source
module is pure on bytes, which is where most of the tests live. `refresh` runs
the sources concurrently and hands each one's sightings to the store in one
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from paperfeed.models import Sighting

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.sources.http import HttpClient

# Statuses a fetch can end with; `failed` is set by refresh when fetch raises.
OK = "ok"
NO_ANNOUNCEMENT = "no announcement"
UNCHANGED = "unchanged"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Window:
    """Which days to fetch: `today` alone (the daily run) or `since`..`today` (catch-up)."""

    today: date
    since: date | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One source's answer: its sightings, a status, and the ETags to remember per URL."""

    sightings: tuple[Sighting, ...]
    status: str = OK
    etags: Mapping[str, str] = field(default_factory=dict)
    announced: str | None = None  # arXiv's announcement day, when it said one
    ranking: bool = False  # the sightings are a whole trending list: its ranks replace the last


class Source(Protocol):
    """What refresh needs of a source. Raises `FetchError` for anything that went wrong."""

    name: str

    def fetch(self, client: HttpClient, window: Window, etags: Mapping[str, str]) -> FetchResult:
        ...


#: Where a paging source hands each page's sightings as soon as the page is parsed.
Deliver = Callable[[tuple[Sighting, ...]], None]


@runtime_checkable
class PagedSource(Source, Protocol):
    """A source whose fetch can take many paced requests (arXiv's catch-up). Handing
    each page over as it is parsed lets refresh store it while the next request waits
    out the pacing gap, instead of storing everything after the last page.

    `fetch_pages` is `fetch` whose pages go to `deliver` (called from the fetching
    thread) as they arrive; the `FetchResult` it returns holds only the sightings that
    were not delivered. A page delivered before a later request fails stays delivered.
    """

    def fetch_pages(self, client: HttpClient, window: Window, etags: Mapping[str, str],
                    deliver: Deliver) -> FetchResult:
        ...


NAMES = ("arxiv", "huggingface", "paperswithcode")


def enabled_sources(config: Config, only: tuple[str, ...] = ()) -> list[Source]:
    """The sources the config enables (or exactly `only`, when given), in a fixed order."""
    from paperfeed.sources.arxiv import ArxivSource
    from paperfeed.sources.huggingface import HuggingfaceSource
    from paperfeed.sources.paperswithcode import PaperswithcodeSource

    s = config.sources
    built: dict[str, Source] = {
        "arxiv": ArxivSource(s.arxiv),
        "huggingface": HuggingfaceSource(s.huggingface),
        "paperswithcode": PaperswithcodeSource(s.paperswithcode),
    }
    flags = {"arxiv": s.arxiv.enabled, "huggingface": s.huggingface.enabled,
             "paperswithcode": s.paperswithcode.enabled}
    if s.feeds:  # each [[sources.feeds]] entry is a source of its own, `feed:<name>`
        from paperfeed.sources.feeds import FeedSource

        for feed in s.feeds:
            built[feed.source] = FeedSource(feed, config.fetch.max_since_days,
                                            config.fetch.feed_gap_seconds)
            flags[feed.source] = feed.enabled
    if only:
        return [built[name] for name in only]
    return [source for name, source in built.items() if flags[name]]
