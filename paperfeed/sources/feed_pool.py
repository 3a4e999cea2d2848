"""Feed parsing in a second process while many feeds answer at once.

Why: a feed's parse is pure Python (ElementTree builds the tree in C, but the
entries become sightings in Python) and holds the GIL. When 20 publishers answer
in the same instant, their parses ran one after another in the fetch's process and
held up everything else it does with the GIL: reading the other answers and
writing the store (benchmarks/bench_feeds.py: 1.23x of the slowest single feed,
against a target of 1.15x). One worker process takes the parses, on the machine's
other core; the fetch's own process only reads answers and writes the store.

One worker, not one per core: with two, the workers and the fetch's threads fought
for two cores and the fetch was slower than with one (measured on the benchmark's
2-core machine). The pool starts with the fetch, so the worker comes up while the
requests are in flight, and only for `MIN_FEEDS` feeds or more: for a few feeds
a second process costs more than it saves. Anything that goes wrong with the pool
(a platform without process pools, a worker killed for memory) costs nothing but
speed: the feed is parsed in its own thread instead.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from paperfeed.sources.feed_parse import FeedPage, parse

if TYPE_CHECKING:
    from paperfeed.sources import Source

MIN_FEEDS = 6  # feeds fetched at once before their parsing moves to a worker process


class FeedParser(Protocol):
    """`feed_parse.parse`, or the same call run in the worker process."""

    def __call__(self, data: bytes, *, source: str, feed_name: str, day: str,
                 oldest: str | None = None, content_type: str = "") -> FeedPage: ...


class ParsePool:
    """A one-process pool for `feed_parse.parse`; parses in the calling thread whenever
    the pool cannot (it did not start, or its worker died)."""

    def __init__(self) -> None:
        self._executor: Executor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker now, so it is ready when the first answer arrives."""
        try:
            self._executor = ProcessPoolExecutor(1, mp_context=_context(),
                                                 initializer=_ignore_interrupts)
            self._executor.submit(int)  # the worker process starts with its first task
        except (OSError, ImportError, NotImplementedError, ValueError, RuntimeError):
            self._executor = None  # e.g. no working semaphores in a sandbox

    def close(self, *, wait: bool = True) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

    def parse(self, data: bytes, *, source: str, feed_name: str, day: str,
              oldest: str | None = None, content_type: str = "") -> FeedPage:
        executor = self._executor
        if executor is not None:
            try:
                future = executor.submit(parse, data, source=source, feed_name=feed_name, day=day,
                                         oldest=oldest, content_type=content_type)
                return future.result()  # the parse's own FetchError comes back as it is
            except (BrokenExecutor, RuntimeError):  # the worker died, or the pool was closed
                self._give_up(executor)
        return parse(data, source=source, feed_name=feed_name, day=day, oldest=oldest,
                     content_type=content_type)

    def _give_up(self, executor: Executor) -> None:
        """Parse in the calling threads from now on."""
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def shared(sources: Sequence[Source]) -> Iterator[list[Source]]:
    """`sources`, with the feeds among them parsing in one worker process when there
    are at least `MIN_FEEDS` of them; the worker ends with the block."""
    from paperfeed.sources.feeds import FeedSource

    if sum(isinstance(s, FeedSource) for s in sources) < MIN_FEEDS:
        yield list(sources)
        return
    pool = ParsePool()
    pool.start()
    finished = False
    try:
        yield [s.with_parser(pool.parse) if isinstance(s, FeedSource) else s for s in sources]
        finished = True
    finally:
        # After Ctrl-C the parses in flight are abandoned, as their threads are.
        pool.close(wait=finished)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: a fresh process that forks the worker, never a fork
    of the fetch's own process (its threads may hold locks a child would inherit held);
    elsewhere (Windows, macOS's default) spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["paperfeed.sources.feed_parse"])
        return context
    return multiprocessing.get_context("spawn")


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: the fetch's process
    handles it (one line, stored sources kept); the worker only stops with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
