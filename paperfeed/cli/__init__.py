"""Face: the typer command line; each command parses, calls one use case, renders.
May import: anything in paperfeed, and typer (heavy modules only inside a command).

The commands live in one module per group (`config_cmd`, `fetch_cmd`, ...) so each
stays small; they import the heavy libraries (httpx, sqlite-utils, textual) inside
the command body, keeping `paperfeed --help` fast.

The command modules do not use `from __future__ import annotations`: typer reads
every command's signature to build even the top-level help, and evaluates string
annotations twice per command (`inspect.signature` and `get_type_hints`); that was
most of what `--help` spent beyond importing typer. Evaluated once at import, the
same `Annotated[..., typer.Option(...)]` cost a third. Names a helper needs only
for type checking are quoted instead.
"""

import gc
import sys
from pathlib import Path
from typing import Annotated, Any

# Start-up (importing typer and the commands, building the command tree) allocates
# only long-lived objects, so the cyclic collector has nothing to find there, yet it
# ran dozens of times over the growing heap: ~8% of `paperfeed today`. It is paused
# here and resumed, with those objects frozen out of its way, when the first command
# starts (once per process: a test run invoking many commands freezes nothing more).
_collector_paused = gc.isenabled()
gc.disable()

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

import paperfeed  # noqa: E402
from paperfeed.cli import _context  # noqa: E402
from paperfeed.cli._click import ClickUsageError, Context, NoArgsIsHelpError, invoked_only  # noqa: E402
from paperfeed.errors import ExitCode, PaperfeedError, UsageError  # noqa: E402


class _Group(TyperGroup):
    """Turns a PaperfeedError from any command into one line on stderr and its exit code.

    Done here rather than in `main` so that typer's test runner sees the same
    behaviour as a user does. stderr, because stdout carries data that scripts read.
    Typer's own usage errors (an unknown option, `--minutes -1`, a missing id) get
    the same one line and exit code 2 instead of a usage screen.
    """

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None,
                     **extra: Any) -> Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise
        except ClickUsageError as exc:
            _context.fail(_one_line_usage(exc))

    def invoke(self, ctx: Context) -> object:
        _resume_collector()
        try:
            return super().invoke(ctx)
        except PaperfeedError as exc:
            _context.fail(exc)
        except NoArgsIsHelpError:
            raise
        except ClickUsageError as exc:
            _context.fail(_one_line_usage(exc))


def _resume_collector() -> None:
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def _one_line_usage(exc: ClickUsageError) -> UsageError:
    text = exc.format_message().replace("\n", " ").strip()
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    return UsageError(text + hint)


app = typer.Typer(
    cls=_Group,
    name="paperfeed",
    help="A calm morning digest of machine-learning papers: fetch, read, star, export.",
    no_args_is_help=False,  # bare `paperfeed` is handled in `_root`: help on stdout, exit 0
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paperfeed {paperfeed.__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Config file to use instead of the default.",
        envvar="PAPERFEED_CONFIG")] = None,
    db: Annotated[Path | None, typer.Option(
        "--db", help="Database file to use instead of the default.", envvar="PAPERFEED_DB")] = None,
    _show_version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """A calm morning digest of machine-learning papers: fetch, read, star, export."""
    _context.set_paths(config=config, db=db)
    if ctx.invoked_subcommand is None:  # asking what paperfeed does is not an error
        typer.echo(ctx.get_help())
        raise typer.Exit()


# Registering the command groups: each module adds its commands to `app`.
from paperfeed.cli import (  # noqa: E402
    config_cmd,
    day_cmd,
    export_cmd,
    feeds_cmd,
    fetch_cmd,
    learn_cmd,
    library_cmd,
    schedule_cmd,
    show_cmd,
    stats_cmd,
    status_cmd,
    today_cmd,
    week_cmd,
)

__all__ = ["app", "config_cmd", "day_cmd", "export_cmd", "feeds_cmd", "fetch_cmd", "learn_cmd",
           "library_cmd", "main", "schedule_cmd", "show_cmd", "stats_cmd", "status_cmd", "today_cmd",
           "week_cmd"]


def main() -> None:
    """The console script: typer builds only the command it runs."""
    try:
        invoked_only(app, sys.argv[1:], valued=("--config", "--db"))()
    except PaperfeedError as exc:  # raised outside a command, e.g. in the callback
        _context.fail(exc)
    except KeyboardInterrupt:
        sys.stderr.write("paperfeed: interrupted\n")
        sys.exit(ExitCode.INTERRUPTED)
