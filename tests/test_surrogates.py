"""Lone surrogates (JSON's `"\\ud800"`) are dropped at the edge, never a traceback in the store."""

from __future__ import annotations

from pathlib import Path


def test_a_lone_surrogate_from_json_is_stored_not_a_traceback(tmp_path: Path) -> None:
    """Found by the slow parser fuzz suite: `"\\ud800"` in a Papers with Code answer
    decoded to a lone surrogate, which SQLite cannot encode."""
    from paperfeed.sources.paperswithcode import parse_pwc_page
    from paperfeed.store import Store

    data = (b'{"id":"\\ud800","arxiv_id":"2411.00001","title":"A \\udc00title",'
            b'"abstract":"x","authors":["Ann \\ud800"]}')
    page = parse_pwc_page(data, day="2026-11-26")
    with Store(tmp_path / "p.db") as store:
        store.record(page.sightings, "2026-11-26T06:00:00+00:00")
        paper = store.get("2411.00001")
    assert paper is not None and "\ud800" not in paper.title + "".join(paper.authors)
