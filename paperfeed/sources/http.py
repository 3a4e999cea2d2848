"""The one HTTP client every source uses, and the politeness and resilience policy.

Sources never build their own client: `make_client(config.fetch)` gives an
`HttpClient` that names paperfeed in its User-Agent (arXiv answers 406 to anonymous
clients), sends an `Accept` header for what the caller expects, and applies one policy:

- Retries (stamina; `retry.py` decides the waits) on transport errors, timeouts, 429,
  5xx and empty bodies, with exponential backoff and jitter. A `Retry-After` or
  Hugging Face `RateLimit: ...;t=N` hint is honoured exactly through stamina's backoff
  hook. `fetch.retry_attempts` bounds the attempts and `fetch.retry_max_wait_seconds`
  the total time slept between them; a hint longer than what is left of that budget
  fails at once, since waiting less than the server asked would only earn another 429.
- Pacing per host: a caller passes `gap=` (arXiv's terms: 3 s between request starts,
  one connection at a time); a per-host lock is held for the whole request, and the
  monotonic clock spaces the starts. Thread-safe, because refresh runs sources in
  threads over one client.
- Conditional GET: `etag=` sends `If-None-Match` and `last_modified=` sends
  `If-Modified-Since` (publishers' feeds often give only one of the two); a 304
  comes back as a `Response` with `not_modified` set, for the source to report
  "unchanged". A server that sends no ETag gets the next best thing: the body's
  SHA-256 is the validator (`Response.validator`, `sha256:<hex>`, remembered per URL
  like an ETag), and a body equal to the one remembered comes back `not_modified`
  too, before anything parses it (re-parsing an unchanged 2.8 MB feed was 40% of its
  first ingest).
- Bodies are streamed and refused past `fetch.max_response_mb`, and sniffed: an HTML
  page (a login wall, an error page, a retired service's redirect) where XML or JSON
  was expected is a `ContentError` naming the URL, never something to parse.

Every failure leaves here as a `FetchError` whose message names the source, the URL
and what to do.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Literal, TypeVar

import httpx
import stamina

from paperfeed import PROJECT_URL, __version__
from paperfeed.config import FetchConfig
from paperfeed.errors import FetchError
from paperfeed.sources._common import origin
from paperfeed.sources.retry import RETRY_STATUSES, Budget, Pacer, TransientError, TryAgain, wait_hint
from paperfeed.text import one_line

Expect = Literal["xml", "json"]
T = TypeVar("T")

USER_AGENT = f"paperfeed/{__version__} (+{PROJECT_URL})"
ACCEPT: dict[str, str] = {
    "xml": "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8",
    "json": "application/json",
}
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_ANSWER_TIMEOUT_FACTOR = 4  # a whole answer may take this many read timeouts
#: How a body hash is told from an ETag among the remembered validators (an ETag is
#: always quoted, `"..."` or `W/"..."`); the store keeps the two in separate columns.
BODY_HASH = "sha256:"

# stamina logs each scheduled retry as a WARNING on the "stamina" logger; without a
# handler Python's last-resort handler would print it on the user's terminal. A
# NullHandler keeps it quiet unless an application configures logging.
logging.getLogger("stamina").addHandler(logging.NullHandler())
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Response:
    """What a successful GET gave: the body and what the source may need to know."""

    url: str  # the URL asked for
    final_url: str  # where redirects ended
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None = None
    #: What to remember for the next conditional GET: the ETag, else the body's hash.
    validator: str | None = None
    #: The server sent no ETag, but the same body as last time (so nothing to parse).
    same_body: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304 or self.same_body


class ContentError(FetchError):
    """The body is not what the source expects (an HTML page, not XML or JSON)."""

    def __init__(self, message: str, *, source: str, url: str, final_url: str,
                 redirected: bool, is_html: bool) -> None:
        super().__init__(message, source=source, url=url)
        self.final_url = final_url
        self.redirected = redirected
        self.is_html = is_html


class HttpClient:
    """The shared client; safe to use from several threads at once."""

    def __init__(self, config: FetchConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._max_bytes = int(config.max_response_mb * 1024 * 1024)
        self._pacer = Pacer()
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT["json"] + ", " + ACCEPT["xml"]},
            timeout=httpx.Timeout(config.timeout_seconds, connect=config.connect_timeout_seconds),
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, check: Callable[[Response], T], *, source: str, expect: Expect,
              params: Mapping[str, str | int] | None = None, etag: str | None = None,
              gap: float = 0.0, ok_statuses: frozenset[int] = frozenset(),
              last_modified: str | None = None) -> T:
        """GET `url` under the policy, then `check(response)` inside the retry loop: it
        returns the parsed answer, or raises `TryAgain` to have the request repeated.
        `ok_statuses` are error statuses whose body the source reads itself (arXiv
        explains a bad query in an HTTP 400 feed)."""
        try:
            full_url = url_with(url, params) if params else str(httpx.URL(url))
        except httpx.InvalidURL as exc:
            raise FetchError(f"{source}: '{url}' is not a valid URL ({exc}); fix it in "
                             f"sources.{source}", source=source, url=url) from exc
        attempts = self.config.retry_attempts
        budget = Budget(self.config.retry_max_wait_seconds)
        try:
            for attempt in stamina.retry_context(on=budget.hook, attempts=attempts, timeout=None):
                with attempt:
                    response = self._once(full_url, source, expect, (etag, last_modified), gap,
                                          ok_statuses)
                    try:
                        return check(response)
                    except TryAgain as exc:
                        raise TransientError(exc.message) from exc
        except TransientError as exc:
            tried = f" (tried {budget.failures} times)" if budget.failures > 1 else ""
            raise FetchError(f"{source}: {exc.message}{tried}", source=source, url=full_url) from exc
        raise AssertionError("unreachable: stamina either returns or re-raises")

    def _once(self, url: str, source: str, expect: Expect,
              validators: tuple[str | None, str | None], gap: float,
              ok_statuses: frozenset[int]) -> Response:
        headers = {"Accept": ACCEPT[expect]}
        etag, last_modified = validators
        if etag and not etag.startswith(BODY_HASH):
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._pacer.slot(origin(url), gap):
            log.debug("GET %s", url)
            try:
                with self._client.stream("GET", url, headers=headers) as r:
                    status = r.status_code
                    if status in RETRY_STATUSES:
                        raise TransientError(_status_text(r, url), wait_hint(r.headers))
                    if status >= 400 and status not in ok_statuses:
                        raise FetchError(f"{source}: {_status_text(r, url)}; check the URL "
                                         f"in sources.{source}", source=source, url=url)
                    body = b"" if status == 304 else self._read(r, source, url)
                    response = _response(url, str(r.url), status, body,
                                         r.headers.get("content-type", ""), r.headers.get("etag"),
                                         r.headers.get("last-modified"), etag)
            except httpx.TimeoutException as exc:
                raise TransientError(f"no answer from {url} within the timeout "
                                 f"({_timeout_kind(exc)}); the service may be slow or down, "
                                 "try again later or raise fetch.timeout_seconds") from exc
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"{source}: {url} redirects in a loop; check the URL in "
                                 f"sources.{source}", source=source, url=url) from exc
            except httpx.RequestError as exc:
                raise TransientError(f"cannot reach {url} ({_reason(exc)}); check the network "
                                 f"or the URL in sources.{source}") from exc
        if not response.not_modified:
            _sniff(response, source, expect)
        return response

    def _read(self, r: httpx.Response, source: str, url: str) -> bytes:
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise self._too_big(source, url)
        chunks: list[bytes] = []
        size = 0
        # The read timeout bounds each wait for data, not the whole answer: a server
        # sending a byte every few seconds would otherwise keep a cron fetch for hours.
        limit = self.config.timeout_seconds * _ANSWER_TIMEOUT_FACTOR
        deadline = time.monotonic() + limit
        for chunk in r.iter_bytes():  # as it arrives: a chunk_size would buffer a trickle
            size += len(chunk)
            if size > self._max_bytes:
                raise self._too_big(source, url)
            if time.monotonic() > deadline:
                raise FetchError(f"{source}: {url} is sending its answer too slowly (unfinished after "
                                 f"{limit:g} s); try again later or raise fetch.timeout_seconds",
                                 source=source, url=url)
            chunks.append(chunk)
        body = b"".join(chunks)
        if not body.strip():
            raise TransientError(f"{url} sent an empty answer")
        return body

    def _too_big(self, source: str, url: str) -> FetchError:
        limit = f"{self.config.max_response_mb:g}"
        return FetchError(f"{source}: {url} sent more than {limit} MB; raise fetch.max_response_mb "
                          "if that is expected", source=source, url=url)


def url_with(url: str, params: Mapping[str, str | int]) -> str:
    """`url` with `params` added to its query: the exact URL a GET will ask for, which
    is also the key its ETag is remembered under."""
    return str(httpx.URL(url).copy_merge_params(dict(params)))


def make_client(config: FetchConfig, *, transport: httpx.BaseTransport | None = None) -> HttpClient:
    """The client for a run: one per process, shared by every source's thread."""
    return HttpClient(config, transport=transport)


