"""Templates cannot let remote text out of its escaping, whatever they do with it.

A user's template may filter, concatenate, slice, call string methods on or
`tojson` a hostile title before printing it; each way must still print inert
text: a Markdown parser (markdown-it, as GitHub and Jekyll's kramdown-alikes
parse) sees one paragraph of plain text, no HTML, no link, no emphasis, and no
Liquid tag survives for Jekyll. `week` of the hostile library, through the real
CLI, keeps the built-in layout's structure.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from paperfeed.export.fields import view
from paperfeed.export.template import render_source
from paperfeed.models import Marks, Paper

from .hostile import ALL, FORBIDDEN, PAYLOADS
from .support import run_cli
from .test_injection_exports import hostile_text, split_front_matter, urls

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)

# Everything a template might do to a remote string before printing it.
EXPRESSIONS = [
    "paper.title", "paper.title | upper", "paper.title | title", "paper.title ~ paper.abstract",
    "paper.title[1:]", "paper.title.replace('a', 'b')", "paper.abstract | truncate(20)",
    "paper.title | tojson", "paper.title | urlize", "paper.title | e", "paper.title | escape",
    "paper.title | forceescape", "paper.authors | join(', ')", "paper.authors | joined(', ')",
    "paper.authors | first", "paper.categories", "paper.title | indent(2)",
    "paper.title | replace('x', paper.abstract)", "paper.title | string",
    "paper.link ~ paper.title", "(paper.link or '') + paper.title", "paper.title | striptags",
    "paper.title | wordwrap(10)", "'%s' | format(paper.title)", "paper.title | center(80)",
    "[paper.title, paper.abstract] | join", "paper.ai_keywords | join(' ')",
    "paper.title if paper.link else paper.abstract",
]


def paper(title: str, abstract: str, author: str, link: str) -> Paper:
    return Paper(id="2611.99001", title=title or "x", abstract=abstract, authors=(author, author),
                 categories=(author,), abs_url=link, ai_keywords=(title, abstract),
                 marks=Marks(starred_at="2026-11-26T07:00:00+00:00"))


def assert_inert(text: str) -> None:
    assert FORBIDDEN.search(text) is None, repr(text)
    assert not re.search(r"\{[{%]", text), text  # no Liquid tag for Jekyll to run
    for token in MD.parse(text):
        assert token.type in ("paragraph_open", "paragraph_close", "inline"), (token.type, text)
        for child in token.children or []:
            assert child.type in ("text", "softbreak"), (child.type, text)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_each_way_of_printing_the_payloads_stays_text(expression: str) -> None:
    hostile = paper(f"T {ALL}", f"A {ALL}", f"Au {PAYLOADS['markdown']}", "javascript:alert(1)")
    out = render_source(f"{{{{ {expression} }}}}", {"paper": view(hostile)})
    assert_inert(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, hostile_text, hostile_text, urls, st.sampled_from(EXPRESSIONS))
def test_no_text_gets_out_of_a_template(title: str, abstract: str, author: str, link: str,
                                        expression: str) -> None:
    out = render_source(f"{{{{ {expression} }}}}", {"paper": view(paper(title, abstract, author, link))})
    assert_inert(out)


def test_only_safe_marks_text_as_markdown() -> None:
    """`|safe` is the template's own word that a value is Markdown: it is printed as it is."""
    hostile = view(paper("# Heading *em*", "", "a", "https://x.example/"))
    assert render_source("{{ paper.title | safe }}", {"paper": hostile}) == "# Heading *em*"
    assert render_source("{{ paper.title }}", {"paper": hostile}) == "\\# Heading \\*em\\*"
    assert render_source("{% macro m(p) %}*{{ p.title }}*{% endmacro %}{{ m(paper) | safe }}",
                         {"paper": hostile}) == "*\\# Heading \\*em\\**"


def test_week_of_the_hostile_library_keeps_its_structure(hostile_home: Path) -> None:
    result = run_cli(["week", "--since", "30d", "--front-matter", "--link", "hf"], home=hostile_home)
    assert result.returncode == 0, result.stderr
    front, body = split_front_matter(result.stdout)
    assert front is not None and set(front) == {"title", "date", "tags"}
    tokens = MD.parse(body)
    in_note = 0
    for i, token in enumerate(tokens):
        if token.level == 0:
            in_note += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if in_note:
            continue  # the user's own notes are their Markdown
        assert token.type not in ("html_block", "hr", "fence", "code_block", "table_open"), token.type
        if token.type == "heading_open":
            assert token.tag in ("h1", "h2", "h3"), token.tag
        for child in token.children or []:
            assert child.type not in ("html_inline", "image"), child.content
            if child.type == "link_open":
                assert str(child.attrs["href"]).startswith(("https://huggingface.co/papers/",
                                                            "https://arxiv.org/abs/")), child.attrs
        if token.type == "inline" and tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h3":
            assert {c.type for c in token.children or []} <= {"text", "link_open", "link_close"}
    assert body.count("\n### ") >= 1
