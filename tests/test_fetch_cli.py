"""`paperfeed fetch` end to end: the real sources and HTTP client against a local server
serving the wire-format samples in tests/fixtures, and the real store.

The server is threaded, so the concurrency test measures paperfeed, not the server.
Retries are kept tiny through the config file, as a user would set them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from paperfeed import paths
from paperfeed.cli import app
from paperfeed.store import Store

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RSS = FIXTURES / "arxiv-rss"
HF = FIXTURES / "hf-daily"
API = FIXTURES / "arxiv-api"
EXCERPT_IDS = 9  # arxiv-rss/excerpt.xml: 12 items, 3 of them replacements (not new)


@dataclass
class Services:
    """What the fake arXiv and Hugging Face answer; tests change it before fetching."""

    rss: bytes = (RSS / "excerpt.xml").read_bytes()
    rss_etag: str | None = None
    daily_status: int = 200
    delay: float = 0.0
    hits: list[str] = field(default_factory=list)
    spans: list[tuple[str, float, float]] = field(default_factory=list)  # path, began, answered

    def wait(self, request: Request) -> None:
        began = time.monotonic()
        time.sleep(self.delay)
        self.spans.append((request.path, began, time.monotonic()))

    def feed(self, request: Request) -> Response:
        self.hits.append(request.full_path)
        self.wait(request)
        if self.rss_etag and request.headers.get("If-None-Match") == self.rss_etag:
            return Response(status=304, headers={"ETag": self.rss_etag})
        headers = {"ETag": self.rss_etag} if self.rss_etag else {}
        return Response(self.rss, content_type="application/rss+xml", headers=headers)

    def api(self, request: Request) -> Response:
        self.hits.append(request.full_path)
        if "id_list" in request.args:  # the category lookup, after the sources: not delayed
            return Response((API / "zero_results.xml").read_bytes(), content_type="application/atom+xml")
        self.wait(request)
        page = "page0.xml" if request.args.get("start", "0") == "0" else "page1.xml"
        return Response((API / page).read_bytes(), content_type="application/atom+xml")

    def daily(self, request: Request) -> Response:
        self.hits.append(request.full_path)
        self.wait(request)
        if request.args.get("sort") == "trending":
            return Response((HF / "trending.json").read_bytes(), content_type="application/json")
        if self.daily_status != 200:
            return Response("Internal Server Error", status=self.daily_status, content_type="text/plain")
        return Response((HF / "2026-08-21.json").read_bytes(), content_type="application/json")


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    s = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    s.start()
    yield s
    s.clear()
    s.stop()


@pytest.fixture
def services(server: HTTPServer, paperfeed_home: Path) -> Iterator[Services]:
    server.clear()
    services = Services()
    server.expect_request(re.compile(r"/rss/.*")).respond_with_handler(services.feed)
    server.expect_request("/api/query").respond_with_handler(services.api)
    server.expect_request("/api/daily_papers").respond_with_handler(services.daily)
    base = server.url_for("").rstrip("/")
    (paperfeed_home / "config.toml").write_text(f"""
[fetch]
retry_attempts = 2
retry_max_wait_seconds = 0.5
timeout_seconds = 10

[sources.arxiv]
categories = ["cs.LG"]
feed_url = "{base}/rss/"
api_url = "{base}/api/query"
request_gap_seconds = 0.05
page_size = 2

[sources.huggingface]
url = "{base}/api/daily_papers"

