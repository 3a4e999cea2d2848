"""The README's pictures come from a script; running it here keeps it from rotting."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from paperfeed import demo

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshots.py"
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def svg_text(path: Path) -> str:
    """The words an SVG shows (rich writes each run of text as a <text> element)."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return "".join(el.text or "" for el in root.iter() if el.tag.endswith("text")).replace("\xa0", " ")


def test_the_script_draws_the_reader_and_the_plain_digest(tmp_path: Path, paperfeed_home: Path) -> None:
    out = tmp_path / "pictures"
    result = subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["digest.svg", "reader.svg"]
    titles = [p["title"] for p in demo.load_papers()]
    reader, plain = svg_text(out / "reader.svg"), svg_text(out / "digest.svg")
    assert "Thu 26 Nov 2026" in reader and "★ starred" in reader and "j/k" in reader
    assert "paperfeed · Thursday 26 November 2026" in plain and "1/16" in plain
    assert any(t[:25] in reader for t in titles) and any(t[:25] in plain for t in titles)
    assert list(paperfeed_home.iterdir()) == []  # the user's store was never opened


def test_the_readme_shows_both_pictures_and_says_how_to_remake_them() -> None:
    assert "![The reader](docs/images/reader.svg)" in README
    assert "![The plain digest](docs/images/digest.svg)" in README
    assert "python scripts/screenshots.py" in README
