"""The `paperfeed feeds` use cases: import and export OPML, list feeds with their health.

Testable without a terminal: each function takes the config (and the store) and
returns data for the command to render. An import adds to the user's config file
(see `config.feeds_file`) only the feeds it does not have: a URL already there, by
its normalised form (`http://www.x.org/feed/` is `https://x.org/feed`), or seen
earlier in the same file is skipped, as is an outline whose URL is not http(s). A
name already taken gets " (2)", " (3)"... so every entry keeps its own name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from paperfeed import identity, opml
from paperfeed.config.feeds import FeedConfig
from paperfeed.errors import NotFoundError, UsageError
from paperfeed.sources._common import web_url

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.store import FetchRun


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[FeedConfig, ...]
    skipped: tuple[tuple[str, str], ...]  # (name or URL, why)

    def lines(self) -> list[str]:
        out = [f"added {f.name}  {f.url}" for f in self.added]
        out += [f"skipped {name}: {why}" for name, why in self.skipped]
        out.append(f"{len(self.added)} added, {len(self.skipped)} skipped")
        return out


@dataclass(frozen=True, slots=True)
class FeedHealth:
    feed: FeedConfig
    run: FetchRun | None  # the last fetch, None when never fetched


def plan_import(outlines: Sequence[opml.Outline], existing: Sequence[FeedConfig]) -> ImportReport:
    """Which outlines become new feeds, and why the others do not (pure)."""
    urls = {identity.link_key(f.url) for f in existing}
    names = {f.name.casefold() for f in existing}
    added: list[FeedConfig] = []
    skipped: list[tuple[str, str]] = []
    for outline in outlines:
        url = web_url(outline.url)
        key = identity.link_key(url)
        if url is None or key is None:
            skipped.append((outline.name, f"{outline.url!r} is not an http(s) URL"))
            continue
        if key in urls:
            skipped.append((outline.name, "already in the config"))
            continue
        name = _free_name(outline.name[:80] or key, names)
        names.add(name.casefold())
        urls.add(key)
        added.append(FeedConfig(name=name, url=url))
    return ImportReport(tuple(added), tuple(skipped))


def import_opml(file: Path, config: Config, config_path: Path) -> ImportReport:
    """Read `file`, add its new feeds to the config file at `config_path`."""
    from paperfeed.config.feeds_file import add_feeds

    try:
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise NotFoundError(f"{file}: no such file; give the path of an OPML export") from exc
    except OSError as exc:
        raise UsageError(f"{file}: cannot read it ({exc.strerror})") from exc
    report = plan_import(opml.parse(data, str(file)), config.sources.feeds)
    if report.added:
        add_feeds(config_path, report.added)
    return report


def export_opml(config: Config, now: datetime) -> str:
    return opml.write([(f.name, f.url) for f in config.sources.feeds], now)


def health(config: Config, runs: Sequence[FetchRun]) -> list[FeedHealth]:
    last = {r.source: r for r in runs}
    return [FeedHealth(f, last.get(f.source)) for f in config.sources.feeds]


def _free_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate
