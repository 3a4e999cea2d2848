"""Markdown export: one section per paper, safe for GitHub, Jekyll and Obsidian (pure).

The layout is the template `templates/export.md.j2` (or the user's own, through
`export.template`); this module holds the escaping every template relies on.

Remote text (titles, authors, categories, abstracts) is folded to one line and
escaped so that it can only ever be text: Markdown punctuation gets a backslash,
`<` and `>` become entities (no HTML), `{`/`}` become entities too (Jekyll runs
Liquid over a post before Markdown, and `{{ ... }}` in a title must not reach it),
and a line can never start a heading, list, quote or rule. URLs are only written
when they are http(s), with characters that could end a link percent-encoded.

Titles and abstracts are the readable Unicode the store made from arXiv's TeX. The
built-in layout prints them through `text` (the `title_md` and `abstract_md` fields of
a template), which keeps arXiv's inline math as TeX between dollars, so Jekyll
(kramdown with MathJax), Obsidian and GitHub render it, with the shorthands papers
define for themselves in standard LaTeX (`\\R` as `\\mathbb{R}`, which no renderer would
know otherwise). Inside it only what Markdown, HTML or Liquid could act on is respelled
in TeX that renders the same (`<` as `\\lt`, `[` as `\\lbrack`, `{{` as `{ {`); math
that holds a backtick is written as readable text instead.

The user's own note is their Markdown and is kept as written, inside a block
quote: every line, blank ones included, starts with `> `, so whatever the note
holds (a heading, an open code fence, a list) ends with the quote and cannot
spill into the next paper's section.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from paperfeed.export import ExportOptions, title
from paperfeed.models import Paper
from paperfeed.text import clean, latex, one_line
from paperfeed.text.latex import segments
from paperfeed.text.tex_macros import standardize

_INLINE = re.compile(r"[\\`*_\[\]<>|~$%#&{}]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}
# What could open a block at the start of a line once the punctuation above is escaped:
# a list or rule (-, +), a setext underline (=), an ordered list (1. or 1)).
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_URL_SAFE = ":/?#@!$&*+,;=%-._~"  # everything else is percent-encoded
_SPACES = re.compile(r"\s+")
# In math: what Markdown, HTML or Liquid would read, as TeX that renders the same.
_MATH_SPELLING = {"<": "\\lt ", ">": "\\gt ", "|": "\\vert ", "[": "\\lbrack ", "]": "\\rbrack ",
                  "&": "\\&", "{{": "{ {", "}}": "} }", "{%": "{ %", "%}": "% }", "*": "\\ast "}
_MATH_UNSAFE = re.compile(r"\{\{|\}\}|\{%|%\}|[<>|\[\]&*]")


def escape(text: str | None) -> str:
    """Remote text as inline Markdown that renders exactly as the text, on one line."""
    return _line_start(_inline(one_line(text)))


def text(readable: str, original: str | None) -> str:
    """A title or abstract as Markdown: readable Unicode, arXiv's inline math kept as `$TeX$`."""
    if original is None or ("$" not in original and "\\(" not in original):
        return escape(readable)
    parts: list[str] = []
    for segment, is_math in segments(one_line(original)):
        if is_math and "`" not in segment:
            parts.append("$" + _math(segment) + "$")
        else:
            shown = latex.math(segment) if is_math else latex.prose(segment)
            parts.append(_inline(_SPACES.sub(" ", clean(shown))))
    return _line_start("".join(parts).strip())


def _inline(flat: str) -> str:
    return _INLINE.sub(lambda m: _ENTITIES.get(m[0], "\\" + m[0]), flat)


def _line_start(escaped: str) -> str:
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", escaped)


def _math(tex: str) -> str:
    flat = standardize(" ".join(clean(tex).split()))
    return _MATH_UNSAFE.sub(lambda m: _MATH_SPELLING[m[0]], flat)


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


def markdown(papers: list[Paper], options: ExportOptions, now: datetime, *, link: str = "arxiv",
             template: tuple[str, str] | None = None) -> str:
    """The export through the built-in layout (templates/export.md.j2) or `template` as
    (text, name); `link` picks where titles link (arxiv, hf or pdf)."""
    from paperfeed.export import template as templates

    context = export_context(papers, options, now, link=link)
    if template is None:
        return templates.render("export.md.j2", context)
    return templates.render_source(template[0], context, name=template[1])


def export_context(papers: list[Paper], options: ExportOptions, now: datetime, *,
                   link: str = "arxiv") -> dict[str, Any]:
    """The fields an export template sees (docs/templates.md)."""
    from paperfeed.export.fields import view

    tags = ["paperfeed", *sorted({t for p in papers if (t := tag(_primary(p) or ""))})]
    zone = now.tzinfo
    return {
        "title": title(papers, options, now), "date": now.date().isoformat(), "count": len(papers),
        "kind": options.kind, "since": options.since.isoformat() if options.since else None,
        "front_matter": options.front_matter, "abstracts": options.abstracts, "tags": tags,
        "max_authors": options.max_authors,
        "summaries": options.summaries,
        "papers": [view(p, link=link, zone=zone) for p in papers],
    }


def _primary(paper: Paper) -> str | None:
    return paper.main_category
