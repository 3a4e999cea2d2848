"""Hugging Face daily papers: community signals for arXiv papers, parsed pure on bytes.

`/api/daily_papers?date=YYYY-MM-DD&limit=100&p=N` lists the papers submitted to
Daily Papers that day. `paper.id` is the arXiv id; upvotes, GitHub repository and
stars, project page, AI summary and keywords are all optional, `numComments` is
top level. The top-level `publishedAt` is shifted by the US Eastern offset and is
ignored; the daily date is `paper.submittedOnDailyAt`, absent in the 2024 schema
(then the requested date is used). Titles may be hard-wrapped. A day's list keeps
growing after the day, so a daily run asks for `days_back` earlier days too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from paperfeed.config import HuggingfaceConfig
from paperfeed.errors import FetchError, InvalidIdError
from paperfeed.models import Sighting, parse_paper_id
from paperfeed.sources import OK, UNCHANGED, FetchResult, Window
from paperfeed.sources._common import explained, iso_timestamp, load_json, web_url
from paperfeed.sources.http import url_with
from paperfeed.text import one_line

if TYPE_CHECKING:
    from paperfeed.sources.http import HttpClient, Response

SOURCE = "huggingface"
PAGE_LIMIT = 100  # the API's largest page
HF_PAPER_URL = "https://huggingface.co/papers/{id}"
_LOCAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class DailyPage:
    sightings: tuple[Sighting, ...]
    items: int  # items in the answer, including any that named no paper


def parse_daily(data: bytes, *, day: str) -> DailyPage:
    """One page of a day's list; `day` is the date asked for."""
    items = item_list(data, "Hugging Face daily papers")
    found = (sighting_from_item(item, source=SOURCE, kind="daily", day=day) for item in items)
    return DailyPage(tuple(s for s in found if s is not None), len(items))


def item_list(data: bytes, what: str) -> list[Any]:
    """The JSON list of items, or a `FetchError` saying what came instead."""
    value = load_json(data, f"the {what} answer")
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("error"), str):
        raise FetchError(f"{what} answered with an error: {one_line(value['error'])[:200]}")
    raise FetchError(f"the answer is not a {what} list (got a JSON {type(value).__name__})")


def sighting_from_item(item: object, *, source: str, kind: str, day: str,
                       rank: int | None = None) -> Sighting | None:
    """One `{paper: {...}, numComments, ...}` item; None when it names no paper.

    Shared with the Papers with Code source, which reads the trending list of the same
    API. A paper without an arXiv id becomes `huggingface:<id>` whichever source saw
    it, so both sightings land on one row.
    """
    if not isinstance(item, dict) or not isinstance(item.get("paper"), dict):
        return None
    paper: dict[str, Any] = item["paper"]
    ids = _ids(paper.get("id"))
    if ids is None:
        return None
    paper_id, version, raw_id, is_arxiv = ids
    hf_url = HF_PAPER_URL.format(id=raw_id)
    details: dict[str, object] = {"hf_url": hf_url}
    if (page := web_url(paper.get("projectPage"))) is not None:
        details["project_page"] = page
    organization = paper.get("organization") or item.get("organization")
    if isinstance(organization, dict) and (org := one_line(_text(organization.get("fullname")))):
        details["organization"] = org
    daily = _text(paper.get("submittedOnDailyAt"))[:10]
    return Sighting(
        source=source,
        paper_id=paper_id,
        version=version,
        title=one_line(_text(paper.get("title")) or _text(item.get("title"))),
        seen_day=daily if _DAY.fullmatch(daily) else day,
        abstract=one_line(_text(paper.get("summary"))),
        authors=tuple(_authors(paper.get("authors"))),
        published=iso_timestamp(paper.get("publishedAt")),
        abs_url=f"https://arxiv.org/abs/{paper_id}" if is_arxiv else hf_url,
        pdf_url=f"https://arxiv.org/pdf/{paper_id}" if is_arxiv else None,
        code_url=web_url(paper.get("githubRepo")),
        code_stars=_count(paper.get("githubStars")),
        upvotes=_count(paper.get("upvotes")),
        comments=_count(item.get("numComments")),
        ai_summary=one_line(_text(paper.get("ai_summary"))) or None,
        ai_keywords=tuple(k for k in (one_line(_text(k)) for k in _list(paper.get("ai_keywords"))) if k),
        kind=kind,
        rank=rank,
        details=details,
    )


def _ids(value: object) -> tuple[str, int | None, str, bool] | None:
    """(paper id, version, the id as Hugging Face wrote it, whether it is arXiv's)."""
    raw = one_line(_text(value))
    try:
        found = parse_paper_id(raw)
    except InvalidIdError:
        if not _LOCAL_ID.fullmatch(raw):
            return None
        return f"{SOURCE}:{raw}", None, raw, False
    return found.id, found.version, raw, ":" not in found.id


def _authors(value: object) -> Iterator[str]:
    for author in _list(value):
        name = author.get("name") if isinstance(author, dict) else author
        if text := one_line(_text(name)):
            yield text


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _count(value: object) -> int | None:
    """A JSON integer that fits SQLite's INTEGER; a larger one would abort the store write."""
    if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
        return value
    return None


class HuggingfaceSource:
    name = SOURCE

    def __init__(self, config: HuggingfaceConfig) -> None:
        self.config = config

    def days(self, window: Window) -> list[date]:
        """Oldest first, so the newest sighting of a paper is merged last."""
        first = window.since or window.today - timedelta(days=self.config.days_back)
        return [first + timedelta(days=n) for n in range((window.today - first).days + 1)]

    def page_url(self, day: date, page: int) -> str:
        return url_with(self.config.url, {"date": day.isoformat(), "limit": PAGE_LIMIT, "p": page})

    def fetch(self, client: HttpClient, window: Window, etags: Mapping[str, str]) -> FetchResult:
        found: list[Sighting] = []
        new_etags: dict[str, str] = {}
        changed = False
        for day in self.days(window):
            for page in range(self.config.max_pages):
                url = self.page_url(day, page)
                answer = client.fetch(url, explained(SOURCE, _daily_check(day)), source=SOURCE,
                                      expect="json", etag=etags.get(url))
                if answer is None:  # 304: the page is as it was; go on if a next one was seen
                    if self.page_url(day, page + 1) in etags:
                        continue
                    break
                parsed, etag = answer
                changed = True
                if etag:
                    new_etags[url] = etag
                found += parsed.sightings
                if parsed.items < PAGE_LIMIT:
                    break
        if not changed:
            return FetchResult((), UNCHANGED)
        return FetchResult(tuple(found), OK, new_etags)


def _daily_check(day: date) -> Callable[[Response], tuple[DailyPage, str | None] | None]:
    def check(response: Response) -> tuple[DailyPage, str | None] | None:
        if response.not_modified:
            return None
        return parse_daily(response.body, day=day.isoformat()), response.validator
    return check
