"""Every command explains itself (--help) and is mentioned in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main
from typer._click.core import Command
from typer.core import TyperGroup as Group

from paperfeed.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def walk(command: Command, prefix: str = "") -> list[tuple[str, Command]]:
    found: list[tuple[str, Command]] = []
    if isinstance(command, Group):
        for name, sub in command.commands.items():
            path = f"{prefix} {name}".strip()
            found.append((path, sub))
            found += walk(sub, path)
    return found


COMMANDS = walk(typer.main.get_command(app))


def test_there_are_commands() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"status", "config", "config init"} <= names


def test_every_command_has_help() -> None:
    missing = [name for name, cmd in COMMANDS if not (cmd.help or "").strip()]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name, _ in COMMANDS if f"paperfeed {name}" not in README]
    assert missing == []
