"""Commands of this group are registered on `paperfeed.cli.app` when imported."""
