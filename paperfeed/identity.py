"""Which work a feed entry is: an arXiv id, a DOI, or a normalised link (pure).

Ids of papers without an arXiv id follow the store's `<namespace>:<id>` rule with
two namespaces shared by every feed, not one per feed, so that the same work from
two feeds is one row: `doi:10.1038/s42256-026-01101-7` (lowercased, as DOIs are
case-insensitive) and, for an entry without a DOI, `url:` + its link without
scheme, `www.`, default port, fragment, tracking parameters or trailing slash
(`url:lab.example.edu/2026/11/27/post`). An arXiv link on any arxiv.org host or an
arXiv DOI (`10.48550/arXiv.2411.17758`) gives the arXiv id itself, so the entry
merges into that paper.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from paperfeed.errors import InvalidIdError

DOI_PREFIX = "doi:"
URL_PREFIX = "url:"
_DOI = re.compile(r"(10\.\d{4,9}/[^\s\"<>]+)")
_DOI_FORMS = re.compile(r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)
_ARXIV_PATH = re.compile(r"/(?:abs|pdf|html)/(.+?)(?:\.pdf)?/?$")
_TRACKING = re.compile(r"^(?:utm_.*|fbclid|gclid|mc_cid|mc_eid|rss|ref|source)$", re.IGNORECASE)


def doi(value: str | None) -> str | None:
    """The DOI in `value` (`doi:10.1/x`, `https://doi.org/10.1/x`, bare), lowercased, or None."""
    if not value:
        return None
    text = _DOI_FORMS.sub("", value.strip())
    match = _DOI.fullmatch(text.rstrip(".,;"))
    return match[1].lower() if match else None


def arxiv_id(link: str | None = None, doi_value: str | None = None) -> tuple[str, int | None] | None:
    """(arXiv id, version) when the link or DOI is arXiv's, else None."""
    from paperfeed.models import parse_paper_id

    candidates: list[str] = []
    if doi_value and (m := _ARXIV_DOI.fullmatch(doi_value)):
        candidates.append(m[1])
    if link and "arxiv.org" in link.lower():  # a host of arxiv.org's spells it (split: ~1 µs)
        try:
            parts = urlsplit(link.strip())
        except ValueError:
            parts = None
        host = (parts.hostname or "") if parts else ""
        on_arxiv = host == "arxiv.org" or host.endswith(".arxiv.org")
        if parts and on_arxiv and (m := _ARXIV_PATH.search(parts.path)):
            candidates.append(m[1])
    for text in candidates:
        try:
            found = parse_paper_id(text)
        except InvalidIdError:
            continue
        if ":" not in found.id:
            return found.id, found.version
    return None


def link_key(link: str | None) -> str | None:
    """A link normalised so that the forms one page is published under compare equal."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host += f":{port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return host + path + (f"?{query}" if query else "")


def paper_id(link: str | None, doi_value: str | None) -> tuple[str, int | None] | None:
    """The canonical id of a feed entry (and an arXiv version), or None with neither."""
    found = arxiv_id(link, doi_value)
    if found is not None:
        return found
    if doi_value:
        return DOI_PREFIX + doi_value, None
    key = link_key(link)
    return (URL_PREFIX + key, None) if key else None


def user_id(text: str) -> str | None:
    """The id a user means by a DOI in any form or a `url:` id, else None.

    A bare web link is not taken for a feed paper: `https://example.com/abs/2408.06070`
    is far more likely a mistyped arXiv link than a blog post."""
    raw = text.strip()
    if raw.lower().startswith((DOI_PREFIX, "https://doi.org/", "http://doi.org/",
                               "https://dx.doi.org/", "http://dx.doi.org/", "10.")):
        found = doi(raw)
        if found:
            arxiv = arxiv_id(None, found)
            return arxiv[0] if arxiv else DOI_PREFIX + found
        return None
    if raw.lower().startswith(URL_PREFIX):
        return raw if len(raw) > len(URL_PREFIX) else None
    return None
