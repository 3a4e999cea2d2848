"""The core provably knows no screen (the harlequin import-hygiene pattern).

In a subprocess where typer, rich and textual cannot be imported at all, every core
module must still import. Blocking, rather than inspecting sys.modules afterwards,
keeps the test honest about httpx 0.28, which imports rich for its own command line
whenever rich and click are installed.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import paperfeed

UI = ("paperfeed.cli", "paperfeed.tui", "paperfeed.render")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(paperfeed.__path__, "paperfeed.")]
    return sorted(n for n in names if not n.startswith(UI) and n != "paperfeed.__main__")


SCRIPT = """
import importlib, importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'typer', 'rich', 'textual'}:
            raise ImportError(f'blocked: {name}')
        return None

sys.meta_path.insert(0, Block())
for name in sys.argv[1:]:
    importlib.import_module(name)
print('ok', len(sys.argv) - 1)
"""


def test_core_imports_without_typer_rich_or_textual() -> None:
    modules = core_modules()
    for expected in ("paperfeed.config", "paperfeed.models", "paperfeed.store", "paperfeed.sources"):
        assert expected in modules
    result = subprocess.run([sys.executable, "-c", SCRIPT, *modules],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(modules)}"


def test_the_block_really_blocks() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT, "paperfeed.render"],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "blocked: rich" in result.stderr