def _response(url: str, final_url: str, status: int, body: bytes, content_type: str,
              etag: str | None, last_modified: str | None, remembered: str | None) -> Response:
    """The response, with its validator; a body equal to the remembered one is `same_body`."""
    if status >= 300:
        return Response(url, final_url, status, body, content_type, etag, last_modified, etag)
    validator = etag or BODY_HASH + hashlib.sha256(body).hexdigest()
    same = etag is None and validator == remembered
    return Response(url, final_url, status, b"" if same else body, content_type, etag,
                    last_modified, validator, same)


def _sniff(response: Response, source: str, expect: Expect) -> None:
    ctype = response.content_type.split(";")[0].strip().lower()
    head = response.body[:512].lstrip(b"\xef\xbb\xbf")
    is_html = ctype in ("text/html", "application/xhtml+xml") or bool(_HTML_START.match(head))
    start = head.lstrip()[:1]
    wanted = {"xml": b"<", "json": b"[{"}[expect]
    if not is_html and start and start in wanted:
        return
    redirected = response.final_url != response.url
    where = f" (redirected to {response.final_url})" if redirected else ""
    what = "an HTML page" if is_html else f"'{ctype or 'no content type'}' content"
    raise ContentError(
        f"{source}: {response.url}{where} sent {what} where {expect.upper()} was expected; "
        f"check the URL in sources.{source}",
        source=source, url=response.url, final_url=response.final_url,
        redirected=redirected, is_html=is_html,
    )


def _status_text(r: httpx.Response, url: str) -> str:
    try:
        phrase = HTTPStatus(r.status_code).phrase
    except ValueError:
        phrase = one_line(r.reason_phrase)[:60]
    return f"{url} answered HTTP {r.status_code} {phrase}".rstrip()



def _timeout_kind(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return "reading"
    return "waiting"


def _reason(exc: httpx.RequestError) -> str:
    text = one_line(str(exc)) or type(exc).__name__
    return text[:120]
