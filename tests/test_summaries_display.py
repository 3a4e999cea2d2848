"""Showing summaries: labelled with the model on every card, first in summaries mode
(which fits more papers into the same minutes), inert however hostile, and exported."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from markdown_it import MarkdownIt
from rich.console import Console

from paperfeed import digest as digest_mod
from paperfeed.config import Config, DigestConfig
from paperfeed.digest.budget import words_in
from paperfeed.export import ExportOptions
from paperfeed.export import markdown as export_markdown
from paperfeed.models import Digest, DigestEntry, Paper, PaperSummary, Sighting
from paperfeed.render.card import card, print_trimmed
from paperfeed.store import Store
from paperfeed.tui.app import make_app
from paperfeed.tui.keymap import help_lines

NOW = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
ABSTRACT = " ".join(["abstract"] * 180)
KOREAN = "이 논문은 확산 모델의 샘플링을 4단계로 줄이는 증류 방법을 제안하며 FID 2.1을 달성한다."
HOSTILE = PaperSummary("\x1b]8;;https://evil.example\x07[bold]링크[/bold] \x1b[2J", "m\x1b[31m[red]x", "ko")


def paper(i: int, summary: PaperSummary | None = None) -> Paper:
    return Paper(id=f"2611.{i:05d}", title=f"Paper {i} on diffusion", abstract=ABSTRACT,
                 first_seen="2026-11-26T06:00:00+00:00", summary=summary)


def text_of(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    print_trimmed(renderable, console)  # type: ignore[arg-type]
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_summaries_mode_fits_more_papers_into_the_same_minutes() -> None:
    papers = [paper(i, PaperSummary(KOREAN, "qwen2.5:7b", "ko")) for i in range(1, 40)]
    interests = digest_mod.Interests.compile(Config().interests)
    plain = digest_mod.Budget.from_config(DigestConfig())
    short = digest_mod.Budget.from_config(DigestConfig(mode="summaries"))
    by_abstract = digest_mod.build(papers, interests, plain, NOW, day="2026-11-26")
    by_summary = digest_mod.build(papers, interests, short, NOW, day="2026-11-26")
    assert 10 <= by_abstract.minutes <= 15 and 10 <= by_summary.minutes <= 15
    assert len(by_summary.entries) > 2 * len(by_abstract.entries)
    # A paper without a summary is timed by its abstract in either mode.
    assert digest_mod.reading_minutes(paper(1), short) == digest_mod.reading_minutes(paper(1), plain)


def test_reading_time_counts_unspaced_scripts_by_characters() -> None:
    assert words_in("Fast diffusion sampling") == 3
    assert words_in("확산 모델의 샘플링을 줄인다") == 4  # Korean is spaced
    assert words_in("拡散モデルのサンプリングを四段階に短縮する。") == 11
    assert words_in("本文提出 GPT-4 方法") == 1 + 6 / 2


def test_the_card_shows_the_summary_labelled_with_the_model_and_the_abstract() -> None:
    out = text_of(card(paper(1, PaperSummary(KOREAN, "qwen2.5:7b", "ko"))))
    assert "summary (Korean), machine-written by qwen2.5:7b: 이 논문은" in out
    assert out.index("abstract abstract") < out.index("summary (Korean)")  # abstracts mode


def test_summaries_mode_puts_the_summary_first_and_the_abstract_on_demand() -> None:
    shown = paper(1, PaperSummary(KOREAN, "qwen2.5:7b", "ko"))
    out = text_of(card(shown, summary_first=True, abstract_hint="abstract: paperfeed show 2611.00001"))
    assert "machine-written by qwen2.5:7b" in out and "abstract abstract" not in out
    assert "abstract: paperfeed show 2611.00001" in out
    opened = text_of(card(shown, summary_first=True))
    assert opened.index("summary (Korean)") < opened.index("abstract abstract")
    unsummarized = text_of(card(paper(2), summary_first=True, abstract_hint="hint"))
    assert "abstract abstract" in unsummarized and "hint" not in unsummarized


def test_a_hostile_summary_and_model_name_print_inert() -> None:
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="truecolor")
    print_trimmed(card(paper(1, HOSTILE)), console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "evil.example" not in out and "\x1b]8" not in out and "\x1b[2J" not in out
    assert "[bold]링크[/bold]" in out and "[red]x" in out  # brackets are text, not markup


async def test_the_reader_shows_summaries_first_and_a_opens_the_abstract(store: Store) -> None:
    sightings = [Sighting(source="arxiv", paper_id=f"2611.{i:05d}", title=f"Paper {i}",
                          seen_day="2026-11-26", abstract=f"The abstract of paper {i}.",
                          authoritative=True) for i in (1, 2)]
    store.record(sightings, "2026-11-26T06:00:00+00:00")
    store.save_summary("2611.00001", "ko", PaperSummary(KOREAN, "qwen2.5:7b", "ko"),
                       made_from="The abstract of paper 1.", now="2026-11-26T06:30:00+00:00")
    papers = store.with_summaries(store.papers(["2611.00001", "2611.00002"]), "ko")
    digest = Digest("2026-11-26", tuple(DigestEntry(p, 1.0, (), 0.5) for p in papers), candidates=2)
    config = Config(digest=DigestConfig(mode="summaries"))
    app = make_app(store, digest, config, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "machine-written by qwen2.5:7b" in screen and "a shows the abstract" in screen
        assert "The abstract of paper 1." not in screen
        await pilot.press("a")
        screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "The abstract of paper 1." in screen and "machine-written" in screen
        await pilot.press("s")  # a mark reloads the paper: its summary stays
        screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "machine-written by qwen2.5:7b" in screen
        await pilot.press("j")
        screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "The abstract of paper 2." in screen  # no summary: the abstract, as always
    assert any(key == "a" for key, _ in help_lines())


def test_export_includes_the_summary_as_an_escaped_quote() -> None:
    made = PaperSummary("# 제목 *강조* [링크](http://evil.example) <b>x</b> {{ site.title }}",
                        "gpt-4o-mini", "ko")
    shown = paper(1, made)._replace(abs_url="https://arxiv.org/abs/2611.00001")
    text = export_markdown.markdown([shown], ExportOptions(kind="all", summaries=True), NOW)
    assert "**Summary (Korean, machine-written by gpt-4o-mini)**" in text
    tokens = MarkdownIt().parse(text)
    assert not any(t.type in ("link_open", "html_inline", "html_block", "em_open") for t in tokens
                   if t.map and t.map[0] > 3)
    assert "{{" not in text  # no Liquid for Jekyll to run
    quote = next(line for line in text.splitlines() if line.startswith("> "))
    assert "제목" in quote and "evil.example" in quote  # the words survive, as text
    without = export_markdown.markdown([shown], ExportOptions(kind="all"), NOW)
    assert "Summary (" not in without
    unsummarized = export_markdown.markdown([paper(2)], ExportOptions(kind="all", summaries=True), NOW)
    assert "Summary (" not in unsummarized
