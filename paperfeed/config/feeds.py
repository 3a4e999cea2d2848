"""`[[sources.feeds]]`: any number of RSS or Atom feeds, each checked as it is read.

An entry is `name` and `url`, with optional `enabled`, `weight` (how much the digest
favours the feed, like a category's priority: 1 is a priority category, 0 adds
nothing), `keywords_only` (only papers matching an interest enter the digest, for
high-volume feeds) and `max_per_digest` (the most papers of this feed one digest
shows, so a feed of 300 items a day cannot flood it). Every mistake is one line
naming the entry: an unknown key, a missing or duplicate name, a URL that is not
http(s).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import NamedTuple

from paperfeed.errors import ConfigError

SOURCE_PREFIX = "feed:"  # a feed's source name in fetch runs and sightings: feed:<name>
MAX_WEIGHT = 3.0  # below one title keyword (4): a feed never outranks an interest
_URL = re.compile(r"https?://[^\s/]+\S*", re.IGNORECASE)


class FeedConfig(NamedTuple):
    """One [[sources.feeds]] entry: a publisher's RSS or Atom feed, and how the digest favours it."""

    name: str
    url: str
    enabled: bool = True
    weight: float = 1.0
    keywords_only: bool = False
    max_per_digest: int = 5

    @property
    def source(self) -> str:
        return SOURCE_PREFIX + self.name


KEYS = FeedConfig._fields
_TYPES: dict[str, tuple[type, ...]] = {"name": (str,), "url": (str,), "enabled": (bool,),
                                       "weight": (int, float), "keywords_only": (bool,),
                                       "max_per_digest": (int,)}
_TYPE_NAMES = {"name": "a string", "url": "an http(s) URL string", "enabled": "true or false",
               "weight": f"a number from 0 to {MAX_WEIGHT:g}", "keywords_only": "true or false",
               "max_per_digest": "a whole number, 1 or more"}


def build(value: object, path: Path) -> tuple[FeedConfig, ...]:
    """The feeds of `sources.feeds` (an array of tables), checked entry by entry."""
    if not isinstance(value, list):
        raise ConfigError(f"{path}: 'sources.feeds' must be an array of tables: write each feed "
                          "as [[sources.feeds]] with name = \"...\" and url = \"...\"")
    feeds: list[FeedConfig] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(value, 1):
        feed = _entry(entry, path, number)
        key = feed.name.casefold()
        if key in seen:
            raise ConfigError(f"{path}: sources.feeds entry {number} ('{feed.name}') has the same "
                              f"name as entry {seen[key]}; give each [[sources.feeds]] entry its own name")
        seen[key] = number
        feeds.append(feed)
    return tuple(feeds)


def _entry(entry: object, path: Path, number: int) -> FeedConfig:
    where = f"{path}: sources.feeds entry {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table: write each feed as [[sources.feeds]]")
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where += f" ({name.strip()!r})"
    for key in entry:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; valid keys: {', '.join(KEYS)}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")
    for key in ("name", "url"):
        if key not in entry:
            raise ConfigError(f"{where}: '{key}' is missing; every [[sources.feeds]] entry needs "
                              "name = \"...\" and url = \"https://...\"")
    for key, value in entry.items():
        ok = isinstance(value, _TYPES[key]) and not (key not in ("enabled", "keywords_only")
                                                     and isinstance(value, bool))
        if not ok:
            raise ConfigError(f"{where}: '{key}' must be {_TYPE_NAMES[key]}, got {value!r}")
    name, url = entry["name"].strip(), entry["url"].strip()
    if not name or not name.isprintable() or len(name) > 100:
        raise ConfigError(f"{where}: 'name' must be a short printable name, got {entry['name']!r}")
    if not _URL.fullmatch(url):
        raise ConfigError(f"{where}: 'url' must be an http:// or https:// URL, got {url!r}")
    weight = float(entry.get("weight", 1.0))
    if not 0 <= weight <= MAX_WEIGHT:
        raise ConfigError(f"{where}: 'weight' must be from 0 to {MAX_WEIGHT:g}, got {weight:g}")
    cap = entry.get("max_per_digest", 5)
    if cap < 1:
        raise ConfigError(f"{where}: 'max_per_digest' must be 1 or more, got {cap}")
    return FeedConfig(name=name, url=url, enabled=entry.get("enabled", True), weight=weight,
                      keywords_only=entry.get("keywords_only", False), max_per_digest=cap)
