"""Publishers' feeds in their real wire formats, through the pure feed parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from paperfeed.errors import FetchError
from paperfeed.models import Sighting
from paperfeed.sources.feed_parse import MAX_ENTRIES, parse, split_authors
from paperfeed.text.html import to_text

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
LEGACY_ARXIV = SHARED / "realworld" / "arxiv-rss" / "arxivhaiku_2012-09-12_LEGACY_RSS1.0_RDF_math.xml"
DAY = "2026-11-29"


def read(name: str, **kw: object) -> dict[str, Sighting]:
    page = parse((FEEDS / name).read_bytes(), source="feed:t", feed_name="t", day=DAY, **kw)  # type: ignore[arg-type]
    return {s.paper_id: s for s in page.sightings}


def test_biorxiv_rdf_with_dublin_core_and_prism() -> None:
    papers = read("biorxiv_bioinformatics.rdf")
    protdiff = papers["doi:10.1101/2026.11.25.690001"]
    assert protdiff.title.startswith("ProtDiff: diffusion models")
    assert protdiff.authors == ("M. Garcia", "C. N. Okafor", "S. Lindqvist", "W. Zhang")
    assert protdiff.doi == "10.1101/2026.11.25.690001"
    assert protdiff.published == "2026-11-28T00:00:00+00:00"
    assert protdiff.source == "feed:t" and protdiff.details["feed"] == "t"
    assert protdiff.abs_url == "http://biorxiv.org/cgi/content/short/2026.11.25.690001v1?rss=1"


def test_abstract_with_ampersand_and_less_than_is_not_html_escaped() -> None:
    protdiff = read("biorxiv_bioinformatics.rdf")["doi:10.1101/2026.11.25.690001"]
    assert "CATH & SCOP" in protdiff.abstract
    assert "designability < 2 A RMSD" in protdiff.abstract
    assert "R&D costs" in protdiff.abstract
    assert "&amp;" not in protdiff.abstract and "&lt;" not in protdiff.abstract
    blog = read("wordpress_lab_blog.xml")["url:vllab.example.edu/2026/11/20/welcome-new-students"]
    assert "R&D tooling and efficient inference when x<y holds." in blog.abstract


def test_entry_without_abstract_is_still_a_paper() -> None:
    empty = read("biorxiv_bioinformatics.rdf")["doi:10.1101/2026.11.26.690555"]
    assert empty.abstract == "" and empty.title == "A benchmark of genome language models"
    slides = read("wordpress_lab_blog.xml")["url:vllab.example.edu/2026/11/18/seminar-slides"]
    assert slides.abstract == "" and slides.abs_url == "https://vllab.example.edu/2026/11/18/seminar-slides/"


def test_nature_toc_rss1_with_prism_doi_and_journal() -> None:
    papers = read("nature_toc.rdf")
    sae = papers["doi:10.1038/s42256-026-01101-7"]
    assert sae.journal_ref == "Nature Machine Intelligence"
    assert sae.doi == "10.1038/s42256-026-01101-7"
    assert sae.authors == ("Priya Raman", "Tomás Ferreira", "Ada Nwosu")
    # The "Journal, Published online: date; doi:..." lead-in is not the abstract.
    assert sae.abstract.startswith("Protein language models learn rich representations")
    assert "binding sites & secondary structure" in sae.abstract
    assert len(papers) == 3


def test_atom_journal_html_title_doi_link_and_arxiv_merge() -> None:
    papers = read("journal_atom.xml")
    q = papers["doi:10.5555/tls.2026.1204"]
    assert q.title == "Provably efficient Q-learning with linear function approximation"
    assert "H4 to H2 for all ε < 1." in q.abstract
    assert q.published == "2026-11-28T15:30:00+00:00"  # -05:00 turned into UTC
    assert q.journal_ref == "Transactions on Learning Systems"
    assert q.authors == ("Rosa Delgado", "Ibrahim Haddad")
    # an arXiv DOI makes the entry the arXiv paper, with arXiv's links
    arxiv = papers["2411.17758"]
    assert arxiv.abs_url == "https://arxiv.org/abs/2411.17758" and arxiv.doi is None
    # a DOI in another letter case is the same DOI
    assert "doi:10.1038/s42256-026-01101-7" in papers


def test_atom_03_and_rss_091() -> None:
    (old,) = read("journal_atom03.xml").values()
    assert old.title == "Kernel methods for tiny devices"
    assert old.abstract == "Kernel machines fit in 64 KB & run at 5 mW."
    assert old.paper_id == "url:workshop.example.net/papers/17.html"
    (notes,) = read("rss091.xml").values()
    assert notes.abstract == "Notes by Renée Dubois: percentile vs BCa intervals for NDCG."
    assert notes.published is None


def test_wordpress_html_content_becomes_clean_text() -> None:
    papers = read("wordpress_lab_blog.xml")
    post = papers["url:vllab.example.edu/2026/11/27/gaussian-splatting-endoscopy"]
    assert post.title == "Our paper on “3D Gaussian splatting for endoscopy” accepted at MICCAI"
    assert post.abstract == ("We reconstruct deforming tissue in real time with 3D Gaussian "
                             "splatting, at 120 fps on a single GPU. Code & data are public; "
                             "the preprint is on arXiv.")
    assert post.authors == ("Sofia Rossi",)
    # tracking parameters are not part of a link's identity
    assert "url:vllab.example.edu/2026/11/20/welcome-new-students" in papers


def test_broken_encoding_declaration_is_read_as_what_it_is() -> None:
    (paper,) = read("broken_encoding.xml").values()
    assert paper.title == "“Régression” robuste en grande dimension"
    assert paper.abstract == "Nous étudions la régression robuste; café offert."


def test_an_html_page_is_refused_in_one_line() -> None:
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse((FEEDS / "html_page.html").read_bytes(), source="feed:t", feed_name="t", day=DAY)


def test_legacy_arxiv_rss1_feed_through_the_generic_reader() -> None:
    page = parse(LEGACY_ARXIV.read_bytes(), source="feed:t", feed_name="t", day=DAY)
    assert page.title == "math updates on arXiv.org" and page.entries == len(page.sightings) == 126
    first = page.sightings[0]
    assert (first.paper_id, first.version, first.primary_category) == ("1209.2411", 1, "math.PR")
    assert first.title == "On the first time that an Ito process hits a barrier."
    assert first.abs_url == "https://arxiv.org/abs/1209.2411"
    two = next(s for s in page.sightings if s.paper_id == "1209.2448")
    assert two.authors == ("Alan Adolphson", "Steven Sperber")  # names, not <a> tags


def backlog(n: int, now: datetime) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>https://big.example.org/items/{i}</link>"
        f"<description>Body {i} &amp; more</description>"
        f"<pubDate>{(now - timedelta(hours=i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for i in range(n))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
            f"{items}</channel></rss>").encode()


def test_a_5000_item_backlog_keeps_the_window_and_the_cap() -> None:
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    data = backlog(5000, now)
    oldest = (now - timedelta(days=14)).isoformat(timespec="seconds")
    page = parse(data, source="feed:big", feed_name="big", day=DAY, oldest=oldest)
    assert page.entries == 5000
    assert len(page.sightings) == 14 * 24 + 1  # items 0..336 hours old
    assert all(s.published and s.published >= oldest for s in page.sightings)


def test_a_feed_longer_than_the_cap_keeps_its_newest_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    from paperfeed.sources import feed_parse

    assert MAX_ENTRIES == 1000
    monkeypatch.setattr(feed_parse, "MAX_ENTRIES", 50)
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    whole = parse(backlog(200, now), source="feed:big", feed_name="big", day=DAY)
    assert len(whole.sightings) == 50
    assert {s.paper_id for s in whole.sightings} == {f"url:big.example.org/items/{i}" for i in range(50)}


@pytest.mark.parametrize(("raw", "names"), [
    ("Garcia, M., Okafor, C. N.", ["M. Garcia", "C. N. Okafor"]),
    ("Ada Lovelace; Alan Turing", ["Ada Lovelace", "Alan Turing"]),
    ("Ada Lovelace, Alan Turing and Grace Hopper", ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
    ("Lovelace, Ada", ["Lovelace, Ada"]),
    ("The Lab Team", ["The Lab Team"]),
])
def test_split_authors(raw: str, names: list[str]) -> None:
    assert split_authors(raw) == names


@pytest.mark.parametrize(("html", "text"), [
    ("R&amp;D &lt;b&gt;", "R&D <b>"),
    ("x<y and R&D", "x<y and R&D"),
    ("<p>a</p><p>b</p>", "a b"),
    ("<i>Q</i>-learning", "Q-learning"),
    ("ok<script>alert(1)</script> <!-- c --> done", "ok done"),
    ("\x1b[31mred\x1b[0m&#x1b;[2J", "red[2J"),
])
def test_html_to_text(html: str, text: str) -> None:
    assert to_text(html) == text


def test_a_body_naming_a_local_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # feedparser.parse(bytes) opens the bytes as a file name if such a file exists
    (tmp_path / "<feed>").write_bytes((FEEDS / "rss091.xml").read_bytes())
    monkeypatch.chdir(tmp_path)
    page = parse(b"<feed>", source="feed:t", feed_name="t", day=DAY)
    assert (page.title, page.entries) == ("", 0)  # not the file's "Statistics Seminar Notes"


@pytest.mark.parametrize("declaration", [b'encoding="\x80TF-8"', b'encoding="utf\x00-8"'])
def test_a_hostile_encoding_declaration_is_a_fetch_error(declaration: bytes) -> None:
    data = (FEEDS / "rss091.xml").read_bytes().replace(b'encoding="ISO-8859-1"', declaration)
    with pytest.raises(FetchError, match="the feed cannot be read"):
        parse(data, source="feed:t", feed_name="t", day=DAY)
