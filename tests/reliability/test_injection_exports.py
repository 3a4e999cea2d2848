"""Exports cannot be broken out of: Markdown, YAML front matter and BibTeX.

The hostile library (fetched from hostile answers) is exported through the real
CLI; papers whose every field holds hostile text (categories, DOI and URLs too,
recorded straight into the store) are exported the same way; and hypothesis feeds
random text through the pure exporters. A Markdown parser (markdown-it, as GitHub
and Obsidian parse) and a BibTeX brace parser then check the structure: one
section per paper with only the lines paperfeed writes, links only to http(s),
no HTML, front matter with exactly its own keys, entries with only their own
fields, and every title reading back exactly as the text it was.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from paperfeed.export import ExportOptions
from paperfeed.export.bibtex import bibtex
from paperfeed.export.markdown import markdown
from paperfeed.models import Marks, Paper, Sighting
from paperfeed.store import Store
from paperfeed.text import one_line
from paperfeed.text.latex import to_unicode
from paperfeed.text.tex_letters import char_to_tex

from .hostile import ALL, FORBIDDEN, PAYLOADS
from .support import run_cli

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
LABELS = ("Authors:", "Date:", "Categories:", "Links:", "Starred:")
BIB_FIELDS = {"title", "author", "year", "eprint", "archivePrefix", "primaryClass", "url", "doi",
              "abstract"}
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


# -- Markdown structure ----------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 4)
    data: dict[str, Any] = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(": ")
        assert sep and re.fullmatch(r"[a-z]+", key), f"front matter line {line!r}"
        data[key] = json.loads(value)  # paperfeed writes JSON scalars: valid, and strict, YAML
    return data, text[end + 5:]


def inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def check_markdown(text: str, papers: int, *, titles: list[str] | None = None) -> None:
    """The export's structure is exactly what paperfeed writes, whatever the papers say."""
    assert FORBIDDEN.search(text) is None, repr(FORBIDDEN.search(text))
    front, body = split_front_matter(text)
    if front is not None:
        assert set(front) == {"title", "date", "tags"}, front
        assert all(isinstance(t, str) and re.fullmatch(r"[A-Za-z0-9_/-]+", t) for t in front["tags"])
    tokens = MD.parse(body)
    headings: list[tuple[str, Token]] = []
    note_depth = 0  # inside the block quote of a user's note: their own Markdown
    previous = ""
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open" and tok.level == 0:
            note_depth = 1 if previous == "Note" else 0
        if tok.type == "blockquote_close" and tok.level == 0:
            note_depth = 0
        if tok.type == "inline" and tok.level == 1 and tokens[i - 1].type == "paragraph_open":
            previous = inline_text(tok)
        if note_depth:
            continue
        assert tok.type not in ("html_block", "hr", "fence", "code_block", "table_open"), (tok.type, tok.map)
        if tok.type == "heading_open":
            headings.append((tok.tag, tokens[i + 1]))
        if tok.type == "bullet_list_open" or tok.type == "ordered_list_open":
            assert tok.type == "bullet_list_open" and tok.level == 0, tok.map
        if tok.type == "inline":
            links = 0
            for child in tok.children or []:
                assert child.type not in ("html_inline", "image"), (child.type, child.content)
                if child.type == "link_open":
                    links += 1
                    href = str(child.attrs.get("href", ""))
                    assert href.lower().startswith(("https://", "http://")), href
                    assert urlsplit(href).hostname != "evil.example", href
            in_item = tok.level == 3 and tokens[i - 2].type == "list_item_open"
            if in_item:
                assert inline_text(tok).startswith(LABELS), inline_text(tok)
            heading = tokens[i - 1].type == "heading_open"
            allowed = 1 if heading else 3 if in_item and inline_text(tok).startswith("Links:") else 0
            assert links <= allowed, (links, tok.content)
    assert [tag for tag, _ in headings] == ["h1"] + ["h2"] * papers, [t for t, _ in headings]
    if titles is not None:
        for (_, inline), title in zip(headings[1:], titles, strict=True):
            kinds = {c.type for c in inline.children or []}
            assert kinds <= {"text", "link_open", "link_close"}, kinds
            assert inline_text(inline) == one_line(title), (inline_text(inline), one_line(title))


# -- BibTeX structure ------------------------------------------------------------------------


def parse_bibtex(text: str) -> list[tuple[str, dict[str, str]]]:
    """Entries as BibTeX reads them: braces nest, and a backslash does not escape one."""
    entries: list[tuple[str, dict[str, str]]] = []
    i = 0
    while (at := text.find("@", i)) != -1:
        head = re.compile(r"@(\w+)\{([^,\s{}]+),\s*").match(text, at)
        assert head is not None, text[at:at + 80]
        i = head.end()
        fields: dict[str, str] = {}
        while text[i] != "}":
            name = re.compile(r"(\w+)\s*=\s*\{").match(text, i)
            assert name is not None, text[i:i + 80]
            depth, j = 1, name.end()
            while depth:
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            assert name[1] not in fields, f"field {name[1]} twice"
            fields[name[1]] = text[name.end():j - 1]
            i = j
            comma = re.compile(r"\s*,?\s*").match(text, i)
            assert comma is not None
            i = comma.end()
        entries.append((head[2], fields))
        i += 1
        assert text[i:i + 1] in ("", "\n"), text[i:i + 40]
    return entries


