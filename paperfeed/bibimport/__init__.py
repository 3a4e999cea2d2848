"""Use case: `paperfeed import FILE`, a warm start for the learned ranking.
May import: core, the store and sources; never a screen.

References with an arXiv id are looked up through the arXiv API in batches of a
hundred (`id_list`, paced by the HTTP policy like every API call), stored and
starred; the rest train the model from their own title and abstract without
becoming papers of the library. Importing the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from paperfeed.bibimport.parse import Parsed, Reference, parse
from paperfeed.clock import iso
from paperfeed.config import Config
from paperfeed.errors import NotFoundError, UsageError
from paperfeed.text import plural

if TYPE_CHECKING:
    from paperfeed.sources.http import HttpClient
    from paperfeed.store import Store

__all__ = ["Report", "read", "run"]


@dataclass(frozen=True, slots=True)
class Report:
    references: int
    matched: int  # had an arXiv id already in the library
    looked_up: int  # fetched from the arXiv API
    starred: int  # newly starred (starring again keeps the first star)
    training_only: int  # new training examples (no arXiv id, or arXiv does not know it)
    skipped: tuple[str, ...]

    def line(self) -> str:
        return (f"{plural(self.references, 'reference')}: {self.matched} matched in the library, "
                f"{self.looked_up} looked up on arXiv, {self.starred} newly starred, "
                f"{self.training_only} used only for training, {len(self.skipped)} skipped")


def read(path: Path) -> Parsed:
    """The references of a file, or one line saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"no file {path}; give the path of a .bib, CSL JSON or id-list file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}; check its permissions") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older .bib files; every byte decodes
    return parse(text)


def run(store: Store, config: Config, path: Path, now: datetime, *,
        client: HttpClient | None = None) -> Report:
    parsed = read(path)
    refs = parsed.references
    ids = list(dict.fromkeys(r.arxiv_id for r in refs if r.arxiv_id))
    present = {p.id for p in store.papers(ids)}
    missing = [i for i in ids if i not in present]
    looked_up = _lookup(store, config, missing, now, client) if missing else set()
    starred = 0
    for paper in store.papers([i for i in ids if i in present or i in looked_up]):
        if not paper.marks.starred:
            store.set_mark(paper.id, starred_at=iso(now))
            starred += 1
    known = present | looked_up
    training = [r for r in refs if r.title and (r.arxiv_id is None or r.arxiv_id not in known)]
    added = store.add_training_examples([_row(r) for r in training], iso(now))
    return Report(len(refs), len(present), len(looked_up), starred, added, parsed.skipped)


def _lookup(store: Store, config: Config, ids: list[str], now: datetime,
            client: HttpClient | None) -> set[str]:
    from paperfeed.sources import http
    from paperfeed.sources.arxiv import ArxivSource

    source = ArxivSource(config.sources.arxiv)
    if client is None:
        with http.make_client(config.fetch) as own:
            sightings = source.lookup(own, ids, now.date())
    else:
        sightings = source.lookup(client, ids, now.date())
    wanted = set(ids)
    found = [s for s in sightings if s.paper_id in wanted]
    store.record(found, iso(now))
    return {s.paper_id for s in found}


def _row(ref: Reference) -> tuple[str, str, str, tuple[str, ...]]:
    return (ref.arxiv_id or ref.key, ref.title, ref.abstract, ref.authors)
