"""The `[summaries]` section: optional TL;DRs from an OpenAI-compatible endpoint.

Off by default, because turning it on sends titles and abstracts to a server the
user chose. The key itself never lives in the config (which people share and back
up): `api_key_env` names the environment variable that holds it, so a config with
a key pasted into it is refused with a message that says where the key belongs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from paperfeed.errors import ConfigError

# Tags a reader is likely to use, named in English for the prompt: models follow
# "write in Korean" more reliably than "write in ko". Other valid tags are passed
# to the model as the tag itself.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bn": "Bengali", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "no": "Norwegian", "nb": "Norwegian Bokmål", "pl": "Polish", "pt": "Portuguese",
    "pt-BR": "Brazilian Portuguese", "ro": "Romanian", "ru": "Russian", "sv": "Swedish",
    "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
    "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese",
    "zh-CN": "Simplified Chinese", "zh-TW": "Traditional Chinese",
}
# BCP 47, as far as a config needs it: a 2-3 letter language, then subtags
# (script, region, variant) of 2-8 letters or digits.
# (Pattern strings, compiled by `re` on first use: every command loads the config,
# only a config with a [summaries] section needs them.)
_BCP47 = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
_ENV_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# What API keys look like (OpenAI sk-..., Anthropic-style, Groq gsk_, long random
# tokens): a value like this in `api_key_env` is the key, not a variable's name.
_LOOKS_LIKE_KEY = r"(?:sk|gsk|pk|key)[-_][A-Za-z0-9_-]{8,}|[A-Za-z0-9_-]{40,}"


class SummariesConfig(NamedTuple):
    """[summaries]: optional machine-written summaries in the reader's language; off by default."""

    enabled: bool = False
    base_url: str = "http://localhost:11434/v1"  # Ollama's OpenAI-compatible endpoint
    model: str = ""
    language: str = "en"
    api_key_env: str = ""  # the NAME of the variable holding the key; empty: no key
    max_papers: int = 20
    timeout_seconds: float = 60


def check(cfg: SummariesConfig, path: Path) -> None:
    """The checks a single key's type cannot express; raises one `ConfigError` line."""
    if not re.fullmatch(_BCP47, cfg.language):
        raise ConfigError(f"{path}: 'summaries.language' must be a BCP 47 language tag like "
                          f"'ko', 'ja', 'de' or 'pt-BR', got {cfg.language!r}")
    if cfg.api_key_env and not re.fullmatch(_ENV_NAME, cfg.api_key_env):
        what = ("looks like a key itself; the key never goes in the config: put it in an "
                "environment variable and write that variable's name here, like \"OPENAI_API_KEY\""
                if re.search(_LOOKS_LIKE_KEY, cfg.api_key_env) else
                "must be the name of an environment variable, like \"OPENAI_API_KEY\"")
        raise ConfigError(f"{path}: 'summaries.api_key_env' {what}")
    try:
        netloc = urlsplit(cfg.base_url).netloc
    except ValueError as exc:  # 'http://[localhost:11434/v1': an unclosed IPv6 bracket
        raise ConfigError(f"{path}: 'summaries.base_url' is not a URL ({exc}); write it like "
                          "\"http://localhost:11434/v1\"") from None
    if "@" in netloc:
        raise ConfigError(f"{path}: 'summaries.base_url' carries a user or password; the key "
                          "never goes in the config: name its environment variable in "
                          "summaries.api_key_env")
    if cfg.enabled and not cfg.model.strip():
        raise ConfigError(f"{path}: 'summaries.model' is empty; name the model to ask, like "
                          "\"gpt-4o-mini\" or \"qwen2.5:7b\" (or set summaries.enabled = false)")


def language_name(tag: str) -> str:
    """`ko` -> `Korean`; a tag without a known name is given as the tag."""
    return LANGUAGE_NAMES.get(tag) or LANGUAGE_NAMES.get(tag.split("-")[0].lower()) or tag


def endpoint(cfg: SummariesConfig) -> str:
    """The base URL as shown to the user: scheme, host and path, no query."""
    parts = urlsplit(cfg.base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")


def describe(cfg: SummariesConfig) -> str:
    """One line for `paperfeed status`: where summaries go, or that nothing is sent."""
    if not cfg.enabled:
        return "off (nothing is sent anywhere; see [summaries] in the config)"
    key = f"key from ${cfg.api_key_env}" if cfg.api_key_env else "no key"
    return (f"on: titles and abstracts go to {endpoint(cfg)} (model {cfg.model}, "
            f"{language_name(cfg.language)}, {key}, up to {cfg.max_papers} papers per fetch)")
