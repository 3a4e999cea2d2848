"""`paperfeed schedule install|show|remove`: the cron entry that fetches every morning."""

from typing import Annotated

import typer

from paperfeed.cli import _context
from paperfeed.cli import app as root

app = typer.Typer(help="Fetch every morning from cron: install, show or remove the entry.",
                  no_args_is_help=True)
root.add_typer(app, name="schedule")


@app.command("install")
def install(
    at: Annotated[str | None, typer.Option(
        "--at", metavar="HH:MM",
        help="Local time to fetch (default 06:30, or just after arXiv's feed is rebuilt at "
             "midnight US Eastern where that falls later in the morning).")] = None,
    days: Annotated[str | None, typer.Option(
        "--days", metavar="DAYS",
        help="Days to fetch, like mon-fri or mon,wed,fri (default: the mornings after "
             "an announcement).")] = None,
) -> None:
    """Install (or replace) the crontab entry that runs 'paperfeed fetch --quiet'."""
    import os

    from paperfeed import clock, paths, schedule
    from paperfeed.schedule import crontab

    config, db = _context.config_path(), _context.db_path()
    plan = schedule.build(
        at, days, program=crontab.program_argv(), environ=os.environ,
        config=config if config != paths.config_path() else None,
        db=db if db != paths.db_path() else None, log=paths.log_path(),
        now=clock.local_now())
    paths.ensure_private_dir(paths.log_path().parent)
    try:
        replaced = crontab.install(plan)
    except crontab.NoCrontabError:
        typer.echo(plan.line)
        raise
    typer.echo(f"{'replaced' if replaced else 'installed'}: {plan.line}")
    typer.echo(f"fetches at {plan.at:%H:%M} {schedule.describe_days(plan.days)} (local time); "
               f"errors go to {paths.log_path()}")


@app.command("show")
def show() -> None:
    """Print the crontab entry, when it runs next and when it next fetches a new announcement."""
    from paperfeed import clock, schedule
    from paperfeed.schedule import crontab

    line = crontab.current()
    if line is None:
        typer.echo("not scheduled; add it with 'paperfeed schedule install'")
        return
    typer.echo(line)
    for text in schedule.describe_next(line, clock.local_now()):
        typer.echo(text)


@app.command("remove")
def remove() -> None:
    """Remove paperfeed's crontab entry, leaving every other entry untouched."""
    from paperfeed.schedule import crontab

    old = crontab.remove()
    typer.echo(f"removed: {old}" if old else "not scheduled; nothing to remove")
