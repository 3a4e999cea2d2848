"""Config loading: zero-setup defaults, the example works, and every mistake is one line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperfeed import config
from paperfeed.cli import app
from paperfeed.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_no_file_means_defaults(paperfeed_home: Path) -> None:
    loaded = config.load()
    assert loaded.sources.arxiv.categories == ["cs.CV", "cs.LG", "cs.CL", "cs.AI"]
    assert loaded.digest.target_minutes == 12
    assert loaded.path is None


def test_example_config_is_valid_and_documents_every_key() -> None:
    text = (ROOT / "config.example.toml").read_text()
    loaded = config.loads(text, ROOT / "config.example.toml")
    assert loaded.sources.paperswithcode.format == "hf-trending"
    example = tomllib.loads(text)
    effective = tomllib.loads(config.to_toml(config.Config()))

    def keys(table: dict[str, object], prefix: str = "") -> set[str]:
        out: set[str] = set()
        for k, v in table.items():
            out |= keys(v, f"{prefix}{k}.") if isinstance(v, dict) else {prefix + k}
        return out

    assert keys(example) == keys(effective)


def test_contract_keys_exist() -> None:
    """The keys DESIGN.md promises to outside tools keep their names."""
    c = config.Config()
    assert (c.digest.target_minutes, c.digest.min_minutes, c.digest.max_minutes) == (12, 10, 15)
    assert c.digest.words_per_minute == 200
    assert c.fetch.max_age_hours == 6 and c.fetch.timeout_seconds == 30
    assert c.sources.arxiv.announce_types == ["new", "cross"]
    assert c.sources.arxiv.feed_url == "https://rss.arxiv.org/rss/"
    assert c.sources.arxiv.api_url == "https://export.arxiv.org/api/query"
    assert c.sources.arxiv.request_gap_seconds == 3.0
    assert c.sources.huggingface.days_back == 1
    assert c.interests.keywords == [] and c.interests.exclude_keywords == []


def test_show_round_trips(paperfeed_home: Path) -> None:
    (paperfeed_home / "config.toml").write_text('[interests]\nkeywords = ["diffusion"]\n')
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    shown = config.loads(result.stdout, Path("shown.toml"))
    assert shown.interests.keywords == ["diffusion"]
    assert shown.digest == config.DigestConfig()


def test_init_writes_example_and_refuses_to_overwrite(paperfeed_home: Path) -> None:
    assert runner.invoke(app, ["config", "init"]).exit_code == 0
    target = paperfeed_home / "config.toml"
    assert target.read_text() == (ROOT / "config.example.toml").read_text()
    target.write_text("# mine\n")
    again = runner.invoke(app, ["config", "init"])
    assert again.exit_code == ExitCode.USAGE
    assert "already there; pass --force" in again.stderr
    assert target.read_text() == "# mine\n"
    assert runner.invoke(app, ["config", "init", "--force"]).exit_code == 0
    assert target.read_text().startswith("# paperfeed configuration.")


def test_config_path_follows_home_and_option(paperfeed_home: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["config", "path"]).stdout.strip() == str(paperfeed_home / "config.toml")
    other = tmp_path / "other.toml"
    assert runner.invoke(app, ["--config", str(other), "config", "path"]).stdout.strip() == str(other)


BAD = [
    ("[digest\ntarget_minutes = 3\n",
     "TOML syntax error at line 1: Expected ']' at the end of a table declaration; fix that line"),
    ("[digest]\ntarget_minutes = \n",
     "TOML syntax error at line 2: Invalid value; fix that line"),
    ("[digest]\ntarget_minuts = 12\n",
     "unknown key 'digest.target_minuts' (did you mean 'digest.target_minutes'?)"),
    ("[sources.arxiv]\ncategorys = ['cs.LG']\n",
     "unknown key 'sources.arxiv.categorys' (did you mean 'sources.arxiv.categories'?)"),
    ("[sourcez.arxiv]\nenabled = true\n",
     "unknown key 'sourcez' (did you mean 'sources'?)"),
    ("[digest]\ntarget_minutes = 'twelve'\n",
     "'digest.target_minutes' must be a number, got a string ('twelve')"),
    ("[sources.arxiv]\nenabled = 'yes'\n",
     "'sources.arxiv.enabled' must be true or false, got a string ('yes')"),
    ("[interests]\nkeywords = 'diffusion'\n",
     "'interests.keywords' must be a list of strings, like [\"a\", \"b\"]; got a string ('diffusion')"),
    ("[digest]\ntarget_minutes = 0\n",
     "'digest.target_minutes' must be greater than 0, got 0"),
    ("[digest]\nwords_per_minute = -5\n",
     "'digest.words_per_minute' must be greater than 0, got -5"),
    ("[digest]\nmin_minutes = 20\nmax_minutes = 15\n",
     "'digest.min_minutes' (20) is greater than 'digest.max_minutes' (15); make min <= target <= max"),
    ("[sources.paperswithcode]\nformat = 'pwc'\n",
     "'sources.paperswithcode.format' must be 'hf-trending' or 'pwc-v1', got 'pwc'"),
    ("[sources.huggingface]\nurl = 'huggingface.co/api'\n",
     "'sources.huggingface.url' must be an http:// or https:// URL, got 'huggingface.co/api'"),
    ("[sources.arxiv]\nannounce_types = ['new', 'crosslist']\n",
     "'sources.arxiv.announce_types' has 'crosslist'; use any of new, cross, replace, replace-cross"),
    ("digest = 3\n", "'digest' must be a table ([digest])"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_config_is_one_line_with_config_exit_code(
    paperfeed_home: Path, text: str, message: str
) -> None:
    path = paperfeed_home / "config.toml"
    path.write_text(text)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == ExitCode.CONFIG
    assert result.stderr == f"paperfeed: {path}: {message}\n"
    assert result.stdout == ""


def test_missing_explicit_config_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = runner.invoke(app, ["--config", str(missing), "status"])
    assert result.exit_code == ExitCode.CONFIG
    assert result.stderr == f"paperfeed: {missing}: no such config file; check --config or run " \
        "'paperfeed config init'\n"
