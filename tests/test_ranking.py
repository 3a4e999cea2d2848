"""The digest learns from the reader: stars lead the next digest, "less like this"
sinks similar papers, and with nothing liked the digest is exactly as before."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperfeed import digest
from paperfeed.config import Config, RankingConfig
from paperfeed.learning import ranker_for
from paperfeed.models import Sighting
from paperfeed.ranking.model import POSITIVE, Example, Model, train
from paperfeed.sources.arxiv_feed import parse_announcements
from paperfeed.store import Store
from paperfeed.today import build_digest

FEED = (Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "arxiv-rss"
        / "aioarxiv_2024-11-28_rss_20_archives_combined_FULL.xml")
NOW = datetime(2024, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def day() -> list[Sighting]:
    ann = parse_announcements(FEED.read_bytes(), announce_types=["new", "cross"], fallback_day="2024-11-28")
    return [s for s in ann.sightings if not s.update_only]


@pytest.fixture
def library(store: Store, day: list[Sighting]) -> Iterator[Store]:
    store.record(day, "2024-11-28T06:00:00+00:00")
    yield store


def of(store: Store, category: str, n: int) -> list[str]:
    return [p.id for p in store.candidates(since="2024-11-01", today="2024-11-28")
            if p.primary_category == category][:n]


def topic_share(store: Store, config: Config, category: str) -> float:
    built = build_digest(store, config, NOW)
    return sum(e.paper.primary_category == category for e in built.entries) / len(built.entries)


def test_with_nothing_liked_the_digest_is_exactly_the_old_one(library: Store) -> None:
    config = Config()
    built = build_digest(library, config, NOW)
    interests = digest.Interests.compile(config.interests, config.sources.arxiv.categories)
    old = digest.build(library.candidates(since="2024-11-21T12:00:00+00:00", today="2024-11-28"),
                       interests, digest.Budget.from_config(config.digest), NOW, day=built.day,
                       shown_before="2024-11-28T00:00:00+00:00")
    assert [(e.paper.id, e.score, e.reasons) for e in built.entries] == \
        [(e.paper.id, e.score, e.reasons) for e in old.entries]
    library.less(of(library, "hep-ph", 1)[0], "2024-11-28T07:00:00+00:00")  # a dislike alone: no model
    again = build_digest(library, config, NOW)
    assert [e.paper.id for e in again.entries] == [e.paper.id for e in built.entries]


def test_a_star_changes_the_very_next_digest(library: Store) -> None:
    config = Config()
    assert topic_share(library, config, "quant-ph") == 0  # category order: cs.CV first
    for pid in of(library, "quant-ph", 5):
        library.set_mark(pid, starred_at="2024-11-28T07:00:00+00:00")
    built = build_digest(library, config, NOW)
    share = sum(e.paper.primary_category == "quant-ph" for e in built.entries) / len(built.entries)
    assert share >= 0.5
    liked = [r for e in built.entries for r in e.reasons if r.startswith("like ★ ")]
    assert liked and any(r.startswith("terms: ") for e in built.entries for r in e.reasons)
    assert topic_share(library, Config(ranking=RankingConfig(enabled=False)), "quant-ph") == 0


def test_a_change_of_stars_after_the_model_was_cached_changes_the_next_digest(library: Store) -> None:
    config = Config()
    quantum, hep = of(library, "quant-ph", 5), of(library, "hep-ph", 5)
    for pid in quantum:
        library.set_mark(pid, starred_at="2024-11-28T07:00:00+00:00")
    assert topic_share(library, config, "quant-ph") >= 0.5  # trained, and the model cached
    assert topic_share(library, config, "hep-ph") < 0.2
    for pid in quantum:
        library.set_mark(pid, starred_at=None)
    for pid in hep:
        library.set_mark(pid, starred_at="2024-11-28T07:30:00+00:00")
    assert topic_share(library, config, "hep-ph") >= 0.4
    assert topic_share(library, config, "quant-ph") < 0.2


def test_the_model_is_retrained_only_when_what_it_learns_from_changes(library: Store) -> None:
    def fingerprints() -> tuple[str, str]:
        return library.fingerprint(False), library.fingerprint(True)

    first, other = of(library, "cs.CV", 2)
    start = fingerprints()
    library.set_mark(first, starred_at="2024-11-28T07:00:00+00:00")
    starred = fingerprints()
    assert starred[0] != start[0] and starred[1] != start[1]
    library.set_mark(first, note="a first note")  # still liked: nothing new to learn
    library.set_mark(first, note="the note, edited")
    library.set_mark(other, shown_at="2024-11-28T07:05:00+00:00")
    assert fingerprints() == starred
    library.set_mark(other, read_at="2024-11-28T07:10:00+00:00")  # reads count only when asked
    read = fingerprints()
    assert read[0] == starred[0] and read[1] != starred[1]
    library.set_mark(first, starred_at=None)  # the note still makes it liked
    assert fingerprints() == read
    library.set_mark(first, note=None)
    unliked = fingerprints()
    assert unliked[0] != read[0]
    library.less(other, "2024-11-28T07:20:00+00:00")
    assert fingerprints()[0] != unliked[0]
    before_import = fingerprints()
    assert library.add_training_examples([("doi:10.1/x", "A title", "", ())], "2024-11-28") == 1
    assert fingerprints()[0] != before_import[0]


def test_the_summary_step_picks_the_papers_the_learned_digest_will_show(library: Store) -> None:
    from paperfeed.config.summaries import SummariesConfig
    from paperfeed.learning import prescore
    from paperfeed.refresh import summarize

    config = Config(summaries=SummariesConfig(enabled=True, model="m", max_papers=5))
    assert not [p for p in summarize.wanted(library, config, NOW) if p.primary_category == "quant-ph"]
    for pid in of(library, "quant-ph", 5):
        library.set_mark(pid, starred_at="2024-11-28T07:00:00+00:00")
    prescore(library, config, NOW)  # as the fetch does before its summary step
    picked = summarize.wanted(library, config, NOW)
    assert len(picked) == 5 and sum(p.primary_category == "quant-ph" for p in picked) >= 3
    assert all(p.abstract for p in picked)  # full papers, for the model's prompt


def hep_affinity(store: Store, config: Config) -> float:
    ranker = ranker_for(store, config, NOW)
    assert ranker is not None
    hep = [p for p in store.candidates(since="2024-11-01", today="2024-11-28")
           if p.primary_category == "hep-ph" and not p.marks.starred]
    return sum(ranker.affinity(p) for p in hep) / len(hep)


def test_less_like_this_lowers_similar_papers(library: Store) -> None:
    config = Config()
    for pid in of(library, "cs.CV", 5) + of(library, "hep-ph", 5):
        library.set_mark(pid, starred_at="2024-11-28T07:00:00+00:00")
    before = hep_affinity(library, config)
    disliked = of(library, "hep-ph", 8)[5:]
    for pid in disliked:
        library.less(pid, "2024-11-28T08:00:00+00:00")
    assert hep_affinity(library, config) < before
    assert not {e.paper.id for e in build_digest(library, config, NOW).entries} & set(disliked)
    row = library.conn.execute("SELECT read_at, starred_at FROM marks WHERE paper_id = ?",
                               (of(library, "cs.CV", 1)[0],)).fetchone()
    assert row == (None, "2024-11-28T07:00:00+00:00")  # learning never changed a mark


def test_the_model_survives_its_cache_and_an_import_without_id_trains_it(day: list[Sighting]) -> None:
    quantum = [Example("", s.title, s.abstract, s.authors, POSITIVE)
               for s in day if s.primary_category == "quant-ph"][:5]
    background = [Example(s.paper_id, s.title, s.abstract, s.authors, "background") for s in day]
    model = train(quantum, background)
    assert model is not None and train([], background) is None
    again = Model.from_json(model.to_json())
    probe = next(s for s in day if s.primary_category == "quant-ph" and s.title not in
                 {e.title for e in quantum})
    other = next(s for s in day if s.primary_category == "math.AP")
    assert again.affinity(probe.title, probe.abstract, probe.authors) > \
        again.affinity(other.title, other.abstract, other.authors)
    assert again.explain(probe.title, probe.abstract, probe.authors)[0].startswith("like ★ ")


def test_migration_keeps_marks_of_a_store_built_by_the_previous_schema(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from paperfeed.store import schema

    db_path = tmp_path / "old.db"
    db = Database(db_path)
    schema.m001_initial(db)
    db.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    db.execute("INSERT INTO _sqlite_migrations VALUES ('paperfeed', 'm001_initial', '2026-01-01')")
    db.execute("INSERT INTO papers (id, title, first_seen, last_seen) VALUES ('2408.06070', 't', 'a', 'a')")
    db.execute("INSERT INTO marks (paper_id, starred_at, note) VALUES ('2408.06070', 's', 'n')")
    db.conn.commit()
    db.close()
    with Store(db_path) as store:
        paper = store.get("2408.06070")
        assert paper is not None and paper.marks.starred_at == "s" and paper.marks.note == "n"
        assert [e.kind for e in store.examples()] == [POSITIVE]
    assert sqlite3.connect(db_path).execute("SELECT less_at FROM marks").fetchone() == (None,)


def test_the_fetch_scores_ahead_and_the_build_reads_the_same_digest(library: Store) -> None:
    from paperfeed.learning import prescore

    config = Config()
    for pid in of(library, "quant-ph", 5):
        library.set_mark(pid, starred_at="2024-11-28T07:00:00+00:00")
    fresh = build_digest(library, config, NOW)
    library.conn.execute("DELETE FROM affinities")
    library.conn.commit()
    prescore(library, config, NOW)
    candidates = library.candidates(since="2024-11-21T12:00:00+00:00", today="2024-11-28")
    ranker = ranker_for(library, config, NOW, candidates)
    assert ranker is not None and len(ranker.known) == len(candidates)
    cached = build_digest(library, config, NOW)
    assert [(e.paper.id, e.score, e.reasons) for e in cached.entries] == \
        [(e.paper.id, e.score, e.reasons) for e in fresh.entries]
    interests = digest.Interests.compile(config.interests, config.sources.arxiv.categories)
    again = digest.build(candidates, interests, digest.Budget(), NOW, day="2024-11-28", ranker=ranker)
    assert any(r.startswith("like ★ ") for e in again.entries for r in e.reasons)
    assert ranker.model is None  # scored and explained from the cache: the model was never loaded


def test_less_why_and_show_on_the_command_line(library: Store) -> None:
    from typer.testing import CliRunner

    from paperfeed.cli import app

    runner = CliRunner()
    quantum = of(library, "quant-ph", 6)
    for pid in quantum[:5]:
        assert runner.invoke(app, ["star", pid]).exit_code == 0
    why = runner.invoke(app, ["why", quantum[5]])
    assert why.exit_code == 0, why.output
    lines = why.stdout.splitlines()
    assert lines[0].startswith(f"{quantum[5]}  score ")
    learned = next(line for line in lines if "learned affinity to your stars" in line)
    assert float(learned.split()[0]) > 0
    assert any(line.startswith("  why: like ★ ") for line in lines)
    shown = runner.invoke(app, ["show", quantum[5], "--why"])
    assert shown.exit_code == 0 and "like ★ " in shown.stdout and "learned affinity" in shown.stdout
    less = runner.invoke(app, ["less", quantum[5]])
    assert less.exit_code == 0 and "less like" in less.stderr
    paper = library.get(quantum[5])
    assert paper is not None and paper.marks.read and paper.marks.less_at is not None
    assert "less like this" in runner.invoke(app, ["show", quantum[5]]).stdout
    before = library.fingerprint(False)
    undone = runner.invoke(app, ["less", "--undo", quantum[5]])
    assert undone.exit_code == 0 and "no longer less like" in undone.stderr
    paper = library.get(quantum[5])
    assert paper is not None and paper.marks.less_at is None and paper.marks.read
    assert "less like this" not in runner.invoke(app, ["show", quantum[5]]).stdout
    assert library.fingerprint(False) != before  # the next build learns without it
    assert runner.invoke(app, ["less", "2401.00000"]).exit_code == 7
