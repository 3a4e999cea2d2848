"""Summaries end to end through the real CLI: arXiv and Hugging Face served from the
wire-format samples, a local OpenAI-compatible server answering in Korean, the real
openai client, the real store. This is the issue's "done when", as a test."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from _chat_server import PATH, ChatServer, error
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from paperfeed.cli import app
from paperfeed.store import Store

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAX_PAPERS = 4
KEY = "sk-local-test-0123456789"


def feed(request: Request) -> Response:
    return Response((FIXTURES / "arxiv-rss" / "excerpt.xml").read_bytes(),
                    content_type="application/rss+xml")


def daily(request: Request) -> Response:
    name = "trending.json" if request.args.get("sort") == "trending" else "2026-08-21.json"
    return Response((FIXTURES / "hf-daily" / name).read_bytes(), content_type="application/json")


def dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"


@pytest.fixture
def chat(httpserver: HTTPServer) -> Iterator[ChatServer]:
    served = ChatServer()
    httpserver.expect_request(re.compile(r"/rss/.*")).respond_with_handler(feed)
    httpserver.expect_request("/api/daily_papers").respond_with_handler(daily)
    httpserver.expect_request(PATH, method="POST").respond_with_handler(served.handle)
    yield served


def write_config(home: Path, server: HTTPServer, *, summaries: str = "", digest: str = "") -> None:
    base = server.url_for("").rstrip("/")
    (home / "config.toml").write_text(f"""
[digest]
{digest}

[fetch]
retry_attempts = 1
timeout_seconds = 10

[sources.arxiv]
categories = ["cs.LG"]
feed_url = "{base}/rss/"

[sources.huggingface]
url = "{base}/api/daily_papers"

[sources.paperswithcode]
url = "{base}/api/daily_papers"

