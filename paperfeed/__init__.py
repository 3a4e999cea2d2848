"""paperfeed: a calm morning digest of machine-learning papers in your terminal."""

PROJECT_URL = "https://github.com/paperfeed/paperfeed"


def __getattr__(name: str) -> str:
    """`paperfeed.__version__`, read from the installed metadata on first use: importing
    importlib.metadata costs about a third of `paperfeed --help`, which never needs it."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("paperfeed")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
