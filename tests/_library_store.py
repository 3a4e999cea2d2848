"""A small fixed library for the export and library-command tests.

Hostile titles, a Korean note, colliding citation keys, a paper without an
arXiv id, and marks at fixed times: the golden files in tests/golden/ are the
exports of exactly this store.
"""

from __future__ import annotations

from datetime import UTC, datetime

from paperfeed.models import Sighting
from paperfeed.store import Store

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)

HOSTILE_TITLE = (
    "Hostile # Heading? *bold* _under_ [link](http://evil.example) | pipe `code` "
    "<script>alert(1)</script>\nnewline {braces} 100% R&D back\\slash $x^2$ ~tilde"
)
LIQUID_TITLE = "1. Starts like a list: {{ site.title }} {% include secret %} - and > more"
KOREAN_NOTE = (
    "확산 모델의 샘플링 속도를 두 배로 높인다. 재현해 볼 것!\n"
    "\n"
    "# my heading stays inside the note\n"
    "```\n"
    "an unclosed fence"
)


def sighting(paper_id: str, title: str, **fields: object) -> Sighting:
    values: dict[str, object] = {
        "abs_url": f"https://arxiv.org/abs/{paper_id}",
        "pdf_url": f"https://arxiv.org/pdf/{paper_id}",
    } if ":" not in paper_id else {}
    values.update(fields)
    return Sighting(source=str(values.pop("source", "arxiv")), paper_id=paper_id, title=title,
                    seen_day=str(values.pop("seen_day", "2026-11-20")),
                    authoritative=True, **values)  # type: ignore[arg-type]


PAPERS: list[tuple[str, Sighting]] = [
    ("2026-11-19T06:00:00+00:00", sighting(
        "2408.06070", HOSTILE_TITLE, version=2, authors=("Ann Müller", "Bob O'Neil"),
        categories=("cs.CV", "cs.LG"), primary_category="cs.CV", published="2024-08-12T17:59:00Z",
        abstract="We show that R&D matters when a < b and b > c.\nSecond line with *stars*.",
        doi="10.1000/xyz{1}", code_url="https://github.com/example/hostile", code_stars=1234)),
    ("2026-11-19T06:00:00+00:00", sighting(
        "2409.00001", LIQUID_TITLE, authors=("Chen Wei",), categories=("cs.CL",),
        primary_category="cs.CL", published="2024-09-01T00:00:00Z",
        abstract="- looks like a list item\n> and a quote")),
    ("2026-11-20T06:00:00+00:00", sighting(
        "2409.00002", "Hostile Takeovers of Diffusion Models", authors=("Zoë Muller", "Dan Roe"),
        categories=("cs.LG",), primary_category="cs.LG", published="2024-09-02T00:00:00Z",
        abstract="Graph neural networks are mentioned only in this abstract.")),
    ("2026-11-21T06:00:00+00:00", sighting(
        "2409.00003", "Graph Neural Networks for Weather", authors=("Eve Park",),
        categories=("cs.LG", "physics.ao-ph"), primary_category="cs.LG",
        published="2024-09-03T00:00:00Z", abstract="Forecasts with message passing.")),
    ("2026-11-22T06:00:00+00:00", sighting(
        "huggingface:tiny-agents", "- A Paper Without an arXiv Id", source="huggingface",
        authors=("Smith, John", "Research and Development Team"),
        code_url="https://github.com/example/tiny-agents", code_stars=1, upvotes=12)),
    ("2026-11-23T06:00:00+00:00", sighting(
        "2411.00004", "Self-Supervised Learning with GPT-4 Features", authors=("Kim Minsu",),
        categories=("cs.CV",), primary_category="cs.CV", published="2024-11-01T00:00:00Z",
        abstract="Nothing starred here; the diffusion word appears in the abstract.")),
]

MARKS: dict[str, dict[str, str]] = {
    "2408.06070": {"starred_at": "2026-11-20T08:00:00+00:00", "note": KOREAN_NOTE},
    "2409.00001": {"starred_at": "2026-11-24T08:00:00+00:00",
                   "read_at": "2026-11-24T08:05:00+00:00"},
    "2409.00002": {"starred_at": "2026-11-22T08:00:00+00:00"},
    "2409.00003": {"read_at": "2026-11-25T07:00:00+00:00"},
    "huggingface:tiny-agents": {"starred_at": "2026-11-25T08:00:00+00:00", "note": "Short note."},
}


def fill(store: Store) -> Store:
    for seen_at, s in PAPERS:
        store.record([s], seen_at)
    for paper_id, marks in MARKS.items():
        store.set_mark(paper_id, **marks)  # type: ignore[arg-type]
    return store
