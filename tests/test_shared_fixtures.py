"""Conformance: every real recording under ../shared/fixtures parses, or is refused
with the clear error it deserves. Every file is covered: a new one without a rule
here fails the test rather than going unchecked.

The top-level folders are checked by folder; `realworld/` (see its SOURCES.md for
what each file is and what is odd about it) has one rule per file name, asserting
that file's own facts. TeX in titles and author names is not asserted in either
form (raw or converted): only what survives both, such as counts and surnames."""

from __future__ import annotations

import collections
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SHARED_FIXTURES

from paperfeed.errors import FetchError
from paperfeed.models import Sighting
from paperfeed.sources.arxiv_api import ApiPage, parse_api_page
from paperfeed.sources.arxiv_feed import parse_announcements
from paperfeed.sources.huggingface import DailyPage, parse_daily
from paperfeed.sources.paperswithcode import parse_pwc_page, parse_trending

pytestmark = pytest.mark.skipif(not SHARED_FIXTURES.is_dir(), reason="../shared/fixtures is not here")

REALWORLD = SHARED_FIXTURES / "realworld"
# The realworld folder also holds HTML error bodies: each must be refused cleanly by
# the parser its folder's source would hand it to.
FILES = sorted(p for p in SHARED_FIXTURES.rglob("*") if p.is_file() and (
    p.suffix in (".xml", ".json") or (p.suffix == ".html" and REALWORLD in p.parents))) \
    if SHARED_FIXTURES.is_dir() else []


def _id(path: Path) -> str:
    return str(path.relative_to(SHARED_FIXTURES))


def test_the_samples_are_all_there() -> None:
    top = collections.Counter(p.parent.name for p in FILES if REALWORLD not in p.parents)
    assert top["arxiv-rss"] == 4 and top["arxiv-api"] >= 19
    assert top["hf-daily"] == 4 and top["pwc"] == 4
    real = collections.Counter((p.parent.name, p.suffix) for p in FILES if REALWORLD in p.parents)
    assert real == {("arxiv-rss", ".xml"): 2, ("arxiv-api", ".xml"): 11, ("arxiv-api", ".html"): 1,
                    ("hf-daily", ".json"): 5, ("pwc-v1", ".json"): 7, ("pwc-v1", ".html"): 1}


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_every_sample_parses(path: Path) -> None:
    data = path.read_bytes()
    if REALWORLD in path.parents:
        check_file = REALWORLD_RULES.get(path.name)
        assert check_file is not None, f"realworld/{path.parent.name}/{path.name} has no rule in this test"
        check_file(data)
        return
    check = {"arxiv-rss": _rss, "arxiv-api": _api, "hf-daily": _hf, "pwc": _pwc}[path.parent.name]
    check(path.name, data)


def _rss(name: str, data: bytes) -> None:
    def parse() -> object:
        return parse_announcements(data, announce_types=("new", "cross"), fallback_day="2000-01-01")

    if "ERROR" in name:
        with pytest.raises(FetchError, match=r"^arXiv says: Bad archive 'astroph'"):
            parse()
        return
    feed = parse_announcements(data, announce_types=("new", "cross"), fallback_day="2000-01-01")
    if "EMPTY" in name:
        assert (feed.items, feed.sightings, feed.day) == (0, (), None)
        return
    assert feed.day == "2024-11-28" and len(feed.sightings) == feed.items
    assert all(s.title and s.paper_id and s.version for s in feed.sightings)
    if "FULL" in name:
        kinds = collections.Counter(s.kind for s in feed.sightings)
        assert feed.items == 1504 and kinds == {"new": 926, "cross": 9, "replace": 569}
        assert sum(1 for s in feed.sightings if s.doi) == 111
        assert sum(1 for s in feed.sightings if s.journal_ref) == 97
        assert sum(1 for s in feed.sightings if s.update_only) == 569


