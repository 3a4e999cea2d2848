"""The summaries table: added by its own migration to a store of the previous schema
(marks untouched), and configured by a `[summaries]` section checked like any other."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from paperfeed import config
from paperfeed.errors import ConfigError
from paperfeed.models import PaperSummary
from paperfeed.store import Store, schema

NOTE = "확산 모델 메모"


def previous_schema_store(db: Path) -> None:
    """A store as the paperfeed before summaries left it: every earlier migration, a
    paper and its marks."""
    old = Migrations(schema.MIGRATION_SET)
    for fn, transactional in schema._MIGRATIONS:
        if fn is not schema.m004_summaries:
            old(name=fn.__name__, transactional=transactional)(fn)
    database = Database(db)
    old.apply(database)
    database.execute(
        "INSERT INTO papers (id, title, abstract, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)",
        ("2408.06070", "A paper", "An abstract.", "2026-11-20T06:00:00+00:00",
         "2026-11-20T06:00:00+00:00"))
    database.execute("INSERT INTO marks (paper_id, read_at, starred_at, note) VALUES (?, ?, ?, ?)",
                     ("2408.06070", "2026-11-21T08:00:00+00:00", "2026-11-21T08:01:00+00:00", NOTE))
    database.conn.commit()
    database.close()


def test_the_migration_adds_summaries_to_an_old_store_and_keeps_the_marks(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    previous_schema_store(db)
    with Store(db) as store:
        paper = store.get("2408.06070")
        assert paper is not None
        assert (paper.marks.read_at, paper.marks.starred_at, paper.marks.note) == (
            "2026-11-21T08:00:00+00:00", "2026-11-21T08:01:00+00:00", NOTE)
        store.save_summary("2408.06070", "ko", PaperSummary("요약.", "qwen2.5:7b", "ko"),
                           made_from=paper.abstract, now="2026-11-26T06:00:00+00:00")
        [with_summary] = store.with_summaries([paper], "ko")
        assert with_summary.summary == PaperSummary("요약.", "qwen2.5:7b", "ko")
        assert store.with_summaries([paper], "ja")[0].summary is None
    with sqlite3.connect(db) as conn:
        names = {n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations")}
        assert {"m001_initial", "m004_summaries"} <= names
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_summary_survives_a_refetch_of_its_paper(store: Store) -> None:
    from paperfeed.models import Sighting

    sighting = Sighting(source="arxiv", paper_id="2411.00001", title="T", seen_day="2026-11-26",
                        abstract="Same abstract.", authoritative=True)
    store.record([sighting], "2026-11-26T06:00:00+00:00")
    store.save_summary("2411.00001", "ko", PaperSummary("요약.", "m", "ko"), made_from="Same abstract.",
                       now="2026-11-26T06:00:00+00:00")
    store.record([sighting], "2026-11-27T06:00:00+00:00")
    [paper] = store.with_summaries(store.papers(["2411.00001"]), "ko")
    assert paper.summary is not None and paper.summary.text == "요약."


def load(tmp_path: Path, text: str) -> config.Config:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path)


def test_summaries_are_off_by_default_and_config_show_lists_them(tmp_path: Path) -> None:
    defaults = config.Config()
    assert defaults.summaries.enabled is False and defaults.digest.mode == "abstracts"
    assert "[summaries]\nenabled = false" in config.to_toml(defaults)
    loaded = load(tmp_path, '[summaries]\nenabled = true\nmodel = "gpt-4o-mini"\nlanguage = "ko"\n'
                            'api_key_env = "OPENAI_API_KEY"\nmax_papers = 5\n'
                            '[digest]\nmode = "summaries"\n')
    assert (loaded.summaries.model, loaded.summaries.language, loaded.summaries.max_papers) == (
        "gpt-4o-mini", "ko", 5)
    assert loaded.digest.mode == "summaries"


@pytest.mark.parametrize("text, words", [
    ('[summaries]\napi_key_env = "sk-proj-abcdefghijklmnop1234"\n', "the key never goes in the config"),
    ('[summaries]\napi_key_env = "MY KEY"\n', "name of an environment variable"),
    ('[summaries]\napi_key = "sk-abc"\n', "unknown key 'summaries.api_key'"),
    ('[summaries]\nbase_url = "https://user:sk-abc@api.example.com/v1"\n', "never goes in the config"),
    ('[summaries]\nbase_url = "localhost:11434"\n', "must be an http:// or https:// URL"),
    ('[summaries]\nbase_url = "http://[localhost:11434/v1"\n', "'summaries.base_url' is not a URL"),
    ('[summaries]\nlanguage = "Korean"\n', "BCP 47 language tag"),
    ('[summaries]\nenabled = true\n', "'summaries.model' is empty"),
    ('[summaries]\nmax_papers = 0\n', "'summaries.max_papers' must be greater than 0"),
    ('[summaries]\ntimeout_seconds = -1\n', "'summaries.timeout_seconds' must be greater than 0"),
    ('[summaries]\nenabled = "yes"\n', "must be true or false"),
    ('[digest]\nmode = "tldr"\n', "'digest.mode' must be 'abstracts' or 'summaries'"),
])
def test_every_mistake_is_one_line_naming_the_key(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert words in caught.value.message and "\n" not in caught.value.message
    assert "sk-" not in caught.value.message  # a key pasted into the config is never echoed


@pytest.mark.parametrize("tag", ["ko", "ja", "de", "en", "pt-BR", "zh-Hant", "yue"])
def test_bcp47_tags_are_accepted(tmp_path: Path, tag: str) -> None:
    assert load(tmp_path, f'[summaries]\nlanguage = "{tag}"\n').summaries.language == tag
