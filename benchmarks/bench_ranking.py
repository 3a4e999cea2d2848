"""Learning from the reader (issue #14): the protocol table, the mixed case, the cost.

- Protocol (`_ranking_protocol.py`): precision at 11 per primary category for random
  order, the digest's category order (what paperfeed did before learning),
  arxiv-sanity-lite's TF-IDF + LinearSVC (its exact vectorizer and SVM settings;
  scikit-learn, from the `bench` extra), cosine to the stars' centroid, and
  paperfeed's digest scoring with the learned affinity, with reads as weak negatives
  and without. Target: paperfeed >= arxiv-sanity-lite on the mean and on at least
  three quarters of the categories.
- Mixed case: stars of one topic plus one keyword naming a second topic; the digest
  must hold papers of both.
- Cost: training on 1,000 liked papers against a library sample, and scoring a day
  of 1,000 new papers, against the digest's own scoring of those papers; and the
  start-up of `today` on the generated store with 1,000 stars (bench_startup's floor).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence

import _ranking_protocol as proto
from _common import FEED_FULL, Row, Sizes, need_fixture

from paperfeed import digest
from paperfeed.config import InterestsConfig
from paperfeed.models import Paper
from paperfeed.ranking.model import POSITIVE, train
from paperfeed.ranking.ranker import Ranker
from paperfeed.ranking.text import terms, tfidf


def run(sizes: Sizes) -> list[Row]:
    day = proto.load_day(need_fixture(FEED_FULL))
    cats = day.categories[:1] if sizes.smoke else day.categories
    draws = 1 if sizes.smoke else proto.DRAWS
    table = {
        "random": proto.precision(day, proto.random_order, cats, draws),
        "category order (before learning)": proto.precision(day, proto.category_order, cats, draws),
        "centroid cosine": proto.precision(day, centroid, cats, draws),
        "paperfeed, reads as weak negatives": proto.precision(day, proto.paperfeed_method(True), cats, draws),
        "paperfeed": proto.precision(day, proto.paperfeed_method(False), cats, draws),
    }
    try:
        table["arxiv-sanity-lite TF-IDF + LinearSVC"] = proto.precision(day, svm, cats, draws)
    except ImportError:  # CI installs only `dev`: every other row still runs, so none can rot
        print("bench_ranking: scikit-learn missing, no peer row (pip install -e '.[bench]')",
              file=sys.stderr)
    peer = table.get("arxiv-sanity-lite TF-IDF + LinearSVC")
    peer_mean = statistics.mean(peer.values()) if peer else None
    rows = []
    for name, per in table.items():
        mean = statistics.mean(per.values())
        detail = " ".join(f"{c} {per[c]:.2f}" for c in cats)
        if peer is None or peer_mean is None:
            rows.append(Row(f"precision@11, {name}", f"{mean:.3f}", "no peer", None, "", detail))
            continue
        wins = sum(per[c] >= peer[c] - 1e-9 for c in cats)
        is_ours = name == "paperfeed"
        rows.append(Row(f"precision@11, {name}", f"{mean:.3f}", f"arxiv-sanity-lite {peer_mean:.3f}",
                        mean / peer_mean, ">= 1.0x" if is_ours else "",
                        f">= peer in {wins}/{len(cats)} categories; {detail}"))
    before, after = proto.less_like_this(day, 2 if sizes.smoke else None)
    rows.append(Row("less like this: rank percentile of the marked paper's topic", f"{after:.2f}",
                    f"without the mark {before:.2f}", after / before, ">= 1.0x",
                    "higher = further down; one 'x' on a paper of a second topic"))
    rows.append(mixed_case(day))
    rows += cost(day, smoke=sizes.smoke)
    return rows + startup(sizes)


def mixed_case(day: proto.Day) -> Row:
    """Stars of cs.CV and the keyword "quantum": the digest holds both topics."""
    stars = [p for p in day.papers if p.primary_category == "cs.CV"][:10]
    model = train([proto.example(p, POSITIVE) for p in stars],
                  [proto.example(p, "background") for p in day.papers])
    assert model is not None
    interests = digest.Interests.compile(InterestsConfig(keywords=["quantum"]), proto.DEFAULT_CATEGORIES)
    rest = [p for p in day.papers if p not in stars]
    built = digest.build(rest, interests, digest.Budget(), proto.NOW, day="2024-11-28", ranker=Ranker(model))
    papers = [e.paper for e in built.entries]
    vision = sum(p.primary_category == "cs.CV" for p in papers)
    quantum = sum("quantum" in (p.title + p.abstract).lower() for p in papers)
    return Row("mixed case: cs.CV stars + keyword 'quantum'", f"{vision} cs.CV, {quantum} quantum",
               f"{len(papers)} in the digest", min(vision, quantum) / max(1, len(papers)), ">= 0.2x",
               "share of the digest held by the smaller topic")


def cost(day: proto.Day, *, smoke: bool) -> list[Row]:
    """Train on 1,000 liked papers against a 2,000-paper library sample; score 1,000 new ones."""
    n = 50 if smoke else 1000
    papers = list(day.papers)
    liked = [proto.example(_renamed(papers[i % len(papers)], f"liked{i}"), POSITIVE) for i in range(n)]
    library = [proto.example(_renamed(papers[i % len(papers)], f"lib{i}"), "background")
               for i in range(2 * n)]
    new = [_renamed(papers[i % len(papers)], f"new{i}") for i in range(n)]
    interests = digest.Interests.compile(InterestsConfig(), proto.DEFAULT_CATEGORIES)
    t0 = time.perf_counter()
    model = train(liked, library)
    t1 = time.perf_counter()
    assert model is not None
    ranker = Ranker(model)
    for p in new:
        digest.score(p, interests, proto.NOW, ranker=ranker)
    t2 = time.perf_counter()
    for p in new:
        digest.score(p, interests, proto.NOW)
    t3 = time.perf_counter()
    base = t3 - t2
    return [
        Row(f"train on {n:,} liked papers + {2 * n:,}-paper library sample", f"{(t1 - t0) * 1000:.0f} ms",
            "", None, "", "when the marks changed; the model is cached in the store"),
        Row(f"score {n:,} new papers with the affinity", f"{(t2 - t1) * 1000:.0f} ms",
            f"without it {base * 1000:.0f} ms", (t2 - t1) / base, "", "tokenising each candidate"),
    ]


def _renamed(p: Paper, new_id: str) -> Paper:
    return p._replace(id=new_id)


def centroid(starred: Sequence[Paper], read: Sequence[Paper], rest: Sequence[Paper],
             library: Sequence[Paper]) -> list[float]:
    """Cosine to the mean TF-IDF vector of the stars (the protocol's simple baseline)."""
    from paperfeed.ranking.text import document_frequencies, idf_table

    counts = {p.id: terms(p.title, p.abstract, p.authors) for p in library}
    df, n = document_frequencies(counts.values())
    idf = idf_table(df, n, max_share=1.0)
    mean: dict[str, float] = {}
    for p in starred:
        for t, x in tfidf(counts[p.id], idf).items():
            mean[t] = mean.get(t, 0.0) + x
    return [sum(mean.get(t, 0.0) * x for t, x in tfidf(counts[p.id], idf).items()) for p in rest]


_SVM_CACHE: dict[int, object] = {}


def svm(starred: Sequence[Paper], read: Sequence[Paper], rest: Sequence[Paper],
        library: Sequence[Paper]) -> list[float]:
    """arxiv-sanity-lite's compute.py vectorizer and its serve.py SVM, stars vs everything else."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    key = id(library)
    if key not in _SVM_CACHE:
        vectorizer = TfidfVectorizer(
            input="content", encoding="utf-8", decode_error="replace", strip_accents="unicode",
            lowercase=True, analyzer="word", stop_words="english",
            token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2), max_features=20000,
            norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True, max_df=0.1, min_df=5)
        _SVM_CACHE[key] = vectorizer.fit_transform(
            [f"{p.title} {p.abstract} {', '.join(p.authors)}" for p in library])
    x = _SVM_CACHE[key]
    index = {p.id: i for i, p in enumerate(library)}
    y = np.zeros(len(library))
    y[[index[p.id] for p in starred]] = 1
    clf = LinearSVC(class_weight="balanced", max_iter=10000, tol=1e-6, C=0.01)
    clf.fit(x, y)
    scores = clf.decision_function(x)
    return [float(scores[index[p.id]]) for p in rest]


STAR_MARK = "2026-11-26T05:55:00+00:00"  # the benchmark's own stars, removed afterwards


def startup(sizes: Sizes) -> list[Row]:
    """`today` start-up with ranking on: 1,000 stars in the generated store, the model
    cached (the morning after the cron fetch trained it) and stale (a star since)."""
    import shutil
    import sqlite3
    import sys
    import tempfile
    from pathlib import Path

    import gen_store
    from _common import clean_env, median_times, ms, run_quiet
    from bench_startup import _AT_NOW, FLOOR

    db = gen_store.ensure_store(sizes.store_papers)
    stars = min(1000, sizes.store_papers // 3)
    conn = sqlite3.connect(db)
    home = Path(tempfile.mkdtemp(prefix="pf-rank-"))
    env = clean_env(PAPERFEED_HOME=str(home), PAPERFEED_DB=str(db))
    today = [sys.executable, "-c", _AT_NOW, "today", "--plain", "--no-fetch"]

    extra = iter(range(1, 10_000))

    def stale() -> None:
        """One more star, as if made after the fetch: a new model, every candidate rescored."""
        with conn:
            conn.execute("INSERT INTO marks (paper_id, starred_at) SELECT id, ? FROM papers WHERE rowid = ?"
                         " ON CONFLICT(paper_id) DO UPDATE SET starred_at = excluded.starred_at"
                         " WHERE marks.starred_at IS NULL", (STAR_MARK, next(extra) * 7 + 3))
        run_quiet([*today, "--rebuild"], env)

    try:
        with conn:
            top = conn.execute("SELECT max(rowid) FROM papers").fetchone()[0]
            conn.execute("INSERT INTO marks (paper_id, starred_at) SELECT id, ? FROM papers"
                         " WHERE rowid % ? = 0 LIMIT ? ON CONFLICT(paper_id) DO UPDATE"
                         " SET starred_at = excluded.starred_at WHERE marks.starred_at IS NULL",
                         (STAR_MARK, max(1, top // stars), stars))
            stars = conn.execute("SELECT count(*) FROM marks WHERE starred_at IS NOT NULL").fetchone()[0]
        repeats = 1 if sizes.smoke else max(3, sizes.repeats * 2 + 1)
        floor, resumed, cached, fresh = median_times([
            lambda: run_quiet(FLOOR, env),
            lambda: run_quiet(today, env),
            lambda: run_quiet([*today, "--rebuild"], env),
            stale,
        ], repeats)
    finally:
        with conn:
            conn.execute("UPDATE marks SET starred_at = NULL WHERE starred_at = ?", (STAR_MARK,))
            conn.execute("DELETE FROM ranking_models")
            conn.execute("DELETE FROM affinities")
        conn.close()
        shutil.rmtree(home, ignore_errors=True)
    base = f"floor {ms(floor)}"
    n = f"{sizes.store_papers:,}"
    return [
        Row(f"today --plain --no-fetch, {n} papers, {stars:,} stars (resumed day)", ms(resumed), base,
            resumed / floor, "<= 1.5x", "ranking on; nothing trained or scored"),
        Row(f"today --rebuild, {n} papers, {stars:,} stars, model cached", ms(cached), base,
            cached / floor, "<= 2.0x", "the morning after the cron fetch trained it"),
        Row(f"today --rebuild, {n} papers, {stars:,} stars, a star since the fetch", ms(fresh), base,
            fresh / floor, "", "trains on the stars + a 2,000-paper sample, rescores every candidate"),
    ]
