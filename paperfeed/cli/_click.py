"""The one place paperfeed reaches into typer's internals: its private, vendored Click,
and its registry of commands.

typer >= 0.26 ships its own copy of Click as `typer._click` and exports no public
name for the usage-error classes, yet turning typer's usage errors into paperfeed's
one-line errors (`cli._Group`) has to catch them. Importing them here, and only here,
means a typer upgrade that moves them breaks one module, and
`tests/test_cli_click.py` says so loudly instead of a user meeting a traceback.

`invoked_only` reads `Typer.registered_commands` and `registered_groups`: typer
builds a Click command for every registered command (reading each signature)
before it runs one, about 7 ms of every `paperfeed today`. A command line that runs
no command (`--help`, `--version`, nothing) needs only each command's name and help,
so `listing_only` gives typer the commands without their parameters: the same
listing, without reading 28 signatures (a tenth of `paperfeed --help`).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Collection, Sequence

from typer import Typer
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.models import CommandInfo, TyperInfo

__all__ = ["ClickUsageError", "Context", "NoArgsIsHelpError", "invoked_only", "listing_only"]

_LISTING = ("--help", "--version")  # top-level options that run no command


def invoked_only(app: Typer, args: Sequence[str], valued: Collection[str]) -> Typer:
    """`app` with only the command or group that `args` invoke, for the console script
    to build and run; `listing_only(app)` when they run none (the top-level help or
    version, or nothing); `app` itself when they are anything else a plain command
    line is not (then typer sees every command: for a "no such command" error, or
    its suggestion).

    `valued` are the top-level options that take a value (`--db PATH`)."""
    rest = iter(args)
    for arg in rest:
        if arg.split("=", 1)[0] in valued:
            if "=" not in arg:
                next(rest, None)
            continue
        if arg in _LISTING:
            return listing_only(app)
        if arg.startswith("-"):
            return app
        commands = [c for c in app.registered_commands if _name(c.name, c.callback) == arg]
        groups = [g for g in app.registered_groups if g.name == arg]
        if not (commands or groups):
            return app
        only = copy.copy(app)
        only.registered_commands, only.registered_groups = commands, groups
        return only
    return listing_only(app)


def listing_only(app: Typer) -> Typer:
    """`app` whose commands and groups keep their names and help but take no parameters
    and run nothing: what the top-level help lists (and `--version` needs) is all there."""
    only = copy.copy(app)
    only.registered_commands = [_listed(c) for c in app.registered_commands]
    only.registered_groups = [_listed_group(g) for g in app.registered_groups]
    return only



def _listed(info: CommandInfo) -> CommandInfo:
    listed = copy.copy(info)
    listed.name = _name(info.name, info.callback)
    listed.help = info.help if info.help is not None else inspect.getdoc(info.callback)
    listed.callback = _nothing
    return listed


def _listed_group(info: TyperInfo) -> TyperInfo:
    """The group with its own callback (its help and options) but no subcommands."""
    listed = copy.copy(info)
    if isinstance(info.typer_instance, Typer):
        listed.typer_instance = copy.copy(info.typer_instance)
        listed.typer_instance.registered_commands = []
        listed.typer_instance.registered_groups = []
    return listed


def _nothing() -> None:
    """The stand-in callback of a listed command: never run, since nothing is invoked."""


def _name(name: str | None, callback: object) -> str:
    """A command's name as typer derives it from its function when none is given."""
    return name or getattr(callback, "__name__", "").lower().replace("_", "-")
