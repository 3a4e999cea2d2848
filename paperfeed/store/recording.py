"""Recording what the sources saw: the merge of sightings into `papers` and `sightings`.

A batch's rows are written in multi-row statements (`INSERT ... VALUES (...), (...)`,
`UPDATE ... FROM (VALUES ...)`), up to `_MAX_ROWS` a statement, not one statement per
row, for two reasons measured on a 2,000-paper catch-up page:

- The FTS5 index follows `papers` by triggers, and FTS5 writes its pending terms out
  as a new segment at the end of every statement that touched it: a statement per
  row made a segment per paper, and then merged them (300 ms against 160 ms here).
- The sqlite3 module releases the GIL around every statement. While the catch-up's
  worker thread parses the next page, each re-acquisition waits out the interpreter's
  switch interval: a page took 2-5 s to record instead of 0.4-0.6 s.

The triggers, the index and the transaction are the ones a row-by-row write used, so
the index holds exactly the same tokens (a test compares them), and an interrupted
record leaves neither rows nor index entries.
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from paperfeed.models import Sighting
from paperfeed.store import schema
from paperfeed.store._base import Connected, rows_in

# Rows per multi-row statement: a 2,000-paper page in two. Each statement is one
# hand-over of the GIL; with a parse running beside it, 250 rows a statement (eight
# for the page) measured 10-20% slower. SQLite compiles each statement whole: the
# peak memory of fetching the 2.8 MB feed went from 60 to 68 MB (the limit is 120).
_MAX_ROWS = 1000
_COLS = ", ".join(schema.STORED_COLUMNS)
_SIGHTINGS_INSERT = "INSERT OR IGNORE INTO sightings (paper_id, source, day, seen_at, kind, rank, details)"


class RecordCounts(NamedTuple):
    new: int = 0
    updated: int = 0


class Recording(Connected):
    """`record` and `set_categories`: the only writers of `papers` and `sightings`."""

    def record(self, sightings: Sequence[Sighting], now: str, *, ranking: bool = False) -> RecordCounts:
        """Merge one source's sightings in one transaction; marks are never touched.

        `ranking`: the sightings are a whole trending list, whose ranks replace the
        previous list's, so a paper that left the list loses its `trending_rank`.
        """
        from paperfeed.store import merge  # here: a reader that only opens the store never converts TeX

        with self.write() as conn:
            if ranking:
                listed = json.dumps([s.paper_id for s in sightings if s.rank is not None])
                conn.execute("UPDATE papers SET trending_rank = NULL WHERE trending_rank IS NOT NULL"
                             " AND id NOT IN (SELECT value FROM json_each(?))", (listed,))
            existing = _rows_by_id(conn, {s.paper_id for s in sightings})
            pending: dict[str, dict[str, Any]] = {}
            inserted: set[str] = set()
            for s in sightings:
                before = pending.get(s.paper_id) or existing.get(s.paper_id)
                if before is None and s.update_only:
                    continue
                after = merge.merge(before, s, now)
                if before is None:
                    inserted.add(s.paper_id)
                pending[s.paper_id] = after
            changed = [r for pid, r in pending.items() if existing.get(pid) != r]
            _insert(conn, [_ALL_VALUES(r) for r in changed if r["id"] in inserted])
            _update(conn, [_ALL_VALUES(r) for r in changed if r["id"] not in inserted])
            updated = sum(1 for r in changed if r["id"] not in inserted
                          and _differs_beyond_last_seen(existing[r["id"]], r))
            seen = [(s.paper_id, s.source, s.seen_day, now, s.kind, s.rank, _details(s))
                    for s in sightings if s.paper_id in pending]
            _insert_rows(conn, _SIGHTINGS_INSERT, seen, 7)
        return RecordCounts(len(inserted), updated)

    def set_categories(self, found: Mapping[str, tuple[Sequence[str], str | None]]) -> int:
        """Store looked-up categories (and primary category) of papers that had none;
        how many papers got them."""
        from paperfeed.store import merge  # here: a reader that only opens the store never converts TeX

        with self.write() as conn:
            cursor = conn.executemany(
                "UPDATE papers SET categories = ?, primary_category = coalesce(primary_category, ?)"
                " WHERE id = ? AND categories = '[]'",
                [(merge.encode_list(cats), primary, pid) for pid, (cats, primary) in found.items()])
            return max(cursor.rowcount, 0)


def _rows_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for values in rows_in(conn, f"SELECT {_COLS} FROM papers WHERE id IN (?...)", list(ids)):
        row = dict(zip(schema.STORED_COLUMNS, values, strict=True))
        found[row["id"]] = row
    return found


def _insert(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """New papers, in the order given: rowid order is arrival order, which search's
    newest-papers window relies on."""
    _insert_rows(conn, f"INSERT INTO papers ({_COLS})", rows, len(schema.STORED_COLUMNS))


def _insert_rows(conn: sqlite3.Connection, head: str, rows: Sequence[tuple[Any, ...]], width: int) -> None:
    """`head VALUES (...), (...), ...`, `_per_statement` rows at a time, in order."""
    per = _per_statement(conn, width)
    for i in range(0, len(rows), per):
        chunk = rows[i:i + per]
        conn.execute(f"{head} VALUES {_values(len(chunk), width)}", [v for row in chunk for v in row])


def _per_statement(conn: sqlite3.Connection, width: int) -> int:
    """Rows of `width` values a statement takes: up to `_MAX_ROWS`, within SQLite's
    variable limit (32,766 by default since 3.32, 999 before; some builds allow more)."""
    return max(1, min(_MAX_ROWS, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))


def _values(rows: int, width: int) -> str:
    one = "(" + ", ".join("?" * width) + ")"
    return ", ".join([one] * rows)


def _update(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Changed papers, also many a statement (`UPDATE ... FROM (VALUES ...)`, SQLite
    3.33+; a statement each before that). The update trigger re-indexes only a paper
    whose text changed."""
    if not rows:
        return
    cols = schema.STORED_COLUMNS
    if sqlite3.sqlite_version_info < (3, 33, 0):
        sets = ", ".join(f"{c} = ?" for c in cols[1:])
        conn.executemany(f"UPDATE papers SET {sets} WHERE id = ?", [(*r[1:], r[0]) for r in rows])
        return
    sets = ", ".join(f"{c} = v.column{i}" for i, c in enumerate(cols[1:], start=2))
    per = _per_statement(conn, len(cols))
    for i in range(0, len(rows), per):
        chunk = rows[i:i + per]
        conn.execute(f"UPDATE papers SET {sets} FROM (VALUES {_values(len(chunk), len(cols))}) AS v"
                     " WHERE papers.id = v.column1", [v for row in chunk for v in row])


# Row dicts to parameter tuples at C speed (a generator per row cost more than merging it).
_ALL_VALUES = operator.itemgetter(*schema.STORED_COLUMNS)


def _details(s: Sighting) -> str:
    if not s.details:
        return "{}"
    text = json.dumps(dict(s.details), ensure_ascii=False, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800": keep it escaped
        return json.dumps(dict(s.details), default=str)
    return text


def _differs_beyond_last_seen(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(before[k] != after[k] for k in after if k != "last_seen")
