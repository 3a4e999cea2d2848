"""After a fetch: summaries for the papers most likely to be read next.

`paperfeed fetch` calls `run` once the sources' papers are stored (still under the
fetch lock, so two fetches never ask twice). `paperfeed today` never does: a
reader waits for nothing but the store.

Which papers: the digest's own candidates (unread, not shown on an earlier day,
within `digest.catchup_days`, not excluded), ranked as the digest ranks them
(`digest.rank`: its score and feed rules); the best `summaries.max_papers` of
them are "likely to be read next", and those without a summary of their current
abstract in `summaries.language` are asked for. So a
fetch asks for at most `max_papers`, a second fetch with nothing new asks for none,
a paper whose new arXiv version keeps its abstract keeps its summary, and papers a
failed run missed are asked for next time if they are still in the running.

One request at a time (a local model serves one anyway). The first failure that
would repeat for every paper (no key, a refused key, a dead or rate-limiting server,
a timeout) ends the run; unusable answers are skipped, up to three in a row. Either
way the outcome is one line for the fetch report and never changes the fetch's
exit code: the papers were stored, and the summaries are a bonus.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from paperfeed import clock
from paperfeed import digest as digest_mod
from paperfeed import today as today_mod
from paperfeed.config.summaries import endpoint
from paperfeed.models import Paper, PaperSummary
from paperfeed.store.summaries import Abstracted, abstract_hash
from paperfeed.text import one_line, plural

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.sources.summaries import Answer
    from paperfeed.store import Store

MAX_UNUSABLE_IN_A_ROW = 3

P = TypeVar("P", bound=Abstracted)


class Summarizer(Protocol):
    url: str

    def summarize(self, title: str, abstract: str) -> Answer: ...

    def close(self) -> None: ...


SummarizerFactory = Callable[["Config"], Summarizer]


@dataclass(frozen=True, slots=True)
class SummaryOutcome:
    """What the summary step did, for the fetch report."""

    endpoint: str
    language: str
    wanted: int = 0  # papers that needed a summary
    made: int = 0
    unusable: int = 0  # answers that were not a paragraph, skipped
    error: str | None = None  # why the run ended early, or why answers were unusable
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """Something the user should hear about (cron mails it), though the fetch worked."""
        return self.error is not None

    def line(self) -> str:
        """`12 of 20 made (ko) at http://...; 1 unusable answer skipped`; the error, if
        any, is its own line."""
        text = (f"{self.made} of {self.wanted} made" if self.wanted else "none needed")
        text += f" ({self.language}) at {self.endpoint}"
        if self.unusable:
            text += f"; {plural(self.unusable, 'unusable answer')} skipped"
        return text


def choose(ranked: Sequence[P], summarized: Callable[[list[str]], dict[str, str]], limit: int) -> list[P]:
    """The first `limit` of `ranked` (the digest's order) that have an abstract, minus
    those summarized from their current abstract (`summarized(ids)`: paper id ->
    abstract hash, asked for those first `limit` only)."""
    top = [p for p in ranked if p.abstract.strip()][:limit]
    done = summarized([p.id for p in top])
    return [p for p in top if done.get(p.id) != abstract_hash(p.abstract)]


def run(store: Store, config: Config, *, now: Callable[[], datetime] = clock.now,
        factory: SummarizerFactory | None = None) -> SummaryOutcome:
    """Summarize what `choose` picks and store each summary as soon as it arrives."""
    from paperfeed.sources.summaries import SummaryError

    cfg = config.summaries
    began = time.monotonic()
    outcome = SummaryOutcome(endpoint(cfg), cfg.language)
    todo = wanted(store, config, now())
    if not todo:
        return outcome
    made = unusable = in_a_row = 0
    error: str | None = None
    try:
        client = (factory or _default_factory)(config)
    except SummaryError as exc:
        return _done(outcome, len(todo), 0, 0, exc.message, began)
    except Exception as exc:  # a bug here must not cost the fetch its report
        return _done(outcome, len(todo), 0, 0, _unexpected(exc), began)
    try:
        for paper in todo:
            try:
                answer = client.summarize(paper.title, paper.abstract)
            except SummaryError as exc:
                if exc.stop:
                    error = exc.message
                    break
                unusable, in_a_row = unusable + 1, in_a_row + 1
                if in_a_row >= MAX_UNUSABLE_IN_A_ROW:
                    error = f"{exc.message} ({in_a_row} times in a row, so the rest wait for the next fetch)"
                    break
                error = f"{exc.message} (skipped: asked for again on the next fetch)"
                continue
            except Exception as exc:  # a bug in the client must not cost the fetch its report
                error = _unexpected(exc)
                break
            in_a_row = 0
            summary = PaperSummary(answer.text, answer.model, cfg.language)
            store.save_summary(paper.id, cfg.language, summary, made_from=paper.abstract,
                               now=clock.iso(now()))
            made += 1
    finally:
        client.close()
    return _done(outcome, len(todo), made, unusable, error, began)


def wanted(store: Store, config: Config, now: datetime) -> list[Paper]:
    """What `run` will ask for: `choose` over the candidates as `today.build_digest`
    ranks them (same window, interests, feed rules, score and learned affinity, which
    the fetch has just cached; no budget), as light rows, with full papers for the few
    chosen."""
    from paperfeed import learning

    day = today_mod.local_day(now)
    since = clock.iso(now - timedelta(days=config.digest.catchup_days))
    candidates = store.scoring_candidates(since=since, today=day.start)
    interests = digest_mod.Interests.compile(config.interests, config.sources.arxiv.categories)
    feeds = digest_mod.feed_rules.FeedPrefs.from_config(config.sources.feeds)
    ranker = learning.ranker_for(store, config, now, candidates)
    ranked = digest_mod.rank(candidates, interests, now, shown_before=day.start, feeds=feeds,
                             ranker=ranker)
    chosen = choose(ranked, lambda ids: store.summarized(ids, config.summaries.language),
                    config.summaries.max_papers)
    return store.papers([c.id for c in chosen])


def _done(outcome: SummaryOutcome, wanted: int, made: int, unusable: int, error: str | None,
          began: float) -> SummaryOutcome:
    return SummaryOutcome(outcome.endpoint, outcome.language, wanted, made, unusable, error,
                          round(time.monotonic() - began, 2))


def _unexpected(exc: Exception) -> str:
    return (f"unexpected {type(exc).__name__} while asking for summaries: "
            f"{one_line(str(exc))[:200]}; please report it")


def _default_factory(config: Config) -> Summarizer:
    from paperfeed.sources.summaries import Summarizer as OpenAISummarizer

    return OpenAISummarizer(config.summaries, config.fetch)
