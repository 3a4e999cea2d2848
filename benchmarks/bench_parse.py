"""API page parse: CPU time for paperfeed's `parse_api_page` on a 2,000-entry arXiv API
page (real entries repeated), against the `arxiv` package's own parser of the same
bytes (4.x: lxml), with feedparser alone for reference. CPU time (`process_time`,
the least of several interleaved runs), because the question is the work done, not
how busy the machine was."""

from __future__ import annotations

import time
from collections.abc import Callable

import _api_pages
from _common import Row, Sizes, Skip, interleaved_samples

from paperfeed.sources.arxiv_api import parse_api_page


def cpu_times(fns: list[Callable[[], object]], repeats: int) -> list[float]:
    """The least CPU time of each function over interleaved rounds: CPU time only grows
    with disturbance (cache misses from other jobs on a shared machine), so the
    minimum is the cleanest reading of the work itself."""
    return [min(s) for s in interleaved_samples(fns, repeats, clock=time.process_time)]


def run(sizes: Sizes) -> list[Row]:
    try:
        from arxiv import _feed as arxiv_feed
    except ImportError as exc:
        raise Skip(f"the arxiv package is not installed ({exc}); pip install -e '.[bench]'") from exc
    import feedparser

    n = sizes.api_entries
    page = _api_pages.page(0, n, n)
    ours = parse_api_page(page, fallback_day="2026-11-26", categories=("cs.LG",))
    theirs = arxiv_feed.parse(page)
    if len(ours.sightings) != n or len(theirs.results) != n:
        raise RuntimeError(f"parsed {len(ours.sightings)} (paperfeed) and {len(theirs.results)} "
                           f"(arxiv) of {n} entries")
    repeats = max(5, sizes.repeats)
    t_ours, t_arxiv = cpu_times([
        lambda: parse_api_page(page, fallback_day="2026-11-26", categories=("cs.LG",)),
        lambda: arxiv_feed.parse(page),
    ], repeats)
    (t_fp,) = cpu_times([lambda: feedparser.parse(page)], 1 if n > 500 else repeats)
    return [
        Row(f"parse a {n:,}-entry API page (CPU)", f"{t_ours * 1000:.0f} ms",
            f"arxiv package {t_arxiv * 1000:.0f} ms", t_ours / t_arxiv, "<= 1.0x",
            "ElementTree (stdlib)"),
        Row("  same page, feedparser alone (CPU)", f"{t_fp * 1000:.0f} ms",
            f"arxiv package {t_arxiv * 1000:.0f} ms", t_fp / t_arxiv, "",
            "why the arXiv parsers do not use feedparser"),
    ]
