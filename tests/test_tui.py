"""The reader, driven through Pilot: keys change the store, and the store resumes the reader.

Papers are recorded into the real Store and the digest is built by hand, so these
tests exercise the app alone, not the digest's choices.
"""

from __future__ import annotations

import webbrowser
from datetime import UTC, datetime

import pytest

from paperfeed.config import Config
from paperfeed.models import Digest, DigestEntry, Sighting
from paperfeed.store import Store
from paperfeed.tui.app import ReaderApp, make_app
from paperfeed.tui.screens import HelpScreen, NoteScreen
from paperfeed.tui.summary import summarize

DAY = "2026-11-26"
NOW = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
FETCHED = "2026-11-26T06:10:00+00:00"


def sighting(i: int, **changes: object) -> Sighting:
    pid = f"2611.{i:05d}"
    base = Sighting(
        source="arxiv", paper_id=pid, title=f"Paper number {i} on diffusion", seen_day=DAY,
        abstract=f"Abstract of paper {i}. " * 5, authors=("Ada Lovelace", "Alan Turing"),
        categories=("cs.LG",), primary_category="cs.LG", kind="new", authoritative=True,
        abs_url=f"https://arxiv.org/abs/{pid}", pdf_url=f"https://arxiv.org/pdf/{pid}",
    )
    return base._replace(**changes)


def build(store: Store, sightings: list[Sighting], position: int = 0) -> Digest:
    store.record(sightings, FETCHED)
    papers = store.papers([s.paper_id for s in sightings])
    digest = Digest(DAY, tuple(DigestEntry(p, 10.0 - i, ("keyword: diffusion",), 1.5)
                               for i, p in enumerate(papers)),
                    candidates=len(papers) + 3, position=position)
    store.save_digest(digest, FETCHED)
    return digest


def reader(store: Store, digest: Digest) -> ReaderApp:
    return make_app(store, digest, Config(), now=lambda: NOW)


