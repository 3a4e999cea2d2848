"""Affiliations are kept apart from names: the feed writes them in parentheses inside
`dc:creator`, the API as `arxiv:affiliation`; both reach the card and `show`, dimmed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperfeed.config import InterestsConfig
from paperfeed.digest import Interests, score
from paperfeed.models import Paper
from paperfeed.render.card import authors
from paperfeed.sources.arxiv_api import parse_api_page
from paperfeed.sources.arxiv_feed import split_creators
from paperfeed.text.readable import split_affiliation

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(("creator", "names", "places"), [
    ("A, B", ("A", "B"), ("", "")),
    ("Benjamin R\\'emy (LEMTA), S{\\o}ren Stobbe", ("Benjamin R\\'emy", "S{\\o}ren Stobbe"), ("LEMTA", "")),
    ("Ann Lee (Univ. X, Dept. (Physics), Paris), Bob Roe (MIT)", ("Ann Lee", "Bob Roe"),
     ("Univ. X, Dept. (Physics), Paris", "MIT")),
    ("Ann Lee (unclosed, Bob", ("Ann Lee",), ("unclosed, Bob",)),
])
def test_the_feed_creator_splits_into_names_and_affiliations(
        creator: str, names: tuple[str, ...], places: tuple[str, ...]) -> None:
    assert split_creators(creator) == (names, places)


def test_split_affiliation_of_one_name() -> None:
    assert split_affiliation("Benjamin R\\'emy (LEMTA)") == ("Benjamin R\\'emy", "LEMTA")
    assert split_affiliation("Plain Name") == ("Plain Name", "")


def test_the_api_gives_affiliations_per_author() -> None:
    page = parse_api_page((FIXTURES / "arxiv-api" / "oldstyle_affiliation.xml").read_bytes(),
                      fallback_day="2026-11-26")
    [sighting] = page.sightings
    assert sighting.authors[0] == "Andrew Gould" and sighting.affiliations[0] == "Ohio State"
    assert sighting.affiliations[2] == "CfA"


def test_the_card_dims_the_affiliation_after_the_name() -> None:
    line = authors(("Jakob Günther", "Søren Stobbe"), None, ("LEMTA", ""))
    assert line.plain == "Jakob Günther (LEMTA), Søren Stobbe"
    dim = [line.plain[s.start:s.end] for s in line.spans if "dim" in str(s.style)]
    assert dim == [" (LEMTA)"]


def test_an_affiliation_is_not_matched_as_a_followed_author() -> None:
    paper = Paper(id="2611.00001", title="T", authors=("Jakob Günther",), affiliations=("LEMTA",),
                  first_seen="2026-11-26T06:00:00+00:00")
    interests = Interests.compile(InterestsConfig(authors=["LEMTA"]), ["math-ph"])
    _, reasons = score(paper, interests, datetime(2026, 11, 26, 7, tzinfo=UTC))
    assert not any(r.startswith("author:") for r in reasons)
    interests = Interests.compile(InterestsConfig(authors=["Jakob Gunther"]), ["math-ph"])
    _, reasons = score(paper, interests, datetime(2026, 11, 26, 7, tzinfo=UTC))
    assert "author: Jakob Günther" in reasons
