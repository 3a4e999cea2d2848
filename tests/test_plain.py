"""Plain mode: the exact text of a small digest, hostile titles printed inert, and `today` in a pipe."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.clock import iso
from paperfeed.models import Digest, DigestEntry, Marks, Paper, Sighting
from paperfeed.render.digest import print_digest
from paperfeed.store import Store

runner = CliRunner()

FIRST = Paper(
    id="2611.00001", version=2, title="Fast 𝒪(n) Diffusion Samplers",
    title_tex=r"Fast $\mathcal{O}(n)$ Diffusion Samplers",
    abstract="We make diffusion sampling linear in the number of steps. It works.",
    authors=("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov",
             "Donald Knuth", "Frances Allen"),
    categories=("cs.LG", "cs.CV"), primary_category="cs.LG", published="2026-11-25T00:00:00+00:00",
    abs_url="https://arxiv.org/abs/2611.00001", pdf_url="https://arxiv.org/pdf/2611.00001",
    code_url="https://github.com/ada/fast", code_stars=1234, upvotes=37, comments=4,
    ai_summary="A linear-time sampler.", sources=("arxiv", "huggingface", "paperswithcode"),
    announce_type="new", trending_rank=3,
    marks=Marks(starred_at="2026-11-26T08:00:00+00:00", note="try on CIFAR"),
)
SECOND = Paper(
    id="2611.00002", title="A plain paper", abstract="Nothing to see.", authors=("Alan Turing",),
    categories=("cs.CL",), primary_category="cs.CL", sources=("arxiv",), announce_type="cross",
    abs_url="https://arxiv.org/abs/2611.00002",
)
DIGEST = Digest("2026-11-26", (
    DigestEntry(FIRST, 9.5, ("keyword: diffusion", "trending #3", "HF 37 upvotes, 4 comments",
                             "code, 1.2k stars"), 0.35),
    DigestEntry(SECOND, 2.0, ("category: cs.CL",), 0.27),
), candidates=120, away_days=3)

EXPECTED = """\
paperfeed · Thursday 26 November 2026 · 2 papers · 0.6 min of reading
away 3 days: 120 new papers, best 2 shown

