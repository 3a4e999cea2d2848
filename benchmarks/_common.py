"""What every benchmark shares: sizes, timing, the result row, fixture paths.

Figures are always reported as a ratio to a baseline measured in the same run on
the same machine, so they mean something on any machine; absolute times are shown
only to make the ratio checkable.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
FEED_FULL = SHARED_FIXTURES / "arxiv-rss" / "aioarxiv_2024-11-28_rss_20_archives_combined_FULL.xml"
API_PAGE = SHARED_FIXTURES / "arxiv-api" / "arxivpy_2026-04-12_search_testing_start0_max10.xml"
NOW = "2026-11-26T06:00:00+00:00"


class Skip(Exception):  # noqa: N818 - reads as `raise Skip("why")`
    """A benchmark cannot run here (a missing fixture or optional package): say why, go on."""


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark is: the real sizes, or tiny ones for CI's smoke run."""

    smoke: bool
    store_papers: int  # the generated store for start-up, digest and search
    bulk_papers: int
    api_entries: int
    repeats: int  # timed repetitions of fast things (the median is reported)
    delay: float  # seconds the fetch server waits before each answer
    gap: float  # scaled-down arXiv API pacing for the catch-up benchmark
    catchup_per_day: int  # papers per category per day served by the catch-up server


FULL = Sizes(False, 1_000_000, 100_000, 2_000, 9, 0.5, 1.0, 150)
SMOKE = Sizes(True, 3_000, 2_000, 50, 2, 0.05, 0.02, 10)


@dataclass(frozen=True)
class Row:
    """One line of the table: our figure against its baseline, and the target for the ratio."""

    name: str
    figure: str
    baseline: str
    ratio: float | None
    target: str  # "<= 2.0x", ">= 0.8x", or "" when the row is informational
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.ratio is None or not self.target:
            return None
        op, value = self.target.split()
        limit = float(value.rstrip("x"))
        return self.ratio <= limit if op == "<=" else self.ratio >= limit


def interleaved_samples(fns: Sequence[Callable[[], object]], repeats: int, *,
                        clock: Callable[[], float] = time.perf_counter,
                        warmup: int = 1) -> list[list[float]]:
    """Times of each function by `clock`, after warm-up runs that fill the caches,
    interleaved so that drift in the machine's load hits all of them alike."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    with quiet_heap():
        for _ in range(max(1, repeats)):
            for i, fn in enumerate(fns):
                gc.collect()
                start = clock()
                fn()
                samples[i].append(clock() - start)
    return samples


def repeats_for(fns: Sequence[Callable[[], object]], sizes: Sizes) -> int:
    """About a second per function, within 5..101 runs: a millisecond query needs many
    runs for a stable median on a busy machine, a slow one fewer. This machine's times
    fall in two clusters about 40% apart; with five runs, the medians of two functions
    timed side by side could land in different clusters (a 1.04x row read 1.60x once)."""
    slowest = max(median_times(fns, 1, warmup=0), default=1.0)
    budget = 0.2 if sizes.smoke else 1.0
    return max(5, min(101, int(budget / max(slowest, 1e-4))))


def median_times(fns: Sequence[Callable[[], object]], repeats: int, warmup: int = 1) -> list[float]:
    """Median wall time of each function in seconds (see `interleaved_samples`)."""
    return [statistics.median(s) for s in interleaved_samples(fns, repeats, warmup=warmup)]


@contextmanager
def quiet_heap() -> Iterator[None]:
    """Each timed call starts after a collection, so one call's garbage is not collected
    on the next one's time; the objects alive before timing are frozen out of the
    collector, so those collections stay cheap however big the process has grown."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run_quiet(argv: Sequence[str], env: dict[str, str] | None = None, timeout: float = 300) -> None:
    """Run a command for timing; its output is dropped, but a failure is an error."""
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')[-500:]}")


def paperfeed_argv() -> list[str]:
    """The installed console script a user runs (or `python -m paperfeed` without one)."""
    script = Path(sys.executable).parent / "paperfeed"
    return [str(script)] if script.exists() else [sys.executable, "-m", "paperfeed"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a timed child process: no PAPERFEED_ settings of the caller,
    and bytecode caching on, as for an installed paperfeed (pip compiles it at install
    time). A caller's PYTHONDONTWRITEBYTECODE would make every run compile paperfeed
    from source; the caches go under benchmarks/.data, not into the source tree."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAPERFEED_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(NO_COLOR="1", PYTHONPYCACHEPREFIX=str(DATA / "pycache"), **extra)
    return env


def need_fixture(path: Path) -> Path:
    if not path.exists():
        raise Skip(f"shared fixture {path.name} missing (expected in {path.parent})")
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


HF_DAY = SHARED_FIXTURES / "hf-daily" / "newsletter-chinese_daily_papers_date_2026-08-21.json"
HF_TREND = SHARED_FIXTURES / "hf-daily" / "newsletter-chinese_daily_papers_date_2026-08-20.json"
CATEGORIES = ("cs.CV", "cs.LG", "cs.CL", "cs.AI")


def config_toml(base: str, *, api: str | None = None, gap: float = 0.0, page_size: int = 2000) -> str:
    """A config pointing every source at the loopback server `base` (arXiv's API at `api`)."""
    cats = ", ".join(f'"{c}"' for c in CATEGORIES)
    return f"""
[sources.arxiv]
categories = [{cats}]
feed_url = "{base}/rss/"
api_url = "{api or base}/api/query"
request_gap_seconds = {gap}
page_size = {page_size}

[sources.huggingface]
url = "{base}/api/daily_papers"

[sources.paperswithcode]
url = "{base}/api/daily_papers"
"""
