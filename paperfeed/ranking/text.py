"""Turning a paper into weighted terms: the features every ranking method shares.

Words of two letters or more (accents folded, English stop words dropped), the
bigrams of adjacent kept words, and each author as one `@name` term, so that a
followed group's new paper resembles its old ones. The title counts twice: it is
the author's own summary of the abstract.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

_WORD = re.compile(r"[a-z][a-z0-9_]+")
TITLE_REPEAT = 2

_STOP_TEXT = """
a about above across after again against all almost along already also although always am
among an and another any anyone anything are around as at be became because become been
before being below between both but by can cannot could did do does doing done down during
each either else enough etc even ever every few first for from further get give given gives
had has have having he her here hers him his how however i if in into is it its itself just
least less made make many may me might more most much must my neither no nor not now of off
often on once one only onto or other others otherwise our ours out over own per perhaps
please rather same see seem seems several she should show shows shown since so some still
such than that the their them themselves then there therefore these they this those though
through thus to together too toward towards two under until up upon us use used uses using
very via was we well were what whatever when where whereas whether which while who whole
whom whose why will with within without would yet you your paper propose proposed
approach method methods results result new based also show novel work
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def fold(text: str) -> str:
    """Lower case without accents: `Schrödinger` and `Schrodinger` are one term."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text.lower()


def words(text: str) -> list[str]:
    """The kept words of `text` and the bigrams of neighbours, in order."""
    tokens = [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS]
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def author_term(name: str) -> str:
    return "@" + " ".join(fold(name).replace(".", " ").split())


def terms(title: str, abstract: str, authors: Sequence[str]) -> Counter[str]:
    """Raw term counts of one paper (title repeated, authors as `@name`)."""
    counts = Counter(words(abstract))
    for _ in range(TITLE_REPEAT):
        counts.update(words(title))
    counts.update(author_term(a) for a in authors if a.strip())
    return counts


def document_frequencies(docs: Iterable[Mapping[str, float]]) -> tuple[Counter[str], int]:
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        df.update(doc.keys())
        n += 1
    return df, n


def idf_table(df: Mapping[str, int], n: int, *, max_share: float = 0.1,
              min_count: int = 1) -> dict[str, float]:
    """Smoothed idf, dropping terms too common to tell topics apart (in > `max_share` of papers)."""
    limit = max(2.0, max_share * n)
    return {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items() if min_count <= c <= limit}


def tfidf(counts: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    """Sublinear tf times idf, L2-normalised; unknown terms are dropped."""
    vec = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items() if t in idf}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}
