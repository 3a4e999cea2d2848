"""Every command, given malformed arguments, exits with the usage code (2) and one line.

Bad ids (in every form a paste can go wrong, terminal escapes and line breaks
included), bad dates, out-of-range numbers (`--minutes -1`, `--since 999d`),
unknown choices and options that exclude each other: the answer is exit status 2
and a single printable line on stderr, never a traceback and never a usage screen.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.errors import ExitCode

from .support import TRACEBACK, make_library, run_cli

BAD_IDS = ["abc", "2408.0607", "2408.06070v", "1234.123456", "hep-th/99", "2408.06070;rm -rf ~",
           "javascript:alert(1)", "", " ", "2408.06070v9999999", "\x1b[31m2408.06070",
           "2408.06070\nrm -rf ~", "arXiv:", "https://example.com/abs/2408.06070", "\u202e07060.8042"]
ID_COMMANDS = [["show"], ["star"], ["unstar"], ["read"], ["unread"], ["open"], ["note", "{id}", "text"],
               ["open", "--pdf"], ["star", "2411.17000"]]  # the last: a good id, then a bad one
BAD_DATES = ["2026-13-45", "2026-02-30", "yesterday-ish", "-3d", "3 days", "2999-01-01", "1e9d",
             "99999999d", "\x1b]0;title\x07"]

CASES: list[list[str]] = []
for command in ID_COMMANDS:
    for bad in BAD_IDS:
        args = [a.replace("{id}", bad) for a in command]
        CASES.append(args if "{id}" in " ".join(command) else [*args, bad])
for bad in BAD_DATES:
    CASES += [["list", "--since", bad], ["export", "--since", bad], ["fetch", "--since", bad]]
CASES += [
    ["fetch", "--since", "999d"], ["fetch", "--since", "15d"], ["fetch", "--source", "nosuch"],
    ["fetch", "--source", "arxiv", "--source", "x\x1b[2J"],
    ["today", "--minutes", "-1"], ["today", "--minutes", "0"], ["today", "--minutes", "abc"],
    ["today", "--minutes", "nan"], ["today", "--minutes", "inf"], ["today", "--minutes", "-inf"],
    ["list", "--limit", "-1"], ["list", "--limit", "many"], ["list", "--read", "--unread"],
    ["search", "--limit", "0", "x"], ["search", '"unbalanced'], ["search", "title:"],
    ["export", "--format", "yaml"], ["export", "--starred", "--read"],
    ["export", "--front-matter", "--format", "bibtex"],
    ["open", "2411.17000", "--pdf", "--code"],
    ["schedule", "install", "--at", "25:00"], ["schedule", "install", "--at", "6.30"],
    ["schedule", "install", "--days", "funday"], ["schedule", "install", "--days", "mon-"],
    ["nosuchcommand"], ["list", "--nosuchoption"], ["--nosuchoption", "list"], ["show"],
    ["star"], ["note"], ["config", "nosuch"], ["schedule", "nosuch"],
]

runner = CliRunner()


@pytest.fixture
def library(paperfeed_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A store with papers, a config whose sources point at a closed loopback port (no
    malformed argument may ever reach the internet), a browser that does nothing and a
    `crontab` that only writes a file here."""
    make_library(paperfeed_home / "paperfeed.db")
    closed = "http://127.0.0.1:9"
    (paperfeed_home / "config.toml").write_text(
        f'[sources.arxiv]\nfeed_url = "{closed}/rss/"\napi_url = "{closed}/api"\n'
        f'[sources.huggingface]\nurl = "{closed}/hf"\n[sources.paperswithcode]\nurl = "{closed}/pwc"\n')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "crontab"
    fake.write_text(f"#!/bin/sh\n[ \"$1\" = -l ] && exit 0\ncat > {tmp_path / 'crontab.txt'}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("BROWSER", "true")
    return paperfeed_home


def check_usage_error(stderr: str, stdout: str, exit_code: int, args: list[str]) -> None:
    assert TRACEBACK not in stderr + stdout, stderr
    assert exit_code == ExitCode.USAGE, (args, exit_code, stderr, stdout)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, (args, stderr)
    assert all(c.isprintable() for c in lines[0]), (args, repr(lines[0]))
    assert lines[0].startswith("paperfeed: "), (args, lines[0])


@pytest.mark.parametrize("args", CASES, ids=[repr(" ".join(c))[1:-1] for c in CASES])
def test_malformed_arguments_give_exit_2_and_one_line(library: Path, args: list[str]) -> None:
    result = runner.invoke(app, args)
    check_usage_error(result.stderr, result.stdout, result.exit_code, args)


@pytest.mark.parametrize("args", [["show", "abc"], ["today", "--minutes", "-1"],
                                  ["fetch", "--since", "999d"], ["list", "--since", "2026-13-45"],
                                  ["nosuchcommand"], ["star", "2408.06070\n\x1b[2J"]])
def test_malformed_arguments_through_the_console_script(library: Path, args: list[str]) -> None:
    try:
        result = run_cli(args, home=library, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args} did not end")
    check_usage_error(result.stderr, result.stdout, result.returncode, args)
