"""Generated papers, and a cached store of N of them for the start-up, digest and search
benchmarks.

The text follows a Zipf vocabulary with a few planted terms whose share of papers is
known, so the search benchmark can ask for a rare term, a term in about 10% of
papers, a phrase and a prefix. Papers arrive over twenty years, a growing number a
day, in the order a real store would have seen them (rowid order = first_seen
order).

The store is built through the fastest honest path: the schema comes from the real
migrations (`Store(path)`), then rows go in with `executemany` in large
transactions with the FTS triggers live, journaling off while building (nothing to
lose: a failed build is deleted). The result is the file `record` would have
written, minus the cost of writing it one fetch at a time.

    python benchmarks/gen_store.py 1000000     # build (or reuse) benchmarks/.data/store-1000000-*.db
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import DATA, NOW

from paperfeed.models import Sighting
from paperfeed.store import Store, schema

GENERATOR_VERSION = 1
YEARS = 20
END_DAY = date.fromisoformat(NOW[:10])

# Planted terms and the share of papers that carry them.
RARE_TERM = "zeolite"  # about 0.01% of papers
COMMON_TERM = "diffusion"  # about 10%
COMMON_SHARE = 0.10
PHRASE = "large language model"  # about 3%, while each word alone is common
PHRASE_SHARE = 0.03
PREFIX_WORDS = ("transformer", "transformers", "transformation", "transformed")  # ~5%: transform*
PREFIX_SHARE = 0.05
QUERIES = {
    "rare term": RARE_TERM,
    "term in ~10%": COMMON_TERM,
    "phrase": f'"{PHRASE}"',
    "prefix": "transform*",
}



def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ML_WORDS = _words(
    "model learning network neural training data method results performance task propose "
    "approach show large language image deep based using framework novel state art experiments "
    "dataset datasets benchmark accuracy loss optimization gradient attention graph features "
    "representation supervised unsupervised reinforcement policy agent reward generative sampling "
    "inference efficient scalable robust adversarial detection segmentation classification "
    "regression embedding embeddings latent prior posterior bayesian convex stochastic theoretical "
    "analysis algorithm algorithms bound bounds convergence evaluation generalization fine tuning "
    "pretrained pretraining tokens token context retrieval reasoning vision visual video audio "
    "speech text multimodal alignment human feedback preference safety privacy federated"
)
_SYLLABLES = _words("ka ro mi ne tu sa lo vi de pa qu ze xo fi gu ha ja le mo nu ri so ta ve wi yo "
              "bra cle dri fro gla pli sto tre")
_FIRST = _words("Ada Alan Grace Edsger Barbara John Donald Frances Leslie Tim Yann Geoffrey Yoshua Fei "
          "Andrew Daphne Michael Jordan Li Wei Anna Maria Chen Hao Sara Omar Ivan Olga Kenji Aiko")
_LAST = _words("Lovelace Turing Hopper Dijkstra Liskov McCarthy Knuth Allen Lamport Berners-Lee LeCun Hinton "
         "Bengio Li Ng Koller Jordan Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Kim Park "
         "Singh Kumar Garcia Martinez Rossi Muller Schmidt Novak Ivanova Tanaka Sato")
_CATS = ("cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "eess.IV")


class _Vocabulary:
    def __init__(self, rng: random.Random, size: int = 30_000) -> None:
        words = list(_ML_WORDS)
        seen = set(words)
        while len(words) < size:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen and not w.startswith("transform"):
                seen.add(w)
                words.append(w)
        self.words = words
        total = 0.0
        self.cum: list[float] = []
        for rank in range(1, len(words) + 1):
            total += 1.0 / rank
            self.cum.append(total)

        # Slices of one long Zipf-distributed stream: as random as drawing each word,
        # at a fraction of the cost (a million abstracts are 150 million words).
        self.stream = rng.choices(self.words, cum_weights=self.cum, k=2_000_003)

    def sample(self, rng: random.Random, k: int) -> list[str]:
        start = rng.randrange(len(self.stream) - k)
        return self.stream[start:start + k]


def _plant(rng: random.Random, words: list[str], phrase: str, times: int) -> None:
    for _ in range(times):
        words.insert(rng.randrange(len(words) + 1), phrase)


def day_of(i: int, n: int) -> date:
    """The day paper `i` of `n` was first seen: a linear ramp over twenty years, so the
    last days see about twice the average (a few hundred a day at 1M)."""
    days = YEARS * 365
    # cumulative share of papers after t (0..1) of the span is t^2; invert it
    t = ((i + 0.5) / n) ** 0.5
    return END_DAY - timedelta(days=days - 1 - min(days - 1, int(t * days)))


def papers(n: int, seed: int = 8) -> Iterator[dict[str, Any]]:
    """`n` generated papers as plain values, oldest first."""
    rng = random.Random(seed)
    vocab = _Vocabulary(rng)
    rare_every = max(200, n // max(5, n // 10_000))
    per_month: dict[str, int] = {}
    for i in range(n):
        title = vocab.sample(rng, rng.randint(6, 12))
        abstract = vocab.sample(rng, rng.randint(110, 190))
        if rng.random() < COMMON_SHARE:
            _plant(rng, abstract, COMMON_TERM, rng.randint(1, 4))
            if rng.random() < 0.25:
                _plant(rng, title, COMMON_TERM, 1)
        if rng.random() < PHRASE_SHARE:
            _plant(rng, abstract, PHRASE, rng.randint(1, 2))
            if rng.random() < 0.2:
                _plant(rng, title, PHRASE, 1)
        if rng.random() < PREFIX_SHARE:
            _plant(rng, abstract, rng.choice(PREFIX_WORDS), rng.randint(1, 3))
        if i % rare_every == rare_every // 2:
            _plant(rng, abstract, RARE_TERM, 1)
        day = day_of(i, n)
        month = f"{day:%y%m}"
        per_month[month] = number = per_month.get(month, 0) + 1
        cats = rng.sample(_CATS, rng.randint(1, 3))
        seen = f"{day.isoformat()}T06:00:00+00:00"
        yield {
            "id": f"{month}.{number:05d}",
            "title": " ".join(title).capitalize(),
            "abstract": " ".join(abstract).capitalize() + ".",
            "authors": [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 6))],
            "categories": cats,
            "day": day.isoformat(),
            "seen": seen,
        }


def sighting(p: dict[str, Any]) -> Sighting:
    """The arXiv sighting that would have brought this paper in."""
    pid = p["id"]
    return Sighting(
        source="arxiv", paper_id=pid, version=1, title=p["title"], seen_day=p["day"],
        abstract=p["abstract"], authors=tuple(p["authors"]), categories=tuple(p["categories"]),
        primary_category=p["categories"][0], published=p["seen"],
        abs_url=f"https://arxiv.org/abs/{pid}v1", pdf_url=f"https://arxiv.org/pdf/{pid}v1",
        kind="new", authoritative=True,
    )


def row(p: dict[str, Any]) -> tuple[Any, ...]:
    """The stored `papers` row (columns in `schema.PAPER_COLUMNS` order)."""
    pid = p["id"]
    values = {
        "id": pid, "title": p["title"], "abstract": p["abstract"],
        "authors": json.dumps(p["authors"], ensure_ascii=False),
        "categories": json.dumps(p["categories"]), "primary_category": p["categories"][0],
        "version": 1, "published": p["seen"], "updated": None,
        "abs_url": f"https://arxiv.org/abs/{pid}v1", "pdf_url": f"https://arxiv.org/pdf/{pid}v1",
        "comment": None, "journal_ref": None, "doi": None, "code_url": None, "code_stars": None,
        "upvotes": None, "comments": None, "ai_summary": None, "ai_keywords": "[]",
        "first_seen": p["seen"], "last_seen": p["seen"], "sources": '["arxiv"]',
        "announce_type": "new", "trending_rank": None,
    }
    return tuple(values[c] for c in schema.PAPER_COLUMNS)


def sighting_row(p: dict[str, Any]) -> tuple[Any, ...]:
    return (p["id"], "arxiv", p["day"], p["seen"], "new", None, "{}")


PAPERS_INSERT = (f"INSERT INTO papers ({', '.join(schema.PAPER_COLUMNS)})"
                 f" VALUES ({', '.join('?' * len(schema.PAPER_COLUMNS))})")
SIGHTINGS_INSERT = ("INSERT INTO sightings (paper_id, source, day, seen_at, kind, rank, details)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)")


def store_path(n: int) -> Path:
    """Where the store of `n` papers is cached; the name changes with this generator."""
    return DATA / f"store-{n}-g{GENERATOR_VERSION}.db"


def ensure_store(n: int, *, verbose: bool = False) -> Path:
    """The cached store of `n` papers, built if missing. A cached store gets the
    migrations added since it was built by opening it, as a user's store would."""
    path = store_path(n)
    if path.exists():
        Store(path).close()
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    for old in DATA.glob(f"store-{n}-*.db*"):
        old.unlink()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        build(tmp, n, verbose=verbose)
        tmp.rename(path)
    finally:
        tmp.unlink(missing_ok=True)
        for extra in ("-wal", "-shm"):
            Path(str(tmp) + extra).unlink(missing_ok=True)
    if verbose:
        print(f"built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def build(path: Path, n: int, *, verbose: bool = False) -> None:
    Store(path).close()  # the schema, through the real migrations
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    rng = random.Random(n)
    batch: list[dict[str, Any]] = []
    read_before = (END_DAY - timedelta(days=3)).isoformat()

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany(PAPERS_INSERT, [row(p) for p in batch])
        conn.executemany(SIGHTINGS_INSERT, [sighting_row(p) for p in batch])
        # the user's own history: most older papers were shown, some read, a few starred
        marks = []
        for p in batch:
            if p["day"] < read_before and rng.random() < 0.3:
                read = p["seen"] if rng.random() < 0.3 else None
                star = p["seen"] if rng.random() < 0.05 else None
                marks.append((p["id"], read, star, None, p["seen"]))
        conn.executemany("INSERT INTO marks (paper_id, read_at, starred_at, note, shown_at)"
                         " VALUES (?, ?, ?, ?, ?)", marks)
        conn.execute("COMMIT")
        batch.clear()

    for i, p in enumerate(papers(n)):
        batch.append(p)
        if len(batch) == 20_000:
            flush()
            if verbose:
                print(f"  {i + 1:,} papers", file=sys.stderr)
    if batch:
        flush()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


if __name__ == "__main__":
    print(ensure_store(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000, verbose=True))
