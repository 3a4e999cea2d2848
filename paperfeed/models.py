"""The data that flows between modules, as NamedTuples.

Network data becomes a `Sighting` at the edge (in each source's pure `parse`);
the store hands back `Paper` rows with their `Marks`; `digest.build` returns a
`Digest`. Nothing downstream of a source ever sees a feedparser dict or JSON.

Every record here is a `NamedTuple`: immutable, compared and hashed by value, copied
with `_replace`, read with `_fields` and `_asdict()`. A frozen dataclass compiles six
methods when its module is imported (~1.7 ms for a `Paper` of 31 fields on the
benchmark machine, paid by every `paperfeed today`); a NamedTuple is built in a tenth
of that. A default is shared by every record, so it is immutable (`Marks()`, an empty
`MappingProxyType`).

Timestamps are ISO 8601 strings in UTC (`2026-11-26T06:00:00+00:00`) and days are
`YYYY-MM-DD`: they sort as text, cost nothing to store, and keep this module free
of time zones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from paperfeed.errors import InvalidIdError

#: Sources that may own a paper without an arXiv id (`<source>:<id>`).
LOCAL_ID_PREFIXES = ("huggingface", "paperswithcode")

_NEW_ID = r"(?P<new>\d{4}\.\d{4,5})"
_OLD_ID = r"(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Z]{2})?/(?P<number>\d{7})"
# arXiv versions are small; a bound keeps a hostile "v99999999999999999999" out of
# SQLite, whose INTEGER it would overflow.
ARXIV_CATEGORY = re.compile(r"[a-z-]+(?:\.[A-Za-z-]+)?")  # cs.CV, hep-th, math.AG, q-bio.NC
_VERSION = r"(?:v(?P<version>\d{1,6}))?"
_BARE = rf"(?:{_NEW_ID}|{_OLD_ID}){_VERSION}"
_PREFIXES = (
    r"^(?:"
    r"arxiv:|oai:arxiv\.org:"
    r"|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"|(?:https?://)?(?:www\.)?(?:huggingface|hf)\.co/papers/"  # Hugging Face's paper pages
    r")"
)
_SUFFIX = r"(?:\.pdf)?/?(?:[?#].*)?$"


@cache
def _id_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The id patterns, compiled when an id is first parsed (not by every command that
    imports this module: compiling them was ~1 ms of each start-up)."""
    return (re.compile(_PREFIXES, re.IGNORECASE), re.compile(_SUFFIX, re.IGNORECASE),
            re.compile(_BARE))


class PaperId(NamedTuple):
    """A canonical paper id and the version the input named, if any."""

    id: str
    version: int | None = None


def parse_paper_id(text: str) -> PaperId:
    """Normalize every id form a user or a source gives to the canonical id.

    Accepts `2408.06070`, `2408.06070v2`, `arXiv:2408.06070`, abs/pdf/html URLs,
    Hugging Face paper pages (`huggingface.co/papers/2408.06070`),
    `oai:arXiv.org:...` guids, old-style ids (`hep-th/9901001v2`, and
    `math.GT/0309136`, whose subject class arXiv itself drops), the
    `<source>:<id>` ids of papers that have no arXiv id, and for feed papers a DOI
    in any form (`10.1038/...`, `doi:...`, a doi.org URL) or their `url:` id
    (`identity.user_id`).
    """
    raw = text.strip()
    for prefix in LOCAL_ID_PREFIXES:
        if raw.startswith(prefix + ":") and len(raw) > len(prefix) + 1:
            return PaperId(raw)
    prefixes, suffix, bare = _id_patterns()
    body = suffix.sub("", prefixes.sub("", raw))
    match = bare.fullmatch(body)
    if match is None:
        from paperfeed.identity import user_id

        if (other := user_id(raw)) is not None:
            return PaperId(other)
        raise InvalidIdError(
            f"{text!r} is not an arXiv id: use a form like 2408.06070, 2408.06070v2, "
            "arXiv:2408.06070, hep-th/9901001 or an arxiv.org/abs/ URL (a feed paper: its DOI "
            "or its url: id)"
        )
    if match["new"] and not _new_id_width_ok(match["new"]):
        raise InvalidIdError(
            f"{text!r} is not an arXiv id: since 2015 they have five digits after the dot "
            "(2408.06070), before that four (0704.0001)"
        )
    canonical = match["new"] or f"{match['archive']}/{match['number']}"
    version = int(match["version"]) if match["version"] else None
    return PaperId(canonical, version)


