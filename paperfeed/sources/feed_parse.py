"""Any publisher's RSS 0.9x/1.0 (RDF)/2.0 or Atom 0.3/1.0 feed to sightings (pure).

Two readers, one result. A well-formed UTF-8 RSS 2.0, RSS 1.0 or Atom 1.0 feed is
read by `feed_fast` (ElementTree, in C: feedparser is pure Python and holds the GIL,
so 20 feeds answering at once were parsed one after another); it yields the entry
fields feedparser yields, and tests/test_feed_fast.py holds the two to the same
papers. feedparser reads every feed the fast path declines: malformed XML, broken
or non-UTF-8 encodings, HTML pages, RSS 0.9x, Atom 0.3, XHTML content, elements or
dates the fast path does not reproduce.

feedparser reads the bytes (never a URL: the HTTP policy fetched them) with its
sanitizer and relative-URI rewriting off: both cost time, and the sanitizer
HTML-escapes plain descriptions (`R&D` arrives as `R&amp;D`). Summaries and HTML
titles go through `text.html.to_text` instead, which decodes entities exactly once.

Publishers' habits handled here: Dublin Core and PRISM fields (`dc:creator`,
`dc:identifier doi:...`, `prism:doi`, `prism:publicationName`,
`prism:publicationDate`); bioRxiv's one `dc:creator` of "Garcia, M., Okafor, C. N.";
Nature's "Journal, Published online: date; doi:..." lead-in; WordPress's "The post
... appeared first on ..." trailer and HTML in `content:encoded`; arXiv's own 2012
RSS 1.0 titles ending "(arXiv:1209.2411v1 [math.PR])". An entry without a summary
is still a paper (title and link); one with neither a link nor a DOI is skipped.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from paperfeed import identity
from paperfeed.errors import FetchError
from paperfeed.models import Sighting
from paperfeed.sources import feed_fast
from paperfeed.sources._common import web_url
from paperfeed.sources._xml import gc_paused
from paperfeed.text import one_line
from paperfeed.text.html import to_text

MAX_ABSTRACT = 2000  # characters; a whole blog post is not an abstract
FAST = True  # the ElementTree path first (tests turn it off to compare with feedparser's)
MAX_ENTRIES = 1000  # newest entries kept per fetch: a backlog is not a morning's reading
_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.?[\s-]?){1,4}")
_NATURE_LEAD = re.compile(r"^[^;]{1,120}, Published online: [^;]{1,40}; doi:\S+\s*")
_WP_TRAILER = re.compile(r"\s*The post .{1,300} appeared first on .{1,200}\.\s*$")
_WP_MORE = re.compile(r"\s*\[(?:…|\.\.\.)\]\s*$")
_ARXIV_TITLE = re.compile(r"\s*\(arXiv:[^\s)]+?(?:v(?P<v>\d{1,6}))?(?: \[(?P<cat>[\w.-]+)\])?"
                          r"(?: UPDATED)?\)\s*$")


@dataclass(frozen=True, slots=True)
class FeedPage:
    title: str
    sightings: tuple[Sighting, ...]
    entries: int  # entries in the feed, including skipped ones


def parse(data: bytes, *, source: str, feed_name: str, day: str, oldest: str | None = None,
          content_type: str = "") -> FeedPage:
    """The feed's papers; entries dated before `oldest` (ISO, UTC) are left out."""
    with gc_paused():
        fast = feed_fast.read(data, content_type) if FAST else None
        feed, entries = fast if fast is not None else _feedparser(data, content_type)
        journal = one_line(feed.get("prism_publicationname"))
        found: list[Sighting] = []
        for entry in entries:
            s = _sighting(entry, source, feed_name, day, journal)
            if s is not None and (oldest is None or not s.published or s.published >= oldest):
                found.append(s)
    if len(found) > MAX_ENTRIES:
        found.sort(key=lambda s: s.published or "9999", reverse=True)
        found = found[:MAX_ENTRIES]
    return FeedPage(to_text(feed.get("title")), tuple(found), len(entries))


def _feedparser(data: bytes, content_type: str) -> tuple[Mapping[str, Any], list[Mapping[str, Any]]]:
    """The feed read by feedparser: every feed the fast path declines."""
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    # A stream, never the bytes themselves: given bytes or a string, feedparser first
    # tries them as a local file name (and a string as a URL to fetch), so a body that
    # names a file would be answered with that file.
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers,
                                  sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:
        # feedparser itself crashes on some hostile bytes (an encoding name with a NUL)
        reason = one_line(f"{type(exc).__name__}: {exc}")[:100]
        raise FetchError(f"the feed cannot be read ({reason}); check the feed's URL or "
                         "tell its publisher") from exc
    if not parsed.get("version") and not parsed.entries:
        reason = one_line(str(parsed.get("bozo_exception") or "no RSS or Atom element"))[:100]
        raise FetchError(f"the answer is not an RSS or Atom feed ({reason}); check the feed's URL")
    return parsed.get("feed", {}), parsed.entries