def _api(name: str, data: bytes) -> None:
    if "error" in name:
        with pytest.raises(FetchError, match=r"^arXiv says: incorrect id format for "):
            parse_api_page(data, fallback_day="2000-01-01")
        return
    page = _api_page(data)
    if "zero_results" in name or "no_entry" in name:
        assert page.sightings == ()
    elif "search" in name:
        assert len(page.sightings) == 10


def _api_page(data: bytes) -> ApiPage:
    """A parsed API page, with the invariants every real page keeps."""
    page = parse_api_page(data, fallback_day="2000-01-01")
    assert len(page.sightings) <= page.entries and page.total >= len(page.sightings)
    for s in page.sightings:
        assert s.paper_id and s.title and s.authors and s.abstract and s.published
        assert s.pdf_url and "/pdf/" in s.pdf_url and s.abs_url and "/abs/" in s.abs_url
        assert s.categories and s.primary_category == s.categories[0]
        assert "\n" not in s.title and s.abstract == s.abstract.strip()
    return page


def _hf(name: str, data: bytes) -> None:
    match = re.search(r"\d{4}-\d{2}-\d{2}", name)
    assert match, name
    _hf_page(data, match[0])


def _hf_page(data: bytes, day: str) -> DailyPage:
    page = parse_daily(data, day=day)
    assert page.items > 0 and len(page.sightings) == page.items
    assert all(s.seen_day == day for s in page.sightings)
    for s in page.sightings:
        assert s.upvotes is not None and s.title and "\n" not in s.title and "  " not in s.title
    trending = parse_trending(data, day=day)
    assert all(s.code_url for s in trending)
    assert len(trending) == sum(1 for s in page.sightings if s.code_url)
    return page


def _pwc(name: str, data: bytes) -> None:
    if name.endswith(("_methods.json", "_results.json")):
        with pytest.raises(FetchError, match="lists no papers"):
            parse_pwc_page(data, day="2021-05-01")
        return
    page = parse_pwc_page(data, day="2021-05-01")
    assert page.sightings and all(s.title for s in page.sightings)
    if "list" in name:
        assert len(page.sightings) == 50 and page.count == 761618
        assert page.next_url == "https://paperswithcode.com/api/v1/papers/?items_per_page=50&page=2"


# -- realworld/: one rule per file ---------------------------------------------------------

Rule = Callable[[bytes], None]
REALWORLD_RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(check: Rule) -> Rule:
        assert name not in REALWORLD_RULES, name
        REALWORLD_RULES[name] = check
        return check
    return register


def _ids(page: ApiPage) -> list[str]:
    return [s.paper_id for s in page.sightings]


def _realworld(folder: str, name: str) -> bytes:
    return (REALWORLD / folder / name).read_bytes()


def test_every_realworld_rule_has_its_file() -> None:
    assert set(REALWORLD_RULES) == {p.name for p in FILES if REALWORLD in p.parents}


# arxiv-rss/

QUANT_PH = "rssfeedsjl_2025-04-28_quant-ph_81items_new_cross_replace_replace-cross.xml"


@rule(QUANT_PH)
def _quant_ph(data: bytes) -> None:
    feed = parse_announcements(data, announce_types=("new", "cross"), fallback_day="2000-01-01")
    assert feed.day == "2025-04-28" and feed.items == 81 and len(feed.sightings) == 81
    kinds = collections.Counter(s.kind for s in feed.sightings)
    assert kinds == {"new": 40, "cross": 10, "replace": 22, "replace-cross": 9}
    # Both kinds of replacement only refresh stored papers; neither is new on the day.
    assert {s.paper_id for s in feed.sightings if s.update_only} == {
        s.paper_id for s in feed.sightings if s.kind in ("replace", "replace-cross")}
    assert all(s.published is None for s in feed.sightings if s.kind == "replace-cross")
    assert all(s.primary_category != "quant-ph" and "quant-ph" in s.categories
               for s in feed.sightings if s.kind == "cross")
    assert sum(1 for s in feed.sightings if s.doi) == 10
    assert sum(1 for s in feed.sightings if s.journal_ref) == 9
    papers = {s.paper_id: s for s in feed.sightings}
    assert len(papers["2504.00086"].authors) == 71
    # A parenthesised affiliation full of commas names no extra authors.
    assert len(papers["2504.18264"].authors) == 4
    # TeX-escaped names (`S{\o}ren Stobbe`, `Pawe{\l} Caban`) stay one name each,
    # whatever form the TeX takes after conversion.
    names = [n for s in feed.sightings for n in s.authors]
    assert all(n and n[0] not in "{}\\" and n.count("{") == n.count("}") for n in names)
    surnames = {n.split()[-1] for n in names}
    assert {"Stobbe", "Caban"} <= surnames
    assert any(n.startswith("Jakob G") for n in names) and any(n.startswith("Michal Hajdu") for n in names)


