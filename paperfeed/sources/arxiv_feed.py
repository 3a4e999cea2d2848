"""arXiv's daily announcement feed (RSS 2.0 from rss.arxiv.org), parsed pure on bytes.

Facts from the live feed (samples in ../shared/fixtures/arxiv-rss): id and version
come from the guid `oai:arXiv.org:2411.17758v1`; `arxiv:announce_type` says new,
cross, replace or replace-cross; the description is `arXiv:ID Announce Type: T \\n
Abstract: ...`; `dc:creator` is one comma-joined string whose affiliations, in
parentheses, contain commas too; categories come in order, the primary first; the
channel `pubDate` is the announcement day. A weekend gives an empty channel, a bad
category a channel titled `Feed error for query:` whose description is arXiv's reason.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Collection
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from paperfeed.errors import FetchError, InvalidIdError
from paperfeed.models import ARXIV_CATEGORY, Sighting, parse_paper_id
from paperfeed.sources._common import web_url
from paperfeed.sources._xml import gc_paused, parse_xml
from paperfeed.text import clean, one_line

SOURCE = "arxiv"
ITEM_CAP = 2000  # the feed never lists more; a full answer may have been cut
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"
RDF_NS = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
ERROR_TITLE = "Feed error for query:"
ABS_URL = "https://arxiv.org/abs/{id}"
PDF_URL = "https://arxiv.org/pdf/{id}"

_HEADER = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*", re.IGNORECASE)
_ABSTRACT = re.compile(r"^Abstract:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Announcements:
    sightings: tuple[Sighting, ...]
    day: str | None  # the announcement day (channel pubDate), None for an empty channel
    items: int  # items in the feed, including any skipped for lack of an id


@gc_paused()
def parse_announcements(data: bytes, *, announce_types: Collection[str],
                        fallback_day: str) -> Announcements:
    """Every item of the feed as a sighting; types outside `announce_types` only
    refresh papers already stored (a replacement must not re-surface as new)."""
    root = parse_xml(data, "the arXiv announcement feed")
    channel = root.find("channel")
    if root.tag == f"{RDF_NS}RDF":
        raise FetchError("the arXiv announcement feed is RSS 1.0 (RDF), the format arXiv's feeds "
                         "had before 2024, not the RSS 2.0 of rss.arxiv.org; point "
                         "sources.arxiv.feed_url at https://rss.arxiv.org/rss/")
    if root.tag != "rss" or channel is None:
        raise FetchError(f"the arXiv announcement feed is not RSS (root element <{_local(root.tag)}>)")
    title = channel.findtext("title") or ""
    if title.startswith(ERROR_TITLE):
        reason = one_line(channel.findtext("description")) or one_line(title)
        raise FetchError(f"arXiv says: {reason[:300]}")
    items = channel.findall("item")
    if not items:
        return Announcements((), None, 0)
    day = _day(channel.findtext("pubDate")) or _day(items[0].findtext("pubDate")) or fallback_day
    sightings = []
    for item in items:
        sighting = _sighting(item, day, announce_types)
        if sighting is not None:
            sightings.append(sighting)
    return Announcements(tuple(sightings), day, len(items))


def _sighting(item: Element, day: str, announce_types: Collection[str]) -> Sighting | None:
    ident = _identify(item.findtext("guid"), item.findtext("link"))
    if ident is None:
        return None
    paper_id, version = ident
    # Remote text like any other: it is stored and shown (the card, `list --json`).
    kind = one_line(item.findtext(f"{ARXIV_NS}announce_type") or "new").lower()
    categories = tuple(c for c in (one_line(e.text) for e in item.findall("category"))
                       if ARXIV_CATEGORY.fullmatch(c))
    link = item.findtext("link")
    authors, affiliations = split_creators(item.findtext(f"{DC_NS}creator") or "")
    return Sighting(
        source=SOURCE,
        paper_id=paper_id,
        version=version,
        title=one_line(item.findtext("title")),
        seen_day=day,
        abstract=abstract_of(item.findtext("description") or ""),
        authors=authors,
        affiliations=affiliations if any(affiliations) else (),
        categories=categories,
        primary_category=categories[0] if categories else None,
        # A new v1 becomes public when it is announced; later versions keep their date.
        published=day if kind == "new" and version in (None, 1) else None,
        abs_url=web_url(link) or ABS_URL.format(id=paper_id),
        pdf_url=PDF_URL.format(id=paper_id),
        doi=one_line(item.findtext(f"{ARXIV_NS}DOI")) or None,
        journal_ref=one_line(item.findtext(f"{ARXIV_NS}journal_reference")) or None,
        kind=kind,
        authoritative=True,
        update_only=kind not in announce_types,
    )


def _identify(guid: str | None, link: str | None) -> tuple[str, int | None] | None:
    for candidate in (guid, link):
        if candidate and candidate.strip():
            try:
                found = parse_paper_id(candidate)
            except InvalidIdError:
                continue
            return found.id, found.version
    return None


def abstract_of(description: str) -> str:
    """The abstract from `arXiv:ID Announce Type: T \\nAbstract: ...`, unwrapped."""
    body = _ABSTRACT.sub("", _HEADER.sub("", clean(description), count=1), count=1)
    return " ".join(body.split())


def split_authors(creator: str) -> tuple[str, ...]:
    """`A (Univ, Dept), B, C` -> (`A`, `B`, `C`): the names alone (see `split_creators`)."""
    return split_creators(creator)[0]


def split_creators(creator: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`A (Univ, Dept), B, C` -> names (`A`, `B`, `C`) and affiliations (`Univ, Dept`, "", "").

    The parentheses hold affiliations, whose commas do not separate authors. They are
    kept apart from the name: the API lists them apart too, so names from both sources
    compare equal, and `authors = [...]` in the config matches names, not institutes."""
    text = one_line(creator)
    if "(" not in text:
        names = tuple(n for n in (name.strip() for name in text.split(",")) if n)
        return names, ("",) * len(names)
    pairs: list[tuple[str, str]] = []
    name: list[str] = []
    affiliation: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
            if depth > 1:
                affiliation.append(char)
        elif char == ")":
            depth = max(0, depth - 1)
            if depth:
                affiliation.append(char)
        elif depth:
            affiliation.append(char)
        elif char == ",":
            pairs.append((" ".join("".join(name).split()), " ".join("".join(affiliation).split())))
            name, affiliation = [], []
        else:
            name.append(char)
    pairs.append((" ".join("".join(name).split()), " ".join("".join(affiliation).split())))
    kept = [(n, a) for n, a in pairs if n]
    return tuple(n for n, _ in kept), tuple(a for _, a in kept)


def _day(value: str | None) -> str | None:
    """The calendar day a pubDate names, in the time zone it was written in."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
