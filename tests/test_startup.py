"""Start-up: the cyclic collector, paused while the command line is built, runs again
once a command starts, so a long session (the reader, a big fetch) collects garbage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import gc
import paperfeed.cli as cli
from typer.testing import CliRunner
paused = not gc.isenabled()
result = CliRunner().invoke(cli.app, ["status"])
print(paused, gc.isenabled(), result.exit_code)
"""


def test_the_collector_is_paused_for_start_up_and_runs_once_a_command_starts(paperfeed_home: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "0"]
