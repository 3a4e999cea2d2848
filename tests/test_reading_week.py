"""The week on the blog, through the real commands: `day`, `week`, templates and `stats`.

The store is a week of digests and marks made by `today`, `read`, `star` and `note`
under a fixed clock (tests/_reading_week.py says what happened on which day).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from _reading_week import HOSTILE, KOREAN, NOW, Week, build, cli
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.errors import ExitCode
from paperfeed.render.digest import RULE
from paperfeed.store import Store
from paperfeed.text import one_line

# Jekyll's own rule for a post's file name (Jekyll::Document::DATE_FILENAME_MATCHER).
JEKYLL_POST = re.compile(r"^(?:.+/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")


# The week is written in UTC days; pin the zone, and give it back afterwards.
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def week(store: Store, monkeypatch: pytest.MonkeyPatch, paperfeed_home: Path) -> Week:
    built = build(store, monkeypatch, paperfeed_home)
    monkeypatch.setattr("paperfeed.clock.now", lambda: NOW)
    return built


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def cards(text: str) -> list[str]:
    return text.split(RULE)[1:]


# -- paperfeed day ------------------------------------------------------------------------


def test_day_minus_three_shows_that_days_papers_with_todays_marks(week: Week) -> None:
    code, out, err = run("day", "-3", "--plain")
    assert code == 0, err
    assert "Friday 27 November 2026" in out.splitlines()[0]
    friday = week.digests["2026-11-27"]
    shown = cards(out)
    assert len(shown) == len(friday)
    for paper_id, card in zip(friday, shown, strict=True):
        assert one_line(week.titles[paper_id])[:30] in card.replace("\n", " ")
    late = shown[friday.index(week.late_star)]
    assert "★ starred" in late and "✓ read" not in late  # starred this morning, after the day
    first = shown[0]
    assert "★ starred" in first and "✓ read" in first and "확산 모델을 빠르게 한다" in first
    assert "★" not in shown[3]
    assert all(form == out for form in (run("day", "2026-11-27")[1], run("day", "-3")[1]))


def test_yesterday_without_a_digest_names_the_nearest_days(week: Week) -> None:
    code, out, err = run("day", "-1")  # Sunday: papers were read, no digest was built
    assert code == ExitCode.NOT_FOUND and out == ""
    assert err.strip() == ("paperfeed: no digest on 2026-11-29; the nearest days with one: "
                           "2026-11-26, 2026-11-27, 2026-11-28")
    assert run("day", "yesterday")[2] == err


@pytest.mark.parametrize(("arg", "needle"), [("tomorrow", "give a day like"),
                                             ("2026-12-01", "future"), ("2026-02-30", "no such day")])
def test_a_bad_date_is_one_line(week: Week, arg: str, needle: str) -> None:
    code, out, err = run("day", arg)
    assert code == ExitCode.USAGE and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err


# -- paperfeed week -----------------------------------------------------------------------


def test_week_front_matter_into_posts_writes_one_jekyll_post(week: Week, tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    code, out, err = run("week", "--week", "2026-W48", "--front-matter", "-o", f"{posts}/")
    assert code == 0, err
    assert out == ""
    [post] = list(posts.iterdir())
    assert post.name == "2026-11-29-reading-week-2026-w48.md"
    match = JEKYLL_POST.match(post.name)
    assert match is not None and date.fromisoformat(match[1]) == date(2026, 11, 29)
    text = post.read_text(encoding="utf-8")
    assert f"wrote Reading week 2026-W48 (6 starred) to {post}" in err

    # Jekyll: the file starts with the front matter's dashes, and it is a YAML mapping.
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    front = yaml.safe_load(head)
    assert set(front) == {"title", "date", "tags"}
    assert front["title"] == "Reading week 2026-W48"
    assert date.fromisoformat(str(front["date"])) == date(2026, 11, 29)
    assert all(isinstance(t, str) and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in front["tags"])
    assert {"paperfeed", "reading", "cs-LG"} <= set(front["tags"])

    # The Korean note is intact, inside its block quote, under Friday.
    friday = body.split("## Friday 27 November")[1].split("\n## ")[0]
    assert "\n".join("> " + line if line else ">" for line in KOREAN.split("\n")) in friday

    # The hostile title is text: no HTML, no link but paperfeed's, no Liquid, one heading.
    tokens = MarkdownIt("commonmark").parse(body)
    assert not [t for t in tokens if t.type in ("html_block", "fence", "code_block", "hr")
                and t.level == 0]  # the note's own fence stays inside its quote
    links = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children or []
             if c.type == "link_open"]
    assert links and all(str(h).startswith("https://arxiv.org/abs/2611.") for h in links)
    assert "{{" not in body and "{%" not in body
    inline = [c for c in tokens if c.type == "inline" for c in c.children or []]
    assert not [c for c in inline if c.type in ("html_inline", "image", "code_inline", "em_open")]
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h3"]
    texts = ["".join(c.content for c in h.children or [] if c.type == "text") for h in headings]
    assert one_line(HOSTILE) in texts

    # Grouped by day: each day's stars, then that day's counts.
    assert body.count("\n### ") == 6
    monday, saturday = len(week.digests["2026-11-23"]), len(week.digests["2026-11-28"])
    assert (f"Read 3, skipped {monday - 3} of the {monday} in the digest."
            in body.split("## Monday 23 November")[1])
    assert f"Read 3, skipped {saturday - 5} of the {saturday}" in body.split("## Saturday")[1]
    assert "## Sunday 29 November\n\nRead 2, skipped 0." in body
    assert "7 days read in a row." in body


def test_week_to_a_file_and_stdout_and_the_hf_link(week: Week, tmp_path: Path) -> None:
    code, out, err = run("week", "--since", "2026-11-27", "--link", "hf")
    assert code == 0, err
    assert out.startswith("# Reading, 2026-11-27 to 2026-11-30\n")
    assert f"(https://huggingface.co/papers/{week.hostile})" in out
    assert f"(https://huggingface.co/papers/{week.late_star})" in out  # starred this morning
    target = tmp_path / "review.md"
    assert run("week", "--since", "2026-11-27", "--link", "hf", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out


def test_a_user_template_with_a_loop_produces_exactly_what_it_says(week: Week, tmp_path: Path) -> None:
    own = tmp_path / "mine.md"
    own.write_text(
        "{% for day in days %}\n"
        "{{ day.date }} {{ day.weekday }}: read {{ day.read }}"
        "{% for paper in day.starred %}, ★ {{ paper.id }}{% endfor +%}\n"
        "{% endfor %}\n"
        "{% for paper in papers %}\n"
        "- <{{ paper.link }}>{% if paper.note %} (note){% endif +%}\n"
        "{% endfor %}\n",
        encoding="utf-8")
    code, out, err = run("week", "--week", "2026-W48", "--template", str(own))
    assert code == 0, err
    star = {day: ids[0] for day, ids in week.starred.items()}
    # Every printed value is escaped for Markdown: an id starts like a numbered list
    # item ("2611."), so it gets the backslash Markdown hides.
    escaped = {day: paper_id.replace(".", "\\.") for day, paper_id in star.items()}
    expected = "".join(
        f"2026-11-{23 + n} {name}: read {3 if n < 6 else 2}"
        + (f", ★ {escaped[f'2026-11-{23 + n}']}" if n < 6 else "") + "\n"
        for n, name in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                  "Saturday", "Sunday"]))
    expected += "".join(f"- <https://arxiv.org/abs/{star[f'2026-11-{23 + n}']}>"
                        + (" (note)" if n == 4 else "") + "\n" for n in range(6))
    assert out == expected


def test_a_broken_template_is_one_line_naming_its_line(week: Week, tmp_path: Path) -> None:
    own = tmp_path / "broken.md"
    own.write_text("# {{ title }}\n{% for paper in papers %}\n{{ paper.titel }}\n{% endfor %}\n",
                   encoding="utf-8")
    code, out, err = run("week", "--template", str(own))
    assert code == ExitCode.USAGE and out == ""
    assert err.startswith(f"paperfeed: {own} line 3: ") and "titel" in err
    own.write_text("{% for paper in papers %}\n", encoding="utf-8")
    assert f"{own} line 1" in run("week", "--template", str(own))[2]
    code, _, err = run("week", "--template", str(tmp_path / "missing.md"))
    assert code == ExitCode.NOT_FOUND and "no such template file" in err


# -- paperfeed stats ----------------------------------------------------------------------


def test_stats_prints_the_streak_and_the_weekly_counts(week: Week) -> None:
    code, out, err = run("stats", "--weeks", "4")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2026-11: 7 of 30 days read · streak 7 days (longest 7)"
    rows = {line.split()[0]: line for line in lines if line.startswith("2026-W")}
    assert list(rows) == ["2026-W46", "2026-W47", "2026-W48", "2026-W49"]
    assert rows["2026-W48"].split()[1:] == ["█" * 30, "20", "█" * 10, "6"]  # the longest bars
    assert rows["2026-W49"].split()[1:] == ["0", "█▋", "1"]  # 1 star of 6 in 10 cells: 1⅔
    assert rows["2026-W47"].split()[1:] == ["0", "0"]
    assert "what led to your stars: keyword: diffusion (7)" in out
    assert "categories of your stars: cs.LG (7)" in out

    data = json.loads(run("stats", "--json", "--weeks", "2")[1])
    assert data["streak"] == 7 and data["days_read_this_month"] == 7
    assert data["weeks"] == [{"week": "2026-W48", "start": "2026-11-23", "read": 20, "starred": 6},
                             {"week": "2026-W49", "start": "2026-11-30", "read": 0, "starred": 1}]
    assert data["categories"] == [{"category": "cs.LG", "starred": 7}]


def test_stats_of_an_empty_library_say_so_without_failing(store: Store) -> None:
    code, out, err = run("stats")
    assert code == 0, err
    assert "streak 0 days" in out
    assert cli is not None


def test_day_opens_the_reader_on_a_terminal_and_its_marks_are_saved(
        week: Week, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.app import App

    from paperfeed.tui.app import ReaderApp

    seen: list[str] = []

    async def reader(pilot: object) -> None:
        app = pilot.app  # type: ignore[attr-defined]
        seen.append(str(app.query_one("#header").render()))
        await pilot.press("j", "s", *["j"] * len(week.digests["2026-11-27"]))  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        seen.append("\n".join(strip.text for strip in app.screen._compositor.render_strips()))
        await pilot.press("q")  # type: ignore[attr-defined]

    monkeypatch.setattr("paperfeed.cli._context.stdout_is_terminal", lambda: True)
    monkeypatch.setattr(ReaderApp, "run", lambda self: App.run(self, headless=True, auto_pilot=reader))
    code, out, err = run("day", "-3")
    assert code == 0, err
    assert seen and seen[0].startswith("Fri 27 Nov 2026  ·  1/")
    assert "That's the digest of 2026-11-27." in seen[1]  # the closing page, not "today's"
    friday = week.digests["2026-11-27"]
    assert store.get(friday[1]).marks.starred  # type: ignore[union-attr]
    assert "starred" in out


def test_templates_see_the_day_a_paper_was_shown_and_why(week: Week, tmp_path: Path) -> None:
    own = tmp_path / "why.md"
    own.write_text("{% for paper in papers %}\n{{ paper.starred_on }} shown {{ paper.shown_on }}: "
                   "{{ paper.reasons | joined('; ') }}\n{% endfor %}\n", encoding="utf-8")
    code, out, err = run("week", "--since", "7d", "--template", str(own))
    assert code == 0, err
    late = "2026-11-30 shown 2026-11-27: " + ("keyword: diffusion" if "Diffusion" in
                                               week.titles[week.late_star] else "category: cs.LG")
    assert out.splitlines() == [f"2026-11-{d} shown 2026-11-{d}: keyword: diffusion"
                                for d in range(23, 29)] + [late]
