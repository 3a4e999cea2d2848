"""Start-up: `paperfeed --help` and `paperfeed today --plain --no-fetch` on the generated
store, against the floor `python -c "import typer, rich.console, sqlite3"`, interleaved
so that the machine's load hits all of them alike.

`today` runs with the clock fixed at the generated store's last day (through a
one-line wrapper around the same `main` the console script calls), so the digest
has that day's papers to choose from whatever day the benchmark runs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import gen_store
from _common import NOW, Row, Sizes, clean_env, median_times, ms, paperfeed_argv, run_quiet

FLOOR = [sys.executable, "-c", "import typer, rich.console, sqlite3"]
_AT_NOW = (
    "import sys; from datetime import datetime; import paperfeed.clock as c; "
    f"c.now = lambda: datetime.fromisoformat({NOW!r}); "
    "from paperfeed.cli import main; sys.argv[0] = 'paperfeed'; main()"
)


def run(sizes: Sizes) -> list[Row]:
    db = gen_store.ensure_store(sizes.store_papers)
    home = Path(tempfile.mkdtemp(prefix="pf-startup-"))
    env = clean_env(PAPERFEED_HOME=str(home), PAPERFEED_DB=str(db))
    today = [sys.executable, "-c", _AT_NOW, "today", "--plain", "--no-fetch"]
    commands = {
        "floor": FLOOR,
        "help": [*paperfeed_argv(), "--help"],
        "today": today,
        "today --rebuild": [*today, "--rebuild"],
    }
    repeats = max(3, sizes.repeats * 2 + 1)
    try:
        times = dict(zip(commands, median_times(
            [lambda argv=argv: run_quiet(argv, env) for argv in commands.values()], repeats), strict=True))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    floor = times["floor"]
    base = f"floor {ms(floor)}"
    n = f"{sizes.store_papers:,}"
    return [
        Row("paperfeed --help", ms(times["help"]), base, times["help"] / floor, "<= 0.9x"),
        Row(f"today --plain --no-fetch, {n} papers (resumed day)", ms(times["today"]), base,
            times["today"] / floor, "<= 1.5x"),
        Row(f"today --plain --no-fetch --rebuild, {n} papers (choose afresh)",
            ms(times["today --rebuild"]), base, times["today --rebuild"] / floor, "<= 2.0x",
            "what the first `today` of a day does"),
    ]
