"""The store: schema from migrations, merging across sources, marks that no fetch touches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paperfeed.errors import NotFoundError, StoreError, UsageError
from paperfeed.models import Sighting
from paperfeed.store import Store

T0 = "2026-11-24T06:00:00+00:00"
T1 = "2026-11-25T06:00:00+00:00"
T2 = "2026-11-26T06:00:00+00:00"

ARXIV = Sighting(
    source="arxiv", paper_id="2408.06070", version=1, title="Diffusion  for\n everything",
    seen_day="2026-11-24", abstract="We study R&D <tricks>.", authors=("Ada Lovelace", "Alan Turing"),
    categories=("cs.LG", "cs.CV"), primary_category="cs.LG", abs_url="https://arxiv.org/abs/2408.06070v1",
    kind="new", authoritative=True,
)
HF = Sighting(
    source="huggingface", paper_id="2408.06070", title="Diffusion for everything (HF)",
    seen_day="2026-11-25", abstract="HF copy", upvotes=37, comments=4,
    code_url="https://github.com/ada/diffusion", code_stars=1200, ai_summary="A summary.", kind="daily",
)


def columns(db: Path, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def test_migrations_create_the_documented_schema(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    assert set(columns(db, "papers")) >= {
        "id", "title", "abstract", "authors", "categories", "primary_category", "version",
        "published", "updated", "abs_url", "pdf_url", "comment", "journal_ref", "doi", "code_url",
        "code_stars", "upvotes", "comments", "ai_summary", "ai_keywords", "first_seen", "last_seen"}
    assert set(columns(db, "sightings")) >= {"paper_id", "source", "seen_at", "kind", "rank", "details"}
    assert set(columns(db, "marks")) == {"paper_id", "read_at", "starred_at", "note", "shown_at", "less_at"}
    assert set(columns(db, "digests")) == {"day", "position", "paper_id", "score", "reasons", "minutes"}
    assert set(columns(db, "fetch_runs")) >= {"source", "started_at", "finished_at", "status", "new",
                                              "updated", "error", "etag", "announced"}
    assert columns(db, "papers_fts") == ["title", "abstract", "authors"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_body_hash_migration_keeps_remembered_etags(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from paperfeed.store import schema

    db = tmp_path / "old.db"
    old = Database(db)
    schema._build_migrations().apply(old, stop_before="m003_body_hashes")
    old.execute("INSERT INTO etags (url, etag, saved_at) VALUES ('http://x/rss/cs.LG', '\"v1\"', ?)", [T0])
    old.close()
    with Store(db) as store:
        assert store.etags() == {"http://x/rss/cs.LG": '"v1"'}
        store.record_run(source="huggingface", started_at=T0, finished_at=T1, status="ok",
                         etags={"http://x/api?p=0": "sha256:" + "ab" * 32})
        store.record_run(source="arxiv", started_at=T0, finished_at=T1, status="ok",
                         etags={"http://x/rss/cs.LG": "sha256:" + "cd" * 32})
        assert store.etags() == {"http://x/rss/cs.LG": "sha256:" + "cd" * 32,
                                 "http://x/api?p=0": "sha256:" + "ab" * 32}
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT etag, body_sha256 FROM etags WHERE url = 'http://x/api?p=0'"
                            ).fetchone() == (None, "ab" * 32)


def test_reopening_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    with Store(db) as store:
        store.record([ARXIV], T0)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
        applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
    Store(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall() == before
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone() == applied


def test_arxiv_then_hf_then_arxiv_v2_is_one_row_and_marks_survive(store: Store) -> None:
    assert store.record([ARXIV], T0).new == 1
    store.set_mark("2408.06070", starred_at=T0, note="몇 가지 메모")
    store.record([HF], T1)
    store.set_mark("2408.06070", read_at=T1)
    v2 = ARXIV._replace(version=2, title="Diffusion for everything, revised", seen_day="2026-11-26",
                 kind="replace", update_only=True)
    counts = store.record([v2], T2)
    assert (counts.new, counts.updated) == (0, 1)
    paper = store.get("2408.06070")
    assert paper is not None
    assert paper.version == 2
    assert paper.title == "Diffusion for everything, revised"  # arXiv owns bibliographic fields
    assert paper.abstract == "We study R&D <tricks>."  # HF never overwrote it
    assert (paper.upvotes, paper.comments, paper.code_stars) == (37, 4, 1200)
    assert paper.code_url == "https://github.com/ada/diffusion"
    assert paper.ai_summary == "A summary."
    assert paper.sources == ("arxiv", "huggingface")
    assert paper.first_seen == T0 and paper.last_seen == T2
    assert paper.marks.starred_at == T0 and paper.marks.read_at == T1
    assert paper.marks.note == "몇 가지 메모"
    assert store.counts()["papers"] == 1


def test_hf_first_then_arxiv_takes_over_bibliography(store: Store) -> None:
    store.record([HF], T0)
    assert store.get("2408.06070").title == "Diffusion for everything (HF)"  # type: ignore[union-attr]
    store.record([ARXIV], T1)
    paper = store.get("2408.06070")
    assert paper is not None
    assert paper.title == "Diffusion for everything"
    assert paper.upvotes == 37 and paper.first_seen == T0


def test_older_version_never_overwrites_newer(store: Store) -> None:
    store.record([ARXIV._replace(version=3, title="v3 title")], T0)
    store.record([ARXIV._replace(version=1, title="v1 title")], T1)
    paper = store.get("2408.06070")
    assert paper is not None and (paper.version, paper.title) == (3, "v3 title")


def test_rerecording_unchanged_data_counts_nothing(store: Store) -> None:
    store.record([ARXIV, HF], T0)
    counts = store.record([ARXIV, HF], T0)
    assert (counts.new, counts.updated) == (0, 0)


def test_update_only_sighting_never_adds_a_paper(store: Store) -> None:
    counts = store.record([ARXIV._replace(kind="replace", update_only=True)], T0)
    assert counts.new == 0 and store.get("2408.06070") is None


def test_remote_text_is_cleaned_on_the_way_in(store: Store) -> None:
    hostile = ARXIV._replace(title="\x1b[31mRed\x1b[0m title\x07", authors=("Eve\x1b]0;pwned\x07",),
                      abstract="ok\x1b[2Jcleared \u202eevil")
    store.record([hostile], T0)
    paper = store.get("2408.06070")
    assert paper is not None
    assert paper.title == "Red title"
    assert paper.authors == ("Eve",)
    assert paper.abstract == "okcleared evil"


def test_fts_follows_title_changes(store: Store) -> None:
    store.record([ARXIV], T0)
    assert [h.paper.id for h in store.search("diffusion")] == ["2408.06070"]
    store.record([ARXIV._replace(version=2, title="Transformers everywhere")], T1)
    assert store.search("diffusion") == []
    assert [h.paper.id for h in store.search("transformers")] == ["2408.06070"]
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("INSERT INTO papers_fts(papers_fts) VALUES('integrity-check')")


def test_marks_on_unknown_paper_say_so(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no paper 2408.99999 in the store"):
        store.set_mark("2408.99999", starred_at=T0)


def test_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "paperfeed.db"
    path.write_bytes(b"my thesis draft, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a paperfeed database"):
        Store(path)
    assert path.read_bytes() == before


def test_database_from_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "paperfeed.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('paperfeed', 'm999_future', 'x')")
    with pytest.raises(StoreError, match="written by a newer paperfeed .* upgrade paperfeed"):
        Store(path)


def test_store_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "paperfeed.db"
    Store(path).close()
    assert path.stat().st_mode & 0o077 == 0
    assert path.parent.stat().st_mode & 0o077 == 0


def _papers(n: int, text: str, start: int = 0) -> list[Sighting]:
    return [ARXIV._replace(paper_id=f"2411.{i:05d}", title=f"Paper {i} about {text}",
                    abstract=f"We study {text} in setting {i}.") for i in range(start, start + n)]


def test_search_returns_what_the_plain_bm25_query_returns(store: Store) -> None:
    store.record(_papers(30, "diffusion models") + _papers(5, "graph diffusion", 30), T0)
    naive = [row[0] for row in store.conn.execute(
        "SELECT p.id FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid WHERE papers_fts "
        "MATCH ? ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0) LIMIT 20", ("graph diffusion",))]
    hits = store.search("graph diffusion")
    assert [h.paper.id for h in hits] == naive
    assert hits[0].title.startswith("Paper 3") and "\x02graph\x03" in hits[0].title
    assert "\x02diffusion\x03" in hits[0].snippet


def test_common_query_ranks_the_newest_papers_and_rare_query_all(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperfeed.store import queries

    monkeypatch.setattr(queries, "RECENT_WINDOW", 20)
    monkeypatch.setattr(queries, "COMMON_MATCHES", 5)
    store.record(_papers(1, "zeolite diffusion"), T0)  # the oldest: a perfect title match
    store.record(_papers(60, "diffusion", start=1), T1)
    common = [h.paper.id for h in store.search("diffusion", limit=10)]
    assert len(common) == 10 and all(pid >= "2411.00041" for pid in common)
    assert [h.paper.id for h in store.search("zeolite")] == ["2411.00000"]
    with pytest.raises(UsageError, match="cannot search for"):
        store.search('"unbalanced')


def test_count_waiting_counts_unread_never_shown_papers_since_a_day(store: Store) -> None:
    store.record(_papers(3, "old"), T0)
    store.record(_papers(4, "new", start=3), T1)
    store.set_mark("2411.00003", read_at=T2)
    store.mark_shown(["2411.00004"], T2)
    assert store.count_waiting(T1) == 2
    assert store.count_waiting(T0) == 5
    waiting = [p for p in store.candidates(T1, T2) if p.marks.shown_at is None]
    assert store.count_waiting(T1) == len(waiting)


def test_the_digest_config_migration_keeps_marks_and_digests_of_an_older_store(tmp_path: Path) -> None:
    """A store built by the schema before m004 (m001 to m003), with marks and a frozen
    digest: opening it adds `digest_days.config` and loses nothing."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from paperfeed.models import Digest, DigestEntry
    from paperfeed.store import schema

    db = tmp_path / "old.db"
    old = Database(db)
    before = Migrations(schema.MIGRATION_SET)
    before(name="m001_initial", transactional=False)(schema.m001_initial)
    before(name="m002_readable_text", transactional=True)(schema.m002_readable_text)
    before(name="m003_body_hashes", transactional=True)(schema.m003_body_hashes)
    before.apply(old)
    old.close()
    assert "config" not in columns(db, "digest_days")
    with sqlite3.connect(db) as conn:  # what the previous paperfeed wrote
        conn.execute("INSERT INTO papers (id, title, first_seen, last_seen) VALUES ('2411.00001', 't', ?, ?)",
                     (T0, T0))
        conn.execute("INSERT INTO marks (paper_id, read_at, starred_at, note)"
                     " VALUES ('2411.00001', ?, ?, 'keep')", (T0, T0))
        conn.execute("INSERT INTO digests (day, position, paper_id, score, reasons, minutes)"
                     " VALUES ('2026-11-26', 0, '2411.00001', 2.0, '[]', 1.5)")
        conn.execute("INSERT INTO digest_days (day, position, candidates, away_days, built_at)"
                     " VALUES ('2026-11-26', 0, 1, 0, ?)", (T0,))
    with Store(db) as store:
        paper = store.get("2411.00001")
        assert paper is not None and (paper.marks.read_at, paper.marks.starred_at, paper.marks.note) == (
            T0, T0, "keep")
        saved = store.load_digest("2026-11-26")
        assert saved is not None and [e.paper.id for e in saved.entries] == ["2411.00001"]
        assert store.digest_config("2026-11-26") is None  # unknown: `today` keeps it as it is
        store.save_digest(Digest("2026-11-27", (DigestEntry(paper, 1.0, (), 1.5),), 1), T0, config="abc")
        assert store.digest_config("2026-11-27") == "abc"
    assert "config" in columns(db, "digest_days")
