"""Loopback HTTP servers for the fetch benchmarks: recorded bodies, a fixed delay per
answer, and a log of when each request came in."""

from __future__ import annotations

import hashlib
import http.server
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

# (path, query) -> (status, body, content type)
Route = Callable[[str, dict[str, list[str]]], tuple[int, bytes, str]]


@dataclass
class Served:
    url: str
    requests: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, path?query)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that closes a kept-alive connection is normal here (each benchmark
        closes its client when done); anything else still prints its traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(route: Route, delay: float = 0.0, etags: bool = False,
          host: str = "127.0.0.1") -> Iterator[Served]:
    """A threaded server on `host`, 127.0.0.1 or another loopback address (an ephemeral
    port, so parallel runs never collide).
    With `etags`, every 200 carries an ETag of its body and a matching If-None-Match gets
    a 304, as arXiv's announcement feed does."""
    served = Served("")
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with lock:
                served.requests.append((time.monotonic(), self.path))
            if delay:
                time.sleep(delay)
            parts = urlsplit(self.path)
            status, body, ctype = route(parts.path, parse_qs(parts.query))
            tag = f'"{hashlib.sha1(body).hexdigest()[:16]}"' if etags and status == 200 else None
            if tag and self.headers.get("If-None-Match") == tag:
                status, body = 304, b""
            self.send_response(status)
            if tag:
                self.send_header("ETag", tag)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _Server((host, 0), Handler)
    served.url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def not_found(path: str) -> tuple[int, bytes, str]:
    return 404, f"no route for {path}".encode(), "text/plain"


@contextmanager
def serve_apart(bodies: dict[str, bytes], *, hosts: int, delay: float) -> Iterator[list[str]]:
    """`serve` with `etags` on 127.0.0.1 to 127.0.0.<hosts>, all answering `bodies` by path,
    in a child process: the URLs, one per host.

    For a benchmark whose client is CPU-bound: 20 publishers' servers in the client's own
    process would take the GIL from it to answer (measured: 1.28-1.33x in the process
    against 1.23-1.26x out of it for the 20-feed fetch), which no real publisher does."""
    import json
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pf-serve-") as folder:
        index = {}
        for n, (path, body) in enumerate(bodies.items()):
            (Path(folder) / str(n)).write_bytes(body)
            index[path] = str(n)
        (Path(folder) / "index.json").write_text(json.dumps(index))
        child = subprocess.Popen([sys.executable, __file__, folder, str(delay), str(hosts)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            urls = [child.stdout.readline().strip() for _ in range(hosts)]
            if not all(urls):
                raise RuntimeError("the benchmark's server process did not start")
            yield urls
        finally:
            child.kill()
            child.wait()


def _serve_folder(folder: Path, delay: float, hosts: int) -> None:
    """The child of `serve_apart`: serve until the parent goes away (stdin closes)."""
    import json
    import sys
    from contextlib import ExitStack

    index = json.loads((folder / "index.json").read_text())
    bodies = {path: (folder / name).read_bytes() for path, name in index.items()}

    def route(path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        body = bodies.get(path)
        return (200, body, "application/rss+xml") if body else not_found(path)

    with ExitStack() as stack:
        for n in range(hosts):
            print(stack.enter_context(serve(route, delay, etags=True, host=f"127.0.0.{n + 1}")).url,
                  flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    import sys

    _serve_folder(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]))
