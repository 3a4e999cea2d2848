"""Which work a feed entry is: arXiv id, DOI or normalised link."""

from __future__ import annotations

import pytest

from paperfeed import identity


@pytest.mark.parametrize("raw", [
    "doi:10.1038/S42256-026-01101-7", "https://doi.org/10.1038/s42256-026-01101-7",
    "http://dx.doi.org/10.1038/s42256-026-01101-7", "10.1038/s42256-026-01101-7."])
def test_doi_forms(raw: str) -> None:
    assert identity.doi(raw) == "10.1038/s42256-026-01101-7"


def test_not_a_doi() -> None:
    assert identity.doi("https://example.org/10.1038") is None
    assert identity.doi("") is None


def test_arxiv_links_and_dois_give_the_arxiv_id() -> None:
    assert identity.paper_id("http://lanl.arxiv.org/abs/1209.2411", None) == ("1209.2411", None)
    assert identity.paper_id("https://arxiv.org/pdf/2411.17758v2.pdf", None) == ("2411.17758", 2)
    assert identity.paper_id(None, "10.48550/arxiv.2411.17758") == ("2411.17758", None)
    assert identity.paper_id("https://notarxiv.org/abs/2411.17758", None) == (
        "url:notarxiv.org/abs/2411.17758", None)


def test_doi_before_link_and_link_normalised() -> None:
    assert identity.paper_id("https://x.org/a", "10.1/x") == ("doi:10.1/x", None)
    forms = ["https://www.Lab.example.edu/post/?utm_source=rss&b=2&a=1#top",
             "http://lab.example.edu:80/post?a=1&b=2", "https://lab.example.edu//post?b=2&a=1"]
    assert {identity.link_key(f) for f in forms} == {"lab.example.edu/post?a=1&b=2"}
    assert identity.link_key("javascript:alert(1)") is None
    assert identity.link_key("https://x.org:8080/a") == "x.org:8080/a"


@pytest.mark.parametrize(("typed", "paper_id"), [
    ("10.1038/S42256-026-01101-7", "doi:10.1038/s42256-026-01101-7"),
    ("https://doi.org/10.1038/s42256-026-01101-7", "doi:10.1038/s42256-026-01101-7"),
    ("doi:10.48550/arXiv.2411.17758", "2411.17758"),
    ("https://www.lab.example.edu/post/", None),
    ("url:lab.example.edu/post", "url:lab.example.edu/post"),
    ("2411.17758", None),
])
def test_user_id(typed: str, paper_id: str | None) -> None:
    assert identity.user_id(typed) == paper_id