@rule("arxivhaiku_2012-09-12_LEGACY_RSS1.0_RDF_math.xml")
def _rdf_2012(data: bytes) -> None:
    with pytest.raises(FetchError, match=r"^the arXiv announcement feed is RSS 1\.0 \(RDF\), "
                                         r"the format arXiv's feeds had before 2024"):
        parse_announcements(data, announce_types=("new", "cross"), fallback_day="2000-01-01")


# arxiv-api/

@rule("acaradar_2025-12-16_HTTP503_html_body.html")
def _api_503(data: bytes) -> None:
    refused = r"^the arXiv API answer is an HTML page titled '503', not XML"
    with pytest.raises(FetchError, match=refused) as err:
        parse_api_page(data, fallback_day="2000-01-01")
    assert "truncated" not in str(err.value)


@rule("acaradar_2025-10-12_LEGACY_search_RL_submittedDate_20_of_max50_short_page.xml")
def _api_short_page(data: bytes) -> None:
    page = _api_page(data)
    # itemsPerPage says 50, but 20 came: the page size is what came, not what was promised.
    assert (page.total, page.start, page.entries, len(page.sightings)) == (410910, 0, 20, 20)
    assert all("2010-10-02" <= (s.published or "") < "2025-10-03" for s in page.sightings)
    assert all(s.abs_url and s.abs_url.startswith("http://arxiv.org/abs/") for s in page.sightings)


LEGACY_PAIR = "acaradar_2025-10-26_LEGACY_search_submittedDate_AND_jr_max5.xml"
CURRENT_PAIR = "acaradar_2025-11-15_CURRENT_same_query_as_2025-10-26_max5.xml"


@rule(LEGACY_PAIR)
def _api_legacy_pair(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.entries) == (7209, 5)
    assert _ids(page) == ["1010.0436", "1010.0557", "1010.0763", "1010.0793", "1010.0900"]
    assert all(s.abs_url and s.abs_url.startswith("http://") for s in page.sightings)


@rule(CURRENT_PAIR)
def _api_current_pair(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.entries) == (6642, 5)
    assert _ids(page) == ["1010.0436", "1010.0763", "1010.0793", "1010.0900", "1010.1262"]
    assert all(s.abs_url and s.abs_url.startswith("https://") for s in page.sightings)


def test_legacy_and_current_api_shapes_agree_on_the_common_papers() -> None:
    def unhttps(s: Sighting) -> dict[str, object]:
        fields = s._asdict()
        for key in ("abs_url", "pdf_url"):
            fields[key] = str(fields[key]).replace("https://", "http://", 1)
        return fields

    legacy = {s.paper_id: s for s in _api_page(_realworld("arxiv-api", LEGACY_PAIR)).sightings}
    current = {s.paper_id: s for s in _api_page(_realworld("arxiv-api", CURRENT_PAIR)).sightings}
    common = sorted(legacy.keys() & current.keys())
    assert common == ["1010.0436", "1010.0763", "1010.0793", "1010.0900"]
    for paper_id in common:
        assert legacy[paper_id] != current[paper_id]  # the links differ in scheme...
        assert unhttps(legacy[paper_id]) == unhttps(current[paper_id])  # ...and nothing else
    assert legacy["1010.0763"].doi == "10.1038/nmat2943"
    assert legacy["1010.0763"].journal_ref == "Nature Mater. 10, 114-118 (2011)"


