"""Categories for the papers arXiv's feed did not list, looked up through arXiv's API.

Hugging Face's daily and trending papers carry no arXiv categories, so without this
`exclude_categories` could not drop them and category priority never applied. After
the sources of a fetch are stored, the papers that still have no categories (arXiv
ids only, first seen within the digest's window) are asked for with `id_list`, a
hundred per request, paced like every arXiv API call, and their categories stored.
A paper that got them is never asked for again; a lookup that fails leaves the papers
as they are, and the next fetch asks again. Runs only while the arXiv source is
enabled: turning it off means paperfeed does not contact arXiv at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from paperfeed.errors import FetchError

if TYPE_CHECKING:
    from paperfeed.config import ArxivConfig
    from paperfeed.sources.http import HttpClient
    from paperfeed.store import Store

#: Ids per request (the API answers a long id_list in one page) and per fetch, so a
#: first fetch of a large store costs at most a few paced requests; the rest follow.
CHUNK = 100
MAX_PER_FETCH = 500


@dataclass(frozen=True, slots=True)
class Lookup:
    """What one lookup did: papers given categories, and the error that stopped it, if any."""

    asked: int = 0
    found: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CategoryLookup:
    config: ArxivConfig
    since: str  # papers first seen from this timestamp on (the digest's window)

    def run(self, store: Store, client: HttpClient, today: date) -> Lookup:
        from paperfeed.sources.arxiv import ArxivSource

        ids = store.uncategorized(self.since, MAX_PER_FETCH)
        source = ArxivSource(self.config)
        found = 0
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            try:
                sightings = source.lookup(client, chunk, today)
            except FetchError as exc:
                return Lookup(len(ids), found, exc.message)
            except Exception as exc:  # the sources' papers are stored; a bug here must not undo that
                return Lookup(len(ids), found, f"unexpected {type(exc).__name__} in the category "
                                               f"lookup: {exc}; please report it")
            found += store.set_categories({s.paper_id: (s.categories, s.primary_category)
                                           for s in sightings if s.categories})
        return Lookup(len(ids), found)
