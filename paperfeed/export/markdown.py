"""Markdown export: one section per paper, safe for GitHub, Jekyll and Obsidian (pure).

Remote text (titles, authors, categories, abstracts) is folded to one line and
escaped so that it can only ever be text: Markdown punctuation gets a backslash,
`<` and `>` become entities (no HTML), `{`/`}` become entities too (Jekyll runs
Liquid over a post before Markdown, and `{{ ... }}` in a title must not reach it),
and a line can never start a heading, list, quote or rule. URLs are only written
when they are http(s), with characters that could end a link percent-encoded.

The user's own note is their Markdown and is kept as written, inside a block
quote: every line, blank ones included, starts with `> `, so whatever the note
holds (a heading, an open code fence, a list) ends with the quote and cannot
spill into the next paper's section.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import quote, urlsplit

from paperfeed.export import ExportOptions, paper_date, title
from paperfeed.models import Paper
from paperfeed.text import clean, one_line

_INLINE = re.compile(r"[\\`*_\[\]<>|~$%#&{}]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}
# What could open a block at the start of a line once the punctuation above is escaped:
# a list or rule (-, +), a setext underline (=), an ordered list (1. or 1)).
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_URL_SAFE = ":/?#@!$&*+,;=%-._~"  # everything else is percent-encoded


def escape(text: str | None) -> str:
    """Remote text as inline Markdown that renders exactly as the text, on one line."""
    flat = one_line(text)
    escaped = _INLINE.sub(lambda m: _ENTITIES.get(m[0], "\\" + m[0]), flat)
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", escaped)


def url(value: str | None) -> str | None:
    """An http(s) URL safe inside `(...)`, or None for anything else."""
    if not value:
        return None
    raw = value.strip()
    try:
        parts = urlsplit(raw)
    except ValueError:  # 'https://[': an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(raw, safe=_URL_SAFE)


def yaml_quote(value: str) -> str:
    """A YAML double-quoted scalar: JSON string syntax is valid YAML, line separators aside."""
    text = json.dumps(one_line(value), ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\ufeff", "")


def block_quote(text: str) -> str:
    lines = clean(text).strip("\n").rstrip().split("\n")
    return "\n".join(f"> {line.rstrip()}" if line.strip() else ">" for line in lines)


def tag(category: str) -> str:
    """`cs.CV` -> `cs-CV`: Obsidian tags allow only letters, digits, `_`, `-` and `/`."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", category).strip("-")


def markdown(papers: list[Paper], options: ExportOptions, now: datetime) -> str:
    heading = title(papers, options, now)
    parts: list[str] = []
    if options.front_matter:
        tags = ["paperfeed", *sorted({t for p in papers if (t := tag(_primary(p) or ""))})]
        parts.append("\n".join([
            "---",
            f"title: {yaml_quote(heading)}",
            f"date: {yaml_quote(now.date().isoformat())}",
            f"tags: [{', '.join(yaml_quote(t) for t in tags)}]",
            "---",
        ]))
    count = f"{len(papers)} paper{'' if len(papers) == 1 else 's'}"
    parts.append(f"# {heading}\n\n{count}, exported by paperfeed on {now.date().isoformat()}.")
    parts.extend(_section(p, options) for p in papers)
    return "\n\n".join(parts) + "\n"


def _section(paper: Paper, options: ExportOptions) -> str:
    name = escape(paper.title) or escape(paper.id)
    link = url(paper.abs_url)
    lines = [f"## [{name}]({link})" if link else f"## {name}", ""]
    if paper.authors:
        lines.append(f"- Authors: {', '.join(escape(a) for a in paper.authors)}")
    if day := paper_date(paper):
        lines.append(f"- Date: {escape(day)}")
    if paper.categories:
        lines.append(f"- Categories: {', '.join(escape(c) for c in paper.categories)}")
    if ":" in paper.id:  # a feed paper: its journal and DOI, which arXiv's links stand in for
        lines += _journal_lines(paper)
    if links := _links(paper):
        lines.append(f"- Links: {links}")
    if paper.marks.starred_at:
        lines.append(f"- Starred: {escape(paper.marks.starred_at[:10])}")
    if paper.marks.note and paper.marks.note.strip():
        lines += ["", "**Note**", "", block_quote(paper.marks.note)]
    if options.abstracts and paper.abstract.strip():
        lines += ["", "**Abstract**", "", f"> {escape(paper.abstract)}"]
    return "\n".join(lines)


def _journal_lines(paper: Paper) -> list[str]:
    lines = [f"- Journal: {escape(paper.journal_ref)}"] if paper.journal_ref else []
    if paper.doi and (doi_url := url("https://doi.org/" + quote(one_line(paper.doi), safe="/"))):
        lines.append(f"- DOI: [{escape(paper.doi)}]({doi_url})")
    return lines


def _links(paper: Paper) -> str:
    links: list[str] = []
    if abs_url := url(paper.abs_url):
        links.append(f"[abstract]({abs_url})")
    if pdf_url := url(paper.pdf_url):
        links.append(f"[PDF]({pdf_url})")
    if code_url := url(paper.code_url):
        stars = paper.code_stars
        count = "" if stars is None else f" ({stars:,} star{'' if stars == 1 else 's'})"
        links.append(f"[code]({code_url}){count}")
    return " · ".join(links)


def _primary(paper: Paper) -> str | None:
    return paper.main_category
