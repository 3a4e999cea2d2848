"""Use case: handing work to the user's own programs: the web browser and $EDITOR.
May import: core only (errors, text); never the store, a source or a screen.
"""
