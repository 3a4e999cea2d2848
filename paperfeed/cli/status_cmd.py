"""`paperfeed status`: where things are, how many papers, how each source fared."""

from paperfeed.cli import _context
from paperfeed.cli import app as root


@root.command("status")
def status() -> None:
    """Show paths, paper counts, and the last fetch of each source."""
    from paperfeed import render

    config_path = _context.config_path()
    db_path = _context.db_path()
    _context.load_config()  # a broken config is reported here too, not silently ignored
    counts = None
    runs = []
    if db_path.exists():
        with _context.open_store(read_only=True) as store:
            counts = store.counts()
            runs = store.last_runs()
    render.print_status(config_path=config_path, db_path=db_path, counts=counts, runs=runs)