────────────────────────────────────────
1/2 · 0.3 min
Fast 𝒪(n) Diffusion Samplers
Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra, Barbara Liskov +2 more
cs.LG · also cs.CV · published 2026-11-25 · 2611.00001v2
[arXiv new] [HF ▲37 · 4 comments] [code ★1.2k] [trending #3]
why: keyword: diffusion · trending #3 · HF 37 upvotes, 4 comments · code, 1.2k
stars

We make diffusion sampling linear in the number of steps. It works.

AI summary (Hugging Face, machine-written): A linear-time sampler.

abs  https://arxiv.org/abs/2611.00001
pdf  https://arxiv.org/pdf/2611.00001
code https://github.com/ada/fast
★ starred
note: try on CIFAR

────────────────────────────────────────
2/2 · 0.3 min
A plain paper
Alan Turing
cs.CL · 2611.00002
[arXiv cross-list]
why: category: cs.CL

Nothing to see.

abs  https://arxiv.org/abs/2611.00002
"""


def plain(digest: Digest, *, terminal: bool = False, keywords: tuple[str, ...] = ("diffusion",)) -> str:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=terminal,
                      color_system="truecolor" if terminal else None)
    print_digest(digest, keywords=keywords, min_minutes=10, console=console)
    return out.getvalue()


def test_plain_text_of_a_small_digest() -> None:
    assert plain(DIGEST) == EXPECTED


def test_header_says_when_everything_waiting_is_shown() -> None:
    few = Digest("2026-11-26", DIGEST.entries, candidates=2, away_days=1)
    assert plain(few).splitlines()[1] == "only 2 papers waiting: all shown"
    ordinary = Digest("2026-11-26", DIGEST.entries, candidates=300, away_days=1)
    assert plain(ordinary).splitlines()[1] == "300 new papers, best 2 shown"


HOSTILE = Paper(
    id="2611.00003",
    title="[bold]x[/bold] \x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 [link=https://e.x]y",
    abstract="An abstract with [red]markup[/red], a bare [ and \x1b[2J a screen clear.",
    authors=("[italic]Mallory[/italic]",),
    ai_summary="[blink]summary[/blink]",
    abs_url="https://arxiv.org/abs/2611.00003\x1b[8m",
    marks=Marks(note="[b]my note[/b]"),
)


def test_markup_and_escape_sequences_in_remote_text_print_literally_and_inert() -> None:
    digest = Digest("2026-11-26", (DigestEntry(HOSTILE, 1.0, ("keyword: [x]",), 0.3),), candidates=1)
    for terminal in (False, True):
        text = plain(digest, terminal=terminal)
        visible = re.sub(r"\x1b\[[0-9;]*m", "", text)  # rich's own styling, when a terminal
        assert "[bold]x[/bold]" in visible
        assert "[link=https://e.x]y" in visible
        assert "[red]markup[/red], a bare [ and" in visible
        assert "[italic]Mallory[/italic]" in visible
        assert "[blink]summary[/blink]" in visible
        assert "[b]my note[/b]" in visible
        assert "\x1b" not in visible  # no escape of the title's own survives
        assert "evil.example" not in text  # the OSC 8 hyperlink is gone, target and all
        assert "\x07" not in text
        if not terminal:
            assert "\x1b" not in text


# -- `paperfeed today` in a pipe ------------------------------------------------------------


def fill_store(home: Path, count: int = 12) -> list[str]:
    now = datetime.now(UTC) - timedelta(hours=1)
    ids = [f"2611.{i:05d}" for i in range(1, count + 1)]
    with Store(home / "paperfeed.db") as store:
        store.record([Sighting(source="arxiv", paper_id=pid, seen_day=now.date().isoformat(),
                               title=f"Paper {pid} on diffusion", abstract="word " * 200,
                               authors=("Ada Lovelace",), categories=("cs.LG",),
                               primary_category="cs.LG", kind="new", authoritative=True,
                               abs_url=f"https://arxiv.org/abs/{pid}")
                      for pid in ids], iso(now))
    return ids


def marks(home: Path, ids: list[str]) -> list[Marks]:
    with Store(home / "paperfeed.db") as store:
        return [p.marks for p in store.papers(ids)]


def test_today_in_a_pipe_prints_plain_text_and_marks_the_papers_shown(paperfeed_home: Path) -> None:
    ids = fill_store(paperfeed_home)
    result = runner.invoke(app, ["today", "--no-fetch"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    printed = [pid for pid in ids if f"Paper {pid} on diffusion" in result.stdout]
    assert 8 <= len(printed) <= 11  # 1.27 minutes each, within 10-15 minutes
    assert all(m.shown_at and not m.read for m in marks(paperfeed_home, printed))
    assert not any(m.shown_at for m in marks(paperfeed_home, [i for i in ids if i not in printed]))
    assert "papers shown: 0 read" in result.stderr


def test_mark_read_marks_the_printed_papers_read(paperfeed_home: Path) -> None:
    ids = fill_store(paperfeed_home)
    result = runner.invoke(app, ["today", "--no-fetch", "--plain", "--mark-read"])
    assert result.exit_code == 0, result.output
    printed = [pid for pid in ids if f"Paper {pid} on diffusion" in result.stdout]
    assert printed and all(m.read for m in marks(paperfeed_home, printed))
    again = runner.invoke(app, ["today", "--no-fetch", "--rebuild"])
    assert not any(f"Paper {pid} on diffusion" in again.stdout for pid in printed)


def test_demo_works_offline_and_never_touches_the_users_store(paperfeed_home: Path) -> None:
    result = runner.invoke(app, ["today", "--demo", "--plain"])
    assert result.exit_code == 0, result.output
    assert "Quiet Guidance: Steering Diffusion Models Without a Classifier Pass" in result.stdout
    assert "AI summary (Hugging Face, machine-written)" in result.stdout
    assert "away" not in result.stdout.splitlines()[1]
    assert list(paperfeed_home.iterdir()) == []


def test_no_color_keeps_colour_codes_out_even_on_a_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True)  # reads NO_COLOR=1 (conftest)
    print_digest(DIGEST, keywords=("diffusion",), console=console)
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", out.getvalue()))
    assert codes  # bold and underline still mark the title and keywords...
    assert not [c for c in codes if re.search(r"(^|;)(3[0-9]|4[0-9]|9[0-7])(;|$)", c)]  # ...no colours
