"""No loose ends: every file a docstring or comment in paperfeed/ points a reader to exists
in the repository (a design note that lives elsewhere helps no one reading the code)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A path with a folder, or a document named in capitals (README.md, DESIGN.md); names
# like DAY-SLUG.md are placeholders in a description, not citations.
CITED = re.compile(r"(?<![\w./-])((?:[\w-]+/)+[\w.-]+\.(?:md|py|toml|json|j2)|[A-Z]+\.md)(?![\w.])")
PLACEHOLDER = re.compile(r"(?:^|/)[A-Z]+(?:-[A-Z]+)+\.md$")


def cited_files() -> list[tuple[Path, str]]:
    found = []
    for source in sorted((ROOT / "paperfeed").rglob("*.py")):
        for name in CITED.findall(source.read_text(encoding="utf-8")):
            if not PLACEHOLDER.search(name):
                found.append((source.relative_to(ROOT), name))
    return found


def exists(name: str, source: Path) -> bool:
    return any((base / name).exists() for base in (ROOT, ROOT / "paperfeed", (ROOT / source).parent))


def test_there_are_citations_to_check() -> None:
    assert ("benchmarks/README.md" in {name for _, name in cited_files()})


def test_every_file_the_code_cites_is_in_the_repository() -> None:
    missing = [(str(source), name) for source, name in cited_files() if not exists(name, source)]
    assert missing == []


def test_conditional_get_state_lives_in_the_etags_table_only(tmp_path: Path) -> None:
    """fetch_runs.etag was written on every run and never read: it is no longer written;
    the etags table, which the next fetch reads, holds the state."""
    from paperfeed.store import Store

    with Store(tmp_path / "p.db") as store:
        store.record_run(source="arxiv", started_at="2026-11-26T06:00:00+00:00",
                         finished_at="2026-11-26T06:00:01+00:00", status="ok",
                         etags={"https://rss.example/cs.LG": '"abc"'})
        assert store.etags() == {"https://rss.example/cs.LG": '"abc"'}
        assert store.conn.execute("SELECT etag FROM fetch_runs").fetchall() == [(None,)]

