"""`paperfeed import`: a Zotero Better BibTeX export, CSL JSON and id lists; the arXiv
API is a local server answering with recorded wire-format pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from paperfeed.bibimport import run
from paperfeed.bibimport.parse import parse
from paperfeed.cli import app
from paperfeed.config import ArxivConfig, Config, FetchConfig, SourcesConfig
from paperfeed.errors import NotFoundError
from paperfeed.store import Store

HERE = Path(__file__).resolve().parent / "fixtures" / "import"
API = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "arxiv-api"
PAGES = {"1605.08386": "arxivpy_2026-04-12_id_1605.08386_single_entry.xml",
         "quant-ph/0201082": "arxivpy_2026-04-12_id_quant-ph_0201082v1_oldstyle_versioned_crosslist.xml"}
EMPTY = "rsxiv_2025-11-11_id_1201.56789_zero_results.xml"
NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


@pytest.fixture
def api(httpserver: HTTPServer) -> Iterator[list[str]]:
    """The arXiv API: each requested id answered from its recorded page (none for unknown ids)."""
    asked: list[str] = []

    def answer(request: Request) -> Response:
        ids = request.args.get("id_list", "").split(",")
        asked.append(",".join(ids))
        entries = b""
        for pid in ids:
            page = (API / PAGES.get(pid, EMPTY)).read_bytes()
            entries += b"".join(b"<entry>" + part.split(b"</entry>")[0] + b"</entry>"
                                for part in page.split(b"<entry>")[1:])
        head = (API / EMPTY).read_bytes().split(b"</feed>")[0]
        return Response(head + entries + b"</feed>", content_type="application/atom+xml")

    httpserver.expect_request("/api/query").respond_with_handler(answer)
    yield asked


def config_for(httpserver: HTTPServer) -> Config:
    arxiv = ArxivConfig(api_url=httpserver.url_for("/api/query"), request_gap_seconds=0.0)
    return Config(sources=SourcesConfig(arxiv=arxiv),
                  fetch=FetchConfig(timeout_seconds=2, connect_timeout_seconds=1, retry_attempts=1))


def test_a_zotero_export_stars_what_arxiv_knows_and_trains_on_the_rest(
        store: Store, httpserver: HTTPServer, api: list[str]) -> None:
    report = run(store, config_for(httpserver), HERE / "zotero_better_bibtex.bib", NOW)
    assert (report.references, report.matched, report.looked_up, report.starred) == (4, 0, 2, 2)
    assert report.training_only == 2  # Ho et al. (no id) and the id arXiv does not know
    assert len(report.skipped) == 2 and any("line 44" in s for s in report.skipped)
    assert len(api) == 1 and set(api[0].split(",")) == {"1605.08386", "2401.99999", "quant-ph/0201082"}
    heat = store.get("1605.08386")
    assert heat is not None and heat.marks.starred
    assert heat.title == "Heat-bath random walks with Markov bases"
    assert store.get("2401.99999") is None  # training only: not a paper of the library
    titles = {e.title for e in store.examples() if not e.id}
    assert titles == {"Denoising Diffusion Probabilistic Models", "A Preprint arXiv Never Had"}
    again = run(store, config_for(httpserver), HERE / "zotero_better_bibtex.bib", NOW)
    assert (again.matched, again.looked_up, again.starred, again.training_only) == (2, 0, 0, 0)


def test_latex_in_titles_and_names_becomes_readable() -> None:
    refs = {r.key: r for r in parse((HERE / "zotero_better_bibtex.bib").read_text()).references}
    thesis = refs["schrodinger2025"]
    assert thesis.title.startswith("On the Schrödinger Bridge") and thesis.authors == ("Jörg Müller",)
    assert thesis.arxiv_id == "quant-ph/0201082"
    assert refs["heatbath2016"].authors[0] == "Abraham Martín del Campo"


def test_csl_json_and_id_lines(store: Store, httpserver: HTTPServer, api: list[str], tmp_path: Path) -> None:
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([
        {"id": "http://zotero.org/users/1/items/X", "type": "article", "title": "Heat-bath walks",
         "DOI": "10.48550/arXiv.1605.08386", "author": [{"family": "Petrović", "given": "Sonja"}]},
        {"id": "y", "type": "book", "title": "Pattern Recognition", "abstract": "Bayesian methods."},
        "not an item",
    ]))
    first = run(store, config_for(httpserver), csl, NOW)
    assert (first.looked_up, first.starred, first.training_only, len(first.skipped)) == (1, 1, 1, 1)
    second = run(store, config_for(httpserver), HERE / "ids.txt", NOW)
    assert (second.matched, second.looked_up, len(second.skipped)) == (1, 1, 1)


def test_broken_and_missing_files_are_one_line_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        run(store, Config(), tmp_path / "nope.bib", NOW)
    garbage = tmp_path / "garbage.bib"
    garbage.write_bytes(b"@article{x, title={\xff\xfe unterminated")
    report = run(store, Config(), garbage, NOW)
    assert report.references == 0 and len(report.skipped) == 1
    result = CliRunner().invoke(app, ["import", str(tmp_path / "nope.bib")])
    assert result.exit_code == 7 and result.stderr.count("\n") == 1 and "no file" in result.stderr
