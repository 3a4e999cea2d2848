"""typer's private Click, which `paperfeed.cli._click` imports, still has what the
one-line error handling relies on. A typer upgrade that moves or reshapes it fails
here, by name, rather than as a traceback in a user's terminal."""

from __future__ import annotations

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
