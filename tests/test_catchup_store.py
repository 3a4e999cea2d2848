"""A catch-up's pages in the store: every paper searchable when the fetch returns, the
index exactly what a paper-by-paper ingest gives, and an interrupted page leaving
neither rows nor index entries behind. The real arXiv source pages through a local
server answering in the API's Atom format; the store is real."""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paperfeed import refresh
from paperfeed.config import ArxivConfig, FetchConfig
from paperfeed.errors import FetchInterruptedError, StoreError
from paperfeed.sources import Window
from paperfeed.sources.arxiv import ArxivSource
from paperfeed.sources.arxiv_api import parse_api_page
from paperfeed.sources.http import HttpClient, make_client
from paperfeed.store import Store, merge, recording

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv-api"
FAST = FetchConfig(timeout_seconds=5, connect_timeout_seconds=1, retry_attempts=2,
                   retry_max_wait_seconds=0.1)
NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
WINDOW = Window(date(2026, 11, 26), since=date(2026, 11, 20))
TOTAL, PAGE = 130, 50  # three pages: 50, 50, 30
STAR, NOTE = "2611.00007", "2611.00071"


def word(n: int) -> str:
    """A word only paper n has (letters only: the tokenizer splits digits off nothing)."""
    return "zq" + "".join("abcdefghij"[int(d)] for d in f"{n:03d}") + "zq"


def _entry_template() -> str:
    text = (FIXTURES / "page0.xml").read_text()
    return re.search(r"  <entry>.*?</entry>\n", text, re.DOTALL)[0]  # type: ignore[index]


def api_page(start: int, total: int, size: int, changed: frozenset[int] = frozenset()) -> bytes:
    """Entries start.. of `total` in the API's wire format, each with its own word in
    the title and abstract; every tenth title in TeX (`Schr\\"odinger`), which the
    index must hold in its readable form. `changed` papers have a revised abstract."""
    text = (FIXTURES / "page0.xml").read_text()
    head = text[:text.index("  <entry>")]
    head = re.sub(r"<opensearch:totalResults>\d+", f"<opensearch:totalResults>{total}", head)
    head = re.sub(r"<opensearch:startIndex>\d+", f"<opensearch:startIndex>{start}", head)
    entry = _entry_template()
    out = [head]
    for n in range(start, min(start + size, total)):
        tex = ' Schr\\"odinger bridges' if n % 10 == 0 else ""
        abstract = f"We study {word(n)} in depth." + (" Revised with quokkaword." if n in changed else "")
        one = re.sub(r"<id>[^<]*</id>", f"<id>http://arxiv.org/abs/2611.{n:05d}v1</id>", entry)
        one = re.sub(r"<title>[^<]*</title>", f"<title>{html.escape(f'Paper {word(n)}{tex}')}</title>", one)
        one = re.sub(r"<summary>[^<]*</summary>", f"<summary>{html.escape(abstract)}</summary>", one)
        one = re.sub(r"<published>[^<]*</published>", "<published>2026-11-21T12:00:00Z</published>", one)
        out.append(one)
    out.append("</feed>\n")
    return "".join(out).encode()


def serve(httpserver: HTTPServer, changed: frozenset[int] = frozenset()) -> None:
    def answer(request: Request) -> Response:
        start, size = int(request.args["start"]), int(request.args["max_results"])
        return Response(api_page(start, TOTAL, size, changed), content_type="application/atom+xml")

    httpserver.expect_request("/api/query").respond_with_handler(answer)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with make_client(FAST) as c:
        yield c


def catch_up(store: Store, httpserver: HTTPServer, client: HttpClient) -> refresh.RefreshReport:
    config = ArxivConfig(categories=["cs.SE"], announce_types=["new"], request_gap_seconds=0.0,
                         api_url=httpserver.url_for("/api/query"), page_size=PAGE)
    return refresh.run(store, [ArxivSource(config)], client, WINDOW, now=lambda: NOW)