_UNSPECIAL = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
              r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\textless{}": "<",
              r"\textgreater{}": ">", r"\textbar{}": "|", r"\%": "%", r"\&": "&", r"\$": "$",
              r"\#": "#", r"\_": "_",
              # plain accented letters are written the way BibTeX counts as one letter
              **{char_to_tex(ch) or ch: ch for ch in "éßü"}}
_UNSPECIAL_RE = re.compile("|".join(re.escape(k) for k in sorted(_UNSPECIAL, key=len, reverse=True)))


def check_bibtex(text: str, papers: int, *, titles: list[str] | None = None) -> None:
    assert FORBIDDEN.search(text) is None, repr(FORBIDDEN.search(text))
    entries = parse_bibtex(text)
    assert len(entries) == papers
    assert len({key for key, _ in entries}) == papers
    for key, fields in entries:
        assert re.fullmatch(r"[a-z0-9]+", key), key
        assert set(fields) <= BIB_FIELDS, set(fields) - BIB_FIELDS
        for name in ("url", "doi"):
            assert not re.search(r"[{}\\\s]", fields.get(name, "")), fields[name]
    if titles is not None:
        shown = [_UNSPECIAL_RE.sub(lambda m: _UNSPECIAL[m[0]], f["title"]) for _, f in entries]
        assert sorted(shown) == sorted(one_line(t) for t in titles)


# -- through the CLI -------------------------------------------------------------------------


def starred_count(home: Path) -> int:
    with Store(home / "paperfeed.db") as store:
        return store.counts()["starred"]


@pytest.mark.parametrize("args", [[], ["--abstracts"], ["--front-matter", "--abstracts"]],
                         ids=["markdown", "abstracts", "front-matter"])
def test_markdown_export_of_the_hostile_library(hostile_home: Path, args: list[str]) -> None:
    result = run_cli(["export", *args], home=hostile_home)
    assert result.returncode == 0, result.stderr
    assert "Hostile" in result.stdout
    check_markdown(result.stdout, starred_count(hostile_home))


@pytest.mark.parametrize("args", [[], ["--abstracts"]], ids=["bibtex", "abstracts"])
def test_bibtex_export_of_the_hostile_library(hostile_home: Path, args: list[str]) -> None:
    result = run_cli(["export", "--format", "bibtex", *args], home=hostile_home)
    assert result.returncode == 0, result.stderr
    check_bibtex(result.stdout, starred_count(hostile_home))


def hostile_sighting(n: int) -> Sighting:
    """Hostile text in every field, recorded straight into the store (no parser filters it)."""
    return Sighting(
        source="arxiv", paper_id=f"2611.880{n:02d}", version=1, title=f"Every field {n} {ALL}",
        seen_day="2026-11-26", abstract=f"Abstract {ALL}", authors=(f"A {ALL}", "B, Jr. and C"),
        categories=(f"cs.LG{PAYLOADS['yaml']}", f"x{PAYLOADS['bibtex']}"),
        primary_category=f"cs.{PAYLOADS['yaml']}{PAYLOADS['markdown']}",
        published=f"2026{PAYLOADS['bibtex']}", doi=f"10.1/x{PAYLOADS['bibtex']} {PAYLOADS['markdown']}",
        abs_url=f"https://arxiv.org/abs/x){PAYLOADS['markdown']}",
        pdf_url="javascript:alert(1)", code_url=f"https://github.com/a/b {PAYLOADS['bibtex']}",
        comment=ALL, journal_ref=ALL, kind="new", authoritative=True,
    )


def test_exports_of_papers_hostile_in_every_field(tmp_path: Path) -> None:
    home = tmp_path / "every-field"
    home.mkdir()
    with Store(home / "paperfeed.db") as store:
        sightings = [hostile_sighting(n) for n in range(3)]
        store.record(sightings, "2026-11-26T06:00:00+00:00")
        for s in sightings:
            store.set_mark(s.paper_id, starred_at="2026-11-26T07:00:00+00:00", note=f"note {ALL}")
    for args in ([], ["--abstracts", "--front-matter"]):
        md = run_cli(["export", *args], home=home)
        assert md.returncode == 0, md.stderr
        check_markdown(md.stdout, 3)
    bib = run_cli(["export", "--format", "bibtex", "--abstracts"], home=home)
    assert bib.returncode == 0, bib.stderr
    check_bibtex(bib.stdout, 3)
    out = home / "out.md"
    written = run_cli(["export", "--front-matter", "-o", str(out)], home=home)
    assert written.returncode == 0, written.stderr
    check_markdown(out.read_text(encoding="utf-8"), 3)


