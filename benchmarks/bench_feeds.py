"""Publishers' feeds (issue 15): ingest of a 1,000-item journal table of contents (RSS
1.0 with `prism:doi`, `dc:creator` and HTML in `content:encoded`, as Nature publishes)
through the feed source's parse, merge and store, against `feedparser.parse` of the
same bytes alone (the feed source reads this well-formed feed with its ElementTree fast
path, `sources/feed_fast.py`, so the row compares our whole ingest with feedparser's
parse; feedparser itself only reads the feeds the fast path declines); and `paperfeed
fetch` of 20 feeds at once against the slowest of them fetched alone, each from its own
loopback server (127.0.0.1 to 127.0.0.20, as 20 publishers: feeds of one host are
paced) answering each request after a delay. The servers run in a child process, as a
publisher's server is never in the reader's process: in this one, answering 20 requests
at once took the GIL from the fetch they were timing."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _common import Row, Sizes, median_times, ms
from _servers import serve_apart

from paperfeed import config as config_mod
from paperfeed import refresh
from paperfeed.sources import Window
from paperfeed.sources.feed_parse import parse
from paperfeed.store import Store

FEEDS = 20
NOW = datetime.now(UTC).replace(microsecond=0)


def toc(items: int, journal: str = "Journal of Benchmarks") -> bytes:
    """A table of contents in Nature's RSS 1.0 shape, newest first."""
    entries = []
    for i in range(items):
        doi = f"10.5555/bench.{journal[-2:].strip()}.{i:05d}"
        url = f"https://journal.example.org/articles/{doi.split('/')[1]}"
        day = (NOW - timedelta(minutes=10 * i)).date().isoformat()
        entries.append(f"""<item rdf:about="{url}">
<title><![CDATA[Learning to rank item {i} with sparse &amp; dense retrieval]]></title>
<link>{url}</link>
<content:encoded><![CDATA[<p>{journal}, Published online: {day}; <a href="{url}">doi:{doi}</a></p>We
study <i>retrieval</i> for item {i}: R&amp;D costs fall when x &lt; y, and the <b>ranking</b> improves
across 12 benchmarks while memory stays within budget.]]></content:encoded>
<dc:title><![CDATA[Learning to rank item {i}]]></dc:title>
<dc:creator>Ada Example</dc:creator><dc:creator>Bo Sample</dc:creator><dc:creator>Cy Test</dc:creator>
<dc:identifier>doi:{doi}</dc:identifier><dc:date>{day}</dc:date>
<prism:publicationName>{journal}</prism:publicationName><prism:doi>{doi}</prism:doi>
<prism:url>{url}</prism:url></item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<channel rdf:about="https://journal.example.org/rss"><title>{journal}</title>
<link>https://journal.example.org</link><description>Latest articles</description></channel>
{''.join(entries)}
</rdf:RDF>""".encode()


def _ingest_row(sizes: Sizes, folder: Path) -> Row:
    import feedparser

    items = 200 if sizes.smoke else 1000
    data = toc(items)
    repeats = 1 if sizes.smoke else max(3, sizes.repeats // 2)
    stores = [Store(folder / f"ingest{i}.db") for i in range(repeats + 1)]  # migrated untimed
    now = NOW.isoformat()

    def ingest() -> None:
        page = parse(data, source="feed:bench", feed_name="bench", day=now[:10])
        with stores.pop() as store:
            if store.record(page.sightings, now).new != items:
                raise RuntimeError("the ingest did not store every item")

    t_feedparser, t_ingest = median_times([lambda: feedparser.parse(data), ingest], repeats)
    return Row(f"ingest a {items:,}-item journal feed (parse, merge, store)", ms(t_ingest),
               f"feedparser.parse alone {ms(t_feedparser)}", t_ingest / t_feedparser, "<= 1.3x",
               "our whole ingest, read by the ElementTree fast path, against feedparser's parse alone")


def _fetch_rows(sizes: Sizes, folder: Path) -> list[Row]:
    items = 10 if sizes.smoke else 30  # a journal's table of contents
    bodies = {f"/feed/{n}.rss": toc(items, f"Journal {n:02d}") for n in range(FEEDS)}

    count = [0]
    with serve_apart(bodies, hosts=FEEDS, delay=sizes.delay) as urls:
        entries = "".join(f'\n[[sources.feeds]]\nname = "J{n:02d}"\nurl = "{urls[n]}/feed/{n}.rss"\n'
                          for n in range(FEEDS))
        path = folder / "config.toml"
        path.write_text("[sources.arxiv]\nenabled = false\n[sources.huggingface]\nenabled = false\n"
                        "[sources.paperswithcode]\nenabled = false\n" + entries)
        config = config_mod.load(path)
        window = Window(date.today())

        def fetch(only: tuple[str, ...]) -> None:
            count[0] += 1
            report = refresh.fetch(config, folder / f"fetch{count[0]}.db", window, only=only)
            if report.failed or report.skipped or report.new != items * max(1, len(only) or FEEDS):
                raise RuntimeError(f"fetch {only} failed: {report.failed or report.skipped}")

        # All of the repeats (9), not half: single runs of this row vary by ~0.05x.
        repeats = 1 if sizes.smoke else sizes.repeats
        alone = [f"feed:J{n:02d}" for n in range(FEEDS)]
        times = median_times([lambda name=name: fetch((name,)) for name in alone[:3]]
                             + [lambda: fetch(())], repeats)

        def again() -> None:
            report = refresh.fetch(config, folder / "again.db", window)
            if {r.status for r in report.results} != {"unchanged"}:
                raise RuntimeError("a re-fetch of unchanged feeds was not all 304s")

        refresh.fetch(config, folder / "again.db", window)
        (t_again,) = median_times([again], repeats)
    slowest = max(times[:3])
    return [Row(f"fetch {FEEDS} feeds at once ({items} items each, server delay {sizes.delay:g} s)",
                ms(times[3]), f"slowest single feed {ms(slowest)}", times[3] / slowest, "<= 1.15x",
                "the waits overlap; the 20 parses run in one worker process (sources/feed_pool.py)"),
            Row(f"fetch the {FEEDS} feeds again, unchanged (ETag: 304)", ms(t_again),
                f"slowest single feed {ms(slowest)}", t_again / slowest, "",
                "the daily case for most feeds: nothing parsed or stored")]


def run(sizes: Sizes) -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="pf-feeds-"))
    try:
        return [_ingest_row(sizes, folder), *_fetch_rows(sizes, folder)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
