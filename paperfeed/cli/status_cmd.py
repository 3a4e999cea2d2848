"""`paperfeed status`: where things are, how many papers, how each source fared."""

from paperfeed.cli import _context
from paperfeed.cli import app as root


@root.command("status")
def status() -> None:
    """Show paths, paper counts, the last fetch of each source, and where summaries go."""
    from paperfeed import render
    from paperfeed.config.summaries import describe

    config_path = _context.config_path()
    db_path = _context.db_path()
    config = _context.load_config()  # a broken config is reported here too, not silently ignored
    counts = None
    runs = []
    summaries = describe(config.summaries)
    if db_path.exists():
        with _context.open_store(read_only=True) as store:
            counts = store.counts()
            runs = store.last_runs()
            summaries += f"; {store.count_summaries(config.summaries.language)} stored"
    render.print_status(config_path=config_path, db_path=db_path, counts=counts, runs=runs,
                        summaries=summaries)
