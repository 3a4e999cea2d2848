"""The key-by-key checks behind `config.load`: types, bounds, choices, and the rules
that tie keys together. Each failure is one `ConfigError` line naming the file,
the key and what to write instead.
"""

from __future__ import annotations

import math
import re
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperfeed.config import summaries as _summaries
from paperfeed.errors import ConfigError
from paperfeed.models import ARXIV_CATEGORY

if TYPE_CHECKING:
    from paperfeed.config import Config

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



def check_value(expected: Any, value: object, path: Path, dotted: str) -> object:
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


def check_relations(config: Config, path: Path) -> None:
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
