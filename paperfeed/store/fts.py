"""The readable text and the full-text index over it (migration m002).

Kept apart from `schema` because it is the one migration with logic of its own:
it converts stored TeX through `text.readable` and rebuilds the FTS5 index on a
view of the readable columns, and `queries` reads the same expressions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

TEXT_COLUMNS = ("title_readable", "abstract_readable", "authors_readable", "affiliations")

# What the index holds: the readable text, as `papers_text` shows it.
READABLE = {"title": "coalesce({p}.title_readable, {p}.title)",
             "abstract": "coalesce({p}.abstract_readable, {p}.abstract)",
             "authors": "coalesce({p}.authors_readable, {p}.authors)"}


def _fts_values(prefix: str) -> str:
    return ", ".join(expr.format(p=prefix) for expr in READABLE.values())


def m002_readable_text(db: Database) -> None:
    """Readable columns beside arXiv's TeX, backfilled; the index rebuilt over them.

    The index reads its text through the view `papers_text` (an external-content FTS5
    table may read a view), so snippets and highlights are cut from the readable text
    it indexed. Accents are folded both ways (`remove_diacritics 2`): "schrodinger"
    finds "Schrödinger". Marks and every other column are left as they are.
    """
    conn = db.conn
    present = {row[1] for row in conn.execute("PRAGMA table_info(papers)")}
    for column in TEXT_COLUMNS:
        if column not in present:  # a store whose migration record was lost runs this again
            conn.execute(f"ALTER TABLE papers ADD COLUMN {column} TEXT")
    tex = "instr({c}, '\\') OR instr({c}, '$')"
    rows = conn.execute(
        "SELECT rowid, title, abstract, authors FROM papers WHERE "
        + " OR ".join(tex.format(c=c) for c in ("title", "abstract", "authors"))).fetchall()
    conn.executemany(
        "UPDATE papers SET title_readable = ?, abstract_readable = ?, authors_readable = ? WHERE rowid = ?",
        [(*readable_columns(title, abstract, authors), rowid) for rowid, title, abstract, authors in rows])
    for trigger in ("papers_ai", "papers_ad", "papers_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE IF EXISTS papers_fts")
    conn.execute(f"CREATE VIEW IF NOT EXISTS papers_text (paper_rowid, title, abstract, authors) AS"
                 f" SELECT rowid, {_fts_values('papers')} FROM papers")
    conn.execute("CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors,"
                 " content='papers_text', content_rowid='paper_rowid',"
                 " tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute(f"CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN"
                 f" INSERT INTO papers_fts(rowid, title, abstract, authors)"
                 f" VALUES (new.rowid, {_fts_values('new')}); END")
    conn.execute(f"CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN"
                 f" INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors)"
                 f" VALUES ('delete', old.rowid, {_fts_values('old')}); END")
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in (
        "title", "abstract", "authors", "title_readable", "abstract_readable", "authors_readable"))
    conn.execute(f"CREATE TRIGGER papers_au AFTER UPDATE ON papers WHEN {changed} BEGIN"
                 f" INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors)"
                 f" VALUES ('delete', old.rowid, {_fts_values('old')});"
                 f" INSERT INTO papers_fts(rowid, title, abstract, authors)"
                 f" VALUES (new.rowid, {_fts_values('new')}); END")
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")


def readable_columns(title: str, abstract: str, authors: str) -> tuple[str | None, str | None, str | None]:
    """The readable columns of stored originals (None where nothing changes)."""
    from paperfeed.text import readable

    title_r = readable.readable_line(title)
    abstract_r = readable.readable_text(abstract)
    names = json.loads(authors or "[]")
    names_r = [readable.readable_line(n) for n in names]
    return (title_r if title_r != title else None, abstract_r if abstract_r != abstract else None,
            json.dumps(names_r, ensure_ascii=False) if names_r != names else None)
