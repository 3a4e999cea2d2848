"""What scoring reads of a paper (`Scorable`), and the light row the store hands over
for each of a morning's ~2,000 candidates (`Candidate`).

Building a full `Paper` (27 fields, a `Marks`, every JSON list decoded) for each
candidate cost as much as the query that found them, and all but a dozen are
never shown. So `today` scores `Candidate`s, which hold only the columns scoring
needs, and builds `Paper`s for the chosen few. A `Paper` is `Scorable` too, so
the scoring functions and their tests work on either.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from paperfeed.models import PaperSummary


class Marked(Protocol):
    """The marks scoring looks at."""

    @property
    def read(self) -> bool: ...

    @property
    def shown_at(self) -> str | None: ...


class Scorable(Protocol):
    """The fields of a paper that choosing the digest reads (a `Paper` has them all)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def abstract(self) -> str: ...

    @property
    def authors(self) -> tuple[str, ...]: ...

    @property
    def categories(self) -> tuple[str, ...]: ...

    @property
    def main_category(self) -> str | None: ...

    @property
    def ai_keywords(self) -> tuple[str, ...]: ...

    @property
    def upvotes(self) -> int | None: ...

    @property
    def comments(self) -> int | None: ...

    @property
    def code_url(self) -> str | None: ...

    @property
    def code_stars(self) -> int | None: ...

    @property
    def trending_rank(self) -> int | None: ...

    @property
    def first_seen(self) -> str: ...

    @property
    def sources(self) -> tuple[str, ...]: ...

    @property
    def published(self) -> str | None: ...

    @property
    def marks(self) -> Marked: ...


class Candidate:
    """A candidate paper as scoring sees it. The authors arrive as the stored JSON list
    and are decoded on first use: most configs follow no author, and decoding every
    candidate's list was a fifth of choosing the digest."""

    __slots__ = ("_authors", "abstract", "ai_keywords", "categories", "code_stars", "code_url",
                 "comments", "first_seen", "id", "primary_category", "published", "read_at",
                 "shown_at", "sources", "summary", "title", "trending_rank", "upvotes")

    #: The constructor's arguments in order, for a store selecting exactly these.
    FIELDS = ("id", "title", "abstract", "authors", "categories", "primary_category",
              "ai_keywords", "upvotes", "comments", "code_url", "code_stars", "trending_rank",
              "first_seen", "published", "read_at", "shown_at", "sources")

    def __init__(self, id: str, title: str, abstract: str, authors: str | tuple[str, ...] | None,
                 categories: tuple[str, ...], primary_category: str | None,
                 ai_keywords: tuple[str, ...], upvotes: int | None, comments: int | None,
                 code_url: str | None, code_stars: int | None, trending_rank: int | None,
                 first_seen: str, published: str | None, read_at: str | None,
                 shown_at: str | None, sources: tuple[str, ...] = ()) -> None:
        self.id = id
        self.title = title
        self.abstract = abstract or ""
        self._authors = authors
        self.categories = categories
        self.primary_category = primary_category
        self.ai_keywords = ai_keywords
        self.upvotes = upvotes
        self.comments = comments
        self.code_url = code_url
        self.code_stars = code_stars
        self.trending_rank = trending_rank
        self.first_seen = first_seen
        self.published = published
        self.read_at = read_at
        self.shown_at = shown_at
        self.sources = sources
        #: Set in `digest.mode = "summaries"`, where a stored summary times the paper.
        self.summary: PaperSummary | None = None

    @property
    def authors(self) -> tuple[str, ...]:
        found = self._authors
        if isinstance(found, tuple):
            return found
        decoded = tuple(json.loads(found)) if found else ()
        self._authors = decoded
        return decoded

    @property
    def main_category(self) -> str | None:
        """As `Paper.main_category`: arXiv's primary category, else the first listed."""
        return self.primary_category or (self.categories[0] if self.categories else None)

    @property
    def read(self) -> bool:
        return self.read_at is not None

    @property
    def marks(self) -> Candidate:
        """The candidate carries its own `read` and `shown_at`, as a `Marks` would."""
        return self

    def __repr__(self) -> str:
        return f"Candidate({self.id!r}, {self.title!r})"
