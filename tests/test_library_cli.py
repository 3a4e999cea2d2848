"""The library commands as a user runs them: ids in every form, marks, notes, search, JSON."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _library_store import KOREAN_NOTE, fill, sighting
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from paperfeed.cli import app
from paperfeed.errors import ExitCode
from paperfeed.render import library as render_library
from paperfeed.store import Store
from paperfeed.store.queries import HIGHLIGHT_END as END
from paperfeed.store.queries import HIGHLIGHT_START as START

ID_FORMS = ["2409.00003", "2409.00003v2", "arXiv:2409.00003", "arxiv:2409.00003v1",
            "https://arxiv.org/abs/2409.00003", "https://arxiv.org/abs/2409.00003v3",
            "https://arxiv.org/pdf/2409.00003v1", "http://arxiv.org/pdf/2409.00003.pdf",
            " 2409.00003 "]


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def lines_of_json(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_one_line_error(result: Result, code: ExitCode, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("paperfeed: ") and message.count("\n") == 1, message
    assert "Traceback" not in message
    for fragment in fragments:
        assert fragment in message


@pytest.fixture
def library(store: Store) -> Store:
    return fill(store)


# -- marks -----------------------------------------------------------------------------


@pytest.mark.parametrize("form", ID_FORMS)
def test_every_id_form_stars_and_unstars(library: Store, form: str) -> None:
    result = run("star", form)
    assert result.exit_code == 0, result.output
    assert result.stderr == "starred 2409.00003\n"
    assert library.get("2409.00003").marks.starred  # type: ignore[union-attr]
    assert run("unstar", form).exit_code == 0
    assert not library.get("2409.00003").marks.starred  # type: ignore[union-attr]


@pytest.mark.parametrize("form", ["2408.06070", "arXiv:2408.06070v2", "https://arxiv.org/pdf/2408.06070"])
def test_every_id_form_marks_read_and_unread(library: Store, form: str) -> None:
    assert run("read", form).exit_code == 0
    assert library.get("2408.06070").marks.read  # type: ignore[union-attr]
    assert run("unread", form).stderr == "marked unread 2408.06070\n"
    assert not library.get("2408.06070").marks.read  # type: ignore[union-attr]


def test_starring_again_keeps_the_first_star(library: Store) -> None:
    before = library.get("2408.06070").marks.starred_at  # type: ignore[union-attr]
    result = run("star", "2408.06070", "2411.00004")
    assert result.stderr == "2408.06070 was already starred\nstarred 2411.00004\n"
    assert library.get("2408.06070").marks.starred_at == before  # type: ignore[union-attr]


def test_an_unknown_id_changes_nothing(library: Store) -> None:
    result = run("star", "2411.00004", "2501.99999")
    assert_one_line_error(result, ExitCode.NOT_FOUND, "no paper 2501.99999", "paperfeed search")
    assert not library.get("2411.00004").marks.starred  # type: ignore[union-attr]


@pytest.mark.parametrize("command", [["star"], ["read"], ["note"], ["open"]])
def test_junk_is_not_an_id(library: Store, command: list[str]) -> None:
    result = run(*command, "not-an-id")
    assert_one_line_error(result, ExitCode.USAGE, "'not-an-id' is not an arXiv id", "2408.06070v2")


def test_before_the_first_fetch_the_commands_say_so() -> None:
    result = run("list")
    assert_one_line_error(result, ExitCode.NOT_FOUND, "no database here", "paperfeed fetch")
    assert_one_line_error(run("star", "2408.06070"), ExitCode.NOT_FOUND, "no database here")


# -- notes -----------------------------------------------------------------------------


def test_a_note_in_any_language(library: Store) -> None:
    result = run("note", "arXiv:2409.00003v1", "읽어볼", "가치가", "있다 ✓")
    assert result.stderr == "saved the note of 2409.00003\n"
    assert library.get("2409.00003").marks.note == "읽어볼 가치가 있다 ✓"  # type: ignore[union-attr]
    assert run("note", "2409.00003", "").stderr == "removed the note of 2409.00003\n"
    assert library.get("2409.00003").marks.note is None  # type: ignore[union-attr]


def test_a_note_from_stdin_keeps_its_lines(library: Store) -> None:
    result = run("note", "2409.00003", "-", input="first line\n\n- a list\x1b[2J\n\n")
    assert result.exit_code == 0, result.output
    assert library.get("2409.00003").marks.note == "first line\n\n- a list"  # type: ignore[union-attr]


def write_editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-editor"
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_without_text_the_note_opens_in_the_editor(library: Store, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen = tmp_path / "seen.txt"
    editor = write_editor(tmp_path, (
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(p.read_text(encoding='utf-8'), encoding='utf-8')\n"
        "p.write_text(p.read_text(encoding='utf-8') + '\\n추가: 실험 재현 완료\\n', encoding='utf-8')\n"
    ))
    monkeypatch.setenv("EDITOR", editor)
    result = run("note", "2408.06070")
    assert result.exit_code == 0, result.output
    assert seen.read_text(encoding="utf-8") == KOREAN_NOTE  # the editor got the current note
    assert library.get("2408.06070").marks.note == KOREAN_NOTE + "\n추가: 실험 재현 완료"  # type: ignore[union-attr]


def test_a_failing_editor_leaves_the_note(library: Store, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", write_editor(tmp_path, "import sys\nsys.exit(3)\n"))
    result = run("note", "2408.06070")
    assert_one_line_error(result, ExitCode.EXTERNAL, "exited with 3", "not changed")
    assert library.get("2408.06070").marks.note == KOREAN_NOTE  # type: ignore[union-attr]


# -- open ------------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: urls.append(url) or True)
    return urls


def test_open_the_page_the_pdf_or_the_code(library: Store, opened: list[str]) -> None:
    assert run("open", "arXiv:2408.06070v2").exit_code == 0
    assert run("open", "2408.06070", "--pdf").exit_code == 0
    assert run("open", "2408.06070", "--code").stderr == "opening https://github.com/example/hostile\n"
    assert opened == ["https://arxiv.org/abs/2408.06070", "https://arxiv.org/pdf/2408.06070",
                      "https://github.com/example/hostile"]


def test_open_refuses_what_is_not_there_or_not_http(library: Store, opened: list[str]) -> None:
    assert_one_line_error(run("open", "2409.00003", "--code"), ExitCode.USAGE,
                          "2409.00003 has no code repository link")
    library.record([sighting("2411.00009", "Evil", abs_url="javascript:alert(1)")], "2026-11-25T00:00:00Z")
    assert_one_line_error(run("open", "2411.00009"), ExitCode.USAGE, "refusing to open 'javascript:")
    assert_one_line_error(run("open", "2408.06070", "--pdf", "--code"), ExitCode.USAGE, "exclude")
    assert opened == []


# -- list ------------------------------------------------------------------------------


def test_list_json_holds_every_paper_with_its_marks(library: Store) -> None:
    records = lines_of_json(run("list", "--json"))
    assert [r["id"] for r in records] == ["2411.00004", "huggingface:tiny-agents", "2409.00003",
                                          "2409.00002", "2409.00001", "2408.06070"]
    first = records[-1]
    assert first["marks"]["starred"] is True and first["marks"]["read"] is False
    assert first["marks"]["starred_at"] == "2026-11-20T08:00:00+00:00"
    assert first["marks"]["note"] == KOREAN_NOTE
    assert first["authors"] == ["Ann Müller", "Bob O'Neil"]
    assert first["code_stars"] == 1234


@pytest.mark.parametrize(("args", "ids"), [
    (["--starred"], {"2408.06070", "2409.00001", "2409.00002", "huggingface:tiny-agents"}),
    (["--read"], {"2409.00001", "2409.00003"}),
    (["--unread", "--starred"], {"2408.06070", "2409.00002", "huggingface:tiny-agents"}),
    (["--category", "physics"], {"2409.00003"}),
    (["--category", "cs.CL"], {"2409.00001"}),
    (["--source", "huggingface"], {"huggingface:tiny-agents"}),
])
def test_list_filters(library: Store, args: list[str], ids: set[str]) -> None:
    assert {r["id"] for r in lines_of_json(run("list", "--json", *args))} == ids


def test_list_since_and_limit(library: Store, monkeypatch: pytest.MonkeyPatch,
                              set_zone: Callable[[str], None]) -> None:
    """Days are local days; the library's papers arrive at 06:00 UTC, which is the evening
    before in Los Angeles, so the zone is pinned here (test_export covers other zones)."""
    from _library_store import NOW

    set_zone("UTC")
    monkeypatch.setattr("paperfeed.clock.now", lambda: NOW)
    assert {r["id"] for r in lines_of_json(run("list", "--json", "--since", "2026-11-22"))} == {
        "2411.00004", "huggingface:tiny-agents"}
    assert len(lines_of_json(run("list", "--json", "--since", "30d"))) == 6
    limited = run("list", "--json", "--limit", "2")
    assert len(lines_of_json(limited)) == 2
    assert "showing the first 2" in limited.stderr
    assert_one_line_error(run("list", "--since", "lastweek"), ExitCode.USAGE, "--since 'lastweek'")
    assert_one_line_error(run("list", "--read", "--unread"), ExitCode.USAGE, "exclude each other")


def test_the_table_cuts_titles_and_aligns_wide_notes(library: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from paperfeed.cli import _context

    monkeypatch.setattr(_context, "stdout_is_terminal", lambda: True)  # a pipe gets whole lines
    monkeypatch.setenv("COLUMNS", "100")
    result = run("list", "--starred")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["id", "seen", "marks", "title", "note"]
    assert all(cell_len(row) <= 100 for row in rows)
    hostile = next(row for row in rows if row.startswith("2408.06070"))
    assert "★ ✎" in hostile and "Hostile # Heading? *bold*" in hostile and "…" in hostile
    korean = hostile.index("확산")
    short = next(row for row in rows if "Short note" in row)
    assert cell_len(hostile[:korean]) == cell_len(short[:short.index("Short note")])


def test_the_table_prints_markup_in_titles_literally(library: Store) -> None:
    library.record([sighting("2411.00010", "[bold red]Loud[/] \x1b[31mtitle")], "2026-11-25T00:00:00Z")
    result = run("list", "--limit", "1")
    assert "[bold red]Loud[/] title" in result.stdout
    assert "\x1b" not in result.stdout


# -- search ----------------------------------------------------------------------------


def search_ids(*query: str) -> list[str]:
    return [r["id"] for r in lines_of_json(run("search", "--json", *query))]


def test_a_title_match_ranks_above_an_abstract_match(library: Store) -> None:
    assert search_ids("graph") == ["2409.00003", "2409.00002"]
    assert search_ids("networks") == ["2409.00003", "2409.00002"]


def test_phrase_prefix_and_field_queries(library: Store) -> None:
    assert search_ids('"graph neural"') == ["2409.00003", "2409.00002"]
    assert search_ids('"neural graph"') == []
    assert set(search_ids("diffus*")) == {"2409.00002", "2411.00004"}
    assert search_ids("title:diffusion") == ["2409.00002"]
    assert search_ids("title:graph", "AND", "weather") == ["2409.00003"]
    assert search_ids("graph", "NOT", "weather") == ["2409.00002"]
    assert search_ids("authors:park") == ["2409.00003"]


def test_words_with_punctuation_just_work(library: Store) -> None:
    assert search_ids("self-supervised") == ["2411.00004"]
    assert search_ids("GPT-4") == ["2411.00004"]
    assert search_ids("R&D") == ["2408.06070"]


def test_search_json_has_the_snippet_and_marks(library: Store) -> None:
    [hit] = lines_of_json(run("search", "--json", "forecasts"))
    assert hit["id"] == "2409.00003" and hit["rank"] == 1
    assert hit["snippet"] == "Forecasts with message passing."
    assert hit["marks"]["read"] is True and hit["marks"]["read_at"] == "2026-11-25T07:00:00+00:00"


def test_search_shows_hits_and_says_when_there_are_none(library: Store) -> None:
    result = run("search", "weather")
    assert result.exit_code == 0
    assert "2409.00003" in result.stdout and "Graph Neural Networks for Weather" in result.stdout
    none = run("search", "quantum")
    assert none.exit_code == 0 and none.stdout == "" and "no paper matches" in none.stderr


@pytest.mark.parametrize(("query", "hint"), [
    ('"graph neural', 'a quote (") is not closed'),
    ("AND", "AND needs a word on each side"),
    ("graph AND", "AND needs a word on each side"),
    ("OR graph", "OR needs a word on each side"),
    ("tilte:graph", "there is no field 'tilte:'; use title:, abstract: or authors:"),
    ("(graph OR mesh", "a '(' is never closed"),
    ("graph)", "a ')' has no '('"),
    ("title:", "title: needs a word after it"),
    ("*", "nothing to search for"),
    ("NEAR(graph neural, x)", "the index cannot read it (expected integer"),
])
def test_a_malformed_query_gets_a_friendly_error(library: Store, query: str, hint: str) -> None:
    assert_one_line_error(run("search", query), ExitCode.USAGE, repr(query), hint)


# -- rendering -------------------------------------------------------------------------


def test_highlight_markers_become_styles_and_markup_stays_text() -> None:
    text = render_library.highlighted(f"[b]not bold[/b] {START}graph{END}  neural\n{START}x{END}")
    assert text.plain == "[b]not bold[/b] graph neural x"
    styled = [(text.plain[s.start:s.end], str(s.style)) for s in text.spans]
    assert styled == [("graph", render_library.HIGHLIGHT), ("x", render_library.HIGHLIGHT)]
    assert render_library.plain(f"a {START}b{END} c") == "a b c"


def test_the_marks_column() -> None:
    from paperfeed.models import Marks

    assert render_library.marks_cell(Marks()) == "   "
    assert render_library.marks_cell(Marks(starred_at="t", read_at="t", note="n")) == "★✓✎"
    assert render_library.marks_cell(Marks(read_at="t")) == " ✓ "


def test_a_papers_summary_is_a_json_object(tmp_path: Path) -> None:
    from paperfeed import library
    from paperfeed.models import PaperSummary

    with Store(tmp_path / "s.db") as store:
        store.record([sighting("2411.00011", "Summarized")], "2026-11-25T00:00:00Z")
        stored = store.get("2411.00011")
        assert stored is not None
        store.save_summary(stored.id, "ko", PaperSummary("요약", "qwen2.5", "ko"), stored.abstract,
                           "2026-11-25T01:00:00Z")
        paper = store.with_summaries([stored], "ko")[0]
    line = json.loads(library.json_line(library.record(paper)))
    assert line["summary"] == {"text": "요약", "model": "qwen2.5", "language": "ko"}
