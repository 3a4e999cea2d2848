"""What summaries cost the reader and the fetch, on the generated store.

Digest: `today.build_digest` in summaries mode with a summary stored for each of the
best `SUMMARIZED` candidates (every candidate then looks its summary up, and the
summarized ones are timed by it) against the same build with summaries off, which
is what every user without summaries runs.

Choosing: the summary step's pick after a fetch (the digest's candidates ranked by
the digest's score, minus the ones already summarized) against building the digest
itself, the other thing that ranks every candidate.

The summaries go in inside a transaction that is rolled back, so the cached store
stays as other benchmarks expect it. No model is asked: the step's requests are the
model's time, not paperfeed's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import gen_store
from _common import NOW, Row, Sizes, median_times, ms, repeats_for

from paperfeed import today
from paperfeed.config import Config
from paperfeed.refresh import summarize
from paperfeed.store import Store
from paperfeed.store.summaries import abstract_hash

SUMMARIZED = 140  # a week of fetches at the default max_papers (20)
KOREAN = "이 논문은 확산 모델의 샘플링을 네 단계로 줄이는 증류 방법을 제안하고, FID 2.1을 달성했다. " * 2


def run(sizes: Sizes) -> list[Row]:
    path = gen_store.ensure_store(sizes.store_papers, verbose=True)
    now = datetime.fromisoformat(NOW)
    plain = Config()
    korean = plain._replace(digest=plain.digest._replace(mode="summaries"),
                            summaries=plain.summaries._replace(enabled=True, model="m", language="ko",
                                                               max_papers=SUMMARIZED))
    rows: list[Row] = []
    with Store(path) as store:
        everything = plain.digest._replace(target_minutes=10_000, max_minutes=10_000)
        best = today.build_digest(store, plain._replace(digest=everything), now)
        chosen = [e.paper for e in best.entries[:SUMMARIZED]]
        store.conn.execute("BEGIN")
        try:
            store.conn.executemany(
                "INSERT OR REPLACE INTO summaries (paper_id, language, summary, model, abstract_hash,"
                " made_at) VALUES (?, 'ko', ?, 'm', ?, ?)",
                [(p.id, KOREAN, abstract_hash(p.abstract), NOW) for p in chosen])
            with_n = len(today.build_digest(store, korean, now).entries)
            without_n = len(today.build_digest(store, plain, now).entries)
            abstracts = korean._replace(digest=plain.digest)
            fns: list[Callable[[], object]] = [lambda: today.build_digest(store, korean, now),
                                               lambda: today.build_digest(store, abstracts, now),
                                               lambda: today.build_digest(store, plain, now)]
            t_with, t_abstracts, t_without = median_times(fns, repeats_for(fns, sizes))
            rows.append(Row(f"digest in summaries mode ({len(chosen)} of {best.candidates:,} "
                            f"candidates summarized; {with_n} papers vs {without_n})", ms(t_with),
                            f"summaries off {ms(t_without)}", t_with / t_without, "<= 1.5x"))
            rows.append(Row("digest in abstracts mode, summaries stored", ms(t_abstracts),
                            f"summaries off {ms(t_without)}", t_abstracts / t_without, "<= 1.1x"))
            wanted = len(summarize.wanted(store, korean, now))
            fns = [lambda: summarize.wanted(store, korean, now),
                   lambda: today.build_digest(store, plain, now)]
            t_pick, t_digest = median_times(fns, repeats_for(fns, sizes))
            rows.append(Row(f"pick the papers to summarize after a fetch ({wanted} of the best "
                            f"{SUMMARIZED} need one)", ms(t_pick), f"build today's digest {ms(t_digest)}",
                            t_pick / t_digest, "<= 1.5x"))
        finally:
            store.conn.execute("ROLLBACK")
    return rows
