"""Small helpers the source modules share: JSON loading, timestamps, URL checks, and
naming the source and URL in errors that pure parsers raise."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from paperfeed.errors import FetchError

if TYPE_CHECKING:
    from paperfeed.sources.http import Response

T = TypeVar("T")

_ATOM_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>]+")
# An HTML page where data was expected (an error page from a proxy or the web server).
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(rb"<title[^>]*>([^<]{1,200})</title", re.IGNORECASE)


def load_json(data: bytes, what: str) -> Any:
    """Decoded JSON, or a `FetchError` naming `what` (a truncated body, say)."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        if (page := html_page(data)) is not None:
            raise FetchError(f"{what} is {page}, not JSON: the server sent a web page "
                             "(an error page?) instead of an answer") from exc
        raise FetchError(f"{what} is not valid JSON ({str(exc)[:80]}); it may be truncated, "
                         "try again later") from exc


def html_page(data: bytes) -> str | None:
    """"an HTML page titled '503'" if `data` is an HTML document, else None.

    The HTTP layer refuses HTML by its content type before any parser runs; this is
    for the parsers' own errors, so that a web page is never reported as truncated."""
    head = data[:4096]
    if not _HTML_START.match(head):
        return None
    title = _HTML_TITLE.search(head)
    name = " ".join(title[1].decode("utf-8", "replace").split())[:80] if title else ""
    return f"an HTML page titled {name!r}" if name else "an HTML page"


def web_url(value: object) -> str | None:
    """`value` if it is an http(s) URL without spaces or controls, else None: remote
    links must never smuggle in `javascript:` or terminal escapes."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _URL.fullmatch(text):
        return None
    try:
        urlsplit(text)  # 'https://[' passes the pattern; everything downstream splits URLs
    except ValueError:
        return None
    return text


def origin(url: str) -> str:
    """`scheme://host:port` of `url` in lower case: the unit of pacing and of trust
    (paging may not leave it); empty for a URL that cannot be split."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def iso_timestamp(value: object) -> str | None:
    """The store's format (ISO 8601 in UTC, to the second) from an ISO or Atom time."""
    if not isinstance(value, str) or not value.strip():
        return None
    if _ATOM_UTC.fullmatch(value):  # arXiv's own form: checked, and already in UTC
        try:
            datetime.fromisoformat(value[:-1])
        except ValueError:
            return None
        return value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def explained(source: str, check: Callable[[Response], T], hint: str = "") -> Callable[[Response], T]:
    """`check`, with errors that name neither source nor URL (the pure parsers know
    neither) re-raised to name both."""
    def wrapped(response: Response) -> T:
        try:
            return check(response)
        except FetchError as exc:
            if exc.source:
                raise
            message = exc.message.rstrip(".") if hint else exc.message
            raise FetchError(f"{source}: {response.url}: {message}{hint}",
                             source=source, url=response.url) from exc
    return wrapped


