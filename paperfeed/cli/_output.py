"""Where `export` and `week` read a user's template from and write their text to.

`-o DIR/` (a trailing slash, or a folder that exists) names a folder: the file in
it is `YYYY-MM-DD-<slug>.md`, the name Jekyll's `_posts` expects. Anything else
is the file itself, written atomically as `export` always did; `-` or no `-o` is
stdout.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path

from paperfeed.errors import NotFoundError, UsageError


class Link(enum.StrEnum):
    """Where a paper's title links in a template (`paper.link`)."""

    arxiv = "arxiv"
    hf = "hf"
    pdf = "pdf"


def read_template(path: Path | None) -> tuple[str, str] | None:
    """The template's text and its name for error messages, or None for the built-in one."""
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError as exc:
        raise NotFoundError(f"{path}: no such template file; check --template") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the template is not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise UsageError(f"cannot read the template {path} ({exc.strerror}); check --template") from exc


def target(output: str, *, day: str, slug: str) -> Path:
    """The file `-o output` means: `output` itself, or `output/DAY-SLUG.md` for a folder."""
    path = Path(output).expanduser()
    if output.endswith(("/", os.sep)) or path.is_dir():
        return path / f"{day}-{slug}.md"
    return path


def emit(text: str, output: str | None, *, day: str, slug: str) -> Path | None:
    """Write `text` to stdout or (atomically) to the file `-o` names; return that file."""
    from paperfeed import atomic

    if output is None or output == "-":
        sys.stdout.write(text)
        return None
    # a post is meant to be published: the umask decides its mode, as for `>` and export -o
    return atomic.write_text(target(output, day=day, slug=slug), text, private=False)
