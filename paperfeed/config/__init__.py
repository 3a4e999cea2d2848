"""Core: the configuration: typed defaults, loaded from TOML and checked key by key.
May import: core only (errors, models, paths); never the store, a source or a screen.

A missing file means the defaults, so paperfeed works with zero setup. A bad
file never gives a traceback: every problem becomes one `ConfigError` line that
names the file, the key path and what to write instead.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperfeed.config.summaries import SummariesConfig
from paperfeed.errors import ConfigError

if TYPE_CHECKING:
    import tomllib

    from paperfeed.config.feeds import FeedConfig  # imported where feeds are read: see `_hints`

ARXIV_CATEGORIES = ("cs.CV", "cs.LG", "cs.CL", "cs.AI")
HF_DAILY_URL = "https://huggingface.co/api/daily_papers"


@dataclass(frozen=True)
class DigestConfig:
    """[digest]: the reading-time budget, and how far back an unread paper may still be chosen."""

    target_minutes: float = 12
    min_minutes: float = 10
    max_minutes: float = 15
    words_per_minute: int = 200
    seconds_per_paper: float = 15  # glancing at the card before the abstract
    catchup_days: int = 7  # how far back an unread paper can still be chosen
    mode: str = "abstracts"  # or "summaries": the stored summary first, timed by its length


@dataclass(frozen=True)
class InterestsConfig:
    """[interests]: what the reader asked for and against, by keyword, author and category."""

    keywords: list[str] = field(default_factory=list)
    exclude_keywords: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    exclude_authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # in priority order
    exclude_categories: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RankingConfig:
    """The learned affinity (issue #14): stars and notes up, "less like this" down."""

    enabled: bool = True
    weight: float = 3.0  # points for a paper like your stars (a title keyword is 4)
    reads_as_negative: bool = False  # measured: reads as weak negatives did not help


@dataclass(frozen=True)
class FetchConfig:
    """[fetch]: when the sources are stale, and how patiently they are asked."""

    max_age_hours: float = 6
    timeout_seconds: float = 30
    connect_timeout_seconds: float = 10
    retry_attempts: int = 4
    retry_max_wait_seconds: float = 60
    max_since_days: int = 14
    max_response_mb: float = 50
    feed_gap_seconds: float = 1.0  # between requests to one host, for [[sources.feeds]]


@dataclass(frozen=True)
class ArxivConfig:
    """[sources.arxiv]: the categories followed, and where and how fast arXiv is asked."""

    enabled: bool = True
    categories: list[str] = field(default_factory=lambda: list(ARXIV_CATEGORIES))
    announce_types: list[str] = field(default_factory=lambda: ["new", "cross"])
    feed_url: str = "https://rss.arxiv.org/rss/"
    api_url: str = "https://export.arxiv.org/api/query"
    request_gap_seconds: float = 3.0
    page_size: int = 2000


@dataclass(frozen=True)
class HuggingfaceConfig:
    """[sources.huggingface]: Hugging Face daily papers."""

    enabled: bool = True
    url: str = HF_DAILY_URL
    days_back: int = 1
    max_pages: int = 5


@dataclass(frozen=True)
class PaperswithcodeConfig:
    """[sources.paperswithcode]: trending papers, read from Papers with Code's successor."""

    enabled: bool = True
    format: str = "hf-trending"
    url: str = HF_DAILY_URL
    max_pages: int = 5


@dataclass(frozen=True)
class SourcesConfig:
    """[sources]: the built-in sources, and any number of [[sources.feeds]]."""

    arxiv: ArxivConfig = field(default_factory=ArxivConfig)
    huggingface: HuggingfaceConfig = field(default_factory=HuggingfaceConfig)
    paperswithcode: PaperswithcodeConfig = field(default_factory=PaperswithcodeConfig)
    feeds: tuple[FeedConfig, ...] = ()  # [[sources.feeds]], checked in config/feeds.py


@dataclass(frozen=True)
class ExportConfig:
    """[export]: how the Markdown export writes a paper."""

    max_authors: int = 10  # Markdown lists this many authors, then "and N more" (0: all)


@dataclass(frozen=True)
class Config:
    """The whole configuration: every table, each with its defaults, and the file it came from."""

    digest: DigestConfig = field(default_factory=DigestConfig)
    interests: InterestsConfig = field(default_factory=InterestsConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    ranking: RankingConfig = field(default_factory=RankingConfig)
    sources: SourcesConfig = field(default_factory=SourcesConfig)
    export: ExportConfig = field(default_factory=ExportConfig)
    summaries: SummariesConfig = field(default_factory=SummariesConfig)
    path: Path | None = field(default=None, compare=False)  # where it was read from


def load(path: Path | None = None) -> Config:
    """Read the config at `path` (default: paths.config_path()); defaults if absent."""
    if path is None:
        from paperfeed import paths

        path = paths.config_path()
    if not path.exists():
        return Config(path=None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc}); check it") from exc
    return loads(text, path)


def loads(text: str, path: Path) -> Config:
    import tomllib  # here, not at the top: without a config file `today` never needs it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_message(path, exc)) from exc
    config: Config = _build(Config, data, path, "")
    from paperfeed.config import checks  # only a config file is checked: no file, no import

    checks.check_relations(config, path)
    return replace(config, path=path)


def _syntax_message(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)", text)
    reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", text)
    place = f"line {where[1]}" if where else "the end of the file"
    return f"{path}: TOML syntax error at {place}: {reason}; fix that line"


def _build(cls: type[Any], data: object, path: Path, prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: '{prefix.rstrip('.')}' must be a table ([{prefix.rstrip('.')}])")
    hints = field_types(cls)
    known = [f.name for f in fields(cls) if f.name != "path"]
    values: dict[str, Any] = {}
    for key, value in data.items():
        dotted = prefix + key
        if key not in known:
            candidates = [prefix + k for k in known]
            close = difflib.get_close_matches(dotted, candidates, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; valid keys: {', '.join(known)}"
            raise ConfigError(f"{path}: unknown key {dotted!r}{hint}")
        expected = hints[key]
        if dotted == "sources.feeds":
            from paperfeed.config import feeds as feeds_config

            values[key] = feeds_config.build(value, path)
        elif isinstance(expected, type) and is_dataclass(expected):
            values[key] = _build(expected, value, path, dotted + ".")
        else:
            from paperfeed.config import checks

            values[key] = checks.check_value(expected, value, path, dotted)
    return cls(**values)


def field_types(cls: type[Any]) -> dict[str, Any]:
    """A section's field types, for whoever walks the config's keys. `FeedConfig` is
    imported here rather than at the top: without a config file (or with one that
    names no feed) `paperfeed today` never needs `config.feeds`."""
    from paperfeed.config.feeds import FeedConfig

    return typing.get_type_hints(cls, localns={"FeedConfig": FeedConfig})


def to_toml(config: Config) -> str:
    """The effective config as TOML, defaults included (`paperfeed config show`).

    Written by tomlkit (already here for `feeds import`) rather than by hand:
    hand-written TOML got strings with control characters and non-finite floats
    wrong, and a writer library keeps what `config show` prints loadable by
    `config.load` (tests/test_config.py round-trips it).
    """
    import tomlkit

    return tomlkit.dumps(_as_tables(config))


def _as_tables(obj: Any) -> dict[str, Any]:
    """The dataclass tree as nested dicts, scalars before tables (TOML wants them first)."""
    scalars: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    hints = field_types(type(obj))
    for f in fields(obj):
        if f.name == "path":
            continue
        value = getattr(obj, f.name)
        if is_dataclass(value):
            tables[f.name] = _as_tables(value)
        elif f.name == "feeds":  # [[sources.feeds]], after every other table
            if value:
                tables[f.name] = [_as_tables(feed) for feed in value]
        elif hints[f.name] is float:
            scalars[f.name] = float(value)  # `12.0` whether it came from the defaults or a file
        else:
            scalars[f.name] = list(value) if isinstance(value, list) else value
    return scalars | tables
