"""Export: golden files for a small fixed store, and proofs that remote text stays text.

Regenerate the golden files after an intended change with
`PAPERFEED_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py` and
review the diff.
"""

from __future__ import annotations

import json
import os
import random
import re
import stat
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from _library_store import HOSTILE_TITLE, KOREAN_NOTE, LIQUID_TITLE, NOW, fill
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from paperfeed import export
from paperfeed.cli import app
from paperfeed.clock import iso
from paperfeed.export import bibtex as export_bibtex
from paperfeed.export import markdown as export_markdown
from paperfeed.models import Marks, Paper
from paperfeed.store import Store
from paperfeed.store.queries import Selection
from paperfeed.text import one_line

ORIGINAL_ZONE = time.tzname  # the C library's zone as this module was imported
GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE_CHARS = ["#", "*", "_", "[", "]", "|", "`", "<script>", "\n", "{", "}", "%", "&", "\\",
                 "$", "~", "^", ">", "<", "{{", "{%", "!", "-", "+", "1.", "=", "&lt;"]


def starred(store: Store, **options: object) -> tuple[list[Paper], export.ExportOptions]:
    opts = export.ExportOptions(**options)  # type: ignore[arg-type]
    return export.choose(store.select(Selection()), opts), opts


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PAPERFEED_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


# -- golden files -----------------------------------------------------------------------


def test_markdown_golden(store: Store) -> None:
    papers, opts = starred(fill(store))
    check_golden("starred.md", export_markdown.markdown(papers, opts, NOW))


def test_markdown_with_front_matter_and_abstracts_golden(store: Store) -> None:
    papers, opts = starred(fill(store), front_matter=True, abstracts=True)
    check_golden("starred_full.md", export_markdown.markdown(papers, opts, NOW))


def test_markdown_of_read_papers_since_golden(store: Store) -> None:
    papers, opts = starred(fill(store), kind="read", since=date(2026, 11, 25), abstracts=True)
    check_golden("read_since.md", export_markdown.markdown(papers, opts, NOW))


def test_bibtex_golden(store: Store) -> None:
    papers, _ = starred(fill(store))
    check_golden("starred.bib", export_bibtex.bibtex(papers))


