"""Terminal and markup injection: hostile remote text renders inert everywhere.

Hostile answers in the wire formats of arXiv and Hugging Face (see hostile.py) go
through a real `paperfeed fetch`; notes with the same payloads are written through
the store API (what the reader does) and through `paperfeed note ID -`. Then every
screen that shows remote text is checked: plain mode, `list`, `search`, `show`,
`status` and the fetch report, both piped and on a (forced) colour terminal, and
the reader driven by Pilot. No escape sequence, control character or bidi override
may come out, and rich markup must print literally.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperfeed import config as config_mod
from paperfeed import today as today_mod
from paperfeed.store import Store
from paperfeed.store.queries import Selection
from paperfeed.tui.app import make_app

from .hostile import FORBIDDEN, PAYLOADS, SEQUENCES
from .support import TRACEBACK, run_cli

LITERAL_MARKUP = "[bold red]LOUD[/]"
TERMINAL = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""}
_RICH_LINK = re.compile(r"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\)")


def assert_inert(text: str, where: str) -> None:
    """Nothing a terminal would act on, in output meant for a pipe."""
    found = FORBIDDEN.search(text)
    if found is not None:
        around = text[max(0, found.start() - 40):found.end() + 40]
        pytest.fail(f"{where}: {found.group(0)!r} in {around!r}")


def assert_inert_on_terminal(text: str, where: str) -> None:
    """On a colour terminal rich adds its own SGR codes and links; nothing else may appear."""
    for seq in SEQUENCES:
        assert seq not in text, f"{where}: {seq!r} reached the terminal"
    for target in _RICH_LINK.findall(text):
        assert "evil" not in target, f"{where}: a hyperlink to {target!r}"
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", _RICH_LINK.sub("", text))
    assert "\x1b" not in without_sgr, f"{where}: {without_sgr[without_sgr.index(chr(27)):][:40]!r}"
    assert_inert(without_sgr, where)


def hostile_ids(home: Path) -> list[str]:
    with Store(home / "paperfeed.db") as store:
        return [p.id for p in store.select(Selection()) if p.title.startswith("Hostile")]


COMMANDS = {
    "plain": ["today", "--plain", "--no-fetch", "--minutes", "600"],
    "list": ["list", "--limit", "0"],
    "list-json": ["list", "--json", "--limit", "0"],
    "search": ["search", "Hostile"],
    "search-json": ["search", "--json", "Hostile"],
    "status": ["status"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_piped_output_is_inert(hostile_home: Path, name: str) -> None:
    result = run_cli(COMMANDS[name], home=hostile_home)
    assert result.returncode == 0, result.stderr
    assert TRACEBACK not in result.stderr
    assert_inert(result.stdout, f"{name} stdout")
    assert_inert(result.stderr, f"{name} stderr")
    if name != "status":
        assert "Hostile" in result.stdout, result.stdout[:500]
    if name in ("plain", "list", "search"):
        assert LITERAL_MARKUP in result.stdout, "rich markup did not print literally"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_terminal_output_is_inert(hostile_home: Path, name: str) -> None:
    result = run_cli(COMMANDS[name], home=hostile_home, extra_env=TERMINAL)
    assert result.returncode == 0, result.stderr
    assert_inert_on_terminal(result.stdout, f"{name} stdout")
    assert_inert_on_terminal(result.stderr, f"{name} stderr")


def test_show_of_every_hostile_paper_is_inert(hostile_home: Path) -> None:
    ids = hostile_ids(hostile_home)
    for pid in ids:
        piped = run_cli(["show", pid], home=hostile_home)
        assert piped.returncode == 0, piped.stderr
        assert_inert(piped.stdout + piped.stderr, f"show {pid}")
        assert LITERAL_MARKUP in piped.stdout and " note " in piped.stdout
        on_terminal = run_cli(["show", pid], home=hostile_home, extra_env=TERMINAL)
        assert_inert_on_terminal(on_terminal.stdout + on_terminal.stderr, f"show {pid} (terminal)")


def test_json_lines_carry_the_text_without_controls(hostile_home: Path) -> None:
    result = run_cli(["list", "--json", "--limit", "0"], home=hostile_home)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    hostile = [r for r in records if str(r.get("title", "")).startswith("Hostile")]
    assert hostile
    with Store(hostile_home / "paperfeed.db") as store:
        notes = {p.id: p.marks.note for p in store.select(Selection())}
    for record in hostile:
        note = record["marks"].pop("note")
        assert note == notes[record["id"]]  # the user's own text round-trips exactly
        assert_inert(json.dumps(record, ensure_ascii=False), "list --json remote values")
        assert LITERAL_MARKUP in record["title"]


def test_fetch_errors_from_hostile_answers_are_one_inert_line_each(hostile_home: Path) -> None:
    report = (hostile_home / "fetch-report.txt").read_text()
    assert_inert(report, "fetch report")
    errors = [line for line in report.splitlines() if line.startswith("paperfeed: ")]
    assert {line.split()[1] for line in errors} == {"arxiv", "huggingface"}, report


def test_the_stored_text_is_clean(hostile_home: Path) -> None:
    """Cleaning happens on the way in, so even a future screen gets clean remote text."""
    with Store(hostile_home / "paperfeed.db") as store:
        papers = [p for p in store.select(Selection()) if p.title.startswith("Hostile")]
        runs = store.last_runs()
    for p in papers:
        remote = [p.title, p.abstract, *p.authors, *p.categories, p.ai_summary or "", *p.ai_keywords,
                  p.comment or "", p.journal_ref or "", p.doi or "", p.announce_type or "",
                  p.abs_url or "", p.pdf_url or "", p.code_url or ""]
        for value in remote:
            assert_inert(value, f"stored field of {p.id}")
        for url in (p.abs_url, p.pdf_url, p.code_url):
            assert url is None or url.startswith(("https://", "http://")), url
    for run in runs:
        assert_inert(run.error or "", f"stored error of {run.source}")


# -- the reader ----------------------------------------------------------------------------


def screen_segments(app: object) -> list[str]:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return [segment.text for strip in strips for segment in strip]


async def test_the_reader_shows_hostile_papers_inertly(hostile_home: Path, tmp_path: Path) -> None:
    db = tmp_path / "reader.db"
    shutil.copy2(hostile_home / "paperfeed.db", db)
    config = config_mod.load(hostile_home / "config.toml")
    now = datetime.now(UTC)
    with Store(db) as store:
        digest = today_mod.open_digest(store, config, now, rebuild=True, minutes=600)
        shown = [e.paper.id for e in digest.entries]
        assert set(hostile_ids(hostile_home)) <= set(shown)
        app = make_app(store, digest, config, now=lambda: now)
        seen_markup = False
        async with app.run_test(size=(120, 60)) as pilot:
            for index in range(len(shown)):
                text = "".join(screen_segments(app))
                assert_inert(text, f"reader, paper {index + 1}")
                seen_markup = seen_markup or LITERAL_MARKUP in text
                if index == 0:
                    await pilot.press("e")  # the note editor shows the raw note too
                    await pilot.pause()
                    assert_inert("".join(screen_segments(app)), "reader, note editor")
                    await pilot.press("escape")
                    await pilot.press("question_mark")
                    await pilot.pause()
                    assert_inert("".join(screen_segments(app)), "reader, help")
                    await pilot.press("escape")
                await pilot.press("j")
                await pilot.pause()
        assert seen_markup, "rich markup in a title was not shown literally in the reader"


def test_payloads_cover_what_the_issue_lists() -> None:
    """The hostile set itself: every kind of sequence issue 7 names is in it."""
    text = "".join(PAYLOADS.values())
    for needle in ("\x1b[", "\x1b]8;", "\x1b]0;", "\x07", "\x08", "\r", "\x00", "\u202e", "[bold"):
        assert needle in text
