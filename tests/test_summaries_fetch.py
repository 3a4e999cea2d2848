"""The summary step after a fetch, through the real store and the real client against
a local chat-completions server: which papers, how often, and what a failure leaves."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
from _chat_server import ChatServer, completion, error
from pytest_httpserver import HTTPServer

from paperfeed.clock import iso
from paperfeed.config import Config, FetchConfig, InterestsConfig
from paperfeed.config.summaries import SummariesConfig
from paperfeed.models import Sighting
from paperfeed.refresh import summarize
from paperfeed.store import Store

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
ABSTRACT = "We study {}. " + " ".join(["word"] * 60)


def make_config(base_url: str, **changes: object) -> Config:
    values: dict[str, object] = {"enabled": True, "base_url": base_url, "model": "qwen2.5:7b",
                                 "language": "ko", "max_papers": 3, "timeout_seconds": 5}
    values.update(changes)
    return Config(interests=InterestsConfig(keywords=["diffusion"]),
                  fetch=FetchConfig(retry_attempts=1),
                  summaries=SummariesConfig(**values))  # type: ignore[arg-type]


@pytest.fixture
def config(httpserver: HTTPServer) -> Config:
    return make_config(httpserver.url_for("/v1"))


def paper(i: int, *, topic: str = "", version: int = 1, abstract: str | None = None) -> Sighting:
    title = f"{topic or 'Other'} paper {i}"
    return Sighting(source="arxiv", paper_id=f"2611.{i:05d}", title=title, seen_day="2026-11-26",
                    version=version, abstract=abstract or ABSTRACT.format(title), kind="new",
                    authors=("Ada Lovelace",), categories=("cs.LG",), primary_category="cs.LG",
                    published=iso(NOW - timedelta(hours=10)), authoritative=True)


def fill(store: Store) -> None:
    """Eight papers; 3, 5 and 7 are about diffusion, so they score best."""
    store.record([paper(i, topic="Diffusion" if i in (3, 5, 7) else "") for i in range(1, 9)], iso(NOW))


def run(store: Store, config: Config) -> summarize.SummaryOutcome:
    return summarize.run(store, config, now=lambda: NOW)


def test_the_best_scored_papers_are_summarized_up_to_max_papers(
        store: Store, config: Config, chat: ChatServer) -> None:
    fill(store)
    outcome = run(store, config)
    assert (outcome.wanted, outcome.made, outcome.error) == (3, 3, None)
    assert chat.titles() == ["Diffusion paper 3", "Diffusion paper 5", "Diffusion paper 7"]
    papers = store.with_summaries(store.papers(["2611.00003", "2611.00001"]), "ko")
    assert papers[0].summary is not None and papers[1].summary is None
    assert papers[0].summary.text.startswith("이 논문(Diffusion paper 3)")
    assert (papers[0].summary.model, papers[0].summary.language) == ("qwen2.5:7b", "ko")


def test_each_paper_is_summarized_once_per_language(
        store: Store, config: Config, chat: ChatServer) -> None:
    fill(store)
    run(store, config)
    again = run(store, config)
    assert (again.wanted, again.made) == (0, 0) and len(chat.requests) == 3
    assert again.line().startswith("none needed (ko)")
    german = config._replace(summaries=config.summaries._replace(language="de"))
    assert run(store, german).made == 3 and len(chat.requests) == 6
    assert "German (de)" in chat.requests[-1]["messages"][0]["content"]
    assert store.count_summaries("ko") == store.count_summaries("de") == 3


def test_a_new_version_keeps_its_summary_unless_the_abstract_changed(
        store: Store, config: Config, chat: ChatServer) -> None:
    fill(store)
    run(store, config)
    same = ABSTRACT.format("Diffusion paper 3").replace(". ", ".\n  ")  # rewrapped, same words
    store.record([paper(3, topic="Diffusion", version=2, abstract=same)], iso(NOW))
    assert run(store, config).wanted == 0
    store.record([paper(5, topic="Diffusion", version=2, abstract="A rewritten abstract.")], iso(NOW))
    [stale] = store.with_summaries(store.papers(["2611.00005"]), "ko")
    assert stale.summary is None  # a summary of the old abstract is not shown
    outcome = run(store, config)
    assert (outcome.wanted, outcome.made) == (1, 1) and chat.titles()[-1] == "Diffusion paper 5"
    [fresh] = store.with_summaries(store.papers(["2611.00005"]), "ko")
    assert fresh.summary is not None


def test_read_and_excluded_papers_are_not_sent(store: Store, config: Config, chat: ChatServer) -> None:
    fill(store)
    store.set_mark("2611.00003", read_at=iso(NOW))
    config = config._replace(interests=config.interests._replace(exclude_keywords=["paper 5"]))
    run(store, config)
    assert "Diffusion paper 3" not in chat.titles() and "Diffusion paper 5" not in chat.titles()
    assert chat.titles()[0] == "Diffusion paper 7"


def test_a_dead_server_stops_at_once_and_the_papers_wait_for_the_next_fetch(
        store: Store, httpserver: HTTPServer, chat: ChatServer) -> None:
    fill(store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    before = store.papers([f"2611.{i:05d}" for i in range(1, 9)])
    outcome = run(store, make_config(dead))
    assert (outcome.wanted, outcome.made) == (3, 0)
    assert outcome.failed and outcome.error is not None and "cannot reach" in outcome.error
    assert store.papers([f"2611.{i:05d}" for i in range(1, 9)]) == before
    later = run(store, make_config(httpserver.url_for("/v1")))
    assert later.made == 3 and not later.failed


@pytest.mark.parametrize("reply, words", [
    (lambda: error(401, "error_401_invalid_api_key.json"), "HTTP 401"),
    (lambda: error(429, "error_429_rate_limit.json"), "HTTP 429"),
    (lambda: error(404, "error_404_ollama_model.json"), "HTTP 404"),
])
def test_a_refusal_ends_the_run_after_one_request(
        store: Store, config: Config, chat: ChatServer, reply: object, words: str) -> None:
    fill(store)
    chat.queued += [reply() for _ in range(5)]  # type: ignore[operator]
    outcome = run(store, config)
    assert outcome.made == 0 and outcome.error is not None and words in outcome.error
    assert len(chat.requests) == 1
    assert store.count_summaries("ko") == 0


def test_a_missing_key_sends_nothing(store: Store, httpserver: HTTPServer, chat: ChatServer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store)
    monkeypatch.delenv("PAPERFEED_TEST_LLM_KEY", raising=False)
    outcome = run(store, make_config(httpserver.url_for("/v1"), api_key_env="PAPERFEED_TEST_LLM_KEY"))
    assert outcome.error is not None and "PAPERFEED_TEST_LLM_KEY" in outcome.error
    assert chat.requests == []


def test_unusable_answers_are_skipped_and_three_in_a_row_end_the_run(
        store: Store, config: Config, chat: ChatServer) -> None:
    fill(store)
    chat.queued.append(completion(""))
    outcome = run(store, config)
    assert (outcome.made, outcome.unusable) == (2, 1)
    assert "1 unusable answer skipped" in outcome.line()
    store.record([paper(i, topic="Diffusion") for i in (11, 12, 13, 14)], iso(NOW))
    chat.queued += [completion("x" * 5000), completion(None), completion("<think>hmm")]
    outcome = run(store, config._replace(summaries=config.summaries._replace(max_papers=8)))
    assert outcome.unusable == 3 and outcome.made == 0
    assert outcome.error is not None and "3 times in a row" in outcome.error


def test_nothing_is_asked_when_nothing_waits(store: Store, config: Config, chat: ChatServer) -> None:
    outcome = run(store, config)
    assert outcome.wanted == 0 and chat.requests == [] and not outcome.failed


def test_a_bug_in_the_client_is_one_line_not_a_crash(store: Store, config: Config) -> None:
    class Broken:
        url = "http://localhost/v1"

        def summarize(self, title: str, abstract: str) -> object:
            raise KeyError("choices")

        def close(self) -> None:
            pass

    fill(store)
    outcome = summarize.run(store, config, now=lambda: NOW,
                            factory=lambda _: Broken())  # type: ignore[arg-type,return-value]
    assert outcome.made == 0 and outcome.error is not None
    assert outcome.error.startswith("unexpected KeyError while asking for summaries")
    assert "please report it" in outcome.error


def test_the_pick_follows_the_digests_feed_rules(store: Store, config: Config, chat: ChatServer) -> None:
    """A keywords-only feed's off-topic papers never enter a digest, so they are not sent."""
    from paperfeed.config.feeds import FeedConfig

    lab = FeedConfig("Lab blog", "https://lab.example/feed.xml", weight=3.0, keywords_only=True)
    store.record([paper(20 + i)._replace(source=lab.source, paper_id=f"feed:lab:{i}",
                                         title=f"Lab news {i}") for i in range(3)], iso(NOW))
    store.record([paper(1)], iso(NOW))
    config = config._replace(sources=config.sources._replace(feeds=(lab,)))
    run(store, config)
    assert chat.titles() == ["Other paper 1"]
