"""A trained model applied to library papers, as the digest's scoring asks for it.

The digest scores every candidate (a few thousand) but explains only the dozen it
shows. The fetch already scored and explained most of them under the same model
(their affinities and reasons are cached in the store), so the model itself is
only loaded, or trained, when a paper is missing from that cache.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperfeed.digest.candidate import Scorable

if TYPE_CHECKING:  # loaded only when a paper is missing from the cache (`Ranker.full`)
    from paperfeed.ranking.model import Model

DEFAULT_WEIGHT = 3.0  # an affinity of 1 ("like your stars"): under a title keyword, so both show
BEYOND_ONE = 0.5  # above 1, growth slows to this times log(raw): the order stays
FLOOR = -1.0  # "less like this" can sink a paper, not bury it under every other signal
EXPLAIN_FROM = 0.25  # below this, resemblance is too faint to be a reason


@dataclass(slots=True)
class Ranker:
    """The learned affinity of papers to the reader's library, with its reasons."""

    model: Model | None
    weight: float = DEFAULT_WEIGHT
    known: dict[str, float] = field(default_factory=dict)  # raw affinities cached at fetch time
    fingerprint: str = ""  # of the marks the model learned from, to cache what it computes
    known_reasons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    load: Callable[[], Model] | None = None  # gives the model when `model` is None
    liked: frozenset[str] = frozenset()  # the liked papers' ids: they are examples, not results
    _vectors: dict[str, dict[str, float]] = field(default_factory=dict)
    _computed: dict[str, float] = field(default_factory=dict)
    _explained: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def full(self) -> Model:
        if self.model is None:
            assert self.load is not None, "a Ranker needs a model or a way to load one"
            self.model = self.load()
        return self.model

    def raw(self, paper: Scorable) -> float:
        """The model's affinity, from the cache when the fetch already computed it."""
        value = self.known.get(paper.id)
        if value is None:
            value = self._computed.get(paper.id)
        if value is None:
            value = self._computed[paper.id] = round(self.full.affinity_of(self._vector(paper)), 6)
        return value

    def affinity(self, paper: Scorable) -> float:
        """About 1 for papers like the liked ones; above 1 it grows only logarithmically,
        so an extreme paper cannot outweigh every other signal, but the order is kept."""
        raw = self.raw(paper)
        return max(FLOOR, raw if raw <= 1.0 else 1.0 + BEYOND_ONE * math.log(raw))

    def points(self, paper: Scorable) -> float:
        """What the affinity adds to the digest score: nothing for a starred paper,
        which the model learned from and would otherwise push to the top of its own digest."""
        return 0.0 if paper.id in self.liked else self.weight * self.affinity(paper)

    def explain(self, paper: Scorable) -> tuple[str, ...]:
        """`like ★ ID Title…` and the top terms, when the resemblance is real."""
        if paper.id in self.liked or self.affinity(paper) < EXPLAIN_FROM:
            return ()  # a starred paper is its own reason
        found = self.known_reasons.get(paper.id) or self._explained.get(paper.id)
        if found is None:
            found = self._explained[paper.id] = self.full.explain_vector(self._vector(paper), skip=paper.id)
        return found

    def computed(self) -> dict[str, float]:
        """Affinities computed here and not cached yet: for the store to keep."""
        return dict(self._computed)

    def explained(self) -> dict[str, tuple[str, ...]]:
        return dict(self._explained)

    def _vector(self, paper: Scorable) -> dict[str, float]:
        vec = self._vectors.get(paper.id)
        if vec is None:
            vec = self._vectors[paper.id] = self.full.vector(paper.title, paper.abstract, paper.authors)
        return vec
