"""Core: the configuration: typed defaults, loaded from TOML and checked key by key.
May import: core only (errors, models, paths); never the store, a source or a screen.

A missing file means the defaults, so paperfeed works with zero setup. A bad
file never gives a traceback: every problem becomes one `ConfigError` line that
names the file, the key path and what to write instead.
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperfeed.config import feeds as feeds_config
from paperfeed.config import summaries as _summaries
from paperfeed.config.feeds import FeedConfig
from paperfeed.config.summaries import SummariesConfig
from paperfeed.errors import ConfigError
from paperfeed.models import ARXIV_CATEGORY

if TYPE_CHECKING:
    import tomllib

ARXIV_CATEGORIES = ("cs.CV", "cs.LG", "cs.CL", "cs.AI")
HF_DAILY_URL = "https://huggingface.co/api/daily_papers"


@dataclass(frozen=True)
class DigestConfig:
    target_minutes: float = 12
    min_minutes: float = 10
    max_minutes: float = 15
    words_per_minute: int = 200
    seconds_per_paper: float = 15  # glancing at the card before the abstract
    catchup_days: int = 7  # how far back an unread paper can still be chosen
    mode: str = "abstracts"  # or "summaries": the stored summary first, timed by its length


@dataclass(frozen=True)
class InterestsConfig:
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
    enabled: bool = True
    categories: list[str] = field(default_factory=lambda: list(ARXIV_CATEGORIES))
    announce_types: list[str] = field(default_factory=lambda: ["new", "cross"])
    feed_url: str = "https://rss.arxiv.org/rss/"
    api_url: str = "https://export.arxiv.org/api/query"
    request_gap_seconds: float = 3.0
    page_size: int = 2000


@dataclass(frozen=True)
class HuggingfaceConfig:
    enabled: bool = True
    url: str = HF_DAILY_URL
    days_back: int = 1
    max_pages: int = 5


@dataclass(frozen=True)
class PaperswithcodeConfig:
    enabled: bool = True
    format: str = "hf-trending"
    url: str = HF_DAILY_URL
    max_pages: int = 5


@dataclass(frozen=True)
class SourcesConfig:
    arxiv: ArxivConfig = field(default_factory=ArxivConfig)
    huggingface: HuggingfaceConfig = field(default_factory=HuggingfaceConfig)
    paperswithcode: PaperswithcodeConfig = field(default_factory=PaperswithcodeConfig)
    feeds: tuple[FeedConfig, ...] = ()  # [[sources.feeds]], checked in config/feeds.py


@dataclass(frozen=True)
class ExportConfig:
    max_authors: int = 10  # Markdown lists this many authors, then "and N more" (0: all)


@dataclass(frozen=True)
class Config:
    digest: DigestConfig = field(default_factory=DigestConfig)
    interests: InterestsConfig = field(default_factory=InterestsConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    ranking: RankingConfig = field(default_factory=RankingConfig)
    sources: SourcesConfig = field(default_factory=SourcesConfig)
    export: ExportConfig = field(default_factory=ExportConfig)
    summaries: SummariesConfig = field(default_factory=SummariesConfig)
    path: Path | None = field(default=None, compare=False)  # where it was read from


# Values that must be positive; the rest of the numbers may be zero.
_POSITIVE = {
    "summaries.max_papers",
    "summaries.timeout_seconds",
    "digest.target_minutes",
    "digest.min_minutes",
    "digest.max_minutes",
    "digest.words_per_minute",
    "digest.catchup_days",
    "fetch.timeout_seconds",
    "fetch.connect_timeout_seconds",
    "fetch.retry_attempts",
    "fetch.max_since_days",
    "fetch.max_response_mb",
    "sources.arxiv.page_size",
    "sources.huggingface.max_pages",
    "sources.paperswithcode.max_pages",
}
# The largest value each number may take: beyond these a date, a byte count or a
# sleep overflows (catchup_days = 99999999999 is past datetime's range) or makes no
# sense; every numeric key has one (tests/test_config_bounds.py checks).
_MAXIMUM: dict[str, float] = {
    "ranking.weight": 100,  # points; a title keyword is 4
    "digest.target_minutes": 24 * 60,
    "digest.min_minutes": 24 * 60,
    "digest.max_minutes": 24 * 60,
    "digest.words_per_minute": 10_000,
    "digest.seconds_per_paper": 3600,
    "digest.catchup_days": 3650,
    "fetch.max_age_hours": 24 * 3650,
    "fetch.timeout_seconds": 86_400,
    "fetch.connect_timeout_seconds": 86_400,
    "fetch.retry_attempts": 100,
    "fetch.retry_max_wait_seconds": 86_400,
    "fetch.max_since_days": 3650,
    "fetch.max_response_mb": 100_000,
    "fetch.feed_gap_seconds": 3600,
    "sources.arxiv.request_gap_seconds": 3600,
    "sources.arxiv.page_size": 10_000,
    "sources.huggingface.days_back": 3650,
    "sources.huggingface.max_pages": 10_000,
    "sources.paperswithcode.max_pages": 10_000,
    "export.max_authors": 100_000,
    "summaries.max_papers": 10_000,
    "summaries.timeout_seconds": 86_400,
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "sources.paperswithcode.format": ("hf-trending", "pwc-v1"),
    "digest.mode": ("abstracts", "summaries"),
}
_ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")
_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


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
    _check_relations(config, path)
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
    hints = typing.get_type_hints(cls)
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
            values[key] = feeds_config.build(value, path)
        elif isinstance(expected, type) and is_dataclass(expected):
            values[key] = _build(expected, value, path, dotted + ".")
        else:
            values[key] = _check_value(expected, value, path, dotted)
    return cls(**values)


def _check_value(expected: Any, value: object, path: Path, dotted: str) -> object:
    origin = typing.get_origin(expected)
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                f"{path}: '{dotted}' must be a list of strings, like [\"a\", \"b\"]; "
                f"got {_describe(value)}"
            )
        _check_list_items(dotted, value, path)
        return list(value)
    if isinstance(expected, types.UnionType):
        expected = str
    ok = isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if not ok:
        raise ConfigError(
            f"{path}: '{dotted}' must be {_TYPE_NAMES.get(expected, expected)}, got {_describe(value)}"
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(dotted, value, path)
    if isinstance(value, str):
        _check_string(dotted, value, path)
    return value


def _check_number(dotted: str, value: float, path: Path) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{path}: '{dotted}' must be a finite number, got {value}; "
                          "write a number such as 12")
    if value < 0 or (dotted in _POSITIVE and value == 0):
        bound = "greater than 0" if dotted in _POSITIVE else "0 or more"
        raise ConfigError(f"{path}: '{dotted}' must be {bound}, got {value:g}")
    most = _MAXIMUM.get(dotted)
    if most is not None and value > most:
        raise ConfigError(f"{path}: '{dotted}' must be at most {most:g}, got {value:g}")


def _check_string(dotted: str, value: str, path: Path) -> None:
    if dotted in _CHOICES and value not in _CHOICES[dotted]:
        choices = " or ".join(f"'{c}'" for c in _CHOICES[dotted])
        raise ConfigError(f"{path}: '{dotted}' must be {choices}, got {value!r}")
    if dotted.endswith("url") and not re.match(r"https?://[^\s/]+", value):
        raise ConfigError(f"{path}: '{dotted}' must be an http:// or https:// URL, got {value!r}")


def _check_list_items(dotted: str, value: list[str], path: Path) -> None:
    if dotted == "sources.arxiv.announce_types":
        for item in value:
            if item not in _ANNOUNCE_TYPES:
                raise ConfigError(
                    f"{path}: '{dotted}' has {item!r}; use any of {', '.join(_ANNOUNCE_TYPES)}"
                )
    if dotted == "sources.arxiv.categories":
        for item in value:
            if not ARXIV_CATEGORY.fullmatch(item):
                raise ConfigError(
                    f"{path}: '{dotted}' has {item!r}, which is not an arXiv category "
                    "like 'cs' or 'cs.CV'"
                )


def _check_relations(config: Config, path: Path) -> None:
    _summaries.check(config.summaries, path)
    d = config.digest
    if d.min_minutes > d.max_minutes:
        raise ConfigError(
            f"{path}: 'digest.min_minutes' ({d.min_minutes:g}) is greater than "
            f"'digest.max_minutes' ({d.max_minutes:g}); make min <= target <= max"
        )
    if not d.min_minutes <= d.target_minutes <= d.max_minutes:
        raise ConfigError(
            f"{path}: 'digest.target_minutes' ({d.target_minutes:g}) must lie between "
            f"'digest.min_minutes' ({d.min_minutes:g}) and 'digest.max_minutes' ({d.max_minutes:g})"
        )


def _describe(value: object) -> str:
    kind = {bool: "a boolean", int: "a whole number", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
    return f"{kind} ({value!r})" if not isinstance(value, (dict, list)) else kind


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
    hints = typing.get_type_hints(type(obj))
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