# -- any text at all (hypothesis) ------------------------------------------------------------

hostile_text = st.text(
    alphabet=st.sampled_from([*"\\`*_[]<>|~$%#&{}()!-+=.:;'\"/@^ \n\t\r\x1b\x07\x00\x9b\u202e",
                              "a", "Z", "1", "é", "ß", "日", "\u2028"]),
    max_size=40,
) | st.sampled_from(list(PAYLOADS.values()))


urls = st.sampled_from([
    "https://arxiv.org/abs/2611.00001", "javascript:alert(1)", "file:///etc/passwd",
    "https://x.example/a) [evil](https://evil.example", "https://x.example/<script>",
    "https://x.example/a b}c{d\\e", "data:text/html,<b>x</b>", "https://[oops",
    "HTTPS://ok.example/q?a=1&b=2#f",
]) | hostile_text.map(lambda t: "https://x.example/" + t)


def paper(n: int, title: str, author: str, abstract: str, category: str, note: str | None,
          links: tuple[str, str, str]) -> Paper:
    return Paper(id=f"2611.9900{n}", title=title or "x", abstract=abstract, authors=(author,),
                 categories=(category,), primary_category=category, abs_url=links[0],
                 pdf_url=links[1], code_url=links[2], code_stars=n, doi=f"10.1/{author}",
                 published="2026-11-20", first_seen="2026-11-26T06:00:00+00:00",
                 marks=Marks(starred_at="2026-11-26T07:00:00+00:00", note=note))


papers_strategy = st.lists(
    st.tuples(hostile_text, hostile_text, hostile_text, hostile_text, st.none() | hostile_text,
              st.tuples(urls, urls, urls)),
    min_size=1, max_size=3,
).map(lambda rows: [paper(i, *row) for i, row in enumerate(rows)])

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(papers_strategy, st.booleans(), st.booleans())
def test_no_text_breaks_the_markdown(papers: list[Paper], front: bool, abstracts: bool) -> None:
    options = ExportOptions("starred", None, front_matter=front, abstracts=abstracts)
    text = markdown(papers, options, NOW)
    titles = [p.title for p in papers]
    check_markdown(text, len(papers), titles=[t if one_line(t) else p.id for t, p in zip(titles, papers,
                                                                                         strict=True)])


@FUZZ
@given(papers_strategy, st.booleans())
def test_no_text_breaks_the_bibtex(papers: list[Paper], abstracts: bool) -> None:
    text = bibtex(papers, abstracts=abstracts)
    check_bibtex(text, len(papers), titles=[p.title if one_line(p.title) else p.id for p in papers])


@pytest.mark.slow
@settings(FUZZ, max_examples=3000)
@given(papers_strategy, st.booleans(), st.booleans())
def test_no_text_breaks_either_export_long(papers: list[Paper], front: bool, abstracts: bool) -> None:
    options = ExportOptions("starred", None, front_matter=front, abstracts=abstracts)
    check_markdown(markdown(papers, options, NOW), len(papers))
    check_bibtex(bibtex(papers, abstracts=abstracts), len(papers))


def tex_paper(n: int, tex: str, author: str, abstract: str) -> Paper:
    """A paper as the store holds an arXiv one: readable text, and the TeX it came from."""
    return paper(n, to_unicode(tex) or "x", to_unicode(author), to_unicode(abstract), "cs.LG",
                 None, ("https://arxiv.org/abs/2611.00001",) * 3)._replace(
        title_tex=tex or "x", authors_tex=(author,), abstract_tex=abstract)


tex_text = st.lists(st.sampled_from([*"\\$`*_[]<>|~%#&{}()^ \n", "a", "é", "\\alpha", "\\frac{1}{2}",
                                     "$x^2$", "\\\"o", "{\\o}", "\\foo", "{{", "{%", "](javascript:x)",
                                     "<script>", "\\(", "\\)", "$$"]), max_size=30).map("".join)


@FUZZ
@given(st.lists(st.tuples(tex_text, tex_text, tex_text), min_size=1, max_size=3), st.booleans())
def test_no_tex_breaks_either_export(rows: list[tuple[str, str, str]], abstracts: bool) -> None:
    """arXiv's TeX passes into the exports (math kept in Markdown, TeX in BibTeX): whatever
    it holds, the structure of both documents is still only paperfeed's own."""
    papers = [tex_paper(i, *row) for i, row in enumerate(rows)]
    options = ExportOptions("starred", None, front_matter=True, abstracts=abstracts)
    check_markdown(markdown(papers, options, NOW), len(papers))
    check_bibtex(bibtex(papers, abstracts=abstracts), len(papers))
