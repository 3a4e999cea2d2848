"""Adding feeds to the user's own config file, keeping everything they wrote.

The config is a file people edit by hand, with comments explaining their choices
and keys in their order. `tomllib` only reads, and writing back a re-serialised dict
(tomli-w) would drop every comment and reorder the file; tomlkit edits the parsed
document in place and writes it back byte for byte except for what was added. The
result is checked with the ordinary loader before it replaces the file (atomically),
so an import can never leave a config that paperfeed then refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from paperfeed.config.feeds import FeedConfig
from paperfeed.errors import ConfigError


def add_feeds(path: Path, feeds: Sequence[FeedConfig]) -> None:
    """Append `[[sources.feeds]]` entries for `feeds` to the config at `path` (made if absent)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from paperfeed import atomic, config, paths

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc}); check it") from exc
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        config.loads(text, path)  # the loader's one-line message for the same syntax error
        raise ConfigError(f"{path}: cannot edit the config ({exc}); fix it by hand") from exc
    sources = doc.get("sources")
    if sources is None:
        sources = tomlkit.table(is_super_table=True)
        doc["sources"] = sources
    entries = sources.get("feeds")
    if entries is None:
        entries = tomlkit.aot()
        sources["feeds"] = entries
    for i, feed in enumerate(feeds, 1):
        item = tomlkit.table()
        item["name"] = feed.name
        item["url"] = feed.url
        if i == len(feeds):
            item.add(tomlkit.nl())  # a blank line before whatever table follows
        entries.append(item)
    new_text = tomlkit.dumps(doc)
    config.loads(new_text, path)
    if not path.exists():
        paths.ensure_private_dir(path.parent)
    atomic.write_text(path, new_text)
