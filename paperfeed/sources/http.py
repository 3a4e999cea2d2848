"""The one HTTP client every source uses, and the politeness and resilience policy.

Sources never build their own client: `make_client(config.fetch)` gives an
`HttpClient` that names paperfeed in its User-Agent (arXiv answers 406 to anonymous
clients), sends an `Accept` header for what the caller expects, and applies one policy:

- Retries (stamina) on transport errors, timeouts, 429, 5xx and empty bodies, with
  exponential backoff and jitter. A `Retry-After` or Hugging Face `RateLimit: ...;t=N`
  hint is honoured exactly through stamina's backoff hook. `fetch.retry_attempts`
  bounds the attempts and `fetch.retry_max_wait_seconds` the total time slept between
  them; a hint longer than what is left of that budget fails at once, since waiting
  less than the server asked would only earn another 429.
- Pacing per host: a caller passes `gap=` (arXiv's terms: 3 s between request starts,
  one connection at a time); a per-host lock is held for the whole request, and the
  monotonic clock spaces the starts. Thread-safe, because refresh runs sources in
  threads over one client.
- Conditional GET: `etag=` sends `If-None-Match`; a 304 comes back as a `Response`
  with `not_modified` set, for the source to report "unchanged".
- Bodies are streamed and refused past `fetch.max_response_mb`, and sniffed: an HTML
  page (a login wall, an error page, a retired service's redirect) where XML or JSON
  was expected is a `ContentError` naming the URL, never something to parse.

Every failure leaves here as a `FetchError` whose message names the source, the URL
and what to do.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Literal, TypeVar
from urllib.parse import urlsplit

import httpx
import stamina

from paperfeed import PROJECT_URL, __version__
from paperfeed.config import FetchConfig
from paperfeed.errors import FetchError
from paperfeed.text import one_line

Expect = Literal["xml", "json"]
T = TypeVar("T")

USER_AGENT = f"paperfeed/{__version__} (+{PROJECT_URL})"
ACCEPT: dict[str, str] = {
    "xml": "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8",
    "json": "application/json",
}
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(520, 530))
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_RATELIMIT_T = re.compile(r"(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)")
_ANSWER_TIMEOUT_FACTOR = 4  # a whole answer may take this many read timeouts

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

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class ContentError(FetchError):
    """The body is not what the source expects (an HTML page, not XML or JSON)."""

    def __init__(self, message: str, *, source: str, url: str, final_url: str,
                 redirected: bool, is_html: bool) -> None:
        super().__init__(message, source=source, url=url)
        self.final_url = final_url
        self.redirected = redirected
        self.is_html = is_html


class TryAgain(Exception):  # noqa: N818 - a signal, not an error a user sees
    """Raised by a `check` callback when a well-formed answer is transiently wrong
    (arXiv's empty API page while results remain): the request is retried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _TransientError(Exception):
    """One failed attempt that may succeed on the next; `wait` is the server's hint."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = wait


class _Pacer:
    """Per-host spacing of request starts, held for the whole request."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, gap: float) -> Iterator[None]:
        if gap <= 0:
            yield
            return
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                delay = last + gap - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            self._last[host] = time.monotonic()
            yield


class HttpClient:
    """The shared client; safe to use from several threads at once."""

    def __init__(self, config: FetchConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._max_bytes = int(config.max_response_mb * 1024 * 1024)
        self._pacer = _Pacer()
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

    def get(self, url: str, *, source: str, expect: Expect,
            params: Mapping[str, str | int] | None = None, etag: str | None = None,
            gap: float = 0.0, ok_statuses: frozenset[int] = frozenset()) -> Response:
        """GET `url` under the policy; `ok_statuses` are error statuses whose body the
        source reads itself (arXiv explains a bad query in an HTTP 400 feed)."""
        return self.fetch(url, lambda r: r, source=source, expect=expect, params=params,
                          etag=etag, gap=gap, ok_statuses=ok_statuses)

    def fetch(self, url: str, check: Callable[[Response], T], *, source: str, expect: Expect,
              params: Mapping[str, str | int] | None = None, etag: str | None = None,
              gap: float = 0.0, ok_statuses: frozenset[int] = frozenset()) -> T:
        """Like `get`, then `check(response)` inside the retry loop: it returns the
        parsed answer, or raises `TryAgain` to have the request repeated."""
        try:
            full_url = url_with(url, params) if params else str(httpx.URL(url))
        except httpx.InvalidURL as exc:
            raise FetchError(f"{source}: '{url}' is not a valid URL ({exc}); fix it in "
                             f"sources.{source}", source=source, url=url) from exc
        attempts = self.config.retry_attempts
        budget = _Budget(self.config.retry_max_wait_seconds)
        try:
            for attempt in stamina.retry_context(on=budget.hook, attempts=attempts, timeout=None):
                with attempt:
                    response = self._once(full_url, source, expect, etag, gap, ok_statuses)
                    try:
                        return check(response)
                    except TryAgain as exc:
                        raise _TransientError(exc.message) from exc
        except _TransientError as exc:
            tried = f" (tried {budget.failures} times)" if budget.failures > 1 else ""
            raise FetchError(f"{source}: {exc.message}{tried}", source=source, url=full_url) from exc
        raise AssertionError("unreachable: stamina either returns or re-raises")

    def _once(self, url: str, source: str, expect: Expect, etag: str | None, gap: float,
              ok_statuses: frozenset[int]) -> Response:
        headers = {"Accept": ACCEPT[expect]}
        if etag:
            headers["If-None-Match"] = etag
        with self._pacer.slot(_origin(url), gap):
            log.debug("GET %s", url)
            try:
                with self._client.stream("GET", url, headers=headers) as r:
                    status = r.status_code
                    if status in _RETRY_STATUSES:
                        raise _TransientError(_status_text(r, url), _wait_hint(r.headers))
                    if status >= 400 and status not in ok_statuses:
                        raise FetchError(f"{source}: {_status_text(r, url)}; check the URL "
                                         f"in sources.{source}", source=source, url=url)
                    body = b"" if status == 304 else self._read(r, source, url)
                    response = Response(url, str(r.url), status, body,
                                        r.headers.get("content-type", ""), r.headers.get("etag"))
            except httpx.TimeoutException as exc:
                raise _TransientError(f"no answer from {url} within the timeout "
                                 f"({_timeout_kind(exc)}); the service may be slow or down, "
                                 "try again later or raise fetch.timeout_seconds") from exc
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"{source}: {url} redirects in a loop; check the URL in "
                                 f"sources.{source}", source=source, url=url) from exc
            except httpx.RequestError as exc:
                raise _TransientError(f"cannot reach {url} ({_reason(exc)}); check the network "
                                 f"or the URL in sources.{source}") from exc
        if response.status != 304:
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
            raise _TransientError(f"{url} sent an empty answer")
        return body

    def _too_big(self, source: str, url: str) -> FetchError:
        limit = f"{self.config.max_response_mb:g}"
        return FetchError(f"{source}: {url} sent more than {limit} MB; raise fetch.max_response_mb "
                          "if that is expected", source=source, url=url)


class _Budget:
    """Decides each retry's wait for stamina, within one request's wait budget."""

    def __init__(self, max_wait: float) -> None:
        self.left = max_wait
        self.failures = 0
        self.initial = min(1.0, max_wait / 8)

    def hook(self, exc: Exception) -> bool | float:
        if not isinstance(exc, _TransientError):
            return False
        self.failures += 1
        if exc.wait is not None:
            if exc.wait > self.left:
                exc.message += f"; the server asks to wait {exc.wait:g} s, more than is left of " \
                               "fetch.retry_max_wait_seconds"
                return False
            wait = exc.wait
        else:
            backoff = self.initial * 2 ** (self.failures - 1)
            wait = min(backoff + _jitter(self.initial), self.left)
        self.left -= wait
        return wait


def _jitter(scale: float) -> float:
    return random.uniform(0, scale)  # spreading retries apart, not cryptography


def url_with(url: str, params: Mapping[str, str | int]) -> str:
    """`url` with `params` added to its query: the exact URL a GET will ask for, which
    is also the key its ETag is remembered under."""
    return str(httpx.URL(url).copy_merge_params(dict(params)))


def make_client(config: FetchConfig, *, transport: httpx.BaseTransport | None = None) -> HttpClient:
    """The client for a run: one per process, shared by every source's thread."""
    return HttpClient(config, transport=transport)


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


def _wait_hint(headers: httpx.Headers) -> float | None:
    """Seconds the server asks us to wait: `Retry-After` (seconds or a date), else the
    `t=` of Hugging Face's `RateLimit` header."""
    value = headers.get("retry-after", "").strip()
    if value:
        if re.fullmatch(r"\d+(?:\.\d+)?", value):
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
    match = _RATELIMIT_T.search(headers.get("ratelimit", ""))
    return float(match[1]) if match else None


def _status_text(r: httpx.Response, url: str) -> str:
    try:
        phrase = HTTPStatus(r.status_code).phrase
    except ValueError:
        phrase = one_line(r.reason_phrase)[:60]
    return f"{url} answered HTTP {r.status_code} {phrase}".rstrip()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _timeout_kind(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return "reading"
    return "waiting"


def _reason(exc: httpx.RequestError) -> str:
    text = one_line(str(exc)) or type(exc).__name__
    return text[:120]