@rule("arxivpy_2016-10-09_LEGACY_id_list_1111.2011v2_doi_journalref.xml")
def _api_legacy_1111(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.entries) == (1, 1)
    (s,) = page.sightings
    assert (s.paper_id, s.version) == ("1111.2011", 2)
    assert s.title == ("Quantum Criticality for Extended Nodes on a Bethe Lattice in the "
                       "Large Connectivity Limit")  # two lines in the answer
    assert s.doi == "10.1103/PhysRevB.85.115117" and s.journal_ref == "Phys. Rev. B 85, 115117 (2012)"
    assert s.comment == "8 pages, 3 figures. Published version"
    assert (s.abs_url, s.pdf_url) == ("http://arxiv.org/abs/1111.2011v2", "http://arxiv.org/pdf/1111.2011v2")


@rule("arxivpy_2016-10-09_LEGACY_search_au_del_maestro_10of31.xml")
def _api_legacy_del_maestro(data: bytes) -> None:
    page = _api_page(data)  # namespaces declared per element, not on the root
    assert (page.total, page.start, page.entries, len(page.sightings)) == (31, 0, 10, 10)
    assert [i for i in _ids(page) if "/" in i] == [
        "cond-mat/0412498", "cond-mat/0603029", "cond-mat/0607501", "cond-mat/0702661"]
    assert sum(1 for s in page.sightings if s.doi) == 10
    # The `<link title="doi">` that comes first is neither the abstract nor the PDF.
    assert all(s.abs_url and s.abs_url.startswith("http://arxiv.org/abs/") for s in page.sightings)
    assert all("doi.org" not in (s.pdf_url or "") for s in page.sightings)
    assert all(s.abstract[0] != " " for s in page.sightings)  # leading spaces in the answer


@rule("arxivpy_2026-04-12_id_0808.05394_malformed_id_zero_results.xml")
def _api_malformed_id(data: bytes) -> None:
    page = _api_page(data)  # HTTP 200, no error entry: an empty answer, not an error
    assert (page.total, page.entries, page.sightings) == (0, 0, ())


@rule("arxivpy_2026-04-12_id_hep-ex_0406020v1_oldstyle_id.xml")
def _api_oldstyle(data: bytes) -> None:
    (s,) = _api_page(data).sightings
    assert (s.paper_id, s.version, s.categories) == ("hep-ex/0406020", 1, ("hep-ex",))
    assert s.abs_url == "https://arxiv.org/abs/hep-ex/0406020v1"
    assert s.title == "Sparticle Reconstruction at LHC"


@rule("arxivpy_2026-04-12_search_testing_start0_max100_100entries.xml")
def _api_testing_100(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.entries, len(page.sightings)) == (214881, 100, 100)
    assert len(set(_ids(page))) == 100
    assert sum(1 for s in page.sightings if s.doi) == 32
    assert sum(1 for s in page.sightings if s.journal_ref) == 18
    assert [i for i in _ids(page) if "/" in i] == ["cs/0503050", "hep-ph/0301050", "gr-qc/0103067"]
    # The same query in pages of 10 (the shared fixtures) gives the same first 30 papers,
    # parsed to the same fields.
    small: list[Sighting] = []
    for part in ("start0_max10", "start10_max10", "start20_max10_unicode_title"):
        path = SHARED_FIXTURES / "arxiv-api" / f"arxivpy_2026-04-12_search_testing_{part}.xml"
        small += _api_page(path.read_bytes()).sightings
    assert list(page.sightings[:30]) == small


DEEP_DREAM_0 = "orijtech_2017-05-14_LEGACY_search_deep_dream_start0.xml"
DEEP_DREAM_1 = "orijtech_2017-05-14_LEGACY_search_deep_dream_start1_overlapping_page.xml"


@rule(DEEP_DREAM_0)
def _api_deep_dream_0(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.start, page.entries) == (24617, 0, 10)
    assert _ids(page)[0] == "1611.09520"


