"""arXiv's TeX read right in every medium, end to end.

Real feeds (the recorded quant-ph announcement with 31 TeX-accented names, and a
feed written in the same wire format with physics, maths, Portuguese and Polish
names and common math macros) go through the real `fetch` against a local server.
Then `show`, `list`, `search`, `today --plain`, the reader, `export` and
`export --format bibtex` (parsed and rendered by pybtex, a real BibTeX
implementation) must show no TeX accent command, lose no word, and print no
backslash where a letter belongs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from paperfeed.cli import app
from paperfeed.config import Config
from paperfeed.models import Digest, DigestEntry
from paperfeed.store import Store
from paperfeed.store.queries import Selection
from paperfeed.tui.app import make_app

runner = CliRunner()
OURS = Path(__file__).resolve().parent / "fixtures" / "arxiv-rss" / "tex_names_math.xml"
QUANT_PH = (Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "realworld" / "arxiv-rss"
            / "rssfeedsjl_2025-04-28_quant-ph_81items_new_cross_replace_replace-cross.xml")
# What a TeX accent or special letter looks like when it was not converted.
TEX_ACCENT = re.compile(r"\\[\"'`^~=.]|\\[cvHkrudbt]\{|\{\\(?:o|O|l|L|ss|aa|AA|ae|oe|i)\}"
                        r"|\\(?:o|l|ss|aa|L|O)(?![A-Za-z])")
WIDE = {"COLUMNS": "250"}  # tables and cards unwrapped, so whole titles and names are seen

# Each paper of tex_names_math.xml: its readable title (in part) and its authors.
TITLES = {
    "2611.10001": ["Spectral gaps of Schrödinger operators on ℝᵈ"],
    "2611.10002": ["A Precisão da Metrologia Quântica: Informação e Medição"],
    "2611.10003": ["The ζ-function of Łódź lattices and Erdős's conjecture"],
    "2611.10004": ["ε-nets and 𝒪(log n) bounds over ℕ, ℤ and ℝ"],
}
NAMES = {
    "2611.10001": ["Jakob Günther", "Benjamin Rémy", "Søren Stobbe"],
    "2611.10002": ["João Nuñez", "Conceição Gonçalves", "José Antônio Simões"],
    "2611.10003": ["Stanisław Świerczewski", "Jarosław Żygierewicz", "Paweł Caban", "Michał Hajdušek",
                   "Ştefan Bălănescu"],
    "2611.10004": ["Ana María López", "François Lefèvre"],
}
EXPECTED = {pid: TITLES[pid] + NAMES[pid] for pid in TITLES}


class Feed:
    def __init__(self) -> None:
        self.body = OURS.read_bytes()

    def __call__(self, request: Request) -> Response:
        return Response(self.body, content_type="application/rss+xml")


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    s = HTTPServer(host="127.0.0.1", port=0)
    s.start()
    yield s
    s.clear()
    s.stop()


@pytest.fixture
def feed(server: HTTPServer, paperfeed_home: Path) -> Feed:
    server.clear()
    served = Feed()
    server.expect_request(re.compile(r"/rss/.*")).respond_with_handler(served)
    base = server.url_for("").rstrip("/")
    (paperfeed_home / "config.toml").write_text(f"""
[fetch]
retry_attempts = 1
timeout_seconds = 10

[interests]
keywords = ["lattices"]
authors = ["Jakob Gunther", "LEMTA"]

[sources.arxiv]
categories = ["math-ph"]
announce_types = ["new", "cross", "replace", "replace-cross"]
feed_url = "{base}/rss/"

[sources.huggingface]
enabled = false

