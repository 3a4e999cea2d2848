"""Face: the Textual reader behind `paperfeed today`; `tui.app.make_app` builds it.
May import: core, store, the use cases, render/, and textual and rich.
"""
