"""A loopback HTTP server whose answer per source can be any fault a real service shows.

Each source is configured under its own path prefix (`/arxiv/`, `/hf/`, `/pwc/`), so
a test can break one source while the others answer normally. A `Reply` is what a
prefix answers: a normal body, an error status, a connection reset halfway through
the body, silence, a trickle, a redirect to an HTML page, or tens of megabytes.
"""

from __future__ import annotations

import http.server
import socket
import socketserver
import struct
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from .support import FIXTURES

HTML_PAGE = (FIXTURES / "html" / "trending.html").read_bytes()


@dataclass(frozen=True)
class Reply:
    """One way of answering. `mode` picks the behaviour; the rest are its parameters."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    mode: str = "normal"  # normal, reset, stall, trickle, stream, redirect
    size: int = 0  # stream: bytes to send
    location: str = ""  # redirect: where to
    reason: str | None = None  # the status line's reason phrase, if not the usual one


def body(path: Path, content_type: str) -> Reply:
    return Reply(body=path.read_bytes(), content_type=content_type)


def xml(path: Path) -> Reply:
    return body(path, "application/rss+xml; charset=utf-8")


def json_file(path: Path) -> Reply:
    return body(path, "application/json; charset=utf-8")


@dataclass
class _State:
    replies: dict[str, Reply] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    stop: threading.Event = field(default_factory=threading.Event)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        state = self.server.state
        if path.startswith("/html/"):
            return self._send(Reply(body=HTML_PAGE, content_type="text/html; charset=utf-8"))
        prefix = "/" + path.strip("/").split("/")[0] + "/"
        state.hits[prefix] += 1
        reply = state.replies.get(prefix)
        if reply is None:
            return self._send(Reply(status=404, body=b"no such route", content_type="text/plain"))
        return self._send(reply)

    def _send(self, reply: Reply) -> None:
        stop = self.server.state.stop
        if reply.mode == "stall":
            stop.wait(30)  # say nothing: the client's read timeout must end it
            return
        if reply.mode == "redirect":
            self.send_response(302)
            self.send_header("Location", reply.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(reply.status, reply.reason)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.mode == "stream":  # no Content-Length: the body ends when we close
            self.end_headers()
            chunk = b"[" + b'{"paper": {"id": "2411.17700", "title": "x"}}, ' * 1400
            sent = 0
            try:
                while sent < reply.size and not stop.is_set():
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the client gave up, as it should
            return
        if reply.mode == "trickle":
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            try:
                for i in range(len(reply.body)):
                    if stop.wait(0.2):
                        return
                    self.wfile.write(reply.body[i:i + 1])
                    self.wfile.flush()
            except OSError:
                pass
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.mode == "reset":
            self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            # SO_LINGER with a zero timeout makes close() send RST, not FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: _State

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and abandoned streams are the point here, not news


class FaultServer:
    """`with FaultServer() as srv:` serves on 127.0.0.1; `srv.url` is its base URL."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = _State()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def hits(self) -> Counter[str]:
        return self._server.state.hits

    def answer(self, prefix: str, reply: Reply) -> None:
        self._server.state.replies[prefix] = reply

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.state.stop.set()
        self._server.shutdown()
        self._server.server_close()


# -- the sources' endpoints and the config that points at them --------------------------

PREFIX = {"arxiv": "/arxiv/", "huggingface": "/hf/", "paperswithcode": "/pwc/"}


def config_toml(base: str, *, timeout: float = 1.0, attempts: int = 2, max_wait: float = 1.0,
                max_mb: float | None = None, only_arxiv: bool = False) -> str:
    """A config pointing every source at `base`, with short timeouts so faults end fast."""
    limit = f"max_response_mb = {max_mb}\n" if max_mb is not None else ""
    others = "false" if only_arxiv else "true"
    return f"""[fetch]
timeout_seconds = {timeout}
connect_timeout_seconds = {timeout}
retry_attempts = {attempts}
retry_max_wait_seconds = {max_wait}
{limit}
[sources.arxiv]
categories = ["cs"]
feed_url = "{base}/arxiv/rss/"
api_url = "{base}/arxiv/api/query"
request_gap_seconds = 0

[sources.huggingface]
enabled = {others}
url = "{base}/hf/api/daily_papers"
days_back = 0

[sources.paperswithcode]
enabled = {others}
format = "hf-trending"
url = "{base}/pwc/api/daily_papers"
"""


def faults(source: str, good: Reply) -> Iterator[tuple[str, Reply]]:
    """Every fault of the matrix, for a source whose good answer is `good`."""
    doc_type = good.content_type
    yield "http-500", Reply(status=500, body=b"Internal Server Error", content_type="text/plain")
    yield "http-503", Reply(status=503, body=b"Service Unavailable", content_type="text/plain")
    yield "http-429-retry-after", Reply(status=429, body=b"slow down", content_type="text/plain",
                                        headers=(("Retry-After", "1"),))
    yield "http-429-retry-after-long", Reply(status=429, body=b"slow down",
                                             content_type="text/plain",
                                             headers=(("Retry-After", "3600"),))
    yield "http-429-bare", Reply(status=429, body=b"slow down", content_type="text/plain")
    yield "reset-mid-body", Reply(body=good.body, content_type=doc_type, mode="reset")
    yield "read-timeout", Reply(mode="stall")
    yield "truncated-body", Reply(body=good.body[: len(good.body) * 2 // 3], content_type=doc_type)
    yield "empty-body", Reply(body=b"", content_type=doc_type)
    yield "html-200", Reply(body=HTML_PAGE, content_type="text/html; charset=utf-8")
    yield "html-labelled-as-document", Reply(body=HTML_PAGE, content_type=doc_type)
    yield "redirect-to-html", Reply(mode="redirect", location="/html/trending")
    yield "gigantic-64mb", Reply(content_type=doc_type, mode="stream", size=64 * 1024 * 1024)
    yield "gigantic-declared", Reply(content_type=doc_type, mode="stream", size=64 * 1024 * 1024,
                                     headers=(("Content-Length", str(64 * 1024 * 1024)),))
    yield "trickle", Reply(body=good.body, content_type=doc_type, mode="trickle")


def fault_names() -> list[str]:
    return [name for name, _ in faults("arxiv", Reply())]
