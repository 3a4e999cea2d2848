"""The worker process of `feed_pool`: parses feeds sent on stdin, answers on stdout.

A plain child process on two pipes rather than `multiprocessing`: its spawn re-runs
the parent's main module in the child (a script read from stdin cannot be, and the
child dies with a traceback), and its pool adds a manager thread, semaphores and a
second copy of every task in flight. Here each message is a little-endian 8-byte
length and a pickle, the answers come back in the order of the requests, and the
worker ends when its stdin closes, which is also how it ends when the fetch dies.
"""

from __future__ import annotations

import pickle
import signal
import struct
import sys
from typing import IO, Any

HEADER = struct.Struct("<Q")
OK, FAILED, BUG = "ok", "failed", "bug"  # how a parse ended: its page, a FetchError's line, a crash


def send(stream: IO[bytes], message: object) -> None:
    blob = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(blob)) + blob)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """The next message, or raise EOFError when the other side has gone."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        raise EOFError
    size = HEADER.unpack(head)[0]
    blob = stream.read(size)
    if len(blob) < size:
        raise EOFError
    return pickle.loads(blob)  # noqa: S301 - our own parent's message


def serve(inbox: IO[bytes], outbox: IO[bytes]) -> None:
    """Parse each (bytes, keyword arguments) received until the input ends."""
    from paperfeed.errors import FetchError
    from paperfeed.sources.feed_parse import parse

    while True:
        try:
            data, options = receive(inbox)
        except EOFError:
            return
        try:
            answer: tuple[str, object] = (OK, parse(data, **options))
        except FetchError as exc:
            answer = (FAILED, exc.message)
        except Exception as exc:  # a parser bug: the fetch reports it for this feed
            answer = (BUG, f"{type(exc).__name__}: {exc}")
        send(outbox, answer)


if __name__ == "__main__":
    # Ctrl-C reaches every process of the terminal's group; the fetch handles it, and
    # closing this worker's stdin ends it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(sys.stdin.buffer, sys.stdout.buffer)
