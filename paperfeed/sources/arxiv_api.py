"""arXiv's query API (Atom from export.arxiv.org/api/query), parsed pure on bytes.

Two shapes are live in the samples (../shared/fixtures/arxiv-api) and both parse:
the legacy one (before November 2025: titles, abstracts and comments hard-wrapped
at 80 columns, `http://` links with `title="pdf"`, MSC/ACM codes among categories,
an empty `<entry>` per missing id) and the current one (unwrapped text, `https://`
links, `arxiv:primary_category` without a scheme, missing ids simply dropped; for a
few days its links even lost `rel` and `title`, so the PDF link is also recognised
by `/pdf/` in its href). An error is a feed whose single entry is titled `Error`
with an id under `/api/errors`; its summary is arXiv's reason.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from xml.etree.ElementTree import Element

from paperfeed.errors import FetchError, InvalidIdError
from paperfeed.models import ARXIV_CATEGORY, Sighting, parse_paper_id
from paperfeed.sources._common import iso_timestamp, web_url
from paperfeed.sources._xml import gc_paused, parse_xml
from paperfeed.text import one_line

SOURCE = "arxiv"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
MAX_PAGE = 2000  # the API's largest max_results
MAX_OFFSET = 30000  # the API does not page beyond this many results of one query



@dataclass(frozen=True, slots=True)
class ApiPage:
    sightings: tuple[Sighting, ...]
    total: int  # opensearch:totalResults
    start: int  # opensearch:startIndex
    entries: int  # <entry> elements, including empty ones for missing ids


@gc_paused()
def parse_api_page(data: bytes, *, fallback_day: str, categories: Collection[str] = ()) -> ApiPage:
    """One page of API results as sightings.

    `categories` are the configured ones: an entry whose primary category falls under
    one of them is a `new` sighting, any other a `cross` one (the API does not say how
    a paper was announced). Without `categories` every entry is `new`. An entry's
    day is its submission day, else `fallback_day`.
    """
    root = parse_xml(data, "the arXiv API answer")
    if root.tag != f"{ATOM}feed":
        raise FetchError(f"the arXiv API answer is not an Atom feed (root <{root.tag.rsplit('}', 1)[-1]}>)")
    entries = root.findall(f"{ATOM}entry")
    _raise_on_error(entries)
    sightings = []
    for entry in entries:
        sighting = _sighting(entry, categories, fallback_day)
        if sighting is not None:
            sightings.append(sighting)
    return ApiPage(
        tuple(sightings),
        total=_int(root.findtext(f"{OPENSEARCH}totalResults")),
        start=_int(root.findtext(f"{OPENSEARCH}startIndex")),
        entries=len(entries),
    )


def _raise_on_error(entries: list[Element]) -> None:
    for entry in entries:
        ident = entry.findtext(f"{ATOM}id") or ""
        if "/api/errors" in ident and (entry.findtext(f"{ATOM}title") or "").strip() == "Error":
            reason = one_line(entry.findtext(f"{ATOM}summary")) or ident
            raise FetchError(f"arXiv says: {reason[:300]}")


def _sighting(entry: Element, categories: Collection[str], fallback_day: str) -> Sighting | None:
    try:
        found = parse_paper_id(entry.findtext(f"{ATOM}id") or "")
    except InvalidIdError:
        return None  # the legacy API's empty entry for an id that does not exist
    terms = [one_line(c.get("term")) for c in entry.findall(f"{ATOM}category")]
    cats = [t for t in terms if ARXIV_CATEGORY.fullmatch(t)]
    primary_el = entry.find(f"{ARXIV}primary_category")
    primary = one_line(primary_el.get("term")) if primary_el is not None else ""
    if ARXIV_CATEGORY.fullmatch(primary):
        cats = [primary, *(c for c in cats if c != primary)]
    else:
        primary = cats[0] if cats else ""
    abs_url, pdf_url = _links(entry)
    people = _people(entry)
    published = iso_timestamp(entry.findtext(f"{ATOM}published"))
    return Sighting(
        source=SOURCE,
        paper_id=found.id,
        version=found.version,
        title=one_line(entry.findtext(f"{ATOM}title")),
        seen_day=(published or "")[:10] or fallback_day,
        abstract=one_line(entry.findtext(f"{ATOM}summary")),
        authors=tuple(name for name, _ in people),
        affiliations=tuple(aff for _, aff in people) if any(aff for _, aff in people) else (),
        categories=tuple(dict.fromkeys(cats)),
        primary_category=primary or None,
        published=published,
        updated=iso_timestamp(entry.findtext(f"{ATOM}updated")),
        abs_url=abs_url or f"https://arxiv.org/abs/{found.id}",
        pdf_url=pdf_url or f"https://arxiv.org/pdf/{found.id}",
        comment=one_line(entry.findtext(f"{ARXIV}comment")) or None,
        journal_ref=one_line(entry.findtext(f"{ARXIV}journal_ref")) or None,
        doi=one_line(entry.findtext(f"{ARXIV}doi")) or None,
        kind=_kind(primary, categories),
        authoritative=True,
    )


def _people(entry: Element) -> list[tuple[str, str]]:
    """Each author's name and affiliations (`arxiv:affiliation`, several joined by "; ")."""
    people = []
    for author in entry.findall(f"{ATOM}author"):
        name = one_line(author.findtext(f"{ATOM}name"))
        if name:
            places = (one_line(a.text) for a in author.findall(f"{ARXIV}affiliation"))
            people.append((name, "; ".join(p for p in places if p)))
    return people


def _links(entry: Element) -> tuple[str | None, str | None]:
    abs_url = pdf_url = None
    for link in entry.findall(f"{ATOM}link"):
        href = web_url(link.get("href"))
        if href is None:
            continue
        if link.get("title") == "pdf" or (pdf_url is None and "/pdf/" in href):
            pdf_url = href
        elif link.get("rel") == "alternate" or (abs_url is None and "/abs/" in href):
            abs_url = href
    return abs_url, pdf_url


def _kind(primary: str, categories: Collection[str]) -> str:
    if not categories:
        return "new"
    archive = primary.split(".")[0]
    return "new" if primary in categories or archive in categories else "cross"


def _int(value: str | None) -> int:
    try:
        return int((value or "0").strip())
    except ValueError:
        return 0


def search_query(categories: Collection[str], since: date, until: date) -> str:
    """`(cat:cs.CV OR cat:cs.LG) AND submittedDate:[YYYYMMDD0000 TO YYYYMMDD2359]`."""
    cats = " OR ".join(f"cat:{c}" for c in categories)
    span = f"submittedDate:[{since:%Y%m%d}0000 TO {until:%Y%m%d}2359]"
    return f"({cats}) AND {span}" if cats else span
