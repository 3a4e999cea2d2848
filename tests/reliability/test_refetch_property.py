"""Randomized refetch: any interleaving of fetches of overlapping data with mark,
unmark and note operations ends with exactly the marks and notes the operations set.

A hypothesis state machine drives the real store: fetches from every source with
changing titles, versions and signals (arXiv replacements included), stars, reads,
notes and their removal, and reopening the file the way a second process would.
A model of what the user did is compared with the store after every step.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from paperfeed.errors import NotFoundError
from paperfeed.models import Sighting
from paperfeed.store import Store

from .support import memory_tmpdir

IDS = [f"2411.{17700 + i:05d}" for i in range(8)]
SOURCES = ("arxiv", "huggingface", "paperswithcode")
notes = st.text(max_size=40).filter(lambda t: t != "")
ids = st.sampled_from(IDS)


@dataclass
class Expected:
    read_at: str | None = None
    starred_at: str | None = None
    note: str | None = None


@st.composite
def sightings(draw: st.DrawFn) -> list[Sighting]:
    source = draw(st.sampled_from(SOURCES))
    chosen = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    out = []
    for pid in chosen:
        out.append(Sighting(
            source=source, paper_id=pid, version=draw(st.integers(1, 4)),
            title=draw(st.sampled_from(["A title", "A revised title", "Third take"])) + f" {pid}",
            seen_day=draw(st.sampled_from(["2026-11-24", "2026-11-25", "2026-11-26"])),
            abstract=draw(st.sampled_from(["", "Short.", "Longer abstract with R&D <b>."])),
            authors=("Ada Lovelace",), upvotes=draw(st.none() | st.integers(0, 500)),
            kind={"arxiv": draw(st.sampled_from(["new", "cross", "replace"])),
                  "huggingface": "daily", "paperswithcode": "trending"}[source],
            rank=draw(st.none() | st.integers(1, 50)), authoritative=source == "arxiv",
            update_only=source == "arxiv" and draw(st.booleans()),
        ))
    return out


class RefetchMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = memory_tmpdir("paperfeed-refetch-")
        self.db = self.dir / "paperfeed.db"
        self.store = Store(self.db)
        self.known: set[str] = set()
        self.expected: dict[str, Expected] = {}
        self.clock = 0

    def now(self) -> str:
        self.clock += 1
        return f"2026-11-26T{6 + self.clock // 3600 % 18:02d}:{self.clock // 60 % 60:02d}:" \
               f"{self.clock % 60:02d}+00:00"

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(batch=sightings())
    def fetch(self, batch: list[Sighting]) -> None:
        self.store.record(batch, self.now())
        self.known |= {s.paper_id for s in batch if not s.update_only}
        self.known |= {s.paper_id for s in batch if s.update_only and s.paper_id in self.known}

    def _mark(self, pid: str, **values: str | None) -> None:
        if pid not in self.known:
            with pytest.raises(NotFoundError):
                self.store.set_mark(pid, **values)  # type: ignore[arg-type]
            return
        self.store.set_mark(pid, **values)  # type: ignore[arg-type]
        exp = self.expected.setdefault(pid, Expected())
        for key, value in values.items():
            setattr(exp, key, value)

    @rule(pid=ids)
    def star(self, pid: str) -> None:
        self._mark(pid, starred_at=self.now())

    @rule(pid=ids)
    def unstar(self, pid: str) -> None:
        self._mark(pid, starred_at=None)

    @rule(pid=ids)
    def read(self, pid: str) -> None:
        self._mark(pid, read_at=self.now())

    @rule(pid=ids)
    def unread(self, pid: str) -> None:
        self._mark(pid, read_at=None)

    @rule(pid=ids, text=notes)
    def note(self, pid: str, text: str) -> None:
        self._mark(pid, note=text)

    @rule(pid=ids)
    def clear_note(self, pid: str) -> None:
        self._mark(pid, note=None)

    @precondition(lambda self: bool(self.known))
    @rule(data=st.data())
    def shown(self, data: st.DataObject) -> None:
        chosen = data.draw(st.lists(st.sampled_from(sorted(self.known)), max_size=4))
        self.store.mark_shown(chosen, self.now())  # must never touch read, star or note

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store(self.db)

    @invariant()
    def marks_are_exactly_what_the_user_set(self) -> None:
        for pid in IDS:
            paper = self.store.get(pid)
            if pid not in self.known:
                assert paper is None
                continue
            assert paper is not None
            exp = self.expected.get(pid, Expected())
            got = paper.marks
            assert (got.read_at, got.starred_at, got.note) == (exp.read_at, exp.starred_at, exp.note), pid


RefetchMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_refetch_keeps_exactly_the_marks_set = RefetchMachine.TestCase


class LongRefetchMachine(RefetchMachine):
    pass


LongRefetchMachine.TestCase.settings = settings(
    max_examples=300, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_long_refetch_keeps_exactly_the_marks_set = pytest.mark.timeout(900)(
    pytest.mark.slow(LongRefetchMachine.TestCase))
