"""`[[sources.feeds]]` in the config: read, checked entry by entry, edited by `feeds import`."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperfeed import config
from paperfeed.config.feeds import FeedConfig
from paperfeed.config.feeds_file import add_feeds
from paperfeed.errors import ConfigError

GOOD = """
[[sources.feeds]]
name = "Nature MI"
url = "https://www.nature.com/natmachintell.rss"
weight = 2
keywords_only = true

[[sources.feeds]]
name = "Lab blog"
url = "http://vllab.example.edu/feed/"
enabled = false
max_per_digest = 2
"""


def load(text: str, tmp_path: Path) -> config.Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return config.load(path)


def test_feeds_are_read_with_their_options(tmp_path: Path) -> None:
    feeds = load(GOOD, tmp_path).sources.feeds
    assert feeds == (
        FeedConfig("Nature MI", "https://www.nature.com/natmachintell.rss", weight=2.0, keywords_only=True),
        FeedConfig("Lab blog", "http://vllab.example.edu/feed/", enabled=False, max_per_digest=2),
    )
    assert feeds[0].source == "feed:Nature MI"
    assert config.Config().sources.feeds == ()


E1 = "sources.feeds entry 1"


@pytest.mark.parametrize(("entry", "message"), [
    ('name = "A"\nurl = "https://a.example/f"\nwieght = 2',
     f"{E1} ('A'): unknown key 'wieght' (did you mean 'weight'?)"),
    ('name = "A"\nurl = "ftp://a.example/f"', f"{E1} ('A'): 'url' must be an http:// or https:// URL"),
    ('name = "A"\nurl = "a.example/feed"', f"{E1} ('A'): 'url' must be an http:// or https:// URL"),
    ('url = "https://a.example/f"', f"{E1}: 'name' is missing"),
    ('name = "A"\nurl = "https://a.example/f"\nweight = "high"', f"{E1} ('A'): 'weight' must be a number"),
    ('name = "A"\nurl = "https://a.example/f"\nweight = 9', f"{E1} ('A'): 'weight' must be from 0 to 3"),
    ('name = "A"\nurl = "https://a.example/f"\nmax_per_digest = 0', "'max_per_digest' must be 1 or more"),
    ('name = "A"\nurl = "https://a.example/f"\nenabled = "yes"', "'enabled' must be true or false"),
])
def test_each_mistake_is_one_line_naming_the_entry(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(f"[[sources.feeds]]\n{entry}\n", tmp_path)
    assert message in caught.value.message
    assert "\n" not in caught.value.message and str(tmp_path) in caught.value.message


def test_a_duplicate_name_names_both_entries(tmp_path: Path) -> None:
    text = GOOD + '\n[[sources.feeds]]\nname = "lab BLOG"\nurl = "https://other.example/feed"\n'
    with pytest.raises(ConfigError, match=r"entry 3 \('lab BLOG'\) has the same name as entry 2"):
        load(text, tmp_path)


def test_feeds_as_a_table_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"must be an array of tables: write each feed as \[\[sources"):
        load('[sources.feeds]\nname = "A"\n', tmp_path)


def test_config_show_prints_the_feeds(tmp_path: Path) -> None:
    text = config.to_toml(load(GOOD, tmp_path))
    assert '[[sources.feeds]]\nname = "Nature MI"\nurl = "https://www.nature.com/natmachintell.rss"' in text
    assert load(text, tmp_path / "..").sources.feeds == load(GOOD, tmp_path).sources.feeds


USER_CONFIG = """\
# My paperfeed config: keep mornings short.
[digest]
target_minutes = 11   # I read on the train

[sources.arxiv]
categories = ["cs.LG"]  # only this one

[[sources.feeds]]
name = "Nature MI"   # the journal I follow
url = "https://www.nature.com/natmachintell.rss"

[fetch]
timeout_seconds = 20
"""


def test_adding_feeds_keeps_the_users_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_CONFIG)
    add_feeds(path, [FeedConfig("Lab", "https://vllab.example.edu/feed/")])
    text = path.read_text()
    assert text.startswith(USER_CONFIG.split("[fetch]")[0])  # every line before kept as written
    assert text.endswith("[[sources.feeds]]\nname = \"Lab\"\nurl = \"https://vllab.example.edu/feed/\"\n\n"
                         "[fetch]\ntimeout_seconds = 20\n")
    assert [f.name for f in config.load(path).sources.feeds] == ["Nature MI", "Lab"]
    assert config.load(path).digest.target_minutes == 11


def test_adding_feeds_creates_a_missing_config(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    add_feeds(path, [FeedConfig("A", "https://a.example/feed"), FeedConfig('Say "hi"', "https://b.example/f")])
    assert [f.name for f in config.load(path).sources.feeds] == ["A", 'Say "hi"']


def test_a_broken_config_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[digest\ntarget_minutes = 8\n")
    with pytest.raises(ConfigError, match="TOML syntax error"):
        add_feeds(path, [FeedConfig("A", "https://a.example/feed")])
    assert path.read_text() == "[digest\ntarget_minutes = 8\n"
