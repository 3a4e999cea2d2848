"""`paperfeed show ID`: the whole card, from every id form a user might paste."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.errors import ExitCode
from paperfeed.models import Sighting
from paperfeed.store import Store

runner = CliRunner()
AUTHORS = tuple(f"Author Number{i}" for i in range(1, 15))


@pytest.fixture
def library(store: Store, paperfeed_home: Path) -> Store:
    (paperfeed_home / "config.toml").write_text('[interests]\nkeywords = ["diffusion"]\n')
    store.record([Sighting(
        source="arxiv", paper_id="2408.06070", version=2, seen_day="2026-11-25",
        title=r"Scaling $\alpha$-Diffusion [bold]Models[/bold]", abstract="We scale diffusion models.",
        authors=AUTHORS, categories=("cs.LG", "cs.CV"), primary_category="cs.LG",
        published="2024-08-12T00:00:00+00:00", abs_url="https://arxiv.org/abs/2408.06070",
        pdf_url="https://arxiv.org/pdf/2408.06070", kind="new", authoritative=True,
    )], "2026-11-25T06:00:00+00:00")
    store.record([Sighting(
        source="huggingface", paper_id="2408.06070", title="x", seen_day="2026-11-25", upvotes=37,
        comments=2, ai_summary="Diffusion, but bigger.", code_url="https://github.com/a/b",
        code_stars=1500, kind="daily",
    )], "2026-11-25T06:05:00+00:00")
    store.set_mark("2408.06070", starred_at="2026-11-25T08:00:00+00:00", note="한국어 메모: 재현할 것")
    return store


@pytest.mark.parametrize("form", [
    "2408.06070", "2408.06070v2", "2408.06070v1", "arXiv:2408.06070", "https://arxiv.org/abs/2408.06070v2",
    "https://arxiv.org/pdf/2408.06070v2.pdf", "  arxiv:2408.06070  ",
])
def test_every_id_form_shows_the_paper(library: Store, form: str) -> None:
    result = runner.invoke(app, ["show", form])
    assert result.exit_code == 0, result.output
    assert "Scaling α-Diffusion [bold]Models[/bold]" in result.stdout


def test_the_card_holds_authors_sources_links_marks_and_note(library: Store) -> None:
    out = runner.invoke(app, ["show", "2408.06070"]).stdout
    assert ", ".join(AUTHORS) in " ".join(out.split())  # all of them, not "+9 more"
    assert "more" not in out
    for expected in ("cs.LG · also cs.CV · published 2024-08-12 · 2408.06070v2",
                     "[arXiv new] [HF ▲37 · 2 comments] [code ★1.5k]",
                     "why: keyword: diffusion", "We scale diffusion models.",
                     "AI summary (Hugging Face, machine-written): Diffusion, but bigger.",
                     "abs  https://arxiv.org/abs/2408.06070", "pdf  https://arxiv.org/pdf/2408.06070",
                     "code https://github.com/a/b", "★ starred", "note: 한국어 메모: 재현할 것"):
        assert expected in out


def test_an_unknown_id_says_so(library: Store) -> None:
    result = runner.invoke(app, ["show", "2501.00001"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.strip() == ("paperfeed: no paper 2501.00001 in the store; fetch it first, "
                                     "or find its id with 'paperfeed search'")
    assert result.stdout == ""


def test_something_that_is_no_id_is_a_usage_error(library: Store) -> None:
    result = runner.invoke(app, ["show", "not-an-id"])
    assert result.exit_code == ExitCode.USAGE
    assert "'not-an-id' is not an arXiv id" in result.stderr
    assert "Traceback" not in result.output


def test_without_a_database_show_says_what_to_do_and_creates_nothing(paperfeed_home: Path) -> None:
    result = runner.invoke(app, ["show", "2408.06070"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "run 'paperfeed fetch' first" in result.stderr
    assert not (paperfeed_home / "paperfeed.db").exists()
