"""Feed papers in the digest: the feed's weight, `keywords_only`, the per-feed cap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from paperfeed.config import InterestsConfig
from paperfeed.config.feeds import FeedConfig
from paperfeed.digest import Budget, Interests, build
from paperfeed.digest.feeds import FeedPrefs
from paperfeed.models import Paper

NOW = datetime(2026, 11, 29, 7, tzinfo=UTC)
SEEN = "2026-11-29T06:00:00+00:00"
BUDGET = Budget(target=40, minimum=30, maximum=50)


def paper(pid: str, *sources: str, title: str = "A study of things", **kw: object) -> Paper:
    return Paper(id=pid, title=title, abstract="Short abstract. " * 10, sources=sources,
                 first_seen=SEEN, last_seen=SEEN, **kw)  # type: ignore[arg-type]


def prefs(*feeds: FeedConfig) -> FeedPrefs:
    return FeedPrefs.from_config(feeds)


def test_a_300_item_feed_cannot_flood_the_digest() -> None:
    busy = [paper(f"url:busy.example/{i}", "feed:Busy") for i in range(300)]
    arxiv = [paper(f"2611.{i:05d}", "arxiv", categories=("cs.LG",), primary_category="cs.LG")
             for i in range(10)]
    digest = build(busy + arxiv, Interests.compile(InterestsConfig()), BUDGET, NOW, day="2026-11-29",
                   feeds=prefs(FeedConfig("Busy", "https://busy.example/rss", weight=3, max_per_digest=4)))
    from_feed = [e for e in digest.entries if e.paper.sources == ("feed:Busy",)]
    assert len(from_feed) == 4
    assert len(digest.entries) == 14  # the ten arXiv papers fill the rest of the budget
    assert all(e.reasons == ("feed: Busy",) for e in from_feed)


def test_the_cap_applies_to_a_feed_removed_from_the_config_too() -> None:
    gone = [paper(f"url:gone.example/{i}", "feed:Gone") for i in range(50)]
    digest = build(gone, Interests.compile(InterestsConfig()), BUDGET, NOW, day="2026-11-29", feeds=prefs())
    assert len(digest.entries) == 5


def test_weight_is_a_small_separate_term_like_a_category() -> None:
    heavy = paper("doi:10.1/heavy", "feed:Heavy")
    light = paper("doi:10.1/light", "feed:Light")
    keyword = paper("doi:10.1/kw", "feed:Light", title="Diffusion for things")
    interests = Interests.compile(InterestsConfig(keywords=["diffusion"]))
    rules = prefs(FeedConfig("Heavy", "https://h.example/rss", weight=3),
                  FeedConfig("Light", "https://l.example/rss", weight=0.5))
    digest = build([light, heavy, keyword], interests, BUDGET, NOW, day="2026-11-29", feeds=rules)
    scores = {e.paper.id: e.score for e in digest.entries}
    # (base 1 + weight 3) against (base 1 + weight 0.5), both decayed alike
    assert scores["doi:10.1/heavy"] / scores["doi:10.1/light"] == pytest.approx(4 / 1.5)
    # a title keyword in the lightest feed outweighs the heaviest feed weight
    assert digest.entries[0].paper.id == "doi:10.1/kw"
    assert dict((e.paper.id, e.reasons) for e in digest.entries)["doi:10.1/kw"] == ("keyword: diffusion",)


def test_keywords_only_admits_only_papers_matching_an_interest() -> None:
    interests = Interests.compile(InterestsConfig(keywords=["diffusion"], authors=["Ada Nwosu"]))
    rules = prefs(FeedConfig("Big", "https://big.example/rss", keywords_only=True))
    papers = [paper("url:big/1", "feed:Big"),
              paper("url:big/2", "feed:Big", title="Diffusion models of proteins"),
              paper("url:big/3", "feed:Big", authors=("Ada Nwosu",)),
              paper("2611.00001", "arxiv", "feed:Big")]  # arXiv's paper: not the feed's to filter
    digest = build(papers, interests, BUDGET, NOW, day="2026-11-29", feeds=rules)
    assert {e.paper.id for e in digest.entries} == {"url:big/2", "url:big/3", "2611.00001"}
    assert digest.candidates == 3


def test_without_feed_rules_nothing_changes_for_arxiv_papers() -> None:
    papers = [paper(f"2611.{i:05d}", "arxiv") for i in range(8)]
    interests = Interests.compile(InterestsConfig())
    plain = build(papers, interests, BUDGET, NOW, day="2026-11-29")
    with_rules = build(papers, interests, BUDGET, NOW, day="2026-11-29",
                       feeds=prefs(FeedConfig("X", "https://x.example/rss", weight=3)))
    assert plain == with_rules
