"""Feed parsing in a second process while many feeds answer at once.

Why: a feed's parse is pure Python (ElementTree builds the tree in C, but the
entries become sightings in Python) and holds the GIL. When 20 publishers answer
in the same instant, their parses ran one after another in the fetch's process and
held up everything else it does with the GIL: reading the other answers and
writing the store (benchmarks/bench_feeds.py: 1.23x of the slowest single feed,
against a target of 1.15x). One worker process (`feed_worker`) takes the parses,
on the machine's other core; the fetch's own process reads answers and writes the store.

Measured while choosing (the benchmark's 2-core machine): two workers were slower
than one (they and the fetch's threads fought for two cores); parsing in the threads
whenever the worker was busy was slower than no worker at all (the threads took the
GIL back from the reading and the writing); `multiprocessing`'s forkserver made
`paperfeed fetch` slower than no worker (its first use waits for the server to import
the parser: 1.30x against 1.22x at the command line). The worker starts with the
fetch, so it comes up while the requests are in flight, and only for `MIN_FEEDS`
feeds or more: for a few, a second process costs more than it saves. Anything that
goes wrong with it (no process can start, it is killed for memory, a parse crashes
there) costs nothing but speed: the feed is parsed in its own thread instead.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol, runtime_checkable

from paperfeed.errors import FetchError
from paperfeed.sources import feed_worker

if TYPE_CHECKING:
    from concurrent.futures import Future

    from paperfeed.sources import Source
    from paperfeed.sources.feed_parse import FeedPage

# Every fetch passes through `shared`, arXiv-only ones and `today`'s too: the parser and
# `concurrent.futures` (~20 ms of imports) load only where feeds are parsed.

MIN_FEEDS = 6  # feeds fetched at once before their parsing moves to a worker process


class FeedParser(Protocol):
    """`feed_parse.parse`, or the same call run in the worker process."""

    def __call__(self, data: bytes, *, source: str, feed_name: str, day: str,
                 oldest: str | None = None, content_type: str = "") -> FeedPage: ...


@runtime_checkable
class UsesParser(Protocol):
    """A source that reads its answers with a `FeedParser` (`feeds.FeedSource`)."""

    def with_parser(self, parser: FeedParser) -> Source: ...


class _Lost(Exception):  # noqa: N818 - a signal: parse here instead
    """The worker did not parse this feed (it died, or the parse crashed there)."""


class ParsePool:
    """One worker process for `feed_parse.parse`; parses in the calling thread whenever
    the worker cannot (it did not start, or it died).

    Requests are written in the order their futures are queued (`_writing` keeps the
    two together), and one reader thread answers the futures in that order. The queue
    has its own lock so the reader never waits on a writer: a writer blocked on a full
    pipe waits for the worker, which may be waiting for the reader.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._writing = threading.Lock()
        self._queue_lock = threading.Lock()
        self._waiting: deque[Future[FeedPage]] = deque()

    def start(self) -> None:
        """Start the worker now, so that it is ready when the first answer arrives."""
        try:
            process = subprocess.Popen(  # this interpreter, our own module
                [sys.executable, "-m", feed_worker.__name__], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_environment())
        except OSError:
            return  # parse in the threads
        self._process = process
        threading.Thread(target=self._read, args=(process,), name="paperfeed-feed-answers",
                         daemon=True).start()

    def close(self, *, kill: bool = False) -> None:
        """End the worker: let it see its input end (its parses are done), or `kill` it
        (Ctrl-C). Either way the reader thread reaps it, so the fetch does not wait out
        the worker's own exit (measured: 16 ms at the end of every fetch)."""
        process, self._process = self._process, None
        if process is None:
            return
        if kill:
            process.kill()  # first: a thread may be blocked writing to it
        _close(process.stdin)

    def parse(self, data: bytes, *, source: str, feed_name: str, day: str,
              oldest: str | None = None, content_type: str = "") -> FeedPage:
        options = {"source": source, "feed_name": feed_name, "day": day, "oldest": oldest,
                   "content_type": content_type}
        future = self._submit(data, options)
        if future is not None:
            try:
                return future.result()  # the parse's own FetchError comes back as it is
            except _Lost:
                pass
        from paperfeed.sources.feed_parse import parse

        return parse(data, source=source, feed_name=feed_name, day=day, oldest=oldest,
                     content_type=content_type)

    def _submit(self, data: bytes, options: dict[str, str | None]) -> Future[FeedPage] | None:
        from concurrent.futures import Future

        with self._writing:
            process = self._process
            if process is None or process.stdin is None:
                return None
            future: Future[FeedPage] = Future()
            with self._queue_lock:
                self._waiting.append(future)
            try:
                feed_worker.send(process.stdin, (data, options))
            except (OSError, ValueError):  # the worker is gone (a broken pipe, a closed file)
                with self._queue_lock:
                    if future in self._waiting:
                        self._waiting.remove(future)
                return None
            return future

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        """The reader thread: each answer to the oldest waiting future."""
        try:
            while process.stdout is not None:
                kind, value = feed_worker.receive(process.stdout)
                with self._queue_lock:
                    future = self._waiting.popleft()
                if kind == feed_worker.OK:
                    future.set_result(value)
                elif kind == feed_worker.FAILED:
                    future.set_exception(FetchError(value))
                else:  # a crash in the worker's parse: parse here, where it is reported as usual
                    future.set_exception(_Lost(value))
        except (EOFError, OSError, ValueError, IndexError):
            pass
        finally:  # the worker has gone: everything still waiting is parsed in its thread
            if self._process is process:
                self._process = None
            with self._queue_lock:
                waiting, self._waiting = list(self._waiting), deque()
            for future in waiting:
                future.set_exception(_Lost("the feed parser process ended"))
            _close(process.stdout)
            process.wait()  # reaped: no zombie left behind


@contextmanager
def shared(sources: Sequence[Source]) -> Iterator[list[Source]]:
    """`sources`, with the feeds among them parsing in one worker process when there
    are at least `MIN_FEEDS` of them; the worker ends with the block."""
    if sum(isinstance(s, UsesParser) for s in sources) < MIN_FEEDS:
        yield list(sources)
        return
    pool = ParsePool()
    pool.start()
    try:
        yield [s.with_parser(pool.parse) if isinstance(s, UsesParser) else s for s in sources]
    except BaseException:
        pool.close(kill=True)  # Ctrl-C: the parses in flight are abandoned, as their threads are
        raise
    pool.close()


def _environment() -> dict[str, str]:
    """This process's environment, with the folder paperfeed is imported from first on
    the worker's path (a source checkout run without installing works too)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _close(stream: IO[bytes] | None) -> None:
    if stream is not None:
        with contextlib.suppress(OSError):  # a broken pipe: the worker has gone already
            stream.close()
