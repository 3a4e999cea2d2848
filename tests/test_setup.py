"""A fresh clone is two commands from a working paperfeed and a passing suite.

`uv run paperfeed today` and `uv run pytest` must do all the set-up, resolving the
versions pinned in the committed `uv.lock`; CI goes the same way; the pip route
stays documented. These tests read the project's own files, so a lock that has
fallen behind pyproject.toml, or a README that drifted from CI, fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
README = (ROOT / "README.md").read_text()
CI = (ROOT / ".ci" / "run").read_text()


def names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower().replace("_", "-") for r in requirements}


def test_uv_installs_the_test_tools_by_default() -> None:
    # uv syncs the `dev` group by default; it is the `dev` extra that the pip route
    # (`pip install -e '.[dev]'`) installs, so both get exactly the same tools.
    assert PYPROJECT["dependency-groups"]["dev"] == ["paperfeed[dev]"]
    assert {"pytest", "mypy", "ruff", "hypothesis"} <= names(
        PYPROJECT["project"]["optional-dependencies"]["dev"])


def test_the_lock_file_is_committed_and_matches_pyproject() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    project = next(p for p in lock["package"] if p["name"] == "paperfeed")
    locked = names([r["name"] for r in project["metadata"]["requires-dist"]])
    assert names(PYPROJECT["project"]["dependencies"]) <= locked
    dev = project["metadata"]["requires-dev"]["dev"]
    assert [(r["name"], r.get("extras")) for r in dev] == [("paperfeed", ["dev"])]
    locked_extra = {r["name"] for r in project["metadata"]["requires-dist"] if r.get("marker")}
    assert names(PYPROJECT["project"]["optional-dependencies"]["dev"]) <= locked_extra
    pinned = {p["name"] for p in lock["package"]}
    assert {"typer", "httpx", "textual", "tomlkit", "pytest"} <= pinned


def test_the_readme_sets_up_with_two_commands_and_keeps_the_pip_route() -> None:
    install = README.split("## Install", 1)[1].split("\n## ", 1)[0]
    assert "uv run paperfeed today" in install
    assert "uv run pytest" in README
    assert "pip install -e '.[dev]'" in README
    assert "pip install uv" in install


def test_no_link_points_at_a_repository_that_does_not_exist() -> None:
    assert "github.com/paperfeed/paperfeed" not in README
    urls = PYPROJECT["project"].get("urls", {})
    assert not any("github.com/paperfeed/paperfeed" in u for u in urls.values())


def test_ci_takes_the_same_path_and_runs_every_check() -> None:
    assert re.search(r"\buv sync --locked\b", CI)
    assert "pip install --quiet uv" in CI  # installs uv with pip where it is missing
    for step in (r"uv run ruff check paperfeed tests", r"uv run mypy\b", r"uv run pytest -q\b",
                 r"uv run pytest -q -m slow", r"-ne 5", r"uv run python benchmarks/run.py --smoke"):
        assert re.search(step, CI), step
