"""When to try a request again and how long to wait: the retry half of the HTTP policy.

Kept apart from `http.py` (which asks, reads and judges answers) because these
decisions are pure arithmetic on headers, clocks and budgets, and are tested as such.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(520, 530))
_RATELIMIT_T = re.compile(r"(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)")


class TryAgain(Exception):  # noqa: N818 - a signal, not an error a user sees
    """Raised by a `check` callback when a well-formed answer is transiently wrong
    (arXiv's empty API page while results remain): the request is retried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransientError(Exception):
    """One failed attempt that may succeed on the next; `wait` is the server's hint."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = wait


class Pacer:
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


class Budget:
    """Decides each retry's wait for stamina, within one request's wait budget."""

    def __init__(self, max_wait: float) -> None:
        self.left = max_wait
        self.failures = 0
        self.initial = min(1.0, max_wait / 8)

    def hook(self, exc: Exception) -> bool | float:
        if not isinstance(exc, TransientError):
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


def wait_hint(headers: httpx.Headers) -> float | None:
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
