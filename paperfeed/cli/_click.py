"""The one place paperfeed reaches into typer's private, vendored Click.

typer >= 0.26 ships its own copy of Click as `typer._click` and exports no public
name for the usage-error classes, yet turning typer's usage errors into paperfeed's
one-line errors (`cli._Group`) has to catch them. Importing them here, and only here,
means a typer upgrade that moves them breaks one module, and
`tests/test_cli_click.py` says so loudly instead of a user meeting a traceback.
"""

from __future__ import annotations

from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError

__all__ = ["ClickUsageError", "Context", "NoArgsIsHelpError"]