def found(store: Store, query: str) -> list[str]:
    return [hit.paper.id for hit in store.search(query)]


def index_of(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every token the FTS index holds (term, row, column, offset), and the rows it indexes."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.tokens USING fts5vocab(main, papers_fts, 'instance')")
        tokens = conn.execute("SELECT term, doc, col, offset FROM temp.tokens ORDER BY 1, 2, 3, 4").fetchall()
        rows = conn.execute("SELECT rowid, id FROM papers ORDER BY rowid").fetchall()
        return tokens, rows
    finally:
        conn.close()


def check_index(store: Store) -> None:
    """FTS5's own check of the index against the text it was built from (raises if not)."""
    conn = sqlite3.connect(store.path)
    try:
        conn.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def test_every_caught_up_paper_is_found_by_search_when_the_fetch_returns(
        store: Store, httpserver: HTTPServer, client: HttpClient) -> None:
    serve(httpserver)
    report = catch_up(store, httpserver, client)
    assert (report.results[0].status, report.new, len(httpserver.log)) == ("ok", TOTAL, 3)
    for n in range(TOTAL):
        assert found(store, word(n)) == [f"2611.{n:05d}"]
    # the readable form is what is indexed: folded accents find the TeX titles
    assert found(store, "schrodinger") == found(store, "Schrödinger") != []
    assert len(store.search("schrodinger", limit=100)) == TOTAL // 10
    check_index(store)


def test_the_index_is_exactly_what_a_paper_by_paper_ingest_gives(
        store: Store, httpserver: HTTPServer, client: HttpClient, tmp_path: Path) -> None:
    serve(httpserver)
    catch_up(store, httpserver, client)
    one_by_one = Store(tmp_path / "one-by-one.db")
    try:
        for start in range(0, TOTAL, PAGE):
            body = api_page(start, TOTAL, PAGE)
            page = parse_api_page(body, fallback_day="2026-11-26", categories=["cs.SE"])
            for s in page.sightings:
                one_by_one.record([s], "2026-11-26T06:30:00+00:00")
    finally:
        one_by_one.close()
    ours, theirs = index_of(store.path), index_of(tmp_path / "one-by-one.db")
    assert ours[1] == theirs[1]  # same papers, same rowids: arrival order
    assert ours[0] == theirs[0] and len(ours[0]) > TOTAL * 10


