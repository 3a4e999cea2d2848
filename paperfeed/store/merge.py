"""How one more sighting changes a stored paper row: pure, so it is tested alone.

arXiv is authoritative for the bibliographic fields; every other source only
fills what is still empty. Each source owns its signals (upvotes, code, AI
summary): a newer value from it replaces the old one, and a source that does
not carry a signal never erases it. The highest version wins and `first_seen`
never changes. Marks live in another table, so nothing here can touch them.

Title, abstract and authors carry their readable form (`text.readable`) along:
it is computed here, once, and moves with its original. One exception to arXiv's
authority: a name whose readable form equals the stored one is not replaced by a
TeX spelling of it (the API's `Sébastien` stays when the feed says `S\'ebastien`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from paperfeed.models import Sighting
from paperfeed.text import clean, one_line, readable

Row = dict[str, Any]

BIBLIOGRAPHIC = (
    "title", "abstract", "authors", "categories", "primary_category", "published",
    "updated", "abs_url", "pdf_url", "comment", "journal_ref", "doi",
)
SIGNALS = ("code_url", "code_stars", "upvotes", "comments", "ai_summary", "ai_keywords")
_EMPTY = (None, "", "[]")


# Each original column and its readable companion, which is NULL when they are equal.
READABLE = {"title": "title_readable", "abstract": "abstract_readable", "authors": "authors_readable"}


def sighting_values(s: Sighting, existing: Row | None = None) -> Row:
    """The column values a sighting carries, encoded as stored (lists as JSON).

    The readable form of a text the stored row already has is taken from the row: a
    re-fetch of an unchanged feed converts nothing again."""
    title = one_line(s.title)
    abstract = clean(s.abstract).strip()
    names = [one_line(a) for a in s.authors]
    authors = _json_list(names)
    places = [readable.readable_line(a) for a in s.affiliations][:len(names)]
    return {
        "title": title,
        "title_readable": _readable(existing, "title", title, _title),
        "abstract": abstract,
        "abstract_readable": _readable(existing, "abstract", abstract, _abstract),
        "authors": authors,
        "authors_readable": _readable(existing, "authors", authors, lambda _: _names(names)),
        "affiliations": (_json_list(places + [""] * (len(names) - len(places)))
                         if any(places) else None),
        "categories": _json_list(s.categories),
        "primary_category": s.primary_category,
        "published": s.published,
        "updated": s.updated,
        "abs_url": s.abs_url,
        "pdf_url": s.pdf_url,
        "comment": clean(s.comment) if s.comment else s.comment,
        "journal_ref": one_line(s.journal_ref) if s.journal_ref else s.journal_ref,
        "doi": s.doi,
        "code_url": s.code_url,
        "code_stars": s.code_stars,
        "upvotes": s.upvotes,
        "comments": s.comments,
        "ai_summary": clean(s.ai_summary).strip() if s.ai_summary else s.ai_summary,
        "ai_keywords": (_json_list([one_line(k) for k in s.ai_keywords])
                        if s.ai_keywords else None),
    }


def _readable(existing: Row | None, column: str, original: str, make: Callable[[str], str | None]
              ) -> str | None:
    if existing is not None and existing.get(column) == original:
        value: str | None = existing.get(READABLE[column])
        return value
    return make(original)


def _title(title: str) -> str | None:
    if "\\" not in title and "$" not in title:  # no TeX: `title` is one clean line already
        return None
    shown = readable.readable_line(title)
    return shown if shown != title else None


def _abstract(abstract: str) -> str | None:
    if "\\" not in abstract and "$" not in abstract:  # no TeX: cleaned and stripped already
        return None
    shown = readable.readable_text(abstract)
    return shown if shown != abstract else None


def _names(names: list[str]) -> str | None:
    shown = [readable.readable_line(n) if "\\" in n or "$" in n else n for n in names]
    return _json_list(shown) if shown != names else None


def merge(existing: Row | None, s: Sighting, now: str) -> Row:
    """The row after `s` is recorded; `existing` is the stored row or None."""
    incoming = sighting_values(s, existing)
    if existing is None:
        row: Row = incoming
        row.update(
            id=s.paper_id, version=s.version, first_seen=now, last_seen=now,
            sources=_encode([s.source]), ai_keywords=row["ai_keywords"] or "[]",
            announce_type=s.kind if s.authoritative else None,
            trending_rank=s.rank if s.kind == "trending" else None,
        )
        return row
    row = dict(existing)
    older = s.version is not None and (row.get("version") or 0) > s.version
    for key in BIBLIOGRAPHIC:
        value = incoming[key]
        if value in _EMPTY:
            continue
        if (s.authoritative and not older) or row.get(key) in _EMPTY:
            if key == "authors":
                _take_authors(row, incoming)
            else:
                row[key] = value
                if key in READABLE:
                    row[READABLE[key]] = incoming[READABLE[key]]
    for key in SIGNALS:
        if incoming[key] is not None:
            row[key] = incoming[key]
    if s.version is not None and s.version > (row.get("version") or 0):
        row["version"] = s.version
    sources = json.loads(row.get("sources") or "[]")
    if s.source not in sources:
        row["sources"] = _encode([*sources, s.source])
    if s.authoritative:
        row["announce_type"] = s.kind
    if s.kind == "trending" and s.rank is not None:
        row["trending_rank"] = s.rank
    if row != existing or existing.get("last_seen", "")[:10] != now[:10]:
        row["last_seen"] = now
    return row


def _take_authors(row: Row, incoming: Row) -> None:
    """The incoming author list, except that a stored name without TeX is kept where the
    incoming one reads the same (a Unicode name never becomes its TeX spelling); the
    affiliations known for the same names are kept when the incoming list has none."""
    if row.get("authors") == incoming["authors"]:  # the common case: a re-fetch
        if incoming["affiliations"] is not None:
            row["affiliations"] = incoming["affiliations"]
        return
    old = json.loads(row.get("authors") or "[]")
    old_r = json.loads(row.get("authors_readable") or "null") or old
    new = json.loads(incoming["authors"])
    new_r = json.loads(incoming["authors_readable"] or "null") or new
    same = old_r == new_r
    if same:
        new = [o if "\\" not in o else n for o, n in zip(old, new, strict=True)]
    row["authors"] = _json_list(new)
    row["authors_readable"] = _json_list(new_r) if new_r != new else None
    if incoming["affiliations"] is not None:
        row["affiliations"] = incoming["affiliations"]
    elif not same:
        row["affiliations"] = None


# One encoder for every call: `json.dumps` with options builds a new encoder each
# time, which was a third of the cost of recording a paper. Not ASCII-escaped, so
# the FTS index sees "Wübben", not "W\\u00fcbben".
_encode = json.JSONEncoder(ensure_ascii=False).encode


def encode_list(values: Sequence[str]) -> str:
    """A list column's stored form (JSON, not ASCII-escaped)."""
    return _encode(list(values))


def _json_list(values: Sequence[str]) -> str:
    return _encode(list(values))
