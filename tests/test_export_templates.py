"""`export --template` and `--link` through the real CLI on the fixed library of test_export."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _library_store import KOREAN_NOTE, NOW, fill
from typer.testing import CliRunner

from paperfeed.cli import app
from paperfeed.errors import ExitCode
from paperfeed.store import Store

DOCS = Path(__file__).resolve().parents[1] / "docs" / "templates.md"
# The escaped titles, as the golden files have them.
HOSTILE = ("Hostile \\# Heading? \\*bold\\* \\_under\\_ \\[link\\](http://evil.example) \\| pipe \\`code\\` "
           "&lt;script&gt;alert(1)&lt;/script&gt; newline &#123;braces&#125; 100\\% R\\&D back\\\\slash "
           "\\$x^2\\$ \\~tilde")
# `paper.title` is the readable form the store made of arXiv's TeX: `{braces}` group,
# `$x^2$` reads x² (the built-in layout prints `title_md`, which keeps math as TeX).
HOSTILE_READABLE = HOSTILE.replace("&#123;braces&#125;", "braces").replace("\\$x^2\\$", "x²")
LIQUID = ("1\\. Starts like a list: &#123;&#123; site.title &#125;&#125; &#123;\\% include secret "
          "\\%&#125; - and &gt; more")


@pytest.fixture(autouse=True)
def library(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    fill(store)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr("paperfeed.clock.now", lambda: NOW)
    yield store
    monkeypatch.undo()
    time.tzset()


def export(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_template_with_a_loop_over_papers_gives_exactly_its_lines(tmp_path: Path) -> None:
    own = tmp_path / "list.md"
    own.write_text("{{ count }} starred by {{ date }}:\n{% for paper in papers %}\n"
                   "{{ loop.index }}) {{ paper.title }} | {{ paper.starred_on }}"
                   "{% if paper.code_stars %} | {{ paper.code_stars | thousands }}{% endif +%}\n"
                   "{% endfor %}", encoding="utf-8")
    code, out, err = export("--template", str(own))
    assert code == 0, err
    assert out == ("4 starred by 2026-11-26:\n"
                   f"1) {HOSTILE_READABLE} | 2026-11-20 | 1,234\n"
                   "2) Hostile Takeovers of Diffusion Models | 2026-11-22\n"
                   f"3) {LIQUID} | 2026-11-24\n"
                   "4) \\- A Paper Without an arXiv Id | 2026-11-25 | 1\n")


def test_the_documented_example_renders_as_the_docs_say(tmp_path: Path) -> None:
    example = re.search(r"```jinja\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None
    own = tmp_path / "daily.md.j2"
    own.write_text(example[1], encoding="utf-8")
    code, out, err = export("--since", "2026-11-20", "--template", str(own), "--link", "hf")
    assert code == 0, err
    note = "\n".join(f"> {line}" if line else ">" for line in KOREAN_NOTE.split("\n"))
    assert out == (
        "## What I read today\n\n"
        f"- [{HOSTILE_READABLE}](https://huggingface.co/papers/2408.06070), Ann Müller, Bob O'Neil\n\n"
        f"{note}\n\n"
        "- [Hostile Takeovers of Diffusion Models](https://huggingface.co/papers/2409.00002), "
        "Zoë Muller, Dan Roe\n\n"
        f"- [{LIQUID}](https://huggingface.co/papers/2409.00001), Chen Wei\n\n"
        "- \\- A Paper Without an arXiv Id, Smith, John, Research and Development Team\n\n"
        "> Short note.\n")


def test_link_chooses_where_titles_point() -> None:
    for link, prefix in (("hf", "https://huggingface.co/papers/"), ("pdf", "https://arxiv.org/pdf/"),
                         ("arxiv", "https://arxiv.org/abs/")):
        code, out, _ = export("--link", link)
        assert code == 0
        assert re.findall(r"^## \[.*\]\((.*?)\d{4}\.\d{5}\)$", out, re.MULTILINE) == [prefix] * 3
        assert "## \\- A Paper Without an arXiv Id\n" in out  # nothing to link to
    default = export()[1]
    assert default == export("--link", "arxiv")[1]


def test_template_mistakes_are_one_line(tmp_path: Path) -> None:
    code, out, err = export("--format", "bibtex", "--template", str(tmp_path / "x.j2"))
    assert code == ExitCode.USAGE and out == "" and "--template are for Markdown" in err
    bad = tmp_path / "bad.j2"
    bad.write_bytes(b"\xff\xfe{{ title }}")
    code, out, err = export("--template", str(bad))
    assert code == ExitCode.USAGE and "not UTF-8" in err
    bad.write_text("line one\n{% if %}\n", encoding="utf-8")
    code, out, err = export("--template", str(bad))
    assert code == ExitCode.USAGE and f"{bad} line 2:" in err and len(err.splitlines()) == 1


def test_every_field_a_template_sees_is_documented() -> None:
    from dataclasses import fields

    from paperfeed.export import ExportOptions
    from paperfeed.export.fields import PaperView
    from paperfeed.export.markdown import export_context
    from paperfeed.week import DayReview, WeekReview

    documented = set(re.findall(r"^\| (.*?) \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    names = {n for cell in documented for n in re.findall(r"`(\w+)`", cell)}
    export_keys = set(export_context([], ExportOptions(), NOW))
    missing = {f.name for cls in (PaperView, WeekReview, DayReview) for f in fields(cls)} | export_keys
    assert missing - names == set()
