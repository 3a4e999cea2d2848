"""The model of the learned affinity: how much a paper resembles what the reader starred.

Pure (no I/O, no clock): `train` takes the reader's examples and a sample of the
library, `Model.affinity` scores one paper, `Model.explain` says why in words.

The method is Rocchio's relevance feedback on TF-IDF vectors, chosen by
measurement (benchmarks/bench_ranking.py, the issue #14 protocol): the mean of
the liked papers minus the mean of the library sample (and of the papers marked
"less like this") gives one weight per term. On the recorded announcement feed
it matched or beat arxiv-sanity-lite's TF-IDF + LinearSVC on precision at 11,
while training in one pass over the examples in pure Python (no numpy or
scikit-learn to import at start-up) and storing as a plain term -> weight map
that the store can cache.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from paperfeed.ranking.text import document_frequencies, idf_table, terms, tfidf

POSITIVE = "positive"  # a star, a note, an imported reference
NEGATIVE = "negative"  # "less like this"
READ = "read"  # read without a star: a weak negative, only when the config says so

BACKGROUND_WEIGHT = 1.0  # how much of the library's mean is taken away (measured: 0.5-2 similar)
NEGATIVE_WEIGHT = 1.0
READ_WEIGHT = 0.3
MAX_TERMS = 4000  # the model keeps its strongest terms; the protocol did not move with 2,000
MIN_DOCUMENTS = 2  # a term seen in one paper only tells nothing about a topic
MAX_SHARE = 0.1  # a term in over a tenth of the papers says nothing about a topic
PROFILE_TERMS = 40  # terms of each liked paper kept to find the closest one
TITLE_CHARS = 40


class Example(NamedTuple):
    """One paper the model learns from: a library paper or an imported reference."""

    id: str  # the paper id; empty for an imported reference with no arXiv id
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    kind: str = POSITIVE


class Liked(NamedTuple):
    """A liked paper as the model remembers it: to name the closest one on a card."""

    id: str
    title: str
    profile: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Model:
    """The trained model: term weights against the library, and the liked papers it names on cards."""

    weights: Mapping[str, float]
    idf: Mapping[str, float]
    scale: float  # the mean raw score of the liked papers: affinity 1.0 = "like your stars"
    liked: tuple[Liked, ...] = ()
    against: Mapping[str, float] = field(default_factory=dict)  # "less like this" (and reads)
    against_scale: float = 1.0
    _index: dict[str, list[tuple[int, float]]] = field(default_factory=dict, compare=False, repr=False)

    def vector(self, title: str, abstract: str, authors: Sequence[str]) -> dict[str, float]:
        return tfidf(terms(title, abstract, authors), self.idf)

    def affinity(self, title: str, abstract: str, authors: Sequence[str]) -> float:
        """About 1 for a paper like the liked ones, 0 for one unlike them, below 0 for
        one like the papers marked "less like this"."""
        return self.affinity_of(self.vector(title, abstract, authors))

    def affinity_of(self, vec: Mapping[str, float]) -> float:
        """Resembling the liked papers, minus resembling the disliked ones: each
        clipped at 0, since being unlike the stars is not the same as being disliked."""
        w, a = self.weights, self.against
        liked = sum(w.get(t, 0.0) * x for t, x in vec.items()) / self.scale
        disliked = sum(a.get(t, 0.0) * x for t, x in vec.items()) / self.against_scale if a else 0.0
        return max(0.0, liked) - max(0.0, disliked)

    def top_terms(self, vec: Mapping[str, float], n: int = 3) -> list[str]:
        """The terms that raised this paper's affinity most, as arxiv-sanity-lite shows them."""
        w = self.weights
        pushes = sorted(((w.get(t, 0.0) * x, t) for t, x in vec.items()), reverse=True)
        return [t.lstrip("@") for v, t in pushes[:n] if v > 0]

    def closest(self, vec: Mapping[str, float], skip: str = "") -> Liked | None:
        """The liked paper most similar to this one (cosine over their profiles)."""
        if not self.liked:
            return None
        if not self._index and any(x.profile for x in self.liked):
            for i, liked in enumerate(self.liked):
                for t, x in liked.profile.items():
                    self._index.setdefault(t, []).append((i, x))
        sims: defaultdict[int, float] = defaultdict(float)
        for t, x in vec.items():
            for i, y in self._index.get(t, ()):
                sims[i] += x * y
        for i in [i for i in sims if skip and self.liked[i].id == skip]:
            del sims[i]
        if not sims:
            return None
        best = max(sims, key=lambda i: (sims[i], -i))
        return self.liked[best] if sims[best] > 0 else None

    def explain(self, title: str, abstract: str, authors: Sequence[str]) -> tuple[str, ...]:
        """`like ★ 2408.06070 Scaling Rectified Flow…` and `terms: a, b, c`."""
        return self.explain_vector(self.vector(title, abstract, authors))

    def explain_vector(self, vec: Mapping[str, float], skip: str = "") -> tuple[str, ...]:
        reasons = []
        near = self.closest(vec, skip)
        if near is not None:
            reasons.append(f"like ★ {near.id + ' ' if near.id else ''}{shorten(near.title)}")
        top = self.top_terms(vec)
        if top:
            reasons.append("terms: " + ", ".join(top))
        return tuple(reasons)

    def to_json(self) -> dict[str, Any]:
        """The liked papers are stored as an inverted index (term -> [[paper, weight]]),
        which is what `closest` reads: decoding it is C speed, rebuilding it is not."""
        self.closest({})  # builds the index
        return {"weights": dict(self.weights), "idf": dict(self.idf), "scale": self.scale,
                "liked": [[x.id, x.title] for x in self.liked], "index": self._index,
                "against": dict(self.against), "against_scale": self.against_scale}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        liked = tuple(Liked(str(i), str(t), {}) for i, t in data["liked"])
        index = {t: [(int(i), float(x)) for i, x in postings] for t, postings in data["index"].items()}
        return cls(data["weights"], data["idf"], float(data["scale"]), liked,
                   against=data.get("against", {}), against_scale=float(data.get("against_scale", 1.0)),
                   _index=index)


