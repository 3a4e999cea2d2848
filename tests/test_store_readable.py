"""The readable form in the store: made once when a paper is recorded, migrated into
stores written before it existed, and never trading a Unicode name for its TeX."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from paperfeed.models import Sighting
from paperfeed.store import Store, schema
from paperfeed.store.queries import Selection

NOW = "2026-11-26T06:00:00+00:00"
LATER = "2026-11-27T06:00:00+00:00"


def arxiv(pid: str, title: str, authors: tuple[str, ...], *, source: str = "arxiv",
          affiliations: tuple[str, ...] = (), abstract: str = "An abstract.") -> Sighting:
    return Sighting(source=source, paper_id=pid, title=title, seen_day=NOW[:10], version=1,
                    abstract=abstract, authors=authors, affiliations=affiliations,
                    categories=("quant-ph",), primary_category="quant-ph", kind="new",
                    authoritative=source in ("arxiv", "arxiv-api"))


def test_a_unicode_name_is_never_replaced_by_its_tex_spelling(store: Store) -> None:
    api = arxiv("2504.00001", "Schr\\\"odinger bridges", ("Sébastien Le Beux", "Jakob Günther"),
                source="arxiv-api", affiliations=("CNRS", ""))
    store.record([api], NOW)
    feed = arxiv("2504.00001", "Schr\\\"odinger bridges", ("S\\'ebastien Le Beux", 'Jakob G\\"unther'))
    store.record([feed], LATER)
    paper = store.get("2504.00001")
    assert paper is not None
    assert paper.authors == ("Sébastien Le Beux", "Jakob Günther")
    assert paper.authors_tex is None  # the stored names are Unicode: nothing for BibTeX to prefer
    assert paper.affiliations == ("CNRS", "")  # known for the same names, kept
    assert paper.title == "Schrödinger bridges" and paper.title_tex == 'Schr\\"odinger bridges'


def test_a_tex_name_gives_way_to_its_unicode_spelling_and_a_changed_list_is_taken(store: Store) -> None:
    store.record([arxiv("2504.00002", "T", ("S\\'ebastien Le Beux",))], NOW)
    store.record([arxiv("2504.00002", "T", ("Sébastien Le Beux",), source="arxiv-api")], NOW)
    paper = store.get("2504.00002")
    assert paper is not None and paper.authors == ("Sébastien Le Beux",) and paper.authors_tex is None
    store.record([arxiv("2504.00002", "T", ("S\\'ebastien Le Beux", "A. New"))], LATER)
    paper = store.get("2504.00002")
    assert paper is not None
    assert paper.authors == ("Sébastien Le Beux", "A. New")
    assert paper.authors_tex == ("S\\'ebastien Le Beux", "A. New")


def test_plain_text_stores_no_second_copy(store: Store) -> None:
    store.record([arxiv("2504.00003", "A plain title", ("Ada Lovelace",))], NOW)
    row = store.conn.execute("SELECT title_readable, abstract_readable, authors_readable, affiliations"
                             " FROM papers").fetchone()
    assert row == (None, None, None, None)


# -- a store written by the previous release ------------------------------------------------


def old_store(path: Path) -> None:
    """A store built by the schema before m002, with TeX papers, marks and a note."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    db = Database(path)
    previous = Migrations(schema.MIGRATION_SET)
    previous(name="m001_initial", transactional=False)(schema.m001_initial)
    previous.apply(db)
    rows = [
        ("2504.17830", 'Schr\\"odinger operators and A Precis\\~ao', "In $\\R ^d$ we bound $\\cO(n)$.",
         json.dumps(['Jakob G\\"unther', "S{\\o}ren Stobbe"])),
        ("2504.17831", "A plain title", "A plain abstract.", json.dumps(["Ada Lovelace"])),
    ]
    for pid, title, abstract, authors in rows:
        db.execute("INSERT INTO papers (id, title, abstract, authors, first_seen, last_seen)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (pid, title, abstract, authors, NOW, NOW))
    db.execute("INSERT INTO marks (paper_id, read_at, starred_at, note) VALUES (?, ?, ?, ?)",
               ("2504.17830", NOW, LATER, "my note: re-read §3"))
    db.conn.commit()
    db.close()


def snapshot(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        papers = conn.execute(f"SELECT {', '.join(schema.PAPER_COLUMNS)} FROM papers ORDER BY id").fetchall()
        marks = conn.execute("SELECT * FROM marks ORDER BY paper_id").fetchall()
    return papers, marks


def test_a_store_of_the_previous_schema_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_store(path)
    papers_before, marks_before = snapshot(path)
    with Store(path) as store:
        assert "m002_readable_text" in schema.applied_migration_names(store.conn)
        paper = store.get("2504.17830")
        assert paper is not None
        assert paper.title == "Schrödinger operators and A Precisão"
        assert paper.abstract == "In ℝᵈ we bound 𝒪(n)."
        assert paper.authors == ("Jakob Günther", "Søren Stobbe")
        assert paper.title_tex == 'Schr\\"odinger operators and A Precis\\~ao'
        assert paper.marks.note == "my note: re-read §3" and paper.marks.starred
        assert [h.paper.id for h in store.search("schrodinger")] == ["2504.17830"]
        assert [h.paper.id for h in store.search("title:precisao")] == ["2504.17830"]
        assert [h.paper.id for h in store.search("gunther")] == ["2504.17830"]
        assert [h.paper.id for h in store.search("plain")] == ["2504.17831"]
        assert store.conn.execute(
            "INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)") is not None
        assert len(store.select(Selection())) == 2
    papers_after, marks_after = snapshot(path)
    # marks and notes untouched (later migrations may add columns: m003 adds less_at, empty)
    assert [row[:len(marks_before[0])] for row in marks_after] == marks_before
    assert all(value is None for row in marks_after for value in row[len(marks_before[0]):])
    assert papers_after == papers_before  # the originals too
    with Store(path) as store:  # and opening again changes nothing
        assert [h.paper.id for h in store.search("Schrödinger")] == ["2504.17830"]
