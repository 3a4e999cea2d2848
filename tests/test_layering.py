"""The core provably knows no screen (the harlequin import-hygiene pattern).

In a subprocess where typer, rich and textual cannot be imported at all, every core
module must still import. Blocking, rather than inspecting sys.modules afterwards,
keeps the test honest about httpx 0.28, which imports rich for its own command line
whenever rich and click are installed.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

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


# -- the layers of DESIGN.md, as import rules between paperfeed's own modules -----------

FACE = {"cli", "tui", "render"}
USE_CASES = {"refresh", "today", "library", "schedule", "demo", "desktop", "feeds", "archive", "week",
             "stats", "learning", "bibimport"}
STORE = {"store"}
SOURCES = {"sources"}
CORE = {"models", "config", "digest", "export", "text", "paths", "errors", "clock", "dates",
        "atomic", "identity", "opml", "announcements", "ranking"}
# What each layer must never import (the package docstrings say the same in words).
FORBIDDEN = {
    "core": FACE | USE_CASES | STORE | SOURCES,
    "store": FACE | USE_CASES | SOURCES,
    "sources": FACE | USE_CASES | STORE,
    "use cases": FACE,
}
LAYER_OF = {**{n: "core" for n in CORE}, **{n: "store" for n in STORE},
            **{n: "sources" for n in SOURCES}, **{n: "use cases" for n in USE_CASES},
            **{n: "face" for n in FACE}}


def _top(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "paperfeed" and len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every paperfeed module `path` imports (lazily or not), as (top-level name, line)."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(t, node.lineno) for a in node.names if (t := _top(a.name))]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "paperfeed":
                found += [(a.name, node.lineno) for a in node.names]
            elif t := _top(node.module):
                found.append((t, node.lineno))
    return found


def test_every_top_level_module_has_a_layer() -> None:
    root = Path(paperfeed.__file__).parent
    names = {p.stem for p in root.iterdir()
             if p.suffix == ".py" or (p / "__init__.py").exists()} - {"__init__", "__main__"}
    assert names - set(LAYER_OF) == set(), "give each new module a layer in this test"


def test_no_layer_imports_what_it_must_not() -> None:
    root = Path(paperfeed.__file__).parent
    broken = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        top = rel.parts[0].removesuffix(".py")
        layer = LAYER_OF.get(top)
        for name, line in _imports(path) if layer in FORBIDDEN else ():
            if name in FORBIDDEN[layer] and name != top:
                broken.append(f"{rel}:{line} ({layer}) imports paperfeed.{name} ({LAYER_OF[name]})")
    assert broken == []


def test_only_sources_talk_http_or_parse_feeds() -> None:
    root = Path(paperfeed.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "sources":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.relative_to(root)}: {n}" for n in names
                          if n.split(".")[0] in ("httpx", "feedparser", "httpx2", "openai")]
    assert offenders == []
