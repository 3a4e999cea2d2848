"""Digest and search on the generated store.

Digest: `today.build_digest` (the candidates query through the `first_seen` index, the
papers as models, scoring, choosing) against the bare indexed query that fetches the
same candidate rows as tuples.

Search: `Store.search` top-20 against the naive bm25 join (one statement: FTS match
joined to papers and marks, highlight and snippet, ordered by bm25 with the same
weights, LIMIT 20), both turned into the same objects, for a rare term, a term in
about 10% of papers, a phrase and a prefix. The note says whether both returned the
same papers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import gen_store
from _common import NOW, Row, Sizes, median_times, ms, repeats_for

from paperfeed import today
from paperfeed.clock import iso
from paperfeed.config import Config
from paperfeed.store import Store
from paperfeed.store.queries import _SELECT, HIGHLIGHT_END, HIGHLIGHT_START, row_to_paper

NAIVE = (
    _SELECT.replace(" FROM papers p", ", highlight(papers_fts, 0, ?, ?),"
                    " snippet(papers_fts, 1, ?, ?, '…', 24)"
                    " FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid")
    + " WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0) LIMIT 20"
)


def naive_search(store: Store, query: str) -> list[str]:
    marks = (HIGHLIGHT_START, HIGHLIGHT_END) * 2
    rows = store.conn.execute(NAIVE, (*marks, query)).fetchall()
    return [row_to_paper(r).id for r in rows]


def quality(store: Store, query: str, ours: list[str], naive: list[str]) -> str:
    """How the two top-20s compare, in bm25's own terms when they differ."""
    if ours == naive:
        return "same 20 papers, same order"

    def worst(ids: list[str]) -> float:  # bm25 is negative: closer to 0 is worse
        marks = ",".join("?" * len(ids))
        return max(score for (score,) in store.conn.execute(
            "SELECT bm25(papers_fts, 10.0, 1.0, 3.0) FROM papers_fts JOIN papers p"
            f" ON p.rowid = papers_fts.rowid WHERE papers_fts MATCH ? AND p.id IN ({marks})",
            (query, *ids)))

    share = worst(ours) / worst(naive)
    return f"newest-papers window: 20th-best bm25 score {share:.1%} of the exhaustive search's"


def run(sizes: Sizes) -> list[Row]:
    path = gen_store.ensure_store(sizes.store_papers, verbose=True)
    now = datetime.fromisoformat(NOW)
    config = Config()
    since = iso(now - timedelta(days=config.digest.catchup_days))
    rows: list[Row] = []
    with Store(path) as store:
        bare_sql = "SELECT * FROM papers WHERE first_seen >= ?"
        digest_n = len(today.build_digest(store, config, now).entries)
        candidates = len(store.conn.execute(bare_sql, (since,)).fetchall())
        fns: list[Callable[[], object]] = [
            lambda: today.build_digest(store, config, now),
            lambda: store.conn.execute(bare_sql, (since,)).fetchall(),
        ]
        t_digest, t_bare = median_times(fns, repeats_for(fns, sizes))
        rows.append(Row(f"build today's digest ({digest_n} of {candidates:,} candidates, "
                        f"{sizes.store_papers:,} papers)", ms(t_digest), f"bare indexed query {ms(t_bare)}",
                        t_digest / t_bare, "<= 3.0x"))
        for label, query in gen_store.QUERIES.items():
            ours_ids = [h.paper.id for h in store.search(query)]
            naive_ids = naive_search(store, query)
            matches = store.conn.execute(
                "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (query,)).fetchone()[0]
            same = quality(store, query, ours_ids, naive_ids)
            fns = [lambda q=query: store.search(q), lambda q=query: naive_search(store, q)]
            t_ours, t_naive = median_times(fns, repeats_for(fns, sizes))
            rows.append(Row(f"search {label}: {query} ({matches:,} matches)", ms(t_ours),
                            f"naive bm25 join {ms(t_naive)}", t_ours / t_naive, "<= 0.5x", same))
    return rows