@rule(DEEP_DREAM_1)
def _api_deep_dream_1(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.start, page.entries) == (24617, 1, 10)
    assert _ids(page)[-1] == "1604.07600"


def test_overlapping_pages_dedupe_to_one_sighting_per_paper() -> None:
    first = _api_page(_realworld("arxiv-api", DEEP_DREAM_0)).sightings
    second = _api_page(_realworld("arxiv-api", DEEP_DREAM_1)).sightings
    assert [s.paper_id for s in first][1:] == [s.paper_id for s in second][:9]
    # The catch-up's merge (by paper id, as ArxivSource.catch_up does): 11 papers, and
    # a paper on both pages parsed to the same fields from each, so none is lost.
    merged: dict[str, Sighting] = {}
    for s in (*first, *second):
        assert merged.setdefault(s.paper_id, s) == s
    assert len(merged) == 11


@rule("papmon_2022-11-11_LEGACY_search_cs_ml_cats_sort_lastUpdatedDate.xml")
def _api_papmon(data: bytes) -> None:
    page = _api_page(data)
    assert (page.total, page.entries) == (247561, 10)
    assert max(len(s.authors) for s in page.sightings) == 12
    versions = {s.paper_id: s.version for s in page.sightings}
    # The two papers of the pwc-v1 answers recorded by the same project.
    assert versions["2211.05781"] == 1 and versions["2210.14891"] == 4


# hf-daily/

@rule("newsletter-chinese_2024-11-19_16items_nonascii_titles.json")
def _hf_2024_11_19(data: bytes) -> None:
    page = _hf_page(data, "2024-11-19")  # no submittedOnDailyAt: the day asked for
    assert page.items == 16 and not parse_trending(data, day="2024-11-19")  # no githubRepo yet
    titles = [s.title for s in page.sightings]
    assert "Top-nσ: Not All Logits Are You Need" in titles
    assert ("LLäMmlein: Compact and Competitive German-Only Language Models from Scratch"
            in titles)  # hard-wrapped in the answer
    # An author hidden on Hugging Face is still an author of the paper.
    hidden = next(s for s in page.sightings if s.paper_id == "2411.10836")
    assert len(hidden.authors) == 6 and "Yikai Wang" in hidden.authors


@rule("newsletter-chinese_2025-01-21_single_item.json")
def _hf_2025_01_21(data: bytes) -> None:
    page = _hf_page(data, "2025-01-21")
    (s,) = page.sightings
    assert s.paper_id == "2501.08325" and len(s.authors) == 6


@rule("newsletter-chinese_2025-01-27_4items_664_author_paper.json")
def _hf_2025_01_27(data: bytes) -> None:
    page = _hf_page(data, "2025-01-27")
    assert page.items == 4
    hle = next(s for s in page.sightings if s.paper_id == "2501.14249")
    assert hle.title == "Humanity's Last Exam" and len(hle.authors) == 664
    assert len(set(hle.authors)) > 600 and all(hle.authors)


@rule("newsletter-chinese_2025-09-30_50items_hardwrapped_titles.json")
def _hf_2025_09_30(data: bytes) -> None:
    page = _hf_page(data, "2025-09-30")
    assert page.items == 50 and len(parse_trending(data, day="2025-09-30")) == 25
    assert sum(1 for s in page.sightings if s.ai_summary and s.ai_keywords) == 50
    assert sum(1 for s in page.sightings if s.code_url and s.code_stars is not None) == 25
    authors = {s.paper_id: len(s.authors) for s in page.sightings}
    assert max(authors.values()) == authors["2509.25149"] == 89
    hidden = next(s for s in page.sightings if s.paper_id == "2509.22518")
    assert len(hidden.authors) == 8 and "Bo Li" in hidden.authors
    titles = {s.paper_id: s.title for s in page.sightings}
    assert "RealUnify: Do Unified Models Truly Benefit from Unification? A Comprehensive Benchmark" \
        in titles.values()


