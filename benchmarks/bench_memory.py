"""Memory: peak RSS of `paperfeed fetch --source arxiv` (the real command, in a child
process) fetching the 2.8 MB announcement feed from a loopback server into a fresh
store, read from the kernel's accounting for that one child (`os.wait4`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import FEED_FULL, Row, Sizes, clean_env, config_toml, need_fixture, paperfeed_argv
from _servers import not_found, serve

LIMIT_MB = 120


# Linux carries the parent's high-water RSS into a child across fork+exec (exec keeps
# the old address space's peak), so a child of this big benchmark process would
# report this process's peak. A small interpreter in between starts the command.
_MEASURE = (
    "import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "_, s, u = os.wait4(p.pid, 0); print(u.ru_maxrss, os.waitstatus_to_exitcode(s))"
)


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> float:
    done = subprocess.run([sys.executable, "-c", _MEASURE, *argv], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    try:
        kilobytes, code = (int(x) for x in done.stdout.split())
    except ValueError:
        code, kilobytes = -1, 0
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {done.stderr[-500:]}")
    return kilobytes / 1024  # ru_maxrss is in kilobytes on Linux


def run(sizes: Sizes) -> list[Row]:
    feed = need_fixture(FEED_FULL).read_bytes()

    def route(path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        return (200, feed, "application/rss+xml") if path.startswith("/rss/") else not_found(path)

    home = Path(tempfile.mkdtemp(prefix="pf-memory-"))
    try:
        with serve(route) as server:
            (home / "config.toml").write_text(config_toml(server.url))
            env = clean_env(PAPERFEED_HOME=str(home))
            ours = peak_rss_mb([*paperfeed_argv(), "fetch", "--source", "arxiv", "--quiet"], env)
        floor = peak_rss_mb([sys.executable, "-c", "import typer, rich.console, sqlite3"], env)
        return [Row(f"peak RSS of fetching the {len(feed) / 1e6:.1f} MB feed", f"{ours:.0f} MB",
                    f"limit {LIMIT_MB} MB", ours / LIMIT_MB, "<= 1.0x",
                    f"the start-up floor alone is {floor:.0f} MB")]
    finally:
        shutil.rmtree(home, ignore_errors=True)
