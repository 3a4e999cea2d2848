"""Papers with Code: papers that come with code, from PwC's successor or its old API.

Papers with Code was shut down in July 2025; every URL of it, the API included, now
redirects to Hugging Face's trending papers, its announced successor. So by default
(`format = "hf-trending"`) this source reads `daily_papers?sort=trending&limit=100`
and keeps the papers that have code (a `githubRepo`, or a project page on
github.com), with the repository, its stars and the trending rank as signals.

`format = "pwc-v1"` reads the historical v1 JSON (`{count, next, results}`, items
with `arxiv_id`, `url_abs`, `url_pdf`, `authors`, `published`) from a server that
still speaks it, following `next` up to `max_pages`, only on the same server. A
single paper object parses too. A redirect to an HTML page, which is what
paperswithcode.com answers today, is a `ServiceRetiredError` saying what to configure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from paperfeed.config import HF_DAILY_URL, PaperswithcodeConfig
from paperfeed.errors import FetchError, InvalidIdError, ServiceRetiredError
from paperfeed.models import Sighting, parse_paper_id
from paperfeed.sources import OK, UNCHANGED, FetchResult, Window
from paperfeed.sources._common import explained, load_json, origin, web_url
from paperfeed.sources.http import ContentError, url_with
from paperfeed.sources.huggingface import PAGE_LIMIT, item_list, sighting_from_item
from paperfeed.text import one_line

if TYPE_CHECKING:
    from paperfeed.sources.http import HttpClient, Response

SOURCE = "paperswithcode"
RETIRED = (
    "Papers with Code was retired in July 2025 ({url} now leads to the web page {final}); "
    'set sources.paperswithcode.format = "hf-trending" and url = "' + HF_DAILY_URL + '"'
)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_trending(data: bytes, *, day: str) -> tuple[Sighting, ...]:
    """The trending papers that have code; `rank` is the 1-based place in the list."""
    items = item_list(data, "Hugging Face trending papers")
    found = []
    for rank, item in enumerate(items, start=1):
        s = sighting_from_item(item, source=SOURCE, kind="trending", day=day, rank=rank)
        if s is None:
            continue
        code = s.code_url or _github_page(s.details.get("project_page"))
        if code is not None:
            found.append(_with_code(s, code, day))
    return tuple(found)


def _with_code(s: Sighting, code: str, day: str) -> Sighting:
    # A trending list is of today, whatever day the paper was first submitted.
    return s._replace(code_url=code, seen_day=day)


def _github_page(value: object) -> str | None:
    url = web_url(value)
    if url is None:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # 'https://[': an unclosed IPv6 bracket
        return None
    return url if host in ("github.com", "www.github.com") else None


@dataclass(frozen=True, slots=True)
class PwcPage:
    sightings: tuple[Sighting, ...]
    next_url: str | None
    count: int | None


def parse_pwc_page(data: bytes, *, day: str) -> PwcPage:
    """A v1 `/papers/` page (`{count, next, results}`), or one v1 paper object."""
    value = load_json(data, "the Papers with Code answer")
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        results: list[Any] = value["results"]
        papers = [r for r in results if _is_paper(r)]
        if results and not papers:
            raise FetchError("the Papers with Code answer lists no papers (methods, results, "
                             "repositories or datasets?); point sources.paperswithcode.url at "
                             "the /api/v1/papers/ list")
        sightings = tuple(s for s in (_v1_sighting(p, day) for p in papers) if s is not None)
        count = value.get("count")
        return PwcPage(sightings, web_url(value.get("next")),
                       count if isinstance(count, int) and not isinstance(count, bool) else None)
    if _is_paper(value):
        s = _v1_sighting(value, day)
        return PwcPage((s,) if s else (), None, 1)
    if isinstance(value, dict) and isinstance(value.get("detail"), str):
        # Django REST framework's error body: `{"detail": "Not found."}` with a 404.
        raise FetchError(f"Papers with Code answered with an error: {one_line(value['detail'])[:200]}")
    raise FetchError(f"the answer is not a Papers with Code v1 paper list "
                     f"(got a JSON {type(value).__name__})")


def _is_paper(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("title"), str) and (
        "arxiv_id" in value or "url_abs" in value)


def _v1_sighting(paper: dict[str, Any], day: str) -> Sighting | None:
    arxiv_id = paper.get("arxiv_id")
    paper_id = version = None
    if isinstance(arxiv_id, str) and arxiv_id.strip():
        try:
            found = parse_paper_id(arxiv_id)
            paper_id, version = found.id, found.version
        except InvalidIdError:
            paper_id = None
    if paper_id is None:
        slug = paper.get("id")
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
            return None
        paper_id = f"{SOURCE}:{slug}"
    published = paper.get("published")
    authors = paper.get("authors")
    details = {k: one_line(paper[k]) for k in ("id", "conference", "proceeding")
               if isinstance(paper.get(k), str)}
    return Sighting(
        source=SOURCE,
        paper_id=paper_id,
        version=version,
        title=one_line(paper["title"]),
        seen_day=day,
        abstract=one_line(paper.get("abstract") if isinstance(paper.get("abstract"), str) else ""),
        authors=tuple(a for a in (one_line(x) for x in (authors if isinstance(authors, list) else [])
                                  if isinstance(x, str)) if a),
        published=published if isinstance(published, str) and _DAY.fullmatch(published) else None,
        abs_url=web_url(paper.get("url_abs")),
        pdf_url=web_url(paper.get("url_pdf")),
        kind="listed",
        details=details,
    )


class PaperswithcodeSource:
    name = SOURCE

    def __init__(self, config: PaperswithcodeConfig) -> None:
        self.config = config

    def fetch(self, client: HttpClient, window: Window, etags: Mapping[str, str]) -> FetchResult:
        day = window.today.isoformat()
        try:
            if self.config.format == "pwc-v1":
                return self._v1(client, day, etags)
            return self._trending(client, day, etags)
        except ContentError as exc:
            if exc.is_html and (exc.redirected or "paperswithcode.com" in exc.url):
                raise ServiceRetiredError(RETIRED.format(url=exc.url, final=exc.final_url),
                                          source=SOURCE, url=exc.url) from exc
            raise

    def trending_url(self) -> str:
        return url_with(self.config.url, {"sort": "trending", "limit": PAGE_LIMIT})

    def _trending(self, client: HttpClient, day: str, etags: Mapping[str, str]) -> FetchResult:
        url = self.trending_url()

        def check(response: Response) -> tuple[tuple[Sighting, ...], str | None] | None:
            if response.not_modified:
                return None
            return parse_trending(response.body, day=day), response.validator

        answer = client.fetch(url, explained(SOURCE, check), source=SOURCE, expect="json",
                              etag=etags.get(url))
        if answer is None:
            return FetchResult((), UNCHANGED)
        sightings, etag = answer
        return FetchResult(sightings, OK, {url: etag} if etag else {}, ranking=True)

    def _v1(self, client: HttpClient, day: str, etags: Mapping[str, str]) -> FetchResult:
        def check(response: Response) -> tuple[PwcPage, str | None] | None:
            if response.not_modified:
                return None
            return parse_pwc_page(response.body, day=day), response.validator

        url: str | None = self.config.url
        home = origin(self.config.url)
        found: list[Sighting] = []
        new_etags: dict[str, str] = {}
        changed = False
        for _ in range(self.config.max_pages):
            if url is None or origin(url) != home:
                break  # never follow `next` to another server than the one configured
            answer = client.fetch(url, explained(SOURCE, check), source=SOURCE, expect="json",
                                  etag=etags.get(url))
            if answer is None:
                break
            page, etag = answer
            changed = True
            if etag:
                new_etags[url] = etag
            found += page.sightings
            url = page.next_url
        if not changed:
            return FetchResult((), UNCHANGED)
        return FetchResult(tuple(found), OK, new_etags)

