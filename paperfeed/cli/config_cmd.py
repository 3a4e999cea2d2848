"""`paperfeed config path|show|init`."""

from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root

app = typer.Typer(help="Show, locate or create the config file.", no_args_is_help=True)
root.add_typer(app, name="config")


@app.command("path")
def path_() -> None:
    """Print the path of the config file paperfeed reads."""
    typer.echo(str(_context.config_path()))


@app.command("show")
def show() -> None:
    """Print the effective config as TOML, defaults included."""
    from paperfeed import config

    typer.echo(config.to_toml(_context.load_config()), nl=False)


@app.command("init")
def init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write the documented example config to the config path."""
    from paperfeed.config.write import write_example_config

    written = write_example_config(_context.config_path(), force=force)
    typer.echo(f"wrote {written}", err=True)
