"""Only http and https links are ever opened, and the cron entry cannot be injected.

Links come from the network: a `javascript:`, `file:` or `data:` URL, or one with
whitespace, quotes or shell metacharacters, is refused by `paperfeed open` and by
the reader, and the browser is never started for it. The crontab line is built
from paths the user chose (a home with spaces, quotes, `$`, backticks, `;`, `%`):
run the way cron runs it, every path arrives literally and nothing else executes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import webbrowser
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperfeed import schedule
from paperfeed.config import Config
from paperfeed.desktop.browser import check_url
from paperfeed.errors import ExitCode, UsageError
from paperfeed.models import Digest, DigestEntry, Sighting
from paperfeed.store import Store
from paperfeed.tui.app import make_app

from .hostile import FORBIDDEN
from .support import TRACEBACK, assert_one_line_error, run_cli

BAD_URLS = [
    "javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
    "file:///etc/passwd", "FILE:///home", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "ftp://example.com/x", "mailto:a@example.com", "//evil.example/x",
    "https://example.com/$(touch /tmp/pwned)", "https://example.com/`id`", "https://example.com/a;rm -rf ~",
    "https://example.com/a b", "https://example.com/a\nb", "https://example.com/a\x1b]8;;x\x07",
    "https://example.com/'quoted'", 'https://example.com/"quoted"', "https://example.com/a|b",
    "https://example.com/<x>", "https://example.com/{a}", "https://example.com/a\\b", "http://",
    "https:///path-only", "https://[oops", "https://[::1", "", "   ", "https://example.com/a\x00b",
    "https://exa mple.com/",
]
GOOD_URLS = ["https://arxiv.org/abs/2408.06070", "http://example.com/a?b=c&d=e#f",
             "HTTPS://GitHub.com/owner/repo", "https://arxiv.org/pdf/2408.06070v2"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_check_url_refuses(url: str) -> None:
    with pytest.raises(UsageError) as info:
        check_url(url)
    assert "\n" not in info.value.message and all(c.isprintable() for c in info.value.message)


@pytest.mark.parametrize("url", GOOD_URLS)
def test_check_url_accepts_plain_web_links(url: str) -> None:
    assert check_url(url) == url


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.builds(lambda s, t: s + t, st.sampled_from(
    ["https://", "http://", "javascript:", "file://", "https://a.example/", "data:"]), st.text(max_size=40)))
def test_whatever_check_url_accepts_is_a_plain_web_link(url: str) -> None:
    try:
        accepted = check_url(url)
    except UsageError:
        return
    assert accepted.lower().startswith(("http://", "https://"))
    assert not any(c in accepted for c in " \t\n\r\"'`<>\\^{}|;$") and not FORBIDDEN.search(accepted)


# -- `paperfeed open` and the reader, with links from the store ---------------------------


@pytest.fixture
def fake_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER pointing at a script that records what it was asked to open."""
    record = tmp_path / "browser-calls.jsonl"
    script = tmp_path / "browser"
    script.write_text(f"#!{sys.executable}\nimport json, sys\n"
                      f"with open({str(record)!r}, 'a') as f:\n"
                      "    f.write(json.dumps(sys.argv[1:]) + '\\n')\n")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    return record


def browser_calls(record: Path, wait: float = 0.0) -> list[list[str]]:
    deadline = time.monotonic() + wait
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines()]


def store_with_links(db: Path, links: list[str]) -> list[str]:
    """Papers whose abstract, PDF and code links are `links` (recorded as a source would)."""
    ids = []
    with Store(db) as store:
        for n, link in enumerate(links):
            pid = f"2611.6600{n}"
            store.record([Sighting(source="arxiv", paper_id=pid, title=f"Paper {n}", seen_day="2026-11-26",
                                   abs_url=link, pdf_url=link, code_url=link, kind="new",
                                   authoritative=True)], "2026-11-26T06:00:00+00:00")
            ids.append(pid)
    return ids


OPEN_BAD = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
            "https://example.com/$(touch pwned)", "https://example.com/a;id", "https://example.com/`id`"]


def test_open_refuses_every_unsafe_stored_link(paperfeed_home: Path, fake_browser: Path) -> None:
    ids = store_with_links(paperfeed_home / "paperfeed.db", OPEN_BAD)
    for pid in ids:
        for flag in ([], ["--pdf"], ["--code"]):
            result = run_cli(["open", pid, *flag], home=paperfeed_home,
                             extra_env={"BROWSER": os.environ["BROWSER"]})
            assert_one_line_error(result, ExitCode.USAGE, "refusing to open")
    assert browser_calls(fake_browser, wait=0.5) == []
    assert not list(paperfeed_home.rglob("pwned")) and not Path("pwned").exists()


def test_open_hands_a_good_link_to_the_browser_as_one_argument(paperfeed_home: Path,
                                                               fake_browser: Path) -> None:
    good = "https://arxiv.org/abs/2611.66000?x=1&y=2"
    (pid,) = store_with_links(paperfeed_home / "paperfeed.db", [good])
    result = run_cli(["open", pid], home=paperfeed_home, extra_env={"BROWSER": os.environ["BROWSER"]})
    assert result.returncode == 0, result.stderr
    assert browser_calls(fake_browser, wait=10) == [[good]]