def _new_id_width_ok(new_id: str) -> bool:
    yymm, number = new_id.split(".")
    return len(number) == (5 if yymm >= "1501" else 4)


class Sighting(NamedTuple):
    """One source listing one paper once: what `Source.parse` returns.

    `authoritative` is true for arXiv, which owns the bibliographic fields; other
    sources only fill fields arXiv left empty and own their own signals
    (upvotes, comments, code, AI summary).
    """

    source: str
    paper_id: str
    title: str
    seen_day: str  # the day the source listed it (announcement date, HF daily date)
    version: int | None = None
    abstract: str = ""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: str | None = None
    updated: str | None = None
    abs_url: str | None = None
    pdf_url: str | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    code_url: str | None = None
    code_stars: int | None = None
    upvotes: int | None = None
    comments: int | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()  # parallel to `authors`, "" where none is known
    kind: str = "listed"  # arXiv announce type (new, cross, replace, ...), daily, trending
    rank: int | None = None
    authoritative: bool = False
    update_only: bool = False  # refresh a stored paper, never add one (arXiv replacements)
    details: Mapping[str, object] = MappingProxyType({})


class Marks(NamedTuple):
    """The user's own state for a paper; no fetch ever writes it."""

    read_at: str | None = None
    starred_at: str | None = None
    note: str | None = None
    shown_at: str | None = None
    less_at: str | None = None  # "less like this": a negative example for the ranking

    @property
    def read(self) -> bool:
        return self.read_at is not None

    @property
    def starred(self) -> bool:
        return self.starred_at is not None


class PaperSummary(NamedTuple):
    """A machine-written summary in the reader's language, and the model that wrote it
    (shown with it, as Hugging Face labels its own machine-written summaries)."""

    text: str
    model: str
    language: str


class Paper(NamedTuple):
    """One work as the store knows it, merged over every source that listed it.

    `title`, `abstract` and `authors` are the readable form (TeX as Unicode), made once
    when the paper was stored; the `*_tex` fields keep arXiv's original where it differs.
    """

    id: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    version: int | None = None
    published: str | None = None
    updated: str | None = None
    abs_url: str | None = None
    pdf_url: str | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    code_url: str | None = None
    code_stars: int | None = None
    upvotes: int | None = None
    comments: int | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    first_seen: str = ""
    last_seen: str = ""
    sources: tuple[str, ...] = ()  # every source that has listed it
    announce_type: str | None = None  # arXiv's latest announce type, if arXiv listed it
    trending_rank: int | None = None  # rank in the latest trending list, if the paper is on it
    affiliations: tuple[str, ...] = ()  # parallel to `authors`, "" where none is known
    # arXiv's TeX where it differs from the readable `title`, `abstract` and `authors`
    # above (None: the text has no TeX). BibTeX wants it; every screen shows the readable form.
    title_tex: str | None = None
    abstract_tex: str | None = None
    authors_tex: tuple[str, ...] | None = None
    marks: Marks = Marks()
    summary: PaperSummary | None = None  # in the configured language, when one is stored

    @property
    def main_category(self) -> str | None:
        """The category that stands for the paper: arXiv's primary one, else the first
        listed (a source that knows categories but not which is primary)."""
        return self.primary_category or (self.categories[0] if self.categories else None)


class DigestEntry(NamedTuple):
    """One paper of a digest, with the score and reasons that chose it and its reading minutes."""

    paper: Paper
    score: float
    reasons: tuple[str, ...]
    minutes: float


class Digest(NamedTuple):
    """The papers chosen for one day, in reading order.

    `candidates` is how many papers were eligible; `away_days` is how many days
    passed since the previous digest (0 or 1 on an ordinary morning), which the
    header turns into "away 3 days: 812 new papers, best 14 shown".
    """

    day: str
    entries: tuple[DigestEntry, ...]
    candidates: int
    away_days: int = 0
    position: int = 0  # where the reader left off, for resuming
    transient: bool = False  # built for one run (`--minutes N`): never saved, not resumed
    note: str | None = None  # one line the header shows (a one-run budget, a changed config)

    @property
    def minutes(self) -> float:
        return sum(e.minutes for e in self.entries)


class SourceResult(NamedTuple):
    """What one source's fetch did; `refresh` collects these into a report."""

    source: str
    status: str  # ok, no announcement, unchanged, failed, retired
    new: int = 0
    updated: int = 0
    seconds: float = 0.0
    error: str | None = None
