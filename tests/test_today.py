"""`today` through the real store: frozen per day, resumed, rebuilt, and never repeating itself."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.clock import iso
from paperfeed.config import Config, DigestConfig, InterestsConfig
from paperfeed.models import Sighting
from paperfeed.store import Store
from paperfeed.today import Day, local_day, open_digest, summarize

NOW = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
CONFIG = Config(interests=InterestsConfig(keywords=["diffusion"]))
ABSTRACT = " ".join(["word"] * 170)  # 175 words with the title: 1.125 minutes each


# Days are local days; pin the zone so the tests mean the same everywhere.
pytestmark = pytest.mark.usefixtures("utc")


def record(store: Store, first: int, count: int, when: datetime, *, keyword_every: int = 3) -> list[str]:
    ids = [f"2611.{i:05d}" for i in range(first, first + count)]
    sightings = [
        Sighting(source="arxiv", paper_id=pid, seen_day=when.date().isoformat(),
                 title=("Diffusion paper " if keyword_every and i % keyword_every == 0
                        else "Other paper ") + pid,
                 abstract=ABSTRACT, authors=("Ada Lovelace",), categories=("cs.LG",),
                 primary_category="cs.LG", published=iso(when - timedelta(hours=8)),
                 kind="new", authoritative=True)
        for i, pid in enumerate(ids)
    ]
    store.record(sightings, iso(when))
    return ids


def ids(digest: object) -> list[str]:
    return [e.paper.id for e in digest.entries]  # type: ignore[attr-defined]


def test_reopening_the_same_day_resumes_the_same_papers_in_the_same_order(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    first = open_digest(store, CONFIG, NOW)
    assert 10 <= first.minutes <= 15
    store.set_position(first.day, 4)
    record(store, 100, 30, NOW - timedelta(minutes=30), keyword_every=1)  # better papers arrive
    again = open_digest(store, CONFIG, NOW + timedelta(hours=3))
    assert ids(again) == ids(first)
    assert [e.reasons for e in again.entries] == [e.reasons for e in first.entries]
    assert again.position == 4


def test_rebuild_chooses_afresh_from_what_is_waiting_now(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    first = open_digest(store, CONFIG, NOW)
    store.set_mark(ids(first)[0], read_at=iso(NOW))
    fresh = record(store, 100, 5, NOW - timedelta(minutes=30), keyword_every=1)
    rebuilt = open_digest(store, CONFIG, NOW + timedelta(minutes=5), rebuild=True)
    assert ids(first)[0] not in ids(rebuilt)
    assert set(fresh) <= set(ids(rebuilt))
    assert rebuilt.position == 0
    assert ids(open_digest(store, CONFIG, NOW + timedelta(minutes=10))) == ids(rebuilt)


def test_papers_shown_yesterday_do_not_come_back(store: Store) -> None:
    yesterday = NOW - timedelta(days=1)
    record(store, 1, 40, yesterday - timedelta(hours=2))
    first = open_digest(store, CONFIG, yesterday)
    shown = ids(first)[:6]  # the reader showed six of them before the user stopped
    store.mark_shown(shown, iso(yesterday))
    record(store, 100, 40, NOW - timedelta(hours=2))
    today = open_digest(store, CONFIG, NOW)
    assert not set(shown) & set(ids(today))
    assert today.candidates == 40 - len(shown) + 40  # the ones never shown may still come
    assert today.away_days == 1
    assert 10 <= today.minutes <= 15


def test_read_papers_never_come_back(store: Store) -> None:
    record(store, 1, 12, NOW - timedelta(hours=2))
    for pid in [f"2611.{i:05d}" for i in range(1, 7)]:
        store.set_mark(pid, read_at=iso(NOW - timedelta(hours=1)))
    digest = open_digest(store, CONFIG, NOW)
    assert set(ids(digest)) == {f"2611.{i:05d}" for i in range(7, 13)}
    assert digest.candidates == 6


def test_catch_up_after_three_days_draws_from_everything_missed_within_budget(store: Store) -> None:
    record(store, 1, 20, NOW - timedelta(days=3, hours=2))
    before = open_digest(store, CONFIG, NOW - timedelta(days=3))
    store.mark_shown(ids(before), iso(NOW - timedelta(days=3)))
    # the days away brought papers on the user's keyword; today brings none
    missed = [record(store, 1000 + 100 * d, 30, NOW - timedelta(days=d, hours=2), keyword_every=1)
              for d in (2, 1)]
    record(store, 2000, 30, NOW - timedelta(hours=2), keyword_every=0)
    digest = open_digest(store, CONFIG, NOW)
    assert digest.away_days == 3
    assert digest.candidates == 90 + 20 - len(ids(before))
    assert 10 <= digest.minutes <= 15
    assert set(ids(digest)) <= {pid for day in missed for pid in day}


def test_papers_older_than_the_catch_up_window_are_not_candidates(store: Store) -> None:
    old = record(store, 1, 10, NOW - timedelta(days=8))
    new = record(store, 100, 3, NOW - timedelta(hours=1))
    digest = open_digest(store, CONFIG, NOW)
    assert set(ids(digest)) == set(new)
    assert not set(old) & set(ids(digest))


def test_explicit_minutes_set_the_target(store: Store) -> None:
    record(store, 1, 40, NOW - timedelta(hours=2))
    short = open_digest(store, CONFIG, NOW, minutes=4, rebuild=True)
    assert 2 <= short.minutes <= 7
    long = open_digest(store, CONFIG, NOW, minutes=30, rebuild=True)
    assert 28 <= long.minutes <= 33


def test_minutes_apply_to_one_run_and_leave_the_days_digest(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    day = open_digest(store, CONFIG, NOW)
    short = open_digest(store, CONFIG, NOW + timedelta(minutes=1), minutes=3)
    assert short.transient and short.minutes <= 6 and len(short.entries) < len(day.entries)
    assert short.note is not None and "this run only" in short.note
    again = open_digest(store, CONFIG, NOW + timedelta(minutes=2))
    assert ids(again) == ids(day) and not again.transient and again.note is None


def test_minutes_before_any_digest_do_not_freeze_the_day(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    open_digest(store, CONFIG, NOW, minutes=3)
    assert 10 <= open_digest(store, CONFIG, NOW + timedelta(minutes=1)).minutes <= 15


def test_new_interests_rebuild_a_digest_nobody_read_yet(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    first = open_digest(store, CONFIG, NOW)
    assert all("keyword: diffusion" in e.reasons for e in first.entries[:3])
    edited = CONFIG._replace(interests=InterestsConfig(keywords=["other"]))
    rebuilt = open_digest(store, edited, NOW + timedelta(minutes=5))
    assert rebuilt.note is None
    assert all("keyword: other" in e.reasons for e in rebuilt.entries)
    assert ids(open_digest(store, edited, NOW + timedelta(minutes=6))) == ids(rebuilt)  # frozen again


def test_new_interests_after_reading_began_keep_the_digest_and_say_so(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    first = open_digest(store, CONFIG, NOW)
    store.set_mark(ids(first)[0], read_at=iso(NOW))
    edited = CONFIG._replace(interests=InterestsConfig(keywords=["other"]))
    kept = open_digest(store, edited, NOW + timedelta(minutes=5))
    assert ids(kept) == ids(first)
    assert kept.note is not None and "config changed" in kept.note and "--rebuild" in kept.note
    rebuilt = open_digest(store, edited, NOW + timedelta(minutes=6), rebuild=True)
    assert rebuilt.note is None and "keyword: other" in rebuilt.entries[0].reasons
    store.set_position(first.day, 2)  # moving on in the reader counts as reading, too
    again = open_digest(store, CONFIG, NOW + timedelta(minutes=7))
    assert ids(again) == ids(rebuilt) and again.note is not None


def test_a_digest_saved_by_an_earlier_version_resumes_without_a_config_note(store: Store) -> None:
    import hashlib

    record(store, 1, 30, NOW - timedelta(hours=2))
    first = open_digest(store, CONFIG, NOW)
    store.set_mark(ids(first)[0], read_at=iso(NOW))
    chosen = repr((CONFIG.interests, CONFIG.digest, CONFIG.sources.arxiv.categories))
    store.conn.execute("UPDATE digest_days SET config = ?",  # the key as 0.1 wrote it: a hash
                       (hashlib.sha256(chosen.encode()).hexdigest()[:16],))
    store.conn.commit()
    again = open_digest(store, CONFIG, NOW + timedelta(minutes=5))
    assert ids(again) == ids(first) and again.note is None
    edited = CONFIG._replace(interests=InterestsConfig(keywords=["other"]))
    assert open_digest(store, edited, NOW + timedelta(minutes=6)).note is not None


# The key of CONFIG as the dataclass tables of the previous version wrote it (their repr):
# the NamedTuple tables must keep writing exactly this, or every saved digest looks changed.
KEY_BEFORE_NAMEDTUPLES = (
    "(InterestsConfig(keywords=['diffusion'], exclude_keywords=[], authors=[], exclude_authors=[],"
    " categories=[], exclude_categories=[]), DigestConfig(target_minutes=12, min_minutes=10,"
    " max_minutes=15, words_per_minute=200, seconds_per_paper=15, catchup_days=7,"
    " mode='abstracts'), ['cs.CV', 'cs.LG', 'cs.CL', 'cs.AI'])"
)


def test_a_digest_saved_before_the_config_became_namedtuples_resumes_as_it_was(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=2))
    first = open_digest(store, CONFIG, NOW)
    store.set_mark(ids(first)[0], read_at=iso(NOW))
    store.conn.execute("UPDATE digest_days SET config = ?", (KEY_BEFORE_NAMEDTUPLES,))
    store.conn.commit()
    again = open_digest(store, CONFIG, NOW + timedelta(minutes=5))
    assert ids(again) == ids(first) and again.note is None


def test_the_minutes_flag_and_a_changed_config_show_in_plain_mode(paperfeed_home: Path) -> None:
    with Store(paperfeed_home / "paperfeed.db") as store:
        record(store, 1, 30, datetime.now(UTC) - timedelta(hours=1))
    (paperfeed_home / "config.toml").write_text('[interests]\nkeywords = ["diffusion"]\n')
    day = runner.invoke(app, ["today", "--plain", "--no-fetch"])
    assert day.exit_code == 0, day.output
    once = runner.invoke(app, ["today", "--plain", "--no-fetch", "--minutes", "3"])
    assert "for this run only" in once.stdout
    assert runner.invoke(app, ["today", "--plain", "--no-fetch"]).stdout == day.stdout
    with Store(paperfeed_home / "paperfeed.db") as store:
        frozen = store.load_digest(local_day(datetime.now(UTC)).day)
        assert frozen is not None
        store.set_mark(frozen.entries[0].paper.id, read_at=iso(datetime.now(UTC)))
    (paperfeed_home / "config.toml").write_text('[interests]\nkeywords = ["other"]\n')
    changed = runner.invoke(app, ["today", "--plain", "--no-fetch"])
    assert "the config changed since this digest was built" in changed.stdout


def test_an_empty_day_is_not_frozen(store: Store) -> None:
    assert open_digest(store, CONFIG, NOW).entries == ()
    record(store, 1, 12, NOW)
    assert len(open_digest(store, CONFIG, NOW + timedelta(minutes=1)).entries) > 0


def test_fewer_papers_than_the_minimum_are_all_shown(store: Store) -> None:
    record(store, 1, 4, NOW - timedelta(hours=1))
    digest = open_digest(store, CONFIG, NOW)
    assert len(digest.entries) == digest.candidates == 4


def test_configured_budget_is_used(store: Store) -> None:
    record(store, 1, 40, NOW - timedelta(hours=1))
    config = CONFIG._replace(digest=DigestConfig(target_minutes=5, min_minutes=4, max_minutes=6))
    assert 4 <= open_digest(store, config, NOW).minutes <= 6


def test_summary_counts_marks_and_what_waits(store: Store) -> None:
    record(store, 1, 30, NOW - timedelta(hours=1))
    digest = open_digest(store, CONFIG, NOW)
    first, second = ids(digest)[:2]
    store.set_mark(first, read_at=iso(NOW), starred_at=iso(NOW), note="redo the ablation")
    store.set_mark(second, read_at=iso(NOW))
    store.mark_shown(ids(digest), iso(NOW))
    summary = summarize(store, CONFIG, digest, NOW)
    assert (summary.total, summary.read, summary.starred, summary.notes) == (len(ids(digest)), 2, 1, 1)
    assert summary.waiting == 30 - len(ids(digest))
    assert summary.line().startswith(f"{len(ids(digest))} papers shown: 2 read, 1 starred, 1 note;")


def test_the_day_is_the_local_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    day = local_day(datetime(2026, 11, 25, 23, 30, tzinfo=UTC))  # 08:30 in Tokyo
    assert (day.day, day.start) == ("2026-11-26", "2026-11-25T15:00:00+00:00")


# -- `paperfeed today`'s fetch hook, through the real fetch code and a local server ---------

RSS = Path(__file__).resolve().parent / "fixtures" / "arxiv-rss" / "excerpt.xml"
runner = CliRunner()


def write_config(home: Path, base: str) -> None:
    (home / "config.toml").write_text(f"""
