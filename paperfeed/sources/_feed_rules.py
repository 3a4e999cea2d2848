"""feedparser's own small rules, reproduced for the fast feed path (pure).

Each is copied from feedparser 6.0 (`encodings.convert_to_utf8`, `urls._urljoin`,
`mixin._FeedParserMixin.pop`, `looks_like_html`, `_sync_author_detail`) so that a feed
read by `feed_fast` gives what feedparser gives; tests/test_feed_fast.py checks the
tables against the installed feedparser.
"""

from __future__ import annotations

import contextlib
import html.entities
import re
from urllib.parse import urljoin

PREFIXES = {  # feedparser's names for the namespaces read or ignored here (lowercased URIs)
    "": "", "http://purl.org/rss/1.0/": "", "http://www.w3.org/2005/atom": "",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://purl.org/dc/elements/1.1/": "dc", "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://prismstandard.org/namespaces/1.2/basic/": "prism",
    "http://search.yahoo.com/mrss": "media", "http://search.yahoo.com/mrss/": "media",
    "http://purl.org/rss/1.0/modules/slash/": "slash", "http://wellformedweb.org/commentapi/": "wfw",
    "http://purl.org/rss/1.0/modules/threading/": "thr",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner", "http://webns.net/mvcb/": "admin",
}
# Namespaces feedparser knows under another name than the one a document may give them
# (older RSS and Atom, iTunes, Creative Commons, GeoRSS, Podlove): declined, not guessed.
FOREIGN = {"http://blogs.law.harvard.edu/tech/rss", "http://my.netscape.com/rdf/simple/0.9/",
           "http://example.com/newformat#", "http://example.com/necho", "http://purl.org/echo/",
           "uri/of/echo/namespace#", "http://purl.org/pie/", "http://purl.org/atom/ns#",
           "http://purl.org/rss/1.0/modules/rss091#", "http://www.itunes.com/dtds/podcast-1.0.dtd",
           "http://example.com/dtds/podcast-1.0.dtd", "http://creativecommons.org/ns#license",
           "http://web.resource.org/cc/", "http://www.georss.org/georss", "http://www.opengis.net/gml",
           "http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html",
           "http://backend.userland.com/creativecommonsrssmodule", "http://podlove.org/simple-chapters"}
# Prefixes under which feedparser has element handlers: an element there that is not
# handled by `feed_fast` could change a field, so the feed is declined.
HANDLED_PREFIXES = {"", "dc", "dcterms", "content", "media", "itunes", "admin", "cc",
                    "creativecommons", "georss", "gml", "psc", "xhtml", "feedburner"}
_CLOSE_TAG, _REFERENCE = re.compile(r"</(\w+)>"), re.compile(r"&#?\w+;")
_TAG_NAME, _ENTITY = re.compile(r"</?(\w+)"), re.compile(r"&(\w+);")
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_DECLARATION = re.compile(rb"""^<\?.*encoding=['"](.*?)['"].*\?>""")
_EMAIL = re.compile(r"""(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|"""
                    r"""(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?""")
_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0)
           if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
# The HTML elements feedparser knows when it guesses whether RSS text is HTML
# (its sanitizer's `acceptable_elements`; tests/test_feed_fast.py compares them).
HTML_TAGS = frozenset((
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
    "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog",
    "dir", "div", "dl", "dt", "em", "event-source", "fieldset", "figcaption", "figure", "font",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input",
    "ins", "kbd", "keygen", "label", "legend", "li", "m", "map", "menu", "meter", "multicol",
    "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p", "pre", "progress",
    "q", "s", "samp", "section", "select", "small", "sound", "source", "spacer", "span",
    "strike", "strong", "sub", "sup", "table", "tbody", "td", "textarea", "tfoot", "th",
    "thead", "time", "tr", "tt", "u", "ul", "var", "video",
))


def encoding(data: bytes, content_type: str) -> str:
    """The encoding feedparser would decode with (RFC 3023, as it applies it); ValueError
    unless it is UTF-8 or ASCII and the document is that (the fast path then declines)."""
    declared = m[1].decode("ascii").lower() if (m := _DECLARATION.match(data)) else ""
    if declared not in ("", "utf-8"):
        raise ValueError("not UTF-8 or ASCII")
    mime, _, params = content_type.partition(";")
    mime, charset = mime.strip(), ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    if mime in ("application/xml",) or (mime.startswith("application/") and mime.endswith("+xml")):
        chosen = charset or declared or "utf-8"
    elif mime.startswith("text/"):
        chosen = charset or "us-ascii"
    else:
        chosen = declared or "utf-8"
    if chosen.lower() not in ("utf-8", "us-ascii"):
        raise ValueError("not UTF-8 or ASCII")
    data.decode(chosen)  # UnicodeDecodeError (a ValueError): feedparser would try others
    return chosen



def finish(value: str) -> str:
    """What feedparser does to every text value it reads: undo UTF-8 read as Latin-1 (its
    parsers always run with encoding 'utf-8', whatever the document's) and map C1
    controls to the Windows-1252 characters they stand for."""
    if value.isascii():
        return value
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    return value.translate(_CP1252)


def rss_author(author: str) -> tuple[str, str | None]:
    """(name, email) of an RSS author such as `jd@example.org (Jane Doe)`."""
    email = None
    if "@" in author and (match := _EMAIL.search(author)):
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        author = author[1:] if author[:1] == "(" else author
        author = author[:-1] if author[-1:] == ")" else author
        author = author.strip()
    return author, email


_CONTENT_TYPES = {"text": "text/plain", "plain": "text/plain", "html": "text/html",
                  "xhtml": "application/xhtml+xml"}


def content_type(kind: str) -> str:
    kind = kind.lower()
    return _CONTENT_TYPES.get(kind, kind)


_SCHEME_SLASHES = re.compile(r"[A-Za-z][A-Za-z0-9+-.]*://(/*)")


def urljoin_empty(uri: str) -> str:
    """feedparser's `_urljoin` against an empty base (no xml:base is accepted here): the
    slashes after a scheme's `://` go."""
    if (extra := _SCHEME_SLASHES.match(uri)) and extra[1]:
        uri = uri[: extra.start(1)] + uri[extra.end(1):]
    try:
        return urljoin("", uri)
    except ValueError:
        return ""


def looks_like_html(value: str) -> bool:
    """feedparser's guess whether RSS text is HTML."""
    if ("</" not in value and "&" not in value) or not (
            _CLOSE_TAG.search(value) or _REFERENCE.search(value)):
        return False
    if any(t.lower() not in HTML_TAGS for t in _TAG_NAME.findall(value)):
        return False
    return all(name in html.entities.entitydefs for name in _ENTITY.findall(value))


def fix_link(value: str) -> str:
    """feedparser's repair of `?a=1&amp;b=2` in a link element's text."""
    return _LINK_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&")) if "&" in value else value
