"""`paperfeed today --demo`: a sample day in a throwaway store, so anyone can try paperfeed offline.

The papers in `demo_papers.json` were written for the project (invented titles,
authors and abstracts; links point at example.org): nothing is copied from arXiv.
They are recorded through the same `Store.record` path as fetched papers, into a
database in a temporary directory that is deleted afterwards, so the user's own
store is never opened, let alone touched.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperfeed.clock import iso
from paperfeed.config import Config
from paperfeed.models import Sighting

if TYPE_CHECKING:
    from paperfeed.store import Store

DEMO_KEYWORDS = ["diffusion", "large language model"]


def load_papers() -> list[dict[str, Any]]:
    data = json.loads(resources.files("paperfeed").joinpath("demo_papers.json").read_text("utf-8"))
    papers: list[dict[str, Any]] = data["papers"]
    return papers


def sightings(now: datetime) -> dict[str, list[Sighting]]:
    """The sample day as each source would have reported it, announced yesterday."""
    day = (now - timedelta(days=1)).date().isoformat()
    published = iso(now - timedelta(days=1, hours=6))
    by_source: dict[str, list[Sighting]] = {"arxiv": [], "huggingface": [], "paperswithcode": []}
    for p in load_papers():
        pid = p["id"]
        by_source["arxiv"].append(Sighting(
            source="arxiv", paper_id=pid, title=p["title"], seen_day=day, version=p["version"],
            abstract=p["abstract"], authors=tuple(p["authors"]), categories=tuple(p["categories"]),
            primary_category=p["primary_category"], published=published, updated=published,
            abs_url=f"https://example.org/paperfeed-demo/abs/{pid}",
            pdf_url=f"https://example.org/paperfeed-demo/pdf/{pid}",
            comment=p.get("comment"), kind=p["announce_type"], authoritative=True,
        ))
        hf = p.get("huggingface")
        if hf:
            by_source["huggingface"].append(Sighting(
                source="huggingface", paper_id=pid, title=p["title"], seen_day=day,
                upvotes=hf.get("upvotes"), comments=hf.get("comments"),
                ai_summary=hf.get("ai_summary"), kind="daily",
            ))
        code = p.get("code")
        if code:
            by_source["paperswithcode"].append(Sighting(
                source="paperswithcode", paper_id=pid, title=p["title"], seen_day=day,
                code_url=code["url"], code_stars=code.get("stars"),
                rank=code.get("trending_rank"), kind="trending" if code.get("trending_rank") else "listed",
            ))
    return by_source


def fill(store: Store, now: datetime) -> None:
    """Record the sample day in `store`, with a successful fetch run per source."""
    when = iso(now - timedelta(minutes=5))
    for source, found in sightings(now).items():
        counts = store.record(found, when)
        store.record_run(source=source, started_at=when, finished_at=when, status="ok",
                         new=counts.new, updated=counts.updated)


@contextmanager
def demo_store(now: datetime) -> Iterator[Store]:
    """A store holding only the sample day, deleted when the block ends."""
    from paperfeed.store import Store

    with tempfile.TemporaryDirectory(prefix="paperfeed-demo-") as folder:
        store = Store(Path(folder) / "demo.db")
        try:
            fill(store, now)
            yield store
        finally:
            store.close()


def demo_config(config: Config) -> Config:
    """The user's config, with sample interests when they have none, so reasons show."""
    if config.interests.keywords:
        return config
    return config._replace(interests=config.interests._replace(keywords=list(DEMO_KEYWORDS)))
