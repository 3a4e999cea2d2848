"""Runs `paperfeed ARGS` exactly as the console script does, after wrapping the arXiv
feed parser and `Store.record` so that each reports when it starts and ends on the
file descriptor named by PAPERFEED_PHASE_FD. The kill suite uses the reports to
send SIGKILL while the fetch is parsing or writing. Nothing else is changed."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

FD = int(os.environ["PAPERFEED_PHASE_FD"])


def mark(name: str) -> None:
    os.write(FD, f"{name} {time.monotonic():.6f}\n".encode())


def wrap(owner: Any, attr: str, phase: str) -> None:
    original = getattr(owner, attr)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        mark(phase + "-start")
        try:
            return original(*args, **kwargs)
        finally:
            mark(phase + "-end")

    setattr(owner, attr, wrapped)


def main() -> None:
    import paperfeed.sources.arxiv as arxiv
    from paperfeed.cli import main as paperfeed_main
    from paperfeed.store import Store

    wrap(arxiv, "parse_announcements", "parse")
    wrap(Store, "record", "write")
    sys.argv = ["paperfeed", *sys.argv[1:]]
    mark("main")
    paperfeed_main()


if __name__ == "__main__":
    main()