async def test_the_reader_never_opens_an_unsafe_link(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    ids = store_with_links(store.path, [*OPEN_BAD, "https://arxiv.org/abs/2611.66006"])
    papers = store.papers(ids)
    digest = Digest("2026-11-26", tuple(DigestEntry(p, 1.0, (), 1.0) for p in papers), len(papers))
    now = datetime(2026, 11, 26, 8, tzinfo=UTC)
    app = make_app(store, digest, Config(), now=lambda: now)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in papers:
            for key in ("o", "p", "c"):
                await pilot.press(key)
                await pilot.pause()
            await pilot.press("j")
    assert opened and set(opened) == {"https://arxiv.org/abs/2611.66006"}


# -- the crontab line --------------------------------------------------------------------

WEIRD = ["my papers", "it's", 'say "hi"', "$HOME", "`touch pwned-backtick`", "$(touch pwned-subst)",
         "a;touch pwned-semi", "a&b", "a|b", "*", "100% sure", "tab\there", "ünï cødé"]


def as_cron_runs(line: str) -> str:
    """The shell command cron runs for `line`: the text after the five time fields, with
    `\\%` turned into `%` and an unescaped `%` ending the command (the rest is stdin)."""
    command = line.split(None, 5)[5]
    out: list[str] = []
    i = 0
    while i < len(command):
        if command.startswith("\\%", i):
            out.append("%")
            i += 2
            continue
        if command[i] == "%":
            break
        out.append(command[i])
        i += 1
    return "".join(out)


def recorder(path: Path, record: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                    f"open({str(record)!r}, 'w').write(json.dumps("
                    "{'argv': sys.argv[1:], 'home': os.environ.get('PAPERFEED_HOME')}))\n"
                    "print('fetched')\n")
    path.chmod(0o755)
    return path


def run_like_cron(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "SHELL": "/bin/sh", "LANG": "C.UTF-8"}
    return subprocess.run(["/bin/sh", "-c", command], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("name", WEIRD)
def test_the_cron_line_keeps_every_path_literal(tmp_path: Path, name: str) -> None:
    home = tmp_path / f"home {name}"
    (home / "state").mkdir(parents=True)
    record = tmp_path / "recorded.json"
    program = recorder(tmp_path / f"bin {name}" / "paperfeed", record)
    config, db, log = home / f"config {name}.toml", home / f"db {name}.db", home / "state" / "fetch.log"
    plan = schedule.build("06:30", "mon-fri", program=[str(program)], environ={"PAPERFEED_HOME": str(home)},
                          config=config, db=db, log=log, now=datetime(2026, 11, 26, 8, tzinfo=UTC))
    assert "\n" not in plan.line and plan.line.startswith("30 6 * * 1-5 ")
    result = run_like_cron(as_cron_runs(plan.line), tmp_path)
    assert result.returncode == 0, result.stderr
    recorded = json.loads(record.read_text())
    assert recorded == {"argv": ["--config", str(config), "--db", str(db), "fetch", "--quiet"],
                        "home": str(home)}
    assert log.read_text() == "fetched\n"
    assert not [p for p in tmp_path.rglob("pwned*")] and not list(Path.cwd().glob("pwned*"))


def test_a_line_break_in_a_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="line break"):
        schedule.build(None, None, program=["/usr/bin/paperfeed"], environ={"PAPERFEED_HOME": "/a\nb"},
                       config=None, db=None, log=tmp_path / "log", now=datetime(2026, 11, 26, tzinfo=UTC))


def test_schedule_install_through_the_cli_runs_literally(tmp_path: Path) -> None:
    """The real command with a fake `crontab`, then the installed line run as cron would."""
    home = tmp_path / "home with 'quotes' and $(touch pwned) and 50%"
    home.mkdir()
    closed = "http://127.0.0.1:9"
    (home / "config.toml").write_text(
        f'[fetch]\ntimeout_seconds = 1\nretry_attempts = 1\n[sources.arxiv]\nfeed_url = "{closed}/rss/"\n'
        f'[sources.huggingface]\nurl = "{closed}/hf"\n[sources.paperswithcode]\nurl = "{closed}/pwc"\n')
    table = tmp_path / "crontab.txt"
    table.write_text("# my own entry\n0 1 * * * /usr/bin/true\n")
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    (bin_dir / "crontab").write_text(f"#!/bin/sh\nif [ \"$1\" = -l ]; then cat '{table}'; exit 0; fi\n"
                                     f"cat > '{table}'\n")
    (bin_dir / "crontab").chmod(0o755)
    path = f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    result = run_cli(["schedule", "install", "--at", "06:30"], home=home, extra_env={"PATH": path})
    assert result.returncode == 0, result.stderr
    lines = table.read_text().splitlines()
    assert lines[:2] == ["# my own entry", "0 1 * * * /usr/bin/true"]
    ours = [line for line in lines if line.endswith(schedule.TAG)]
    assert len(ours) == 1
    ran = run_like_cron(as_cron_runs(ours[0]), tmp_path)
    assert ran.returncode == ExitCode.FETCH_FAILED, ran.stderr  # every source is a closed port
    log = home / "state" / "fetch.log"
    text = log.read_text()
    assert "paperfeed: arxiv failed" in text and TRACEBACK not in text, text
    assert (home / "paperfeed.db").exists()  # PAPERFEED_HOME arrived intact
    assert not list(tmp_path.rglob("pwned"))