def test_the_cli_writes_the_golden_file(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         set_zone: Callable[[str], None]) -> None:
    fill(store)
    set_zone("UTC")
    monkeypatch.setattr("paperfeed.clock.now", lambda: NOW)
    target = tmp_path / "week.md"
    result = CliRunner().invoke(app, ["export", "--front-matter", "--abstracts", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (GOLDEN / "starred_full.md").read_text(encoding="utf-8")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # as `>` would make it
    assert "wrote 4 papers" in result.stderr

    bib = CliRunner().invoke(app, ["export", "--format", "bibtex"])
    assert bib.exit_code == 0
    assert bib.stdout == (GOLDEN / "starred.bib").read_text(encoding="utf-8")


# -- which papers, in which order -------------------------------------------------------


def test_stars_come_in_the_order_they_were_given(store: Store) -> None:
    papers, _ = starred(fill(store))
    assert [p.id for p in papers] == ["2408.06070", "2409.00002", "2409.00001",
                                      "huggingface:tiny-agents"]


def test_since_counts_from_the_star_not_from_the_paper(store: Store) -> None:
    papers, _ = starred(fill(store), since=date(2026, 11, 24))
    assert [p.id for p in papers] == ["2409.00001", "huggingface:tiny-agents"]
    everything, _ = starred(store, kind="all", since=date(2026, 11, 22))
    assert {p.id for p in everything} == {"huggingface:tiny-agents", "2411.00004"}


def test_an_unknown_kind_is_a_usage_error() -> None:
    from paperfeed.errors import UsageError

    with pytest.raises(UsageError, match="starred, read, all"):
        export.ExportOptions(kind="liked")


def test_the_title_names_the_date_range(store: Store) -> None:
    papers, opts = starred(fill(store))
    assert export.title(papers, opts, NOW) == "Starred papers, 2026-11-20 to 2026-11-26"
    assert export.title([], opts, NOW) == "Starred papers, 2026-11-26"
    since = replace(opts, since=date(2026, 11, 1))
    assert export.title(papers, since, NOW) == "Starred papers, 2026-11-01 to 2026-11-26"


# -- Markdown: remote text cannot change the structure ----------------------------------


def hostile_paper(title: str, **fields: object) -> Paper:
    values: dict[str, object] = {
        "id": "2401.00001", "title": title, "abs_url": "https://arxiv.org/abs/2401.00001",
        "authors": (title, "Plain Author"), "categories": ("cs.LG",), "abstract": title,
        "first_seen": "2026-11-20T00:00:00+00:00",
        "marks": Marks(starred_at="2026-11-21T00:00:00+00:00"),
    }
    values.update(fields)
    return Paper(**values)  # type: ignore[arg-type]


def inline_text(token: Token) -> str:
    """What a Markdown renderer shows for an inline token, links unwrapped."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def blocks(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)


@pytest.mark.parametrize("char", HOSTILE_CHARS)
def test_a_hostile_title_renders_as_exactly_its_text(char: str) -> None:
    title = f"{char} start {char}middle{char} end {char}"
    paper = hostile_paper(title)
    text = export_markdown.markdown([paper], export.ExportOptions(abstracts=True), NOW)
    tokens = blocks(text)
    top = [t.type for t in tokens if t.level == 0 and t.nesting >= 0 and t.type != "inline"]
    assert top == ["heading_open", "paragraph_open",  # the title line, the count line
                   "heading_open", "bullet_list_open", "paragraph_open", "blockquote_open"]
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert inline_text(headings[1]) == one_line(title)
    links = [c for c in headings[1].children or [] if c.type == "link_open"]
    assert [link.attrs["href"] for link in links] == ["https://arxiv.org/abs/2401.00001"]
    assert not [t for t in tokens if t.type.startswith("html")]
    ours = ("**Abstract**", "**Note**")
    styled = [c.type for t in tokens if t.type == "inline" and t.content not in ours
              for c in t.children or [] if c.type.startswith(("html", "em", "strong", "s_", "image"))]
    assert styled == []
    quote = next(i for i, t in enumerate(tokens) if t.type == "blockquote_open")
    assert [t.type for t in tokens[quote + 1:quote + 4]] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[quote + 2]) == one_line(title)
    authors = next(t for t in tokens if t.type == "inline" and t.content.startswith("Authors:"))
    assert inline_text(authors) == f"Authors: {one_line(title)}, Plain Author"


def test_liquid_tags_never_reach_jekyll() -> None:
    text = export_markdown.markdown([hostile_paper(LIQUID_TITLE)], export.ExportOptions(abstracts=True),
                                    NOW)
    assert "{{" not in text and "{%" not in text
    heading = [t for t in blocks(text) if t.type == "inline"][2]
    assert inline_text(heading) == LIQUID_TITLE


def test_a_link_that_is_not_http_is_left_out() -> None:
    paper = hostile_paper("T", abs_url="javascript:alert(1)", pdf_url="https://x.example/a b)(c.pdf",
                          code_url="file:///etc/passwd")
    text = export_markdown.markdown([paper], export.ExportOptions(), NOW)
    assert "javascript" not in text and "file:" not in text
    hrefs = [c.attrs["href"] for t in blocks(text) for c in t.children or [] if c.type == "link_open"]
    assert hrefs == ["https://x.example/a%20b%29%28c.pdf"]


def test_the_note_is_kept_as_written_inside_its_section(store: Store) -> None:
    papers, opts = starred(fill(store), abstracts=True)
    text = export_markdown.markdown(papers, opts, NOW)
    assert "> 확산 모델의 샘플링 속도를 두 배로 높인다. 재현해 볼 것!" in text
    tokens = blocks(text)
    top_headings = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
                    if t.type == "heading_open" and t.level == 0]
    assert len(top_headings) == 1 + len(papers)  # the note's "# ..." did not become a section
    # arXiv's title is TeX: `{braces}` group, `$x^2$` is math (kept for MathJax), `\slash` unknown
    assert top_headings[1] == one_line(HOSTILE_TITLE).replace("{braces}", "braces")
    quoted = text.split("**Note**\n\n", 1)[1].split("\n\n", 1)[0]
    assert "\n".join(line.removeprefix(">").removeprefix(" ") for line in quoted.split("\n")) \
        == KOREAN_NOTE  # exactly as the user wrote it
    open_quote = next(i for i, t in enumerate(tokens) if t.type == "blockquote_open")
    close_quote = next(i for i, t in enumerate(tokens) if t.type == "blockquote_close" and i > open_quote)
    inside = tokens[open_quote:close_quote]
    assert any(t.type == "heading_open" for t in inside)  # the user's own Markdown still works
    assert any(t.type == "fence" and t.content == "an unclosed fence\n" for t in inside)
    after = [t for t in tokens[close_quote:] if t.type == "inline"]
    assert after[0].content == "**Abstract**"  # the open fence ended with the quote


def test_front_matter_values_are_quoted_yaml() -> None:
    paper = hostile_paper("T", primary_category='cs.CV"\n---\ntitle: pwned', categories=("x",))
    text = export_markdown.markdown([paper], export.ExportOptions(front_matter=True), NOW)
    front = text.split("---\n")[1]
    values = dict(line.split(": ", 1) for line in front.splitlines())
    assert list(values) == ["title", "date", "tags"]
    assert json.loads(values["title"]) == "Starred papers, 2026-11-21 to 2026-11-26"
    assert json.loads(values["date"]) == "2026-11-26"
    assert json.loads(values["tags"]) == ["paperfeed", "cs-CV-title-pwned"]


def test_markdown_of_nothing_is_still_a_document() -> None:
    text = export_markdown.markdown([], export.ExportOptions(), NOW)
    assert text == "# Starred papers, 2026-11-26\n\n0 papers, exported by paperfeed on 2026-11-26.\n"


# -- BibTeX -----------------------------------------------------------------------------

UNESCAPE = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
            r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\textless{}": "<",
            r"\textgreater{}": ">", r"\textbar{}": "|"}


def latex_text(value: str) -> str:
    """What LaTeX prints for an escaped value (an independent inverse of the escaping)."""
    pattern = "|".join(re.escape(k) for k in UNESCAPE) + r"|\\[%&$#_]"
    return re.sub(pattern, lambda m: UNESCAPE.get(m[0], m[0][1:]), value)


def parse_bib(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """Read entries the way BibTeX does: braces are counted, backslashes do not escape them."""
    entries = []
    pos = 0
    while (at := text.find("@", pos)) >= 0:
        head = re.compile(r"@(\w+)\{([^,\s]+),").match(text, at)
        assert head, text[at:at + 40]
        fields: dict[str, str] = {}
        pos = head.end()
        while True:
            field = re.compile(r"\s*(\w+) = \{").match(text, pos)
            if field is None:
                break
            depth, i = 1, field.end()
            while depth:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            assert field[1] not in fields
            fields[field[1]] = text[field.end():i - 1]
            assert text[i] == ",", f"field {field[1]} ends early: {text[field.end():i + 20]!r}"
            pos = i + 1
        closing = re.compile(r"\s*\}\n").match(text, pos)
        assert closing, f"entry {head[2]} does not end cleanly: {text[pos:pos + 40]!r}"
        entries.append((head[1], head[2], fields))
        pos = closing.end()
    return entries


@pytest.mark.parametrize("char", HOSTILE_CHARS)
def test_a_hostile_title_cannot_break_bibtex(char: str) -> None:
    title = f"{char}start {char}middle{char} end{char}"
    paper = hostile_paper(title, authors=(f"Ann {char} Lee",), primary_category=f"cs.{char}")
    [(kind, key, fields)] = parse_bib(export_bibtex.bibtex([paper], abstracts=True))
    assert kind == "misc" and re.fullmatch(r"[a-z0-9]+", key)
    assert latex_text(fields["title"]) == one_line(title)
    assert latex_text(fields["abstract"]) == one_line(title)
    assert latex_text(fields["author"]) == one_line(f"Ann {char} Lee")


def test_bibtex_fields(store: Store) -> None:
    papers, _ = starred(fill(store))
    entries = {key: fields for _, key, fields in parse_bib(export_bibtex.bibtex(papers))}
    first = entries["muller2024hostilea"]
    assert first["author"] == "Ann M{\\\"u}ller and Bob O'Neil"  # BibTeX's one-letter spelling
    assert (first["year"], first["eprint"], first["archivePrefix"], first["primaryClass"]) == (
        "2024", "2408.06070", "arXiv", "cs.CV")
    assert first["url"] == "https://arxiv.org/abs/2408.06070"
    assert first["doi"] == "10.1000/xyz%7B1%7D"
    local = entries["smith2026paper"]
    assert "eprint" not in local and "doi" not in local
    assert local["author"] == "{Smith, John} and {Research and Development Team}"
    assert local["url"] == "https://github.com/example/tiny-agents"


def test_citation_keys_are_unique_and_stable() -> None:
    base = hostile_paper("Diffusion Models", authors=("José Núñez",), published="2024-01-01")
    papers = [base._replace(id=f"2401.0000{i}") for i in (3, 1, 2)]
    papers.append(base._replace(id="2401.09999", title="The Diffusion", authors=("Ann Nunez",)))
    papers.append(base._replace(id="2402.00001", title="Diffusiona", authors=("X Nunez",)))
    keys = export_bibtex.citation_keys(papers)
    assert keys == {
        "2402.00001": "nunez2024diffusiona",  # its own key, not a collision: kept
        "2401.00001": "nunez2024diffusionb",  # the colliding ones, in id order, skip taken keys
        "2401.00002": "nunez2024diffusionc",
        "2401.00003": "nunez2024diffusiond",
        "2401.09999": "nunez2024diffusione",
    }
    for _ in range(5):
        random.shuffle(papers)
        assert export_bibtex.citation_keys(papers) == keys


def test_key_parts_fold_to_ascii() -> None:
    paper = hostile_paper("Łódź: ÆON for Straße", authors=("Søren Kierkegaard-Øster",),
                          published="2023-02-02")
    assert export_bibtex.base_key(paper) == "kierkegaardoster2023lodz"
    nameless = hostile_paper("!!!", authors=("王小明",), published=None, id="2405.00001")
    assert export_bibtex.base_key(nameless) == "anon2024"
    untitled = hostile_paper("On the", authors=(), published=None, id="huggingface:x",
                             first_seen="2026-01-01T00:00:00+00:00")
    assert export_bibtex.base_key(untitled) == "anon2026"


# -- local days ---------------------------------------------------------------------------


def test_a_star_of_today_is_in_export_since_today_east_of_utc(
        store: Store, monkeypatch: pytest.MonkeyPatch, set_zone: Callable[[str], None]) -> None:
    """In Kiritimati (UTC+14) 01:00 on 27 November is 11:00 UTC on the 26th: the star is
    today's there, and so are its "Starred:" day and the paper's place in `list --since`."""
    from paperfeed.models import Sighting

    set_zone("Pacific/Kiritimati")
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # 02:00 on the 27th, local
    monkeypatch.setattr("paperfeed.clock.now", lambda: now)
    star = iso(now - timedelta(hours=1))
    store.record([Sighting(source="arxiv", paper_id="2611.00001", title="Starred after midnight",
                           seen_day="2026-11-27", authoritative=True)], star)
    store.set_mark("2611.00001", starred_at=star)

    result = CliRunner().invoke(app, ["export", "--since", "today"])
    assert result.exit_code == 0, result.output
    assert "Starred after midnight" in result.stdout
    assert "- Starred: 2026-11-27" in result.stdout
    assert "Starred papers, 2026-11-27" in result.stdout

    listed = CliRunner().invoke(app, ["list", "--since", "today"])
    assert listed.exit_code == 0, listed.output
    assert "2611.00001" in listed.stdout and "2026-11-27" in listed.stdout
    yesterday = CliRunner().invoke(app, ["export", "--all", "--since", "2026-11-27"])
    assert "Starred after midnight" in yesterday.stdout


def test_the_golden_export_did_not_leave_the_zone_changed() -> None:
    """The CLI golden test above puts the process in UTC; the fixture puts it back, in
    the environment and in the C library (which only rereads TZ on tzset)."""
    assert time.tzname == ORIGINAL_ZONE
