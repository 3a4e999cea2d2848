"""The library commands' logic, testable without a terminal: ids, marks, notes, links.

Every id a user pastes goes through `models.parse_paper_id`, so `2408.06070v2`,
`arXiv:2408.06070` and an abs or pdf URL all name the same paper. Commands that
take several ids check all of them before changing anything: a typo in the third
id never leaves the first two starred and the rest not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from paperfeed.errors import NotFoundError, UsageError
from paperfeed.models import Paper, parse_paper_id
from paperfeed.text import clean

if TYPE_CHECKING:
    from paperfeed.store import Store
    from paperfeed.store.queries import SearchHit

ACTIONS = {  # action: (the mark it changes, whether it sets or clears it)
    "star": ("starred_at", True),
    "unstar": ("starred_at", False),
    "read": ("read_at", True),
    "unread": ("read_at", False),
}
_PAST = {"star": "starred", "unstar": "unstarred", "read": "marked read", "unread": "marked unread"}


def find(store: Store, raw_id: str) -> Paper:
    """The stored paper `raw_id` names, in any id form; NotFoundError if there is none."""
    paper_id = parse_paper_id(raw_id).id
    paper = store.get(paper_id)
    if paper is None:
        raise NotFoundError(f"no paper {paper_id} in the store; find it with 'paperfeed search' "
                            "or 'paperfeed list', or run 'paperfeed fetch'")
    return paper


def find_all(store: Store, raw_ids: Iterable[str]) -> list[Paper]:
    papers: dict[str, Paper] = {}
    for raw in raw_ids:
        paper = find(store, raw)
        papers.setdefault(paper.id, paper)
    return list(papers.values())


def apply(store: Store, action: str, raw_ids: Iterable[str], now: str) -> list[str]:
    """Mark the papers; return one line per paper saying what happened.

    Starring or reading again keeps the first time: the export orders stars by it.
    """
    column, on = ACTIONS[action]
    lines = []
    for paper in find_all(store, raw_ids):
        current = getattr(paper.marks, column)
        if (current is not None) == on:
            lines.append(f"{paper.id} was already {_PAST[action].removeprefix('marked ')}")
            continue
        store.set_mark(paper.id, **{column: now if on else None})
        lines.append(f"{_PAST[action]} {paper.id}")
    return lines


def search(store: Store, query: str, limit: int) -> list[SearchHit]:
    """Hits for what the user typed; errors quote their query, not its FTS5 translation."""
    from paperfeed.store import search_query

    try:
        return store.search(search_query.to_fts(query), limit)
    except UsageError as exc:
        if exc.__cause__ is None:
            raise
        raise UsageError(f"cannot search for {query!r}: the index cannot read it ({exc.__cause__}); "
                         f"{search_query.HOW}") from exc


def normalize_note(text: str) -> str | None:
    """A note as stored: control characters removed, trailing blank space trimmed; "" clears."""
    cleaned = clean(text).rstrip()
    return cleaned if cleaned.strip() else None


def set_note(store: Store, paper: Paper, text: str) -> str:
    note = normalize_note(text)
    if note == (paper.marks.note or None):
        return f"the note of {paper.id} is unchanged"
    store.set_mark(paper.id, note=note)
    return f"{'saved the note of' if note else 'removed the note of'} {paper.id}"


def link(paper: Paper, kind: str = "abs") -> str:
    """The URL `open` should show: the abstract page, the PDF, or the code.

    arXiv papers without a stored link get the arXiv one, built from the id.
    """
    arxiv = ":" not in paper.id
    if kind == "pdf":
        url = paper.pdf_url or (f"https://arxiv.org/pdf/{paper.id}" if arxiv else None)
    elif kind == "code":
        url = paper.code_url
    else:
        url = paper.abs_url or (f"https://arxiv.org/abs/{paper.id}" if arxiv else None)
    if not url:
        what = {"pdf": "PDF", "code": "code repository"}.get(kind, "web page")
        raise UsageError(f"{paper.id} has no {what} link known to paperfeed")
    return url


def record(paper: Paper) -> dict[str, Any]:
    """A paper as a JSON object for scripts: every field, and its marks as an object."""
    data = paper._asdict()  # shallow: the nested records become objects here, not JSON lists
    data["marks"] = paper.marks._asdict() | {"read": paper.marks.read, "starred": paper.marks.starred}
    if paper.summary is not None:
        data["summary"] = paper.summary._asdict()
    return data


def json_line(data: dict[str, Any]) -> str:
    """One JSON object; C1 controls and bidi overrides (which json leaves raw) are
    written as \\u escapes, so the line is inert on a terminal and decodes to the same data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
