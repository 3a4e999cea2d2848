"""OPML, the file feed readers exchange subscriptions in: read any, write one (pure).

Reading accepts what newsboat, nom, Thunderbird, Feedly and Inoreader export:
outlines nested in folders to any depth, `xmlUrl` in any letter case, a name in
`title` or `text`. Writing gives OPML 2.0 with `type="rss"`, `text`, `title` and
`xmlUrl` on every outline, the attributes all three of those readers import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import quoteattr

from paperfeed.errors import UsageError
from paperfeed.text import one_line


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    url: str
    folder: str = ""  # the enclosing folders, "Journals/Nature", for the report


def parse(data: bytes, what: str = "the OPML file") -> list[Outline]:
    """Every feed outline in document order, folders flattened."""
    try:
        root = ET.fromstring(data)  # noqa: S314 - expat: no external entities, bombs refused
    except ET.ParseError as exc:
        raise UsageError(f"{what} is not valid OPML/XML ({exc}); export it again from your "
                         "feed reader") from exc
    if _local(root.tag) != "opml":
        raise UsageError(f"{what} is not OPML (its root element is <{_local(root.tag)}>); "
                         "export your subscriptions as OPML")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    return list(_walk(body, ())) if body is not None else []


def _walk(parent: ET.Element, folders: tuple[str, ...]) -> Iterator[Outline]:
    for node in parent:
        if _local(node.tag) != "outline":
            continue
        attrs = {k.lower(): v for k, v in node.attrib.items()}
        name = one_line(attrs.get("title") or attrs.get("text") or "")
        url = one_line(attrs.get("xmlurl") or "")
        if url:
            yield Outline(name or url, url, "/".join(folders))
        yield from _walk(node, (*folders, name) if name and not url else folders)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def write(feeds: Sequence[tuple[str, str]], now: datetime, title: str = "paperfeed feeds") -> str:
    """OPML 2.0 for (name, url) pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{format_datetime(now)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for name, url in feeds:
        lines.append(f'    <outline type="rss" text={quoteattr(one_line(name))} '
                     f"title={quoteattr(one_line(name))} xmlUrl={quoteattr(one_line(url))}/>")
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    return one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
