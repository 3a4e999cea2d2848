"""typer's private Click, which `paperfeed.cli._click` imports, still has what the
one-line error handling relies on. A typer upgrade that moves or reshapes it fails
here, by name, rather than as a traceback in a user's terminal."""

from __future__ import annotations

import sys

import pytest
import typer
from typer.testing import CliRunner

from paperfeed.cli import _click, app


def test_typers_usage_errors_are_the_click_class_we_catch() -> None:
    assert issubclass(typer.BadParameter, _click.ClickUsageError)
    assert issubclass(_click.NoArgsIsHelpError, _click.ClickUsageError)
    assert issubclass(typer.Context, _click.Context)


def test_a_usage_error_is_still_one_line_with_exit_code_2() -> None:
    result = CliRunner().invoke(app, ["list", "--limit", "many"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paperfeed: ") and "--limit" in lines[0]


def test_the_console_script_builds_only_the_command_it_runs() -> None:
    every = len(app.registered_commands)
    only = _click.invoked_only(app, ["--db", "x.db", "--config=c.toml", "today", "--plain"],
                               valued=("--config", "--db"))
    assert [c.callback.__name__ for c in only.registered_commands if c.callback] == ["today"]
    assert not only.registered_groups and len(app.registered_commands) == every  # app untouched
    feeds = _click.invoked_only(app, ["feeds", "list"], valued=())
    assert [g.name for g in feeds.registered_groups] == ["feeds"] and not feeds.registered_commands
    for args in (["tody"], ["--db", "x.db", "--bogus"]):
        assert _click.invoked_only(app, args, valued=("--db",)) is app


@pytest.mark.parametrize("args", [["--help"], [], ["--db", "x.db", "--help"], ["--version"]])
def test_a_command_line_that_runs_no_command_lists_every_command_as_typer_does(
        args: list[str]) -> None:
    """The top-level help is built from commands without their parameters: the same text."""
    listed = _click.invoked_only(app, args, valued=("--db",))
    assert listed is not app and all(not c.callback or c.callback.__name__ == "_nothing"
                                     for c in listed.registered_commands)
    expected, got = CliRunner().invoke(app, args), CliRunner().invoke(listed, args)
    assert (got.exit_code, got.output) == (expected.exit_code, expected.output)
    assert args == ["--version"] or all(f"  {name} " in got.output for name in ("today", "feeds", "why"))


def test_a_groups_help_still_lists_its_commands() -> None:
    feeds = _click.invoked_only(app, ["feeds", "--help"], valued=())
    result = CliRunner().invoke(feeds, ["feeds", "--help"])
    assert result.exit_code == 0 and all(f"  {c} " in result.output for c in ("import", "export", "list"))


def test_the_console_script_still_helps_and_suggests(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from paperfeed.cli import main

    for argv, expected in ((["--help"], "today"), (["--help"], "feeds"),
                           (["tody"], "Did you mean 'today'?"), (["--version"], "paperfeed ")):
        monkeypatch.setattr(sys, "argv", ["paperfeed", *argv])
        with pytest.raises(SystemExit):
            main()
        captured = capsys.readouterr()
        assert expected in captured.out + captured.err