def _sighting(e: Mapping[str, Any], source: str, feed_name: str, day: str,
              journal: str) -> Sighting | None:
    link = web_url(e.get("link")) or _alternate(e)
    doi = _doi(e)
    ids = identity.paper_id(link, doi)
    if ids is None:
        return None
    paper_id, version = ids
    is_arxiv = ":" not in paper_id
    title = _title(e)
    category = None
    if is_arxiv and (m := _ARXIV_TITLE.search(title)):
        title, category = title[: m.start()], m["cat"]
        version = version or (int(m["v"]) if m["v"] else None)
    details: dict[str, object] = {"feed": feed_name}
    if link and is_arxiv:
        details["link"] = link
    return Sighting(
        source=source,
        paper_id=paper_id,
        version=version,
        title=title or (link or paper_id),
        seen_day=day,
        abstract=_abstract(e),
        authors=_authors(e),
        categories=(category,) if category else (),
        primary_category=category,
        published=_date(e),
        abs_url=f"https://arxiv.org/abs/{paper_id}" if is_arxiv else link,
        pdf_url=f"https://arxiv.org/pdf/{paper_id}" if is_arxiv else None,
        journal_ref=None if is_arxiv else (one_line(e.get("prism_publicationname")) or journal or None),
        doi=None if is_arxiv or not doi else doi,
        details=details,
    )


def _alternate(e: Mapping[str, Any]) -> str | None:
    for link in e.get("links") or ():
        if link.get("rel", "alternate") == "alternate" and (url := web_url(link.get("href"))):
            return url
    return None


def _doi(e: Mapping[str, Any]) -> str | None:
    candidates = [e.get("prism_doi"), e.get("dc_identifier"), e.get("id")]
    candidates += [link.get("href") for link in e.get("links") or () if "doi.org/" in
                   str(link.get("href", ""))]
    for value in candidates:
        if isinstance(value, str) and (found := identity.doi(value)):
            return found
    return None


def _title(e: Mapping[str, Any]) -> str:
    detail = e.get("title_detail") or {}
    raw = e.get("title") or ""
    return to_text(raw) if "html" in str(detail.get("type", "")) else one_line(raw)


def _abstract(e: Mapping[str, Any]) -> str:
    detail = e.get("summary_detail") or {}
    raw, kind = e.get("summary") or "", str(detail.get("type", ""))
    if not raw.strip() and e.get("content"):
        raw, kind = e["content"][0].get("value") or "", str(e["content"][0].get("type", ""))
    text = to_text(raw) if "html" in kind or not kind else one_line(raw)
    # Each pattern only where its words are: scanning every abstract with all three
    # was a fifth of the feed parse (benchmarks/bench_feeds.py).
    if ", Published online: " in text:
        text = _NATURE_LEAD.sub("", text)
    if " appeared first on " in text:
        text = _WP_TRAILER.sub("", text)
    if text.rstrip().endswith("]"):
        text = _WP_MORE.sub("", text)
    if len(text) > MAX_ABSTRACT:
        text = text[:MAX_ABSTRACT].rsplit(" ", 1)[0] + " …"
    return text


def _authors(e: Mapping[str, Any]) -> tuple[str, ...]:
    names = [to_text(a.get("name")) for a in e.get("authors") or () if isinstance(a, dict)]
    names = [n for n in names if n]
    if len(names) == 1:
        names = split_authors(names[0])
    return tuple(dict.fromkeys(names))


def split_authors(text: str) -> list[str]:
    """One `dc:creator` naming several people: `Garcia, M., Okafor, C. N.` (bioRxiv's
    "Surname, Initials" list), `A; B`, or `A, B and C`; a single name stays whole."""
    if ";" in text:
        return [p.strip() for p in text.split(";") if p.strip()]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2 and len(parts) % 2 == 0 and all(
            _INITIALS.fullmatch(parts[i]) for i in range(1, len(parts), 2)):
        return [f"{parts[i + 1]} {parts[i]}" for i in range(0, len(parts), 2)]
    if len(parts) >= 2 and all(" " in p or " and " in p for p in parts):
        last = parts.pop()
        parts += [p.strip() for p in re.split(r"\band\b", last) if p.strip()]
        return parts
    return [text.strip()]


def _date(e: Mapping[str, Any]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: feedparser's own get maps a missing published to updated, with a warning
        value = dict.get(e, key) if isinstance(e, dict) else e.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat(timespec="seconds")
            except (OverflowError, ValueError, OSError):
                continue
    raw = e.get("prism_publicationdate") or e.get("prism_coverdate")
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", raw.strip()):
        return raw.strip() + "T00:00:00+00:00"
    return None
