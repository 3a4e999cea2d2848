"""The reader on a first morning: offline, in the demo, on a small terminal, saving notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui import NOW, build, screen_text, sighting
from typer.testing import CliRunner

from paperfeed.config import Config
from paperfeed.models import Digest
from paperfeed.store import Store
from paperfeed.tui.app import make_app
from paperfeed.tui.screens import HelpScreen

DAY = "2026-11-26"
OFFLINE = ("fetch failed (arxiv: cannot reach http://127.0.0.1:9/rss/cs.LG (connection refused); "
           "check the network or the URL in sources.arxiv); showing what is stored")


async def test_an_offline_first_run_shows_the_reason_and_the_demo_in_the_reader(store: Store) -> None:
    app = make_app(store, Digest(DAY, (), candidates=0), Config(), now=lambda: NOW, notice=OFFLINE)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Nothing new to read today." in text
        assert "cannot reach http://127.0.0.1:9/rss/cs.LG" in text
        assert "check the network" in text
        assert "paperfeed today --demo" in text
        await pilot.press("q")


async def test_a_fetch_warning_over_a_full_digest_is_shown_too(store: Store) -> None:
    digest = build(store, [sighting(i) for i in range(1, 3)])
    app = make_app(store, digest, Config(), now=lambda: NOW, notice=OFFLINE)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("cannot reach" in m and "check the network" in m for m in shown), shown


def test_today_hands_its_fetch_warning_to_the_reader(paperfeed_home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from paperfeed.cli import _context, app
    from paperfeed.tui import app as tui_app

    (paperfeed_home / "config.toml").write_text(
        "[fetch]\nretry_attempts = 1\nconnect_timeout_seconds = 2\n"
        '[sources.arxiv]\nfeed_url = "http://127.0.0.1:9/rss/"\napi_url = "http://127.0.0.1:9/api"\n'
        '[sources.huggingface]\nurl = "http://127.0.0.1:9/hf"\n'
        '[sources.paperswithcode]\nurl = "http://127.0.0.1:9/pwc"\n')
    seen: dict[str, object] = {}

    class Fake:
        def run(self) -> None:
            return None

    def fake_make_app(store: Store, digest: Digest, config: Config, **kw: object) -> Fake:
        seen.update(kw)
        return Fake()

    monkeypatch.setattr(_context, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(tui_app, "make_app", fake_make_app)
    result = CliRunner().invoke(app, ["today"])
    assert result.exit_code == 0, result.output
    notice = str(seen["notice"])
    assert "cannot reach http://127.0.0.1:9/" in notice and "check the network" in notice


async def test_quitting_the_demo_promises_no_resume(store: Store) -> None:
    digest = build(store, [sighting(i) for i in range(1, 4)])
    app = make_app(store, digest, Config(), now=lambda: NOW, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "q")
    summary = app.return_value
    assert summary is not None
    assert "resumes" not in summary.message
    assert "demo" in summary.message and "paperfeed today" in summary.message


async def test_a_small_terminal_keeps_the_header_short_and_the_abstract_in_view(store: Store) -> None:
    for name, status in (("arxiv", "ok"), ("huggingface", "ok"), ("paperswithcode", "failed")):
        store.record_run(source=name, started_at="2026-11-26T06:10:00+00:00",
                         finished_at="2026-11-26T06:10:00+00:00", status=status)
    digest = build(store, [sighting(i) for i in range(1, 4)])
    app = make_app(store, digest, Config(), now=lambda: NOW)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        header = app.query_one("#header")
        assert header.region.height <= 2, lines
        assert any("Abstract of paper 1" in line for line in lines[:-1]), "\n".join(lines)


async def test_the_help_fits_a_small_terminal_and_scrolls_to_its_last_line(store: Store) -> None:
    digest = build(store, [sighting(i) for i in range(1, 3)])
    app = make_app(store, digest, Config(), now=lambda: NOW)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "╰" in text, text  # the box's bottom edge is on screen
        assert "escape closes this" not in text
        for _ in range(10):
            await pilot.press("j")
        await pilot.press("end")
        await pilot.pause()
        assert "escape closes this" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_reader_cleans_a_note_as_the_command_line_does(store: Store) -> None:
    from paperfeed.library import normalize_note

    digest = build(store, [sighting(1)])
    app = make_app(store, digest, Config(), now=lambda: NOW)
    raw = "  keep my indent\x1b[31m red\x07\n\n   \n"
    async with app.run_test(size=(100, 30)) as pilot:
        app._save_note(digest.entries[0].paper.id, raw)
        await pilot.pause()
    paper = store.get(digest.entries[0].paper.id)
    assert paper is not None
    assert paper.marks.note == normalize_note(raw)
    assert "\x1b" not in (paper.marks.note or "") and paper.marks.note.startswith("  keep")