def train(examples: Sequence[Example], background: Sequence[Example], *,
          reads_as_negative: bool = False) -> Model | None:
    """The model of these examples against the library sample; None without a liked paper.

    `background` is a sample of the whole library (labelled papers in it are
    ignored): it sets the IDF and is the "everything else" the liked papers are
    told apart from, as every unstarred paper is a negative for arxiv-sanity-lite.
    """
    labelled = {e.id for e in examples if e.id}
    pool = [e for e in background if e.id not in labelled]
    used = [e for e in examples if e.kind != READ or reads_as_negative]
    counts = [terms(e.title, e.abstract, e.authors) for e in (*used, *pool)]
    df, n = document_frequencies(counts)
    idf = idf_table(df, n, max_share=MAX_SHARE, min_count=min(MIN_DOCUMENTS, n))
    vectors = [tfidf(c, idf) for c in counts]
    groups: dict[str, list[dict[str, float]]] = defaultdict(list)
    for e, v in zip(used, vectors, strict=False):
        groups[e.kind].append(v)
    groups["background"] = vectors[len(used):]
    if not groups[POSITIVE]:
        return None
    weights = _distinctive(groups[POSITIVE], groups["background"], 1.0)
    dislikes = [*groups.get(NEGATIVE, []), *groups.get(READ, [])]
    factor = [NEGATIVE_WEIGHT] * len(groups.get(NEGATIVE, [])) + [READ_WEIGHT] * len(groups.get(READ, []))
    against = _distinctive(dislikes, groups["background"], 1.0, factor) if dislikes else {}
    liked = tuple(Liked(e.id, e.title, _profile(v)) for e, v in zip(used, vectors, strict=False)
                  if e.kind == POSITIVE)
    used_terms = set(weights) | set(against) | {t for x in liked for t in x.profile}
    return Model(weights, {t: round(v, 4) for t, v in idf.items() if t in used_terms or df[t] > 1},
                 _scale(weights, groups[POSITIVE]), liked, against,
                 _scale(against, dislikes) if dislikes else 1.0)


def _distinctive(group: Sequence[Mapping[str, float]], background: Sequence[Mapping[str, float]],
                 beta: float, factors: Sequence[float] | None = None) -> dict[str, float]:
    """Rocchio: the group's (weighted) mean minus `beta` times the library's mean,
    keeping the MAX_TERMS strongest terms."""
    weights: defaultdict[str, float] = defaultdict(float)
    total = sum(factors) if factors else len(group)
    for i, v in enumerate(group):
        share = (factors[i] if factors else 1.0) / total
        for t, x in v.items():
            weights[t] += x * share
    _add_mean(weights, background, -beta * BACKGROUND_WEIGHT)
    return dict(sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:MAX_TERMS])


def _scale(weights: Mapping[str, float], group: Sequence[Mapping[str, float]]) -> float:
    """The mean score of the group's own papers, each without its own share of the
    mean (leave one out): what an unseen paper like them would get."""
    share = 1.0 / len(group)
    raw = [sum((weights[t] - share * x) * x for t, x in v.items() if t in weights) for v in group]
    scale = sum(raw) / len(raw)
    return scale if scale > 0 else 1.0


def shorten(title: str, limit: int = TITLE_CHARS) -> str:
    """A title cut at a word boundary with an ellipsis: enough to recognise it."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] or title[:limit]
    return cut.rstrip(" ,.:;-") + "…"


def _add_mean(into: defaultdict[str, float], vectors: Sequence[Mapping[str, float]], factor: float) -> None:
    if not vectors:
        return
    share = factor / len(vectors)
    for v in vectors:
        for t, x in v.items():
            into[t] += x * share


def _profile(vec: Mapping[str, float]) -> dict[str, float]:
    top = sorted(vec.items(), key=lambda kv: -kv[1])[:PROFILE_TERMS]
    norm = math.sqrt(sum(x * x for _, x in top)) or 1.0
    return {t: round(x / norm, 4) for t, x in top}