[sources.paperswithcode]
enabled = false
""")
    return served


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env=WIDE)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    return result.stdout


def fetched(feed: Feed, body: bytes | None = None) -> None:
    if body is not None:
        feed.body = body
    cli("fetch", "--quiet")


def assert_readable(text: str, *, allowed: tuple[str, ...] = (r"\foo",)) -> None:
    """No TeX accent command, and no backslash but the unknown macro that stays visible."""
    assert TEX_ACCENT.search(text) is None, TEX_ACCENT.search(text)
    rest = text
    for keep in allowed:
        rest = rest.replace(keep, "")
    assert "\\" not in rest, rest[max(0, rest.index("\\") - 60):rest.index("\\") + 60]


def test_show_puts_every_name_and_affiliation_in_letters(feed: Feed) -> None:
    fetched(feed)
    for paper_id, words in EXPECTED.items():
        out = cli("show", paper_id)
        assert_readable(out)
        for word in words:
            assert word in out, (paper_id, word)
    first = cli("show", "2611.10001")
    assert "Jakob Günther (LEMTA), Benjamin Rémy (Université de Lorraine, CNRS), Søren Stobbe" in first
    assert "N Brownian motions in ℝᵈ" in first and "𝒪(log n)" in first and "ε-net" in first
    assert r"the constant \foo is left" in first  # an unknown macro is shown as written
    assert "author: Jakob Günther" in first  # the followed author, matched on the readable name
    assert "author: LEMTA" not in first  # an affiliation is not a name


def test_list_and_its_json_read_as_letters(feed: Feed) -> None:
    fetched(feed)
    table = cli("list")
    assert_readable(table)
    for words in EXPECTED.values():
        assert words[0] in table
    records = {r["id"]: r for r in map(json.loads, cli("list", "--json").splitlines())}
    assert records["2611.10001"]["authors"] == ["Jakob Günther", "Benjamin Rémy", "Søren Stobbe"]
    assert records["2611.10001"]["affiliations"] == ["LEMTA", "Université de Lorraine, CNRS", ""]
    assert records["2611.10001"]["authors_tex"][0] == 'Jakob G\\"unther'  # the original is kept
    assert records["2611.10002"]["title"] == "A Precisão da Metrologia Quântica: Informação e Medição"


@pytest.mark.parametrize(("query", "found"), [
    ("schrodinger", "2611.10001"), ("Schrödinger", "2611.10001"), ('Schr\\"odinger', "2611.10001"),
    ("gunther", "2611.10001"), ("GÜNTHER", "2611.10001"), ("title:precisao", "2611.10002"),
    ("informacao", "2611.10002"), ("erdos", "2611.10003"), ("Łódź", "2611.10003"),
    ("swierczewski", "2611.10003"),
    ("authors:hajdusek", "2611.10003"), ("nunez", "2611.10002"),
])
def test_search_folds_accents_and_tex_both_ways(feed: Feed, query: str, found: str) -> None:
    fetched(feed)
    out = cli("search", query)
    assert out.split()[0] == found, out
    assert_readable(out)
    hits = [json.loads(line) for line in cli("search", "--json", query).splitlines()]
    assert hits[0]["id"] == found
    assert_readable(hits[0]["snippet"])


def test_search_snippets_are_readable(feed: Feed) -> None:
    fetched(feed)
    out = cli("search", "Brownian")
    assert "N Brownian motions in ℝᵈ" in out


def test_today_plain_reads_as_letters(feed: Feed) -> None:
    fetched(feed)
    out = cli("today", "--plain", "--no-fetch", "--minutes", "60")
    assert_readable(out)
    for words in EXPECTED.values():
        for word in words:
            assert word in out, word


def test_markdown_export_is_unicode_with_math_kept(feed: Feed) -> None:
    fetched(feed)
    cli("star", *EXPECTED)
    md = cli("export", "--abstracts")
    for names in NAMES.values():
        for name in names:
            assert name in md, name
    assert ("## [Spectral gaps of Schrödinger operators on $\\mathbb{R} ^d$](https://arxiv.org/abs/2611.10001)"
            in md)  # math stays TeX for MathJax, the paper's own \R in standard LaTeX
    assert "$\\mathcal{O}(\\log n)$" in md and "$\\varepsilon$-net" in md
    assert "A Precisão da Metrologia Quântica: Informação e Medição" in md
    assert "The $\\zeta$-function of Łódź lattices and Erdős's conjecture" in md
    prose = re.sub(r"\$[^$]+\$", "", md)  # outside math, only Markdown's own escapes
    assert TEX_ACCENT.search(prose) is None
    assert re.findall(r"\\[A-Za-z]+", prose) == []


def test_bibtex_renders_with_a_real_bibtex_implementation(feed: Feed) -> None:
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    fetched(feed)
    cli("star", *EXPECTED)
    bib = cli("export", "--format", "bibtex")
    entries = parse_string(bib, "bibtex").entries
    assert len(entries) == 4
    first = next(e for e in entries.values() if e.fields["eprint"] == "2611.10001")
    assert (first.fields["archivePrefix"], first.fields["primaryClass"]) == ("arXiv", "math-ph")
    assert first.fields["title"] == r"Spectral gaps of Schr\"odinger operators on $\mathbb{R} ^d$"
    style = find_plugin("pybtex.style.formatting", "plain")()
    rendered = "\n".join(e.text.render_as("text")
                         for e in style.format_bibliography(parse_string(bib, "bibtex")).entries)
    for names in NAMES.values():
        for name in names:
            assert name in rendered, name
    for word in ("schrödinger", "ζ-function", "łódź", "erdős", "precisão", "informação"):
        assert word in rendered.lower(), word
    assert TEX_ACCENT.search(rendered) is None


def test_the_reader_shows_letters_and_dimmed_affiliations(feed: Feed, paperfeed_home: Path) -> None:
    fetched(feed)
    with Store(paperfeed_home / "paperfeed.db") as store:
        papers = store.papers(list(EXPECTED))
        digest = Digest("2026-11-26", tuple(DigestEntry(p, 1.0, (), 1.0) for p in papers), candidates=4)
        store.save_digest(digest, "2026-11-26T06:00:00+00:00")
        app_ = make_app(store, digest, Config(), now=lambda: datetime(2026, 11, 26, 7, tzinfo=UTC))

        async def run() -> list[str]:
            screens = []
            async with app_.run_test(size=(160, 60)) as pilot:
                for _ in papers:
                    await pilot.pause()
                    screens.append("\n".join(s.text for s in app_.screen._compositor.render_strips()))
                    await pilot.press("j")
            return screens

        import asyncio

        screens = asyncio.run(run())
    for screen, paper_id in zip(screens, EXPECTED, strict=True):
        assert_readable(screen)
        for word in EXPECTED[paper_id]:
            assert word in screen, (paper_id, word)
    assert "Jakob Günther (LEMTA)" in screens[0]


def test_the_recorded_quant_ph_feed_has_no_tex_left_in_names(feed: Feed, paperfeed_home: Path) -> None:
    body = QUANT_PH.read_bytes()
    tex_names = {n for n in re.findall(r"<dc:creator>([^<]*)</dc:creator>", body.decode())
                 for n in n.split(", ") if "\\" in n}
    assert len(tex_names) >= 25  # 31 TeX-accented names in 20 items, some of them twice
    fetched(feed, body)
    with Store(paperfeed_home / "paperfeed.db") as store:
        papers = store.select(Selection())
    assert len(papers) >= 70
    names = [n for p in papers for n in p.authors]
    assert not [n for n in names if "\\" in n or "{" in n]
    for expected in ("Jakob Günther", "Michal Hajdušek", "Søren Stobbe", "Stanisław Świerczewski",
                     "Paweł Caban", "Frédéric Déliot", "Juan Ramón Muñoz de Nova", "Dorival Gonçalves"):
        assert expected in names, expected
    tex_in = {p.id for p in papers if p.authors_tex}
    assert len(tex_in) >= 20
    cli("star", *sorted(tex_in))
    authors = [line for line in cli("export").splitlines() if line.startswith("- Authors:")]
    assert len(authors) == len(tex_in)
    assert_readable("\n".join(authors), allowed=())


def test_the_weekly_post_reads_as_letters_with_math_kept(feed: Feed) -> None:
    fetched(feed)
    cli("star", *EXPECTED)
    post = cli("week")
    assert "[Spectral gaps of Schrödinger operators on $\\mathbb{R} ^d$]" in post
    assert "A Precisão da Metrologia Quântica: Informação e Medição" in post
    assert TEX_ACCENT.search(re.sub(r"\$[^$]+\$", "", post)) is None
