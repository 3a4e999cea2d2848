"""Core: the configuration: typed defaults, loaded from TOML and checked key by key.
May import: core only (errors, models, paths); never the store, a source or a screen.

A missing file means the defaults, so paperfeed works with zero setup. A bad
file never gives a traceback: every problem becomes one `ConfigError` line that
names the file, the key path and what to write instead.

Each table is a `NamedTuple`: immutable, compared by value, copied with `_replace`,
walked with `_fields`. Every command loads the config, and the twelve tables as
frozen dataclasses compiled 70 methods at import (~7 ms of each `paperfeed today`).
A NamedTuple's defaults are shared by every instance, so the default lists are
never changed in place: nothing in paperfeed mutates a config, and a new value is
a new table (`_replace`).
"""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from paperfeed.config.summaries import SummariesConfig
from paperfeed.errors import ConfigError

if TYPE_CHECKING:
    import tomllib

    from paperfeed.config.feeds import FeedConfig  # imported where feeds are read: see `field_types`

ARXIV_CATEGORIES = ("cs.CV", "cs.LG", "cs.CL", "cs.AI")
HF_DAILY_URL = "https://huggingface.co/api/daily_papers"


class DigestConfig(NamedTuple):
    """[digest]: the reading-time budget, and how far back an unread paper may still be chosen."""

    target_minutes: float = 12
    min_minutes: float = 10
    max_minutes: float = 15
    words_per_minute: int = 200
    seconds_per_paper: float = 15  # glancing at the card before the abstract
    catchup_days: int = 7  # how far back an unread paper can still be chosen
    mode: str = "abstracts"  # or "summaries": the stored summary first, timed by its length


class InterestsConfig(NamedTuple):
    """[interests]: what the reader asked for and against, by keyword, author and category."""

    keywords: list[str] = []
    exclude_keywords: list[str] = []
    authors: list[str] = []
    exclude_authors: list[str] = []
    categories: list[str] = []  # in priority order
    exclude_categories: list[str] = []


class RankingConfig(NamedTuple):
    """The learned affinity (issue #14): stars and notes up, "less like this" down."""

    enabled: bool = True
    weight: float = 3.0  # points for a paper like your stars (a title keyword is 4)
    reads_as_negative: bool = False  # measured: reads as weak negatives did not help


class FetchConfig(NamedTuple):
    """[fetch]: when the sources are stale, and how patiently they are asked."""

    max_age_hours: float = 6
    timeout_seconds: float = 30
    connect_timeout_seconds: float = 10
    retry_attempts: int = 4
    retry_max_wait_seconds: float = 60
    max_since_days: int = 14
    max_response_mb: float = 50
    feed_gap_seconds: float = 1.0  # between requests to one host, for [[sources.feeds]]


class ArxivConfig(NamedTuple):
    """[sources.arxiv]: the categories followed, and where and how fast arXiv is asked."""

    enabled: bool = True
    categories: list[str] = list(ARXIV_CATEGORIES)
    announce_types: list[str] = ["new", "cross"]
    feed_url: str = "https://rss.arxiv.org/rss/"
    api_url: str = "https://export.arxiv.org/api/query"
    request_gap_seconds: float = 3.0
    page_size: int = 2000


class HuggingfaceConfig(NamedTuple):
    """[sources.huggingface]: Hugging Face daily papers."""

    enabled: bool = True
    url: str = HF_DAILY_URL
    days_back: int = 1
    max_pages: int = 5


class PaperswithcodeConfig(NamedTuple):
    """[sources.paperswithcode]: trending papers, read from Papers with Code's successor."""

    enabled: bool = True
    format: str = "hf-trending"
    url: str = HF_DAILY_URL
    max_pages: int = 5


class SourcesConfig(NamedTuple):
    """[sources]: the built-in sources, and any number of [[sources.feeds]]."""

    arxiv: ArxivConfig = ArxivConfig()
    huggingface: HuggingfaceConfig = HuggingfaceConfig()
    paperswithcode: PaperswithcodeConfig = PaperswithcodeConfig()
    feeds: tuple[FeedConfig, ...] = ()  # [[sources.feeds]], checked in config/feeds.py


class ExportConfig(NamedTuple):
    """[export]: how the Markdown export writes a paper."""

    max_authors: int = 10  # Markdown lists this many authors, then "and N more" (0: all)


class Config(NamedTuple):
    """The whole configuration: every table, each with its defaults, and the file it came from."""

    digest: DigestConfig = DigestConfig()
    interests: InterestsConfig = InterestsConfig()
    fetch: FetchConfig = FetchConfig()
    ranking: RankingConfig = RankingConfig()
    sources: SourcesConfig = SourcesConfig()
    export: ExportConfig = ExportConfig()
    summaries: SummariesConfig = SummariesConfig()
    path: Path | None = None  # where it was read from


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
    return config._replace(path=path)


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
    known = [name for name in cls._fields if name != "path"]
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
        elif is_table(expected):
            values[key] = _build(expected, value, path, dotted + ".")
        else:
            from paperfeed.config import checks

            values[key] = checks.check_value(expected, value, path, dotted)
    return cls(**values)


def is_table(hint: object) -> bool:
    """Whether a field's type is a table of its own (a section of the config)."""
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


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
    """The tree of tables as nested dicts, scalars before tables (TOML wants them first)."""
    scalars: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    hints = field_types(type(obj))
    for name in obj._fields:
        if name == "path":
            continue
        value = getattr(obj, name)
        if is_table(type(value)):
            tables[name] = _as_tables(value)
        elif name == "feeds":  # [[sources.feeds]], after every other table
            if value:
                tables[name] = [_as_tables(feed) for feed in value]
        elif hints[name] is float:
            scalars[name] = float(value)  # `12.0` whether it came from the defaults or a file
        else:
            scalars[name] = list(value) if isinstance(value, list) else value
    return scalars | tables