[summaries]
{summaries}
""", encoding="utf-8")


def korean(server: HTTPServer, base_url: str | None = None) -> str:
    return (f'enabled = true\nbase_url = "{base_url or server.url_for("/v1")}"\n'
            f'model = "qwen2.5:7b"\nlanguage = "ko"\napi_key_env = "PAPERFEED_TEST_LLM_KEY"\n'
            f"max_papers = {MAX_PAPERS}\ntimeout_seconds = 5\n")


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERFEED_TEST_LLM_KEY", KEY)


def test_fetch_summarizes_once_and_today_shows_the_summaries(
        chat: ChatServer, httpserver: HTTPServer, paperfeed_home: Path) -> None:
    write_config(paperfeed_home, httpserver, summaries=korean(httpserver))
    code, out, err = cli("fetch")
    assert code == 0 and err == ""
    assert f"summaries: {MAX_PAPERS} of {MAX_PAPERS} made (ko) at {httpserver.url_for('/v1')}" in out
    assert len(chat.requests) == MAX_PAPERS
    assert all(h["authorization"] == f"Bearer {KEY}" for h in chat.headers)
    with Store(paperfeed_home / "paperfeed.db") as store:
        assert store.count_summaries("ko") == MAX_PAPERS
        papers = store.counts()["papers"]
    assert papers > MAX_PAPERS  # the others were stored as always, just not summarized

    code, out, _ = cli("today", "--plain", "--no-fetch")
    assert code == 0
    shown = out.count("machine-written by qwen2.5:7b")
    assert shown >= 1 and "summary (Korean), machine-written by qwen2.5:7b: 이 논문(" in out
    titles = set(chat.titles())
    summarized_cards = [c for c in out.split("─" * 40)[1:] if "machine-written by qwen2.5:7b" in c]
    assert summarized_cards and all(any(t[:30] in " ".join(c.split()) for t in titles)
                                    for c in summarized_cards)

    code, out, _ = cli("fetch")
    assert code == 0 and "summaries: none needed (ko)" in out
    assert len(chat.requests) == MAX_PAPERS  # nothing was asked again

    code, out, _ = cli("status")
    assert f"summaries on: titles and abstracts go to {httpserver.url_for('/v1')}" in out
    assert f"{MAX_PAPERS} stored" in out and KEY not in out


def test_summaries_mode_fits_more_papers_into_the_same_minutes(
        chat: ChatServer, httpserver: HTTPServer, paperfeed_home: Path) -> None:
    summaries = korean(httpserver).replace(f"max_papers = {MAX_PAPERS}", "max_papers = 100")
    write_config(paperfeed_home, httpserver, summaries=summaries)
    assert cli("fetch")[0] == 0

    def papers_in_digest() -> int:
        code, out, _ = cli("today", "--plain", "--no-fetch", "--minutes", "3")
        assert code == 0
        return int(re.search(r"· (\d+) papers? ·", out)[1])  # type: ignore[index]

    by_abstract = papers_in_digest()
    write_config(paperfeed_home, httpserver, summaries=summaries, digest='mode = "summaries"')
    by_summary = papers_in_digest()
    assert by_summary > by_abstract >= 1
    _, out, _ = cli("today", "--plain", "--no-fetch", "--minutes", "3")
    assert "abstract: paperfeed show " in out  # the summary first, the abstract one command away


def test_a_dead_endpoint_changes_nothing_else(
        chat: ChatServer, httpserver: HTTPServer, paperfeed_home: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(paperfeed_home, httpserver)  # summaries off: the reference run
    code, plain_out, plain_err = cli("fetch", "--json")
    assert code == 0 and plain_err == ""
    reference = json.loads(plain_out)
    assert reference["summaries"] is None and chat.requests == []  # nothing sent unless enabled

    other = tmp_path / "other-home"
    other.mkdir()
    monkeypatch.setenv("PAPERFEED_HOME", str(other))
    write_config(other, httpserver, summaries=korean(httpserver, dead_url()))
    code, out, err = cli("fetch", "--quiet")
    assert code == reference["exit_code"] == 0
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("paperfeed: summaries: cannot reach http://127.0.0.1:")
    with Store(other / "paperfeed.db") as store:
        assert store.counts()["papers"] == reference["new"]
        assert store.count_summaries("ko") == 0
    code, out, _ = cli("today", "--plain", "--no-fetch")
    assert code == 0 and "machine-written by" not in out and "1/" in out


def test_a_refused_key_is_one_line_and_the_fetch_still_succeeds(
        chat: ChatServer, httpserver: HTTPServer, paperfeed_home: Path) -> None:
    write_config(paperfeed_home, httpserver, summaries=korean(httpserver))
    chat.queued.append(error(401, "error_401_invalid_api_key.json"))
    code, out, err = cli("fetch", "--json")
    report = json.loads(out)
    assert code == 0 and report["status"] == "ok"
    assert report["summaries"]["made"] == 0 and "HTTP 401" in report["summaries"]["error"]
    [line] = err.splitlines()
    assert "HTTP 401" in line and "$PAPERFEED_TEST_LLM_KEY" in line and KEY not in line


def test_export_includes_summaries_on_request(
        chat: ChatServer, httpserver: HTTPServer, paperfeed_home: Path) -> None:
    write_config(paperfeed_home, httpserver, summaries=korean(httpserver))
    assert cli("fetch")[0] == 0
    with Store(paperfeed_home / "paperfeed.db") as store:
        done = [pid for (pid,) in store.conn.execute("SELECT paper_id FROM summaries")]
    assert cli("star", done[0])[0] == 0
    code, out, _ = cli("show", done[0])
    assert code == 0 and "summary (Korean), machine-written by qwen2.5:7b: 이 논문(" in out
    code, out, _ = cli("export", "--summaries")
    assert code == 0 and "**Summary (Korean, machine-written by qwen2.5:7b)**" in out
    assert "> 이 논문(" in out
    code, out, _ = cli("export")
    assert code == 0 and "Summary (" not in out
    code, out, _ = cli("week", "--summaries")
    assert code == 0 and "*Summary (Korean, machine-written by qwen2.5:7b):* 이 논문(" in out
    code, out, _ = cli("week")
    assert code == 0 and "Summary (" not in out
    code, _, err = cli("export", "--summaries", "--format", "bibtex")
    assert code == 2 and "--summaries is for Markdown" in err


def test_today_never_asks_the_model_even_when_it_fetches(
        chat: ChatServer, httpserver: HTTPServer, paperfeed_home: Path) -> None:
    write_config(paperfeed_home, httpserver, summaries=korean(httpserver))
    code, out, err = cli("today", "--plain")  # a never-fetched store: today fetches first
    assert code == 0 and "1/" in out and err.count("paperfeed: ") == 1  # the closing summary line
    assert chat.requests == []  # summaries are made by `paperfeed fetch` alone