[fetch]
retry_attempts = 1
timeout_seconds = 5
connect_timeout_seconds = 2

[sources.arxiv]
categories = ["cs.LG"]
feed_url = "{base}/rss/"
api_url = "{base}/api/query"
request_gap_seconds = 0

[sources.huggingface]
enabled = false

[sources.paperswithcode]
enabled = false
""")


def test_a_stale_store_is_fetched_before_the_digest_is_built(httpserver: HTTPServer,
                                                               paperfeed_home: Path) -> None:
    httpserver.expect_request(re.compile(r"/rss/.*")).respond_with_data(
        RSS.read_bytes(), content_type="application/rss+xml")
    write_config(paperfeed_home, httpserver.url_for("").rstrip("/"))
    result = runner.invoke(app, ["today", "--plain"])
    assert result.exit_code == 0, result.output
    assert len(httpserver.log) == 1
    assert "arXiv:2411.17700" not in result.stdout  # the feed's wrapper is not shown...
    assert "Generative AI on Cross-Border E-Commerce" in result.stdout  # ...its papers are
    again = runner.invoke(app, ["today", "--plain"])  # fresh now: no second fetch
    assert again.exit_code == 0
    assert len(httpserver.log) == 1


def test_no_fetch_skips_the_hook(httpserver: HTTPServer, paperfeed_home: Path) -> None:
    httpserver.expect_request(re.compile(r"/rss/.*")).respond_with_data(
        RSS.read_bytes(), content_type="application/rss+xml")
    write_config(paperfeed_home, httpserver.url_for("").rstrip("/"))
    result = runner.invoke(app, ["today", "--plain", "--no-fetch"])
    assert result.exit_code == 0, result.output
    assert httpserver.log == []
    assert "nothing new to read" in result.stdout


def test_a_failed_fetch_warns_in_one_line_and_shows_what_is_stored(httpserver: HTTPServer,
                                                                     paperfeed_home: Path) -> None:
    httpserver.expect_request(re.compile(r"/rss/.*")).respond_with_data("boom", status=503)
    write_config(paperfeed_home, httpserver.url_for("").rstrip("/"))
    with Store(paperfeed_home / "paperfeed.db") as store:
        record(store, 1, 5, datetime.now(UTC) - timedelta(hours=1))
    result = runner.invoke(app, ["today", "--plain"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "fetch failed" in line]
    assert len(warnings) == 1 and warnings[0].startswith("paperfeed: fetch failed (arxiv:")
    assert "Traceback" not in result.output
    assert "Diffusion paper 2611.00001" in result.stdout


def test_the_light_candidates_choose_exactly_what_full_papers_would(store: Store) -> None:
    """today scores the store's light rows and builds full papers for the chosen only;
    the digest must be the one `digest.build` makes from full papers, to the minute."""
    import random

    from paperfeed import digest as digest_mod
    from paperfeed.today import build_digest

    rng = random.Random(16)
    words = ["diffusion", "graph", "robot", "protein", "language", "model", "vision", "x" * 30]
    sightings = []
    for i in range(120):
        abstract = " ".join(rng.choice(words) for _ in range(rng.randint(5, 330)))
        if i % 7 == 0:
            abstract = abstract.replace(" ", "  ", 3) + "\nSecond paragraph."  # the slow word count
        sightings.append(Sighting(
            source="arxiv", paper_id=f"2611.{i:05d}", seen_day="2026-11-26",
            title=f"{rng.choice(words).title()} {rng.choice(words)} {i}", abstract=abstract,
            authors=(rng.choice(["Ada Lovelace", "José García", "Grace Hopper"]),),
            categories=(rng.choice(["cs.LG", "cs.CV", "stat.ML"]), "cs.AI"),
            primary_category=rng.choice(["cs.LG", "cs.CV", None]), upvotes=rng.choice([None, 3, 40]),
            code_url=rng.choice([None, "https://github.com/x/y"]), code_stars=rng.choice([None, 1200]),
            published=iso(NOW - timedelta(hours=rng.randint(1, 200))), kind="new", authoritative=True))
    sightings.append(Sighting(  # TeX: scoring must read the readable text, as Papers show it
        source="arxiv", paper_id="2611.09999", seen_day="2026-11-26", title='Schr\\"odinger bridges',
        abstract="We study bridges.", categories=("cs.LG",), primary_category="cs.LG",
        published=iso(NOW - timedelta(hours=3)), kind="new", authoritative=True))
    store.record(sightings, iso(NOW - timedelta(hours=1)))
    store.set_mark("2611.00003", read_at=iso(NOW))
    config = Config(interests=InterestsConfig(keywords=["diffusion", "graph model", "Schrödinger"],
                                              authors=["Jose Garcia"], exclude_keywords=["robot"]))
    for minutes in (None, 3.0, 40.0):
        light = build_digest(store, config, NOW, minutes=minutes)
        day = local_day(NOW)
        full = digest_mod.build(
            store.candidates(iso(NOW - timedelta(days=7)), day.start),
            digest_mod.Interests.compile(config.interests, config.sources.arxiv.categories),
            digest_mod.Budget.from_config(config.digest, minutes), NOW, day=day.day,
            shown_before=day.start)
        assert light == full and light.entries
    assert any("keyword: Schrödinger" in e.reasons for e in build_digest(store, config, NOW).entries)


@pytest.mark.parametrize(("zone", "moment", "day", "start"), [
    # Summer time starts at 02:00 on 29 March: that day began at 23:00 UTC (+01:00),
    # not at 22:00 as today's offset (+02:00 by noon) would say.
    ("Europe/Berlin", datetime(2026, 3, 29, 12, 0, tzinfo=UTC), "2026-03-29", "2026-03-28T23:00:00+00:00"),
    ("Europe/Berlin", datetime(2026, 10, 25, 12, 0, tzinfo=UTC), "2026-10-25", "2026-10-24T22:00:00+00:00"),
    ("America/Los_Angeles", datetime(2026, 3, 8, 20, tzinfo=UTC), "2026-03-08", "2026-03-08T08:00:00+00:00"),
    ("Pacific/Kiritimati", datetime(2026, 11, 26, 11, tzinfo=UTC), "2026-11-27", "2026-11-26T10:00:00+00:00"),
])
def test_the_day_starts_at_midnight_by_that_days_rules(monkeypatch: pytest.MonkeyPatch, zone: str,
                                                       moment: datetime, day: str, start: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    assert local_day(moment) == Day(day, start)