def screen_text(app: ReaderApp) -> str:
    """What the terminal would show, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def marks(store: Store, pid: str) -> tuple[str | None, str | None, str | None]:
    paper = store.get(pid)
    assert paper is not None
    return paper.marks.read_at, paper.marks.starred_at, paper.marks.note


@pytest.fixture
def digest(store: Store) -> Digest:
    return build(store, [sighting(i) for i in range(1, 6)])


async def test_s_space_and_m_write_marks_to_the_store(store: Store, digest: Digest) -> None:
    app = reader(store, digest)
    first, second = (e.paper.id for e in digest.entries[:2])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert marks(store, first) == (None, NOW.isoformat(), None)
        await pilot.press("s")
        assert marks(store, first)[1] is None
        await pilot.press("space")
        assert marks(store, first)[0] == NOW.isoformat()
        assert app.current is not None and app.current.id == second
        await pilot.press("m")
        assert marks(store, second)[0] == NOW.isoformat()
        await pilot.press("m")
        assert marks(store, second)[0] is None
        await pilot.press("n")
        assert marks(store, second)[0] == NOW.isoformat()


async def test_moving_never_marks_read_but_records_shown(store: Store, digest: Digest) -> None:
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "down", "k", "up", "j")
        assert app.position == 2
        assert "3/5" in screen_text(app)
    ids = [e.paper.id for e in digest.entries]
    assert all(marks(store, pid)[0] is None for pid in ids)
    shown = [p.marks.shown_at for p in store.papers(ids)]
    assert shown[:4] == [NOW.isoformat()] * 4 and shown[4] is None


async def test_quit_then_reopen_resumes_at_the_same_paper(store: Store, digest: Digest) -> None:
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "j", "q")
    summary = app.return_value
    assert summary is not None and (summary.read, summary.total, summary.position) == (1, 5, 3)
    assert "paper 4" in summary.message

    again = store.load_digest(DAY)
    assert again is not None
    app = reader(store, again)
    async with app.run_test(size=(80, 24)):
        assert app.current is not None and app.current.id == digest.entries[3].paper.id
        text = screen_text(app)
        assert "4/5" in text and "Paper number 4" in text


async def test_question_mark_opens_help_and_escape_closes_it(store: Store, digest: Digest) -> None:
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "toggle star" in screen_text(app)
        await pilot.press("s")  # keys of the reader do nothing while help is open
        assert marks(store, digest.entries[0].paper.id)[1] is None
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_open_refuses_a_javascript_url_and_opens_a_good_one(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    digest = build(store, [sighting(1, abs_url="javascript:alert(1)")])
    app = reader(store, digest)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        assert "refusing to open" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert opened == ["https://arxiv.org/pdf/2611.00001"]
        await pilot.press("c")
        await pilot.pause()
        assert opened == ["https://arxiv.org/pdf/2611.00001"]
        assert "no code link" in screen_text(app)


async def test_open_without_a_browser_says_so(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)  # what it does on a server
    app = reader(store, build(store, [sighting(1)]))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "no web browser found" in text and "opened" not in text


async def test_markup_and_escape_sequences_in_a_title_show_literally(store: Store) -> None:
    digest = build(store, [sighting(1, title="[bold]x[/bold] and [link=http://evil]y[/link]")])
    # A paper that bypassed the store's cleaning must not reach the terminal raw either.
    raw = digest.entries[0].paper._replace(
                  title="[bold]x[/bold] and [link=http://evil]y[/link] \x1b[31mred\x1b]0;pwned\x07")
    digest = digest._replace(entries=(digest.entries[0]._replace(paper=raw),))
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "[bold]x[/bold] and [link=http://evil]y[/link]" in text
        assert "\x1b" not in text and "pwned" not in text and "\x07" not in text


async def test_inline_note_saves_and_escape_cancels(store: Store, digest: Digest) -> None:
    pid = digest.entries[0].paper.id
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"try on my data")
        await pilot.press("ctrl+s")
        assert marks(store, pid)[2] == "try on my data"
        assert "try on my data" in screen_text(app)
        await pilot.press("e", "x", "escape")
        assert not isinstance(app.screen, NoteScreen)
        assert marks(store, pid)[2] == "try on my data"


async def test_reading_to_the_end_shows_the_summary(store: Store, digest: Digest) -> None:
    store.record([sighting(6), sighting(7)], FETCHED)  # eligible, but not in today's digest
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", *["space"] * 5)
        text = screen_text(app)
        assert "That's today's digest." in text
        assert "5 of 5 read, 1 starred, 0 notes" in text
        assert "Next digest (2026-11-27): 2 papers waiting plus your first 'paperfeed fetch'." in text
        await pilot.press("k")
        assert app.current is not None and app.current.id == digest.entries[4].paper.id
        await pilot.press("q")
    assert app.return_value is not None
    assert app.return_value.counts == "5 of 5 read, 1 starred, 0 notes"


async def test_header_shows_position_minutes_and_source_health(store: Store, digest: Digest) -> None:
    store.record_run(source="arxiv", started_at=FETCHED, finished_at=FETCHED, status="ok")
    store.record_run(source="huggingface", started_at=FETCHED, finished_at=FETCHED,
                     status="failed", error="HTTP 503")
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        header = screen_text(app).splitlines()[:2]
        assert "Thu 26 Nov 2026" in header[0] and "1/5" in header[0] and "7.5 min left" in header[0]
        assert "arxiv" in header[1] and " ok" in header[1] and "huggingface" in header[1]
        assert "failed" in header[1]
        await pilot.press("space")
        assert "6.0 min left" in screen_text(app).splitlines()[0]


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_footer_keeps_every_key_on_small_and_wide_terminals(
        store: Store, digest: Digest, size: tuple[int, int]) -> None:
    app = reader(store, digest)
    async with app.run_test(size=size):
        footer = screen_text(app).splitlines()[-1]
        for words in ("j/k move", "space read+next", "s star", "o abs", "e note", "? help", "q quit"):
            assert words in footer
        assert "Paper number 1" in screen_text(app)


async def test_pagedown_scrolls_a_long_abstract(store: Store) -> None:
    digest = build(store, [sighting(1, abstract="A long sentence about diffusion. " * 120)])
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        scroll = app.query_one("#card-scroll")
        assert scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0


async def test_an_empty_digest_says_so_and_quits(store: Store) -> None:
    digest = Digest(DAY, (), candidates=0)
    app = reader(store, digest)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Nothing new to read today." in screen_text(app)
        await pilot.press("j", "space", "s", "q")
    assert app.return_value is not None and app.return_value.total == 0


def test_summary_says_what_was_done_and_where_the_next_digest_comes_from(
        store: Store, digest: Digest) -> None:
    papers = [e.paper._replace(marks=e.paper.marks._replace(read_at=FETCHED)) for e in digest.entries]
    papers[1] = papers[1]._replace(marks=papers[1].marks._replace(starred_at=FETCHED, note="see §3"))
    summary = summarize(digest, [*papers[:4], digest.entries[4].paper], 4, ["arxiv", "huggingface"], 3)
    assert summary.message == (
        "4 of 5 read, 1 starred, 1 note.\n"
        "1 unread: 'paperfeed today' resumes at paper 5 until the day ends.\n"
        "Next digest (2026-11-27): 3 papers waiting plus the next fetch."
    )


def test_header_after_days_away_says_how_many_were_missed(digest: Digest) -> None:
    from paperfeed.tui.header import header

    away = digest._replace(away_days=3, candidates=812)
    lines = header(away, [e.paper for e in away.entries], 0, [], NOW).plain.splitlines()
    assert lines[1] == "away 3 days: 812 new papers, best 5 shown"
    assert lines[2] == "sources never fetched: run 'paperfeed fetch'"


async def test_the_reader_and_plain_mode_give_a_paper_the_same_minutes(store: Store, digest: Digest) -> None:
    """Each entry of the fixture takes 1.5 minutes: the reader once said "about 2 min"
    where plain mode said "1.5 min"."""
    from rich.console import Console

    from paperfeed.render.digest import digest_renderable

    console = Console(width=100, record=True, color_system=None)
    console.print(digest_renderable(digest))
    assert "1/5 · 1.5 min" in console.export_text()
    app = reader(store, digest)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "1.5 min to read" in screen_text(app)


async def test_a_one_run_digest_does_not_move_the_days_position(store: Store, digest: Digest) -> None:
    once = digest._replace(transient=True, note="about 3 minutes for this run only")
    app = reader(store, once)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "for this run only" in screen_text(app)
    saved = store.load_digest(digest.day)
    assert saved is not None and saved.position == 0
    assert "resumes" not in app.summary().message


async def test_x_says_less_like_this_marks_read_and_moves_on(store: Store, digest: Digest) -> None:
    app = reader(store, digest)
    first, second = (e.paper.id for e in digest.entries[:2])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        assert marks(store, first) == (NOW.isoformat(), None, None)
        assert app.current is not None and app.current.id == second
    assert [(e.id, e.kind) for e in store.examples()] == [(first, "negative")]
