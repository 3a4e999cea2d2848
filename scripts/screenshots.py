"""Regenerate the README's pictures from `paperfeed today --demo`'s sample day.

    python scripts/screenshots.py              # writes docs/images/reader.svg and digest.svg
    python scripts/screenshots.py OUT_FOLDER   # somewhere else (the test does this)

The reader is the real Textual app, driven headless through Pilot and saved with
`app.save_screenshot`; the plain digest is the real `today --plain` renderable,
printed into a recording rich console and saved with `save_svg`. Both use the
bundled demo papers in a throwaway store (your own store is never opened) at a
fixed moment in UTC (the script sets its own process's zone), so the pictures
change only when the screens do, wherever they are made.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
SIZE = (100, 34)  # columns, rows: the reader as a roomy terminal shows it
PLAIN_CARDS = 2  # the plain picture shows the header and the first cards


def main(out: Path) -> list[Path]:
    from paperfeed import demo, today
    from paperfeed.config import Config

    out.mkdir(parents=True, exist_ok=True)
    config = demo.demo_config(Config())
    with demo.demo_store(NOW) as store:
        digest = today.open_digest(store, config, NOW)
        plain = _plain(digest, config, out / "digest.svg")
        reader = asyncio.run(_reader(store, digest, config, out / "reader.svg"))
    return [reader, plain]


def _plain(digest: object, config: object, target: Path) -> Path:
    from rich.console import Console, Group

    from paperfeed.models import Digest
    from paperfeed.render.digest import digest_renderable

    assert isinstance(digest, Digest)
    console = Console(record=True, width=SIZE[0], file=io.StringIO(), force_terminal=True,
                      color_system="truecolor")
    whole = digest_renderable(digest, keywords=config.interests.keywords,  # type: ignore[attr-defined]
                              min_minutes=config.digest.min_minutes)  # type: ignore[attr-defined]
    # the header of the whole digest, then its first cards (a blank line, a rule, the card each)
    console.print(Group(*whole.renderables[:2 + 3 * PLAIN_CARDS]))
    console.save_svg(str(target), title="paperfeed today --plain")
    return target


async def _reader(store: object, digest: object, config: object, target: Path) -> Path:
    from paperfeed.tui.app import make_app

    app = make_app(store, digest, config, now=lambda: NOW)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")  # a starred paper, so the picture shows a mark
        await pilot.pause()
        app.save_screenshot(filename=target.name, path=str(target.parent))
    return target


if __name__ == "__main__":
    os.environ["TZ"] = "UTC"  # this process only: the same pictures in every zone
    time.tzset()
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"
    for written in main(folder):
        print(f"wrote {written}")