@rule("newsletter-chinese_2026-08-13_20items_tex_in_text.json")
def _hf_2026_08_13(data: bytes) -> None:
    page = _hf_page(data, "2026-08-13")
    assert page.items == 20 and len(parse_trending(data, day="2026-08-13")) == 10
    assert all(s.published and s.published.endswith("T00:00:00+00:00") for s in page.sightings)
    ids = {s.paper_id for s in page.sightings}
    assert {"2608.11924", "2608.10450"} <= ids
    assert all(s.ai_summary and s.abstract for s in page.sightings)


# pwc-v1/

def _pwc_v1(data: bytes) -> tuple[Sighting, ...]:
    page = parse_pwc_page(data, day="2022-11-13")
    assert page.next_url is None
    return page.sightings


@rule("papmon_2022-10-18_GET_papers_be-your-own-teacher-improve-the-performance.json")
def _pwc_single_paper(data: bytes) -> None:
    page = parse_pwc_page(data, day="2022-10-18")  # one paper object, not a list
    assert page.count == 1
    (s,) = page.sightings
    assert (s.paper_id, s.version, s.published) == ("1905.08094", None, "2019-05-17")
    assert s.title.startswith("Be Your Own Teacher: ") and len(s.authors) == 6
    assert s.abs_url == "https://arxiv.org/abs/1905.08094v1"
    assert s.details["proceeding"] == "iccv-2019-10"


@rule("papmon_2022-10-18_GET_papers_be-your-own-teacher_HTTP404.json")
def _pwc_404_detail(data: bytes) -> None:
    with pytest.raises(FetchError, match=r"^Papers with Code answered with an error: Not found\.$"):
        parse_pwc_page(data, day="2022-10-18")


@rule("papmon_2022-11-05_GET_papers__repositories_HTTP404_html.html")
def _pwc_404_html(data: bytes) -> None:
    with pytest.raises(FetchError, match=r"^the Papers with Code answer is an HTML page titled "
                                         r"'Not Found', not JSON") as err:
        parse_pwc_page(data, day="2022-11-05")
    assert "truncated" not in str(err.value)


@rule("papmon_2022-11-11_GET_papers_unifying-flow-stereo-and-depth-estimation_datasets.json")
def _pwc_datasets(data: bytes) -> None:
    with pytest.raises(FetchError, match=r"lists no papers \(.*datasets\?\)"):
        parse_pwc_page(data, day="2022-11-11")


@rule("papmon_2022-11-13_GET_papers_neighborhood-attention-transformer_repositories.json")
def _pwc_repositories(data: bytes) -> None:
    with pytest.raises(FetchError, match=r"lists no papers \(.*repositories"):
        parse_pwc_page(data, day="2022-11-13")


@rule("papmon_2022-11-13_GET_papers_hybrid-quantum-neural-network-for-drug_repositories_EMPTY.json")
def _pwc_empty(data: bytes) -> None:
    # An empty page has no items to tell repositories from papers: it is an empty list.
    page = parse_pwc_page(data, day="2022-11-13")
    assert (page.count, page.next_url, page.sightings) == (0, None, ())


@rule("papmon_2022-11-13_GET_papers_arxiv_id_2211.05781_ampersand_title.json")
def _pwc_ampersand(data: bytes) -> None:
    (s,) = _pwc_v1(data)
    assert s.paper_id == "2211.05781"
    assert s.title == "Demystify Transformers & Convolutions in Modern Image Deep Networks"
    assert len(s.authors) == 12


@rule("papmon_2022-11-13_GET_papers_arxiv_id_2210.14891_unversioned_vs_v4.json")
def _pwc_unversioned(data: bytes) -> None:
    (s,) = _pwc_v1(data)
    # The id names no version, the links name v4: the id stays canonical, the links as given.
    assert (s.paper_id, s.version, s.title) == ("2210.14891", None, "Broken Neural Scaling Laws")
    assert (s.abs_url, s.pdf_url) == ("https://arxiv.org/abs/2210.14891v4",
                                      "https://arxiv.org/pdf/2210.14891v4.pdf")
