"""Opening a paper's page in the browser, safely.

URLs come from the network. Only absolute http and https URLs are ever handed to
the browser: a `javascript:`, `file:` or `data:` URL, or one carrying whitespace,
quotes or shell metacharacters, is refused with a one-line error. `webbrowser`
never goes through a shell, and the check keeps odd URLs away from it anyway.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from paperfeed.errors import ExternalError, UsageError

# Whitespace, quotes, shell metacharacters, C0 and C1 controls (U+009B is an 8-bit CSI,
# echoed in 'opening URL'), and the bidi controls that make a link read as another.
_UNSAFE = re.compile(r"[\s\"'`<>\\^{}|;$]|[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_url(url: str | None) -> str:
    """Return `url` if it is safe to open, else raise UsageError naming it."""
    if not url:
        raise UsageError("this paper has no such link")
    refusal = UsageError(f"refusing to open {url!r}: only plain http:// and https:// links are opened")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # 'https://[' : an unclosed IPv6 bracket
        raise refusal from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or _UNSAFE.search(url):
        raise refusal
    return url


def open_url(url: str | None) -> str:
    import webbrowser

    safe = check_url(url)
    # webbrowser.open answers False when it found no browser to run (a server, an SSH
    # session); say so instead of claiming the page was opened.
    if webbrowser.open(safe, new=2) is False:
        raise ExternalError(f"no web browser found to open {safe}; set $BROWSER to one "
                         "(a command like 'firefox %s')")
    return safe
