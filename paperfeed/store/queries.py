"""Read queries over papers and marks, returned as `Paper` models."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any, NamedTuple

from paperfeed.errors import UsageError
from paperfeed.models import Marks, Paper
from paperfeed.store import fts
from paperfeed.store._base import rows_in
from paperfeed.store.schema import PAPER_COLUMNS

if TYPE_CHECKING:
    from paperfeed.digest.candidate import Candidate

# The readable text in the fields screens read (`title`, `abstract`, `authors`), the
# affiliations, then arXiv's originals where they differ (NULL: no TeX), then the marks.
_READABLE = {column: expr.format(p="p") for column, expr in fts.READABLE.items()}
_FIELDS = (*PAPER_COLUMNS, "affiliations", "title_tex", "abstract_tex", "authors_tex")
_SELECT = (
    "SELECT " + ", ".join(_READABLE.get(c, f"p.{c}") for c in PAPER_COLUMNS)
    + ", p.affiliations"
    + "".join(f", iif(p.{c}_readable IS NULL, NULL, p.{c})" for c in ("title", "abstract", "authors"))
    + ", m.read_at, m.starred_at, m.note, m.shown_at, m.less_at"
    " FROM papers p LEFT JOIN marks m ON m.paper_id = p.id"
)
_LISTS = ("authors", "categories", "ai_keywords", "sources")
HIGHLIGHT_START = "\x02"  # FTS highlight markers; control characters cannot occur in
HIGHLIGHT_END = "\x03"  # stored text (text.clean removes them), so they are unambiguous
#: How many of the newest papers a common query is ranked among, and how many
#: matches there make a query common (see `PaperQueries.search`).
RECENT_WINDOW = 100_000
COMMON_MATCHES = 1_000


_SEARCH = (
    _SELECT.replace(" FROM papers p", f", highlight(papers_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}'),"
                    f" snippet(papers_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 24)"
                    " FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid")
    + " WHERE papers_fts MATCH ?1 AND papers_fts.rowid > ?2"
    " AND papers_fts.rank MATCH 'bm25(10.0, 1.0, 3.0)' ORDER BY papers_fts.rank LIMIT ?3"
)


class SearchHit(NamedTuple):
    paper: Paper
    title: str  # with HIGHLIGHT_START/END around matched words
    snippet: str


class Selection(NamedTuple):
    """Which papers `list` and `export` want; every field narrows the set."""

    read: bool | None = None
    starred: bool | None = None
    since: str | None = None  # first_seen at or after this timestamp (a local midnight)
    source: str | None = None
    category: str | None = None
    limit: int | None = None
    order: str = "recent"  # recent (first seen, newest first) or starred (oldest star first)


def row_to_paper(row: tuple[Any, ...]) -> Paper:
    """A `_SELECT` row (extra columns after the marks are ignored) as a `Paper`.

    Built positionally, with the short JSON lists (categories, sources, keywords)
    decoded through a cache: they repeat across papers, and this runs for every
    digest candidate, thousands of times per `paperfeed today`.
    """
    values = list(row[:_N])
    values[_AUTHORS] = tuple(json.loads(values[_AUTHORS])) if values[_AUTHORS] else ()
    for i in _SHORT_LISTS:
        values[i] = _short_list(values[i])
    if values[_AUTHORS_TEX] is not None:
        values[_AUTHORS_TEX] = tuple(json.loads(values[_AUTHORS_TEX]))
    values.append(Marks(*row[_N:_N + 5]))
    return Paper(*values)


_N = len(_FIELDS)
_AUTHORS = _FIELDS.index("authors")
_AUTHORS_TEX = _FIELDS.index("authors_tex")
_SHORT_LISTS = tuple(_FIELDS.index(k) for k in (*_LISTS, "affiliations") if k != "authors")
# The positional build relies on Paper's fields being the selected columns in order.
assert Paper._fields[:_N] == _FIELDS, "Paper fields != the selected columns"


@functools.lru_cache(maxsize=4096)
def _short_list(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


class PaperQueries:
    conn: sqlite3.Connection

    def get(self, paper_id: str) -> Paper | None:
        row = self.conn.execute(_SELECT + " WHERE p.id = ?", (paper_id,)).fetchone()
        return row_to_paper(row) if row else None

    def papers(self, ids: list[str]) -> list[Paper]:
        rows = rows_in(self.conn, _SELECT + " WHERE p.id IN (?...)", ids)
        found = {p.id: p for p in map(row_to_paper, rows)}
        return [found[i] for i in ids if i in found]

    def candidates(self, since: str, today: str) -> list[Paper]:
        """Unread papers first seen since `since`, not shown on a day before `today`."""
        sql = (_SELECT + " WHERE p.first_seen >= ? AND m.read_at IS NULL"
               " AND (m.shown_at IS NULL OR m.shown_at >= ?)")
        return [row_to_paper(r) for r in self.conn.execute(sql, (since, today))]

    def scoring_candidates(self, since: str, today: str) -> list[Candidate]:
        """`candidates`, as the light rows scoring reads (`digest.Candidate`): only the
        columns it needs, the authors left as JSON until someone asks for them."""
        from paperfeed.digest.candidate import Candidate  # here: only a digest build needs it

        columns = ", ".join(f"m.{c}" if c in ("read_at", "shown_at") else _READABLE.get(c, f"p.{c}")
                            for c in Candidate.FIELDS)  # the readable text, as `Paper`s have it
        sql = (f"SELECT {columns} FROM papers p LEFT JOIN marks m ON m.paper_id = p.id"
               " WHERE p.first_seen >= ? AND m.read_at IS NULL AND (m.shown_at IS NULL OR m.shown_at >= ?)")
        short = _short_list
        return [Candidate(r[0], r[1], r[2], r[3], short(r[4]), r[5], short(r[6]), r[7], r[8], r[9],
                          r[10], r[11], r[12], r[13], r[14], r[15], short(r[16]))
                for r in self.conn.execute(sql, (since, today))]

    def uncategorized(self, since: str, limit: int) -> list[str]:
        """Ids of arXiv papers first seen since `since` that have no categories yet
        (listed by Hugging Face only), newest first: the ones to look up."""
        return [pid for (pid,) in self.conn.execute(
            "SELECT id FROM papers WHERE categories = '[]' AND instr(id, ':') = 0"
            " AND first_seen >= ? ORDER BY first_seen DESC, id LIMIT ?", (since, limit))]

    def count_waiting(self, since: str) -> int:
        """How many unread papers first seen since `since` were never shown: the
        "next digest: N waiting" figure, counted without building each paper."""
        return int(self.conn.execute(
            "SELECT count(*) FROM papers p LEFT JOIN marks m ON m.paper_id = p.id"
            " WHERE p.first_seen >= ? AND m.read_at IS NULL AND m.shown_at IS NULL",
            (since,)).fetchone()[0])

    def counts(self) -> dict[str, int]:
        conn = self.conn
        papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        read = conn.execute("SELECT count(*) FROM marks WHERE read_at IS NOT NULL").fetchone()[0]
        starred = conn.execute(
            "SELECT count(*) FROM marks WHERE starred_at IS NOT NULL").fetchone()[0]
        notes = conn.execute("SELECT count(*) FROM marks WHERE note IS NOT NULL AND note != ''"
                             ).fetchone()[0]
        return {"papers": papers, "unread": papers - read, "starred": starred, "notes": notes}

    def select(self, sel: Selection) -> list[Paper]:
        where: list[str] = []
        args: list[Any] = []
        if sel.read is not None:
            where.append("m.read_at IS NOT NULL" if sel.read else "m.read_at IS NULL")
        if sel.starred is not None:
            where.append("m.starred_at IS NOT NULL" if sel.starred else "m.starred_at IS NULL")
        if sel.since:
            where.append("p.first_seen >= ?")
            args.append(sel.since)
        if sel.source:
            where.append("EXISTS (SELECT 1 FROM json_each(p.sources) WHERE value = ?)")
            args.append(sel.source)
        if sel.category:
            where.append("EXISTS (SELECT 1 FROM json_each(p.categories) WHERE value = ?"
                         " OR value LIKE ? || '.%' ESCAPE '\\')")
            # `%` and `_` in what the user typed are literal characters, not wildcards.
            args += [sel.category, re.sub(r"([\\%_])", r"\\\1", sel.category)]
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
        if sel.order == "starred":
            sql += " ORDER BY m.starred_at, p.id"
        else:
            sql += " ORDER BY p.first_seen DESC, p.id DESC"
        if sel.limit is not None:
            sql += " LIMIT ?"
            args.append(sel.limit)
        return [row_to_paper(r) for r in self.conn.execute(sql, args)]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search, best first: title matches weigh 10x, authors 3x the abstract.

        A query that matches many of the newest papers (`COMMON_MATCHES` among the
        newest `RECENT_WINDOW`) is ranked among those only: bm25 has to score every
        match it considers, and a word in 10% of a million papers took a third of a
        second to rank in full. Among thousands of matches the best twenty score the
        same either way (measured on a generated million-paper store, the 20th-best
        bm25 score within 0.5% of the exhaustive search's; see benchmarks/README.md),
        and the newer of equally good papers is the one a reader wants. Every other
        query is ranked over the whole store. Rowid order is arrival order, and FTS5
        applies a rowid bound inside its own index, before any scoring.

        Only the best `limit` hits get a highlight, a snippet and their paper: FTS5
        orders by its own `rank` here and the LIMIT stops its cursor, so the papers
        joined by rowid and the snippets are those of the hits alone (the naive join
        ordered by `bm25()` computes them for every match first). One statement: the
        ranking, then a second query for the hits' papers, cost a tenth more.
        """
        try:
            rows = self.conn.execute(_SEARCH, (query, self._recent_floor(query), limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise UsageError(
                f"cannot search for {query!r} ({exc}); write words, \"a phrase\", a prefix "
                "like diffus*, or title:word, and balance any quotes"
            ) from exc
        return [SearchHit(row_to_paper(row), row[-2], row[-1]) for row in rows]

    def _recent_floor(self, query: str) -> int:
        """The rowid above which to rank `query`: the newest papers' for a common query, else 0."""
        newest = self.conn.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 0
        floor = newest - RECENT_WINDOW
        if floor <= 0:
            return 0
        found = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? AND rowid > ?"
            " LIMIT ?)", (query, floor, COMMON_MATCHES)).fetchone()[0]
        return floor if found >= COMMON_MATCHES else 0