def test_a_page_interrupted_while_stored_leaves_no_trace_and_the_next_fetch_completes(
        store: Store, httpserver: HTTPServer, client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    serve(httpserver)
    real_merge, calls = merge.merge, [0]

    def ctrl_c_in_the_second_page(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] == PAGE + 20:
            raise KeyboardInterrupt
        return real_merge(*args)

    monkeypatch.setattr(merge, "merge", ctrl_c_in_the_second_page)
    with pytest.raises(FetchInterruptedError):
        catch_up(store, httpserver, client)
    assert store.counts()["papers"] == PAGE  # the first page, whole; the second, not at all
    assert found(store, word(0)) == ["2611.00000"] and found(store, word(PAGE + 1)) == []
    check_index(store)
    store.set_mark(STAR, starred_at="2026-11-26T07:00:00+00:00")

    monkeypatch.setattr(merge, "merge", real_merge)
    report = catch_up(store, httpserver, client)
    assert (report.results[0].status, store.counts()["papers"]) == ("ok", TOTAL)
    assert all(found(store, word(n)) == [f"2611.{n:05d}"] for n in range(TOTAL))
    assert store.get(STAR).marks.starred_at == "2026-11-26T07:00:00+00:00"  # type: ignore[union-attr]
    check_index(store)


class Steps:
    """Counts the SQLite VM's progress callbacks during each page's insert of new papers,
    and stops one page's insert once it has done `abort_after` of them."""

    def __init__(self, abort_page: int | None = None, abort_after: int = 0) -> None:
        self.per_page: list[int] = []
        self.abort_page, self.abort_after = abort_page, abort_after

    def wrap(self, real: Any) -> Any:
        def insert(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
            self.per_page.append(0)
            conn.set_progress_handler(self.tick, 50)
            try:
                real(conn, rows)
            finally:
                conn.set_progress_handler(None, 0)
        return insert

    def tick(self) -> int:
        self.per_page[-1] += 1
        return int(len(self.per_page) == self.abort_page and self.per_page[-1] >= self.abort_after)


def test_a_statement_aborted_halfway_through_a_page_leaves_nothing_unindexed(
        store: Store, httpserver: HTTPServer, client: HttpClient, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """SQLite stops the multi-row INSERT in the middle (as a full disk would), after the
    FTS trigger has indexed part of the page: the page's transaction takes it all back."""
    serve(httpserver)
    real_insert = recording._insert
    measured = Steps()
    monkeypatch.setattr(recording, "_insert", measured.wrap(real_insert))
    catch_up(store, httpserver, client)  # how much work each page's insert is
    aborting = Steps(abort_page=2, abort_after=measured.per_page[1] // 2)
    monkeypatch.setattr(recording, "_insert", aborting.wrap(real_insert))
    fresh = Store(tmp_path / "aborted.db")
    try:
        with pytest.raises(StoreError, match="interrupted"):
            catch_up(fresh, httpserver, client)
        assert 0 < aborting.per_page[1] < measured.per_page[1]  # stopped halfway, not before or after
        assert fresh.counts()["papers"] == PAGE
        assert found(fresh, word(PAGE)) == [] and found(fresh, word(PAGE - 1)) == [f"2611.{PAGE - 1:05d}"]
        check_index(fresh)
        tokens, rows = index_of(fresh.path)
        assert {doc for _, doc, _, _ in tokens} == {rowid for rowid, _ in rows}
    finally:
        fresh.close()


@pytest.mark.parametrize("sqlite_version", [None, (3, 31, 0)], ids=["update-from", "before-3.33"])
def test_a_second_catch_up_over_stored_papers_keeps_marks_and_reindexes_changed_text(
        store: Store, httpserver: HTTPServer, client: HttpClient, monkeypatch: pytest.MonkeyPatch,
        sqlite_version: tuple[int, int, int] | None) -> None:
    serve(httpserver)
    catch_up(store, httpserver, client)
    store.set_mark(STAR, starred_at="2026-11-26T07:00:00+00:00")
    store.set_mark(NOTE, note="read with the bridges paper", read_at="2026-11-26T07:05:00+00:00")
    before = {p: store.get(p).marks for p in (STAR, NOTE)}  # type: ignore[union-attr]
    if sqlite_version is not None:  # the statement-per-row update older SQLite needs
        monkeypatch.setattr(sqlite3, "sqlite_version_info", sqlite_version)
    httpserver.clear()
    serve(httpserver, changed=frozenset({7, 71, 99}))
    report = catch_up(store, httpserver, client)
    assert (report.results[0].status, report.new, report.updated) == ("ok", 0, 3)
    assert {p: store.get(p).marks for p in (STAR, NOTE)} == before  # type: ignore[union-attr]
    assert sorted(found(store, "quokkaword")) == ["2611.00007", "2611.00071", "2611.00099"]
    assert all(found(store, word(n)) == [f"2611.{n:05d}"] for n in range(TOTAL))
    check_index(store)


def test_rows_are_split_across_statements_at_sqlites_variable_limit(
        store: Store, httpserver: HTTPServer, client: HttpClient) -> None:
    """An SQLite built with a low limit (999 before 3.32) takes a page in several statements."""
    store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)  # three papers a statement
    serve(httpserver)
    assert catch_up(store, httpserver, client).new == TOTAL
    assert all(found(store, word(n)) == [f"2611.{n:05d}"] for n in range(TOTAL))
    order = store.conn.execute("SELECT id FROM papers ORDER BY rowid").fetchall()
    assert [pid for (pid,) in order] == [f"2611.{n:05d}" for n in range(TOTAL)]
    check_index(store)
