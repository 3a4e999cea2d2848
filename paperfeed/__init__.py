"""paperfeed: a calm morning digest of machine-learning papers in your terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("paperfeed")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

PROJECT_URL = "https://github.com/paperfeed/paperfeed"
