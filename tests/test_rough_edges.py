"""The small things a new user notices in the first minutes, each pinned."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _library_store import NOW, fill, sighting
from typer.testing import CliRunner

from paperfeed import digest
from paperfeed.cli import app
from paperfeed.config import Config, InterestsConfig
from paperfeed.errors import ExitCode, UsageError
from paperfeed.export import ExportOptions
from paperfeed.export.markdown import markdown
from paperfeed.models import Paper, parse_paper_id
from paperfeed.schedule import parse_days
from paperfeed.store import Store

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def paper(**fields: object) -> Paper:
    return Paper(id="2408.06070", title="A paper", first_seen="2026-11-20T06:00:00+00:00",
                 last_seen="2026-11-20T06:00:00+00:00")._replace(**fields)


@pytest.mark.parametrize(("stars", "reason"), [(1, "code, 1 star"), (2, "code, 2 stars"),
                                                (1234, "code, 1.2k stars"), (None, "code")])
def test_code_stars_are_counted_in_good_english(stars: int | None, reason: str) -> None:
    interests = digest.Interests.compile(InterestsConfig(), [])
    _, reasons = digest.score(paper(code_url="https://github.com/a/b", code_stars=stars),
                              interests, datetime(2026, 11, 21, tzinfo=UTC))
    assert reason in reasons


def test_bare_paperfeed_prints_help_to_stdout_and_succeeds() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "today" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("url", ["https://huggingface.co/papers/2408.06070",
                                 "huggingface.co/papers/2408.06070v2",
                                 "https://www.huggingface.co/papers/2408.06070?foo=1#bar",
                                 "https://hf.co/papers/2408.06070"])
def test_hugging_face_paper_links_are_ids(url: str) -> None:
    assert parse_paper_id(url).id == "2408.06070"


def test_hugging_face_links_work_on_the_command_line(store: Store) -> None:
    fill(store)
    result = runner.invoke(app, ["star", "https://huggingface.co/papers/2409.00003"])
    assert result.exit_code == 0, result.output


# -- list, piped -----------------------------------------------------------------------


def test_piped_list_shows_whole_titles_and_no_empty_note_column(store: Store) -> None:
    long_title = "A Remarkably Long Title About Diffusion Models That Keeps Going Well Past Forty Characters"
    store.record([sighting("2411.00001", long_title), sighting("2411.00002", "Short one")], NOW.isoformat())
    store.set_mark("2411.00002", note="mine")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    first = next(line for line in lines if "2411.00001" in line)
    assert first.endswith(long_title), first  # whole, and nothing after it
    second = next(line for line in lines if "2411.00002" in line)
    assert re.search(r"Short one\s+mine$", second), second


def test_list_category_matches_percent_and_underscore_literally(store: Store) -> None:
    store.record([sighting("2411.00001", "One", categories=("cs.CV",)),
                  sighting("2411.00002", "Two", categories=("cs_x.AB",))], NOW.isoformat())
    for pattern in ("%", "c_", "cs_x", "_"):
        result = runner.invoke(app, ["list", "--category", pattern, "--json"])
        ids = [line for line in result.stdout.splitlines() if line]
        expected = 1 if pattern == "cs_x" else 0
        assert len(ids) == expected, (pattern, result.stdout)


def test_list_source_is_checked(store: Store) -> None:
    fill(store)
    result = runner.invoke(app, ["list", "--source", "bogus"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("paperfeed: ") and "bogus" in result.stderr
    assert "arxiv, huggingface, paperswithcode" in result.stderr
    assert runner.invoke(app, ["list", "--source", "arxiv"]).exit_code == 0


@pytest.mark.parametrize("text", ["monkey-frisbee", "sunshine", "tuesdays", "mo", "fridge"])
def test_days_refuses_words_that_merely_start_like_days(text: str) -> None:
    with pytest.raises(UsageError):
        parse_days(text)


@pytest.mark.parametrize(("text", "days"), [("mon-fri", {1, 2, 3, 4, 5}), ("Monday-Friday", {1, 2, 3, 4, 5}),
                                            ("tues,thurs", {2, 4}), ("sat-mon", {6, 0, 1})])
def test_days_still_accepts_day_names(text: str, days: set[int]) -> None:
    assert parse_days(text) == frozenset(days)


# -- export ------------------------------------------------------------------------------


def test_markdown_shortens_a_long_author_list() -> None:
    authors = tuple(f"Author {i}" for i in range(1, 84))
    text = markdown([paper(authors=authors)], ExportOptions(max_authors=10),
                    datetime(2026, 11, 26, tzinfo=UTC))
    line = next(line for line in text.splitlines() if line.startswith("- Authors:"))
    assert line == "- Authors: " + ", ".join(f"Author {i}" for i in range(1, 11)) + " and 73 more"


def test_markdown_keeps_every_author_when_told_to() -> None:
    authors = tuple(f"Author {i}" for i in range(1, 84))
    text = markdown([paper(authors=authors)], ExportOptions(max_authors=0),
                    datetime(2026, 11, 26, tzinfo=UTC))
    assert "Author 83" in text and "more" not in text


def test_export_max_authors_is_a_config_key(store: Store, paperfeed_home: Path) -> None:
    store.record([sighting("2411.00001", "Many", authors=tuple(f"A{i}" for i in range(30)))],
                 NOW.isoformat())
    store.set_mark("2411.00001", starred_at=NOW.isoformat())
    assert Config().export.max_authors == 10
    (paperfeed_home / "config.toml").write_text("[export]\nmax_authors = 3\n")
    result = runner.invoke(app, ["export"])
    assert "- Authors: A0, A1, A2 and 27 more" in result.stdout, result.stdout


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_export_o_honours_the_umask_like_a_shell_redirect(store: Store, tmp_path: Path,
                                                          mask: int, mode: int) -> None:
    fill(store)
    out = tmp_path / f"stars-{mask:o}.md"
    old = os.umask(mask)
    try:
        result = runner.invoke(app, ["export", "-o", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == mode


# -- exit codes ------------------------------------------------------------------------------


def test_config_init_over_a_file_is_a_usage_error(paperfeed_home: Path) -> None:
    (paperfeed_home / "config.toml").write_text("# mine\n")
    result = runner.invoke(app, ["config", "init"])
    assert result.exit_code == ExitCode.USAGE
    assert "--force" in result.stderr


def test_export_into_a_missing_folder_is_not_found(store: Store, tmp_path: Path) -> None:
    fill(store)
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "nope" / "x.md")])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "does not exist" in result.stderr


def test_a_failing_editor_is_its_own_documented_code(store: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store)
    monkeypatch.setenv("EDITOR", "false")
    result = runner.invoke(app, ["note", "2409.00003"])
    assert result.exit_code == ExitCode.EXTERNAL
    assert "the note was not changed" in result.stderr


def test_the_readme_documents_every_exit_code() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert documented == {int(c) for c in ExitCode}
    for phrase in ("config init", "export -o", "$EDITOR", "read-only"):
        assert phrase in table, phrase
