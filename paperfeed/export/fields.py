"""What a template sees of a paper: every field docs/templates.md lists, ready to print (pure).

Remote text stays as the store holds it (a plain `str`), because the template
environment escapes every plain string it prints (`export.template`). What
paperfeed has already made safe arrives as `template.Safe`: links, which went through
`markdown.url` (http(s) only, percent-encoded for `(...)`), and the user's own
note, which is their Markdown and is kept as they wrote it.

Times come twice: the store's UTC timestamp (`starred_at`) and the local calendar
day it fell on (`starred_on`), since a blog post is dated by the reader's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import quote

from paperfeed.config.summaries import language_name
from paperfeed.export import markdown, paper_date
from paperfeed.export.markdown import url
from paperfeed.export.template import Safe
from paperfeed.models import Paper
from paperfeed.text import clean, one_line

LINKS = ("arxiv", "hf", "pdf")
HF_PAPER = "https://huggingface.co/papers/"


@dataclass(frozen=True, slots=True)
class PaperView:
    id: str
    title: str  # one line; the id when the paper has no title
    authors: tuple[str, ...]
    abstract: str
    title_md: Safe  # the title as Markdown, with arXiv's inline math kept as $TeX$
    abstract_md: Safe
    affiliations: tuple[str, ...]  # parallel to authors, "" where none is known
    categories: tuple[str, ...]
    primary_category: str | None
    date: str | None  # the paper's own day: published, else first seen
    link: Safe | None  # the main link, as chosen by --link
    abs_url: Safe | None
    pdf_url: Safe | None
    hf_url: Safe | None
    code_url: Safe | None
    doi: str | None
    doi_url: Safe | None  # https://doi.org/ + the DOI
    journal_ref: str | None  # the journal, for a paper from a publisher's feed
    code_stars: int | None
    upvotes: int | None
    comments: int | None
    trending_rank: int | None
    ai_summary: str | None
    ai_keywords: tuple[str, ...]
    note: Safe | None
    read: bool
    starred: bool
    read_at: str | None
    starred_at: str | None
    shown_at: str | None
    read_on: str | None
    starred_on: str | None
    shown_on: str | None  # the day of the digest that first showed it, if one did
    reasons: tuple[str, ...]  # why that digest chose it ("keyword: diffusion", ...)
    summary: str | None  # the stored summary in the configured language (`--summaries`)
    summary_model: str | None  # the model that wrote it
    summary_language: str | None  # the language's English name ("Korean")


def view(paper: Paper, *, link: str = "arxiv", zone: tzinfo | None = None,
         shown_on: str | None = None, reasons: tuple[str, ...] = ()) -> PaperView:
    """`paper` as templates see it; `zone` turns mark times into local days."""
    marks, made = paper.marks, paper.summary
    note = clean(marks.note) if marks.note and marks.note.strip() else ""
    links = {"abs": _safe_url(paper.abs_url), "pdf": _safe_url(paper.pdf_url),
             "hf": _safe_url(hf_url(paper))}
    return PaperView(
        id=paper.id, title=one_line(paper.title) or paper.id, authors=paper.authors,
        abstract=paper.abstract, categories=paper.categories,
        title_md=Safe(markdown.text(paper.title, paper.title_tex) or markdown.escape(paper.id)),
        abstract_md=Safe(markdown.text(paper.abstract, paper.abstract_tex)),
        affiliations=paper.affiliations or ("",) * len(paper.authors),
        primary_category=paper.primary_category or (paper.categories[0] if paper.categories else None),
        date=paper_date(paper), link=main_link(links, link),
        abs_url=links["abs"], pdf_url=links["pdf"], hf_url=links["hf"],
        code_url=_safe_url(paper.code_url), doi=paper.doi, doi_url=doi_url(paper.doi),
        journal_ref=paper.journal_ref, code_stars=paper.code_stars,
        upvotes=paper.upvotes, comments=paper.comments, trending_rank=paper.trending_rank,
        ai_summary=paper.ai_summary, ai_keywords=paper.ai_keywords,
        note=Safe(note) if note else None,  # the user's own Markdown, kept as written
        read=marks.read, starred=marks.starred, read_at=marks.read_at,
        starred_at=marks.starred_at, shown_at=marks.shown_at,
        read_on=local_day(marks.read_at, zone), starred_on=local_day(marks.starred_at, zone),
        shown_on=shown_on or local_day(marks.shown_at, zone), reasons=reasons,
        summary=made.text if made else None, summary_model=one_line(made.model) if made else None,
        summary_language=language_name(made.language) if made else None,
    )


def hf_url(paper: Paper) -> str | None:
    """The Hugging Face paper page, which exists for arXiv papers (ids without a source prefix)."""
    return None if ":" in paper.id else HF_PAPER + paper.id


def doi_url(doi: str | None) -> Safe | None:
    return _safe_url("https://doi.org/" + quote(one_line(doi), safe="/")) if doi else None


def main_link(links: dict[str, Safe | None], choice: str) -> Safe | None:
    """Where the title links: the chosen page, else the abstract page (arxiv: that page or none)."""
    first = {"arxiv": "abs", "hf": "hf", "pdf": "pdf"}[choice]
    return links[first] or links["abs"]


def local_day(stamp: str | None, zone: tzinfo | None) -> str | None:
    """The calendar day a stored UTC timestamp fell on in `zone` (None: the stamp's own day)."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:10]
    return (moment.astimezone(zone) if zone is not None else moment).date().isoformat()


def _safe_url(value: str | None) -> Safe | None:
    safe = url(value)
    return Safe(safe) if safe else None  # markdown.url made it safe inside (...)
