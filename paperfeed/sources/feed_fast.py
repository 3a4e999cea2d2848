"""The fast path of the feed parser: well-formed RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 read
with the standard library's ElementTree (expat, in C) into the entries feedparser makes.

Why: feedparser is pure Python, about 1 ms per item, and holds the GIL while it parses,
so 20 feeds answering together were parsed one after the other
(benchmarks/bench_feeds.py); ElementTree builds the same tree 10-30x faster.

The contract is sameness: for a feed it accepts, this module yields the feed title and
the entry fields `feed_parse` reads (title, link, links, id, summary, content, authors,
dates, `dc:identifier`, `prism:*`) with feedparser's own values, quirks included (the
first non-empty title wins, a second description becomes content, a guid is the link
when there is none, `R&amp;amp;D` in an RSS title is HTML but not in an Atom-declaring
feed, the UTF-8 "double decoding" repair). Where it cannot be sure it declines
(`None`) and feedparser reads the whole feed: malformed XML, other encodings, a DOCTYPE,
`xml:base`, XHTML content, RSS 0.9x, Atom 0.3, an element or a date format it does not
know. tests/test_feed_fast.py runs both on every feed fixture and compares.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from paperfeed.sources import _feed_dates as dates
from paperfeed.sources import _feed_rules as rules

Entry = dict[str, Any]
RSS10 = "http://purl.org/rss/1.0/"
ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ENTRY_TAGS = tuple(f"{ns}{local}" for ns in ("", f"{{{RSS10}}}", f"{{{ATOM}}}")
                    for local in ("item", "entry"))
_TITLE = {"title", "dc_title"}
_PUBLISHED = {"pubdate", "published", "issued", "dcterms_issued"}
_UPDATED = {"updated", "modified", "dc_date", "dcterms_modified"}
_CREATED = {"created", "dcterms_created"}
_AUTHOR = {"author", "dc_creator", "dc_author"}
_IGNORED = {"category", "dc_subject", "comments", "dc_language", "dc_rights", "dc_format",
            "dc_type", "dc_source", "dc_relation", "dc_coverage", "rights", "media_content",
            "media_thumbnail", "feedburner_origlink", "contributor", "dc_publisher"}
_ROLES = {
    **dict.fromkeys(_TITLE, "title"), "link": "link", "guid": "id", "id": "id",
    **dict.fromkeys(("description", "dc_description", "summary"), "summary"),
    "content_encoded": "content", "content": "content", **dict.fromkeys(_AUTHOR, "author"),
    **dict.fromkeys(_PUBLISHED, "published_parsed"), **dict.fromkeys(_UPDATED, "updated_parsed"),
    **dict.fromkeys(_CREATED, "created_parsed"), "enclosure": "enclosure",
    **dict.fromkeys(_IGNORED, "ignored"),
}  # what an entry's child is to feedparser; anything else is declined unless inert
_GENERIC = {"dc_identifier", "prism_doi", "prism_publicationname", "prism_publicationdate",
            "prism_coverdate"}
_ROLES.update(dict.fromkeys(_GENERIC, "generic"))
_WITH_CONTENT = _TITLE | {"description", "dc_description", "summary", "content", "subtitle",
                          "tagline", "rights", "copyright", "dc_rights", "info", "abstract"}
# A DTD (entities), xml:base (relative links), XHTML content or an xlink declaration:
# feedparser treats each in ways not reproduced here.
_REFUSED = (b"<!doctype", b"<!entity", b"xml:base", b"xhtml", b"xlink")
_XMLNS = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class Declined(Exception):  # noqa: N818 - not an error: the fallback is chosen
    """Not a feed this path is sure about: feedparser reads it."""


def read(data: bytes, content_type: str = "") -> tuple[Entry, list[Entry]] | None:
    """(feed fields, entries) as feedparser would give them, or None to let feedparser read it."""
    try:
        return _Reader(data, content_type).run()
    except (Declined, ET.ParseError, ValueError, LookupError):
        return None


class _Reader:
    def __init__(self, data: bytes, content_type: str) -> None:
        lowered = data.lower()  # one copy, then substring tests (a regex here cost 4x the parse)
        if data[:1] != b"<" or any(word in lowered for word in _REFUSED):
            raise Declined
        rules.encoding(data, content_type)
        self.data = data
        self.given: dict[str, str | None] = {}  # namespace URI -> the prefix the document uses
        bound: dict[str | None, str] = {}
        for m in _XMLNS.finditer(data):
            prefix = m[1].decode() if m[1] else None
            uri = (m[2] if m[2] is not None else m[3]).decode()
            if ("&" in uri or self.given.setdefault(uri, prefix) != prefix
                    or bound.setdefault(prefix, uri) != uri):
                raise Declined  # one URI under two prefixes, or one prefix for two URIs
        self.names: dict[str, str] = {}
        self.atom = False

    def run(self) -> tuple[Entry, list[Entry]]:
        root = ET.fromstring(self.data)  # noqa: S314 - expat: no external entities, no DOCTYPE here
        containers = self._containers(root)
        self.atom = root.tag == f"{{{ATOM}}}feed" or (root.tag != "rss" and self._atom_declared_first())
        head, items = containers
        # Entries anywhere else (feedparser takes them wherever they are) decline the feed;
        # outside the entries (which `entry` checks child by child) every element is looked at.
        expected = sum(1 for tag in _ENTRY_TAGS for _ in root.iter(tag))
        self._check_outside(root, {id(item) for item in items})
        entries: list[Entry] = []
        feed: Entry = {}
        seen_item = False
        for child in head:
            name = self.name(child.tag)
            if name in ("item", "entry"):
                seen_item = True
            elif name in _TITLE:
                if seen_item:
                    raise Declined
                if not feed.get("title"):
                    feed["title"] = self.text(child)
            elif name in _GENERIC:
                feed[name] = self.generic(child)
            elif name in ("source", "channel", "feed", "rss"):
                raise Declined
        for item in items:
            entries.append(self.entry(item))
        if len(entries) != expected:
            raise Declined  # entries where feedparser would find them but this path does not
        return feed, entries

    def _check_outside(self, el: ET.Element, items: set[int]) -> None:
        for child in el:
            if id(child) not in items:
                if self.name(child.tag) in _WITH_CONTENT and len(child):
                    raise Declined  # markup inside text: feedparser's XHTML handling
                if len(child):
                    self._check_outside(child, items)

    def _containers(self, root: ET.Element) -> tuple[ET.Element, list[ET.Element]]:
        if root.tag == "rss" and root.get("version", "").startswith("2."):
            channels = [c for c in root if c.tag == "channel"]
            if len(channels) != 1 or RSS10 in self.given or None in self.given.values():
                raise Declined
            return channels[0], [c for c in channels[0] if c.tag == "item"]
        if root.tag == f"{{{RDF}}}RDF" and self.given.get(RSS10, "x") is None:
            kids = list(root)
            channels = [c for c in kids if c.tag == f"{{{RSS10}}}channel"]
            if len(channels) != 1 or kids.index(channels[0]) != 0:
                raise Declined  # an image or textinput before the channel moves feedparser's title
            return channels[0], [c for c in kids if c.tag == f"{{{RSS10}}}item"]
        if root.tag == f"{{{ATOM}}}feed" and self.given.get(ATOM) is None:
            return root, [c for c in root if c.tag == f"{{{ATOM}}}entry"]
        raise Declined

    def _atom_declared_first(self) -> bool:
        """feedparser takes an RDF feed's version from the first namespace it knows on the
        root, so one that declares Atom's namespace before RSS 1.0's counts as Atom (no HTML
        guessing); an `<rss>` root sets the version itself."""
        start = re.search(rb"<(?![?!])[^>]*>", self.data)
        for m in _XMLNS.finditer(start[0] if start else b""):
            uri = (m[2] if m[2] is not None else m[3]).decode().lower()
            if uri in (RSS10, ATOM.lower()):
                return uri == ATOM.lower()
        return False

    def name(self, tag: str) -> str:
        """feedparser's name for an element: `dc_creator`, `prism_doi`, `title`."""
        if (known := self.names.get(tag)) is not None:
            return known
        uri, _, local = tag[1:].rpartition("}") if tag[:1] == "{" else ("", "", tag)
        prefix = rules.PREFIXES.get(uri.lower())
        if prefix is None:
            given = self.given.get(uri)
            if (given is None or given.lower() in rules.HANDLED_PREFIXES or "userland" in uri
                    or uri.lower() in rules.FOREIGN):
                raise Declined
            prefix = given
        self.names[tag] = name = f"{prefix}_{local.lower()}" if prefix else local.lower()
        return name

    def raw(self, el: ET.Element) -> str:
        if len(el):
            raise Declined
        return (el.text or "").strip()

    def finish(self, value: str) -> str:
        return rules.finish(value)

    def text(self, el: ET.Element) -> str:
        return self.finish(self.raw(el))

    def generic(self, el: ET.Element) -> str:
        if el.attrib:
            raise Declined  # feedparser keeps the attributes instead of the text
        return self.text(el)

    def content(self, el: ET.Element, default: str) -> tuple[str, str]:
        kind = rules.content_type(el.get("type", default))
        if kind not in ("text/plain", "text/html") or el.get("src") is not None or el.get("mode"):
            raise Declined
        value = self.text(el)
        if not self.atom and kind == "text/plain" and rules.looks_like_html(value):
            kind = "text/html"
        return value, kind

    def entry(self, item: ET.Element) -> Entry:
        e: Entry = {}
        attrs = {k.rpartition("}")[2].lower() for k in item.attrib}
        if attrs & {"lastmod", "href"}:
            raise Declined
        if about := item.get(f"{{{RDF}}}about"):
            e["id"] = about
        title_done = has_content = False
        known = self.names  # `name` fills it: the lookup inline saves a call per child
        for child in item:
            name = known.get(child.tag) or self.name(child.tag)
            role = _ROLES.get(name)
            if role == "title":
                value, kind = self.content(child, "text/plain")
                if not title_done:
                    e["title"], e["title_detail"] = value, {"type": kind}
                    title_done = bool(value)
            elif role == "link":
                self.link(child, e)
            elif role == "id":
                permalink = child.get("isPermaLink", child.get("ispermalink", "true")) == "true"
                value = self.raw(child)
                value = self.finish(rules.urljoin_empty(value) if value and permalink else value)
                e["id"] = value
                if permalink:
                    e.setdefault("link", value)
            elif role == "summary":
                if "summary" in e and not has_content:
                    has_content = True
                    e.setdefault("content", []).append(_detail(*self.content(child, "text/plain")))
                else:
                    value, kind = self.content(child, "text/plain" if name == "summary" else "text/html")
                    e["summary"], e["summary_detail"] = value, {"type": kind}
            elif role == "content":
                has_content = True
                value, kind = self.content(child, "text/html" if name == "content_encoded" else "text/plain")
                e.setdefault("content", []).append(_detail(value, kind))
                e.setdefault("summary", value)
            elif role == "author":
                e.setdefault("authors", []).append(self.author(child, e))
            elif role is not None and role.endswith("_parsed"):
                e[role] = dates.parse(self.text(child))
            elif role == "generic":
                e[name] = self.generic(child)
            elif role == "enclosure":
                e.setdefault("links", []).append({"rel": "enclosure", "href": _href(child)})
            elif role == "ignored" or _inert(name):
                if len(child) and (name != "contributor" or any(
                        len(c) or self.name(c.tag) not in ("name", "email", "uri") for c in child)):
                    raise Declined
            else:
                raise Declined
        return e

    def link(self, el: ET.Element, e: Entry) -> None:
        href = _href(el)
        rel = el.get("rel", "alternate").lower()
        kind = el.get("type", "application/atom+xml" if rel == "self" else "text/html").lower()
        links = e.setdefault("links", [])
        if href is None:
            links.append({"rel": rel, "type": kind})
            value = self.raw(el)
            value = self.finish(rules.urljoin_empty(value) if value else value)
            value = rules.fix_link(value)
            e["link"] = value
            if value:
                links[-1]["href"] = value
        else:
            if len(el):
                raise Declined
            links.append({"rel": rel, "type": kind, "href": rules.urljoin_empty(href)})
            if rel == "alternate" and rules.content_type(kind) in ("text/html", "application/xhtml+xml"):
                e["link"] = links[-1]["href"]

    def author(self, el: ET.Element, e: Entry) -> Entry:
        """One author as feedparser records it: Atom's <name>, or RSS's "email (Name)"."""
        if len(el):
            if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
                raise Declined
            person: Entry = {}
            for child in el:
                part = self.name(child.tag)
                if len(child) or (part not in ("name", "email", "uri") and not _inert(part)):
                    raise Declined  # an unknown namespace's element (arxiv:affiliation) is kept aside
                if part in ("name", "email"):
                    person[part] = self.raw(child)  # feedparser keeps these unrepaired
            return person
        author = self.text(el)
        e["author"] = author
        author, email = rules.rss_author(author)
        return {k: v for k, v in (("name", author), ("email", email)) if v}


def _inert(name: str) -> bool:
    """An element of a namespace feedparser has no handlers for: kept aside, never read."""
    prefix, sep, _ = name.partition("_")
    return bool(sep) and prefix not in rules.HANDLED_PREFIXES


def _detail(value: str, kind: str) -> Entry:
    return {"type": kind, "value": value}


def _href(el: ET.Element) -> str | None:
    return el.get("url", el.get("uri", el.get("href")))
