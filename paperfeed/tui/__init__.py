"""The Textual reader behind `paperfeed today`; `tui.app.make_app` builds it."""