[sources.paperswithcode]
url = "{base}/api/daily_papers"
""")
    yield services


def fetch(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["fetch", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def rows(stdout: str) -> dict[str, list[str]]:
    """The summary table as {source: [status, new, updated, seconds]}."""
    found = {}
    for line in stdout.splitlines():
        match = re.match(r"\s*(arxiv|huggingface|paperswithcode)\s+(.+?)\s+(\d+)\s+(\d+)\s+([\d.]+)\s*$",
                         line)
        if match:
            found[match[1]] = [match[2], match[3], match[4], match[5]]
    return found


def stored(home: Path) -> Store:
    return Store(home / "paperfeed.db")


def test_all_sources_land(services: Services, paperfeed_home: Path) -> None:
    code, out, err = fetch()
    assert code == 0, err
    table = rows(out)
    assert {name: r[0] for name, r in table.items()} == {
        "arxiv": "ok", "huggingface": "ok", "paperswithcode": "ok"}
    assert int(table["arxiv"][1]) == EXCERPT_IDS
    assert err == ""
    with stored(paperfeed_home) as store:
        assert store.counts()["papers"] == sum(int(r[1]) for r in table.values()) > EXCERPT_IDS
        assert store.get("2411.17702") is not None  # an arXiv item of the excerpt
        runs = store.last_runs()
        assert {r.source: r.status for r in runs} == {
            "arxiv": "ok", "huggingface": "ok", "paperswithcode": "ok"}
        assert {r.source: r.announced for r in runs}["arxiv"]  # the feed's announcement day


def test_one_source_failing_every_time_while_the_others_land(
        services: Services, paperfeed_home: Path) -> None:
    services.daily_status = 500
    code, out, err = fetch()
    assert code == 5  # ExitCode.FETCH_PARTIAL
    assert rows(out)["huggingface"][0] == "failed"
    assert rows(out)["arxiv"][0] == "ok" and rows(out)["paperswithcode"][0] == "ok"
    [line] = err.splitlines()
    assert line.startswith("paperfeed: huggingface failed: ")
    assert "HTTP 500" in line and "daily_papers" in line
    assert sum(1 for h in services.hits if "date=" in h) >= 2  # it was retried
    with stored(paperfeed_home) as store:
        assert store.counts()["papers"] >= EXCERPT_IDS
        runs = {r.source: r for r in store.last_runs()}
        assert runs["huggingface"].status == "failed" and "HTTP 500" in (runs["huggingface"].error or "")


def test_every_source_failing_is_total_failure(services: Services, server: HTTPServer) -> None:
    server.clear()  # nothing answers but 500s
    server.expect_request(re.compile(".*")).respond_with_data("down", status=500)
    code, _, err = fetch("--quiet")
    assert code == 6  # ExitCode.FETCH_FAILED
    assert len(err.splitlines()) == 3 and all(" failed: " in line for line in err.splitlines())


def test_an_empty_channel_is_no_announcement(services: Services) -> None:
    services.rss = (RSS / "empty.xml").read_bytes()
    code, out, err = fetch("--source", "arxiv")
    assert code == 0, err
    assert rows(out) == {"arxiv": ["no announcement", "0", "0", rows(out)["arxiv"][3]]}


def test_a_second_run_reports_nothing_new(services: Services, paperfeed_home: Path) -> None:
    assert fetch()[0] == 0
    code, out, _ = fetch("--json")
    report = json.loads(out)
    assert code == 0 and report["status"] == "ok"
    assert (report["new"], report["updated"]) == (0, 0)
    assert {s["source"]: s["new"] for s in report["sources"]} == {
        "arxiv": 0, "huggingface": 0, "paperswithcode": 0}


def test_an_unchanged_feed_is_asked_with_its_etag(services: Services) -> None:
    services.rss_etag = '"announce-1"'
    assert fetch("--source", "arxiv")[0] == 0
    code, out, _ = fetch("--source", "arxiv")
    assert code == 0 and rows(out)["arxiv"][:2] == ["unchanged", "0"]


def test_without_etags_the_same_answers_again_are_unchanged(services: Services) -> None:
    assert services.rss_etag is None  # like Hugging Face, which sends none
    assert fetch()[0] == 0
    code, out, _ = fetch()
    assert code == 0
    assert {source: row[:2] for source, row in rows(out).items()} == {
        "arxiv": ["unchanged", "0"], "huggingface": ["unchanged", "0"], "paperswithcode": ["unchanged", "0"]}
    services.rss = (RSS / "odd.xml").read_bytes()  # the feed changed: it is read again
    assert rows(fetch("--source", "arxiv")[1])["arxiv"][0] == "ok"


def test_quiet_prints_nothing_on_success(services: Services) -> None:
    code, out, err = fetch("--quiet")
    assert (code, out, err) == (0, "", "")


def test_quiet_prints_only_the_errors(services: Services) -> None:
    services.daily_status = 503
    code, out, err = fetch("--quiet")
    assert code == 5 and out == ""
    assert err.startswith("paperfeed: huggingface failed: ") and len(err.splitlines()) == 1


def test_json_is_the_same_report(services: Services) -> None:
    services.daily_status = 500
    code, out, err = fetch("--json")
    report = json.loads(out)
    assert code == 5 and report["exit_code"] == 5 and report["status"] == "partial"
    by_source = {s["source"]: s for s in report["sources"]}
    assert by_source["huggingface"]["status"] == "failed"
    assert "HTTP 500" in by_source["huggingface"]["error"]
    assert by_source["arxiv"]["new"] == EXCERPT_IDS and by_source["arxiv"]["error"] is None
    assert "huggingface failed" in err


def test_sources_run_concurrently(services: Services) -> None:
    # arXiv: 1 request; Hugging Face: 2 days, one after the other; trending: 1 request.
    services.delay = 0.5
    code, out, _ = fetch()
    assert code == 0
    assert float(rows(out)["huggingface"][3]) >= 1.0
    # The server saw arXiv's feed request while a Hugging Face request was still being
    # answered: the sources overlapped instead of running one after the other. (Judged
    # on the server's own clock, not on wall time, so a loaded machine cannot fail it.)
    feed = [(b, e) for path, b, e in services.spans if path.startswith("/rss/")]
    hf = [(b, e) for path, b, e in services.spans if path == "/api/daily_papers"]
    assert feed and hf
    assert any(fb < he and hb < fe for fb, fe in feed for hb, he in hf)


def test_since_catches_up_through_the_query_api_and_each_day(services: Services) -> None:
    code, out, err = fetch("--since", "2d", "--source", "arxiv", "--source", "huggingface")
    assert code == 0, err
    assert set(rows(out)) == {"arxiv", "huggingface"}
    api = [h for h in services.hits if h.startswith("/api/query?search_query")]
    assert len(api) == 2 and "submittedDate" in api[0]  # two pages of two
    assert any("id_list=" in h for h in services.hits)  # Hugging Face's papers' categories
    assert len([h for h in services.hits if "date=" in h]) == 3  # the day two days ago, and on
    assert not any(h.startswith("/rss/") for h in services.hits)
    assert int(rows(out)["arxiv"][1]) >= 1


def test_since_beyond_the_maximum_is_refused(services: Services) -> None:
    code, out, err = fetch("--since", "30d")
    assert code == 2 and out == ""
    assert err.strip() == ("paperfeed: --since 30d reaches back 30 days, more than "
                           "fetch.max_since_days (14); pick a later day or raise that setting "
                           "in the config")
    assert services.hits == []


def test_an_unknown_source_is_refused(services: Services) -> None:
    code, _, err = fetch("--source", "biorxiv")
    assert code == 2 and "no source named 'biorxiv'" in err


# -- the lock, with real processes ----------------------------------------------------------


def spawn(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PAPERFEED_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "paperfeed", "fetch"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_fetches_started_together_one_runs_one_backs_off(
        services: Services, paperfeed_home: Path) -> None:
    services.delay = 1.0  # the runner holds the lock for 2 s or more (two Hugging Face days)
    began = time.monotonic()
    procs = [spawn(paperfeed_home), spawn(paperfeed_home)]
    done: dict[int, tuple[int, str, str, float]] = {}
    while len(done) < 2:
        for p in procs:
            if p.pid not in done and p.poll() is not None:
                out, err = p.communicate()
                done[p.pid] = (p.returncode, out, err, time.monotonic() - began)
        time.sleep(0.02)
    backed = [pid for pid, d in done.items() if "another fetch is running" in d[2]]
    assert len(backed) == 1, done
    runner_pid = next(pid for pid in done if pid not in backed)
    code, out, err, took = done[backed[0]]
    assert code == 0 and out == ""
    assert err == f"paperfeed: another fetch is running (pid {runner_pid}); nothing to do\n"
    assert took < done[runner_pid][3]  # it did not wait for the other to finish
    assert done[runner_pid][0] == 0 and "arxiv" in done[runner_pid][1]
    with stored(paperfeed_home) as store:
        assert len(store.last_runs()) == 3 and store.counts()["papers"] >= EXCERPT_IDS


def test_a_fetch_killed_mid_run_leaves_no_lock_and_no_damage(
        services: Services, paperfeed_home: Path) -> None:
    services.delay = 5.0
    proc = spawn(paperfeed_home)
    lock_file = paths.lock_path(paperfeed_home / "paperfeed.db")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if lock_file.exists() and lock_file.read_text().strip() == str(proc.pid):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the fetch never took the lock")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    services.delay = 0.0
    code, _, err = fetch()
    assert code == 0 and "another fetch" not in err
    with stored(paperfeed_home) as store:
        assert store.counts()["papers"] >= EXCERPT_IDS


def test_ctrl_c_does_not_wait_for_requests_in_flight(services: Services, paperfeed_home: Path) -> None:
    services.delay = 15.0
    env = {**os.environ, "PAPERFEED_HOME": str(paperfeed_home), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "paperfeed", "fetch"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 20
    while len(services.hits) < 3 and time.monotonic() < deadline:  # every source is waiting
        time.sleep(0.05)
    assert len(services.hits) >= 3
    began = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=14)  # a TimeoutExpired here means it waited for the server
    assert proc.returncode == 130
    assert err.splitlines()[-1] == ("paperfeed: interrupted before any source was stored; "
                                    "nothing stored before was lost")
    assert time.monotonic() - began < 10
    with stored(paperfeed_home) as store:
        assert store.counts()["papers"] == 0 and store.last_runs() == []


# -- the live display ------------------------------------------------------------------------


class FakeTerminal:
    def __init__(self) -> None:
        self.text: list[str] = []

    def write(self, text: str) -> int:
        self.text.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("not a real file")


def test_the_live_display_draws_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from paperfeed.models import SourceResult
    from paperfeed.render import fetch as render_fetch

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with render_fetch.live_progress(True) as progress:
        assert progress is not None
        progress.started("arxiv")
        progress.finished(SourceResult("arxiv", "ok", new=812, updated=3))
    drawn = "".join(terminal.text)
    assert "arxiv" in drawn and "812 new, 3 updated" in drawn
    with render_fetch.live_progress(False) as progress:
        assert progress is None
    monkeypatch.setattr(terminal, "isatty", lambda: False)
    with render_fetch.live_progress(True) as progress:
        assert progress is None
