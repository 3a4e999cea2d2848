"""The whole feed story through the real CLI: OPML in, fetch from a local server, read
(plain and in the reader), star, export with DOI and journal, OPML out.

The server speaks the publishers' wire formats (tests/fixtures/feeds); one of the
imported feeds has moved and answers with an HTML page, which must be one line in
the fetch report while the other feeds land.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from paperfeed import today
from paperfeed.cli import app
from paperfeed.config import load
from paperfeed.errors import ExitCode
from paperfeed.store import Store
from paperfeed.tui.app import make_app

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
runner = CliRunner()

USER_CONFIG = """\
# mornings: journals only for now
[sources.arxiv]
enabled = false  # arXiv another day

[sources.huggingface]
enabled = false

[sources.paperswithcode]
enabled = false

[fetch]
max_since_days = 3650  # the fixtures' entries are of late November 2026, whenever this runs
feed_gap_seconds = 0.05  # every feed here is on one host (localhost)
retry_attempts = 2
retry_max_wait_seconds = 0.2
timeout_seconds = 5
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def opml_file(httpserver: HTTPServer, paperfeed_home: Path, tmp_path: Path) -> Path:
    served = {"/nmi.rss": ("nature_toc.rdf", "application/rss+xml"),
              "/biorxiv_xml/bioinformatics": ("biorxiv_bioinformatics.rdf", "application/rdf+xml"),
              "/lab/feed/": ("wordpress_lab_blog.xml", "application/rss+xml; charset=UTF-8"),
              "/news/": ("html_page.html", "text/html; charset=utf-8")}
    for path, (name, ctype) in served.items():
        httpserver.expect_request(path).respond_with_data((FEEDS / name).read_bytes(), content_type=ctype)
    (paperfeed_home / "config.toml").write_text(USER_CONFIG)
    url = httpserver.url_for
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>newsboat export</title></head><body>
  <outline text="Science">
    <outline text="Nature Machine Intelligence" type="rss" xmlUrl="{url('/nmi.rss')}"/>
    <outline text="bioRxiv Bioinformatics" type="rss" xmlUrl="{url('/biorxiv_xml/bioinformatics')}"/>
  </outline>
  <outline text="Vision &amp; Learning Lab" type="rss" xmlUrl="{url('/lab/feed/')}"/>
  <outline text="Lab news" type="rss" xmlUrl="{url('/news/')}"/>
  <outline text="Nature MI (dup)" type="rss" xmlUrl="{url('/nmi.rss')}"/>
</body></opml>""")
    return opml


def test_opml_to_digest_to_star_to_export(opml_file: Path, paperfeed_home: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = invoke("feeds", "import", str(opml_file))
    assert code == 0, err
    assert out.splitlines()[-1] == "4 added, 1 skipped"
    assert "skipped Nature MI (dup): already in the config" in out
    config_text = (paperfeed_home / "config.toml").read_text()
    # the user's file, comments and all, is as it was apart from the four new entries
    assert config_text.count("[[sources.feeds]]") == 4
    assert re.sub(r"\[\[sources\.feeds\]\]\n(?:.+\n)+\n", "", config_text) == USER_CONFIG

    code, out, err = invoke("fetch")
    assert code == ExitCode.FETCH_PARTIAL
    assert err.count("\n") == 1 and err.startswith("paperfeed: feed:Lab news failed: ")
    assert "sent an HTML page where XML was expected" in err
    rows = {m[1]: (m[2], int(m[3])) for m in
            re.finditer(r"^\s*feed:(.+?)\s{2,}(ok|failed)\s+(\d+)", out, re.MULTILINE)}
    assert rows == {"Nature Machine Intelligence": ("ok", 3), "bioRxiv Bioinformatics": ("ok", 3),
                    "Vision & Learning Lab": ("ok", 3), "Lab news": ("failed", 0)}

    code, out, _ = invoke("feeds", "list")
    assert code == 0
    assert re.search(r"^Lab news  failed \d{4}-\d\d-\d\d \d\d:\d\d UTC, 0 new  \(weight 1\)$", out, re.M)
    assert re.search(r"^bioRxiv Bioinformatics  ok .* UTC, 3 new  \(weight 1\)$", out, re.M)
    assert "  error: http://" in out
    code, out, _ = invoke("status")
    assert out.count("feed:") == 4 and "failed" in out  # each feed's last fetch (folded columns)

    code, out, err = invoke("today", "--plain", "--no-fetch", "--minutes", "30")
    assert code == 0, err
    assert "Sparse autoencoders find interpretable features in protein language models" in out
    assert "[Nature Machine Intelligence]" in out  # the feed's name on the card
    assert re.search(r"Nature Machine Intelligence · published 2026-11-27 ·\s+doi:10.1038/s42256-026-01101-7",
                     out)
    assert "ProtDiff: diffusion models for protein backbone generation at scale" in out
    assert re.search(r"CATH & SCOP\s+shows\s+designability\s+<\s+2\s+A\s+RMSD", out)

    code, out, err = invoke("star", "https://doi.org/10.1038/s42256-026-01101-7")
    assert code == 0, err
    code, out, _ = invoke("search", "autoencoders")
    assert "doi:10.1038/s42256-026-01101-7" in out
    code, out, _ = invoke("show", "10.1038/S42256-026-01101-7")  # a bare DOI, in any case
    assert code == 0 and "Sparse autoencoders" in out and "★ starred" in out
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    code, _, err = invoke("open", "url:vllab.example.edu/2026/11/27/gaussian-splatting-endoscopy")
    assert code == 0, err
    assert opened == ["https://vllab.example.edu/2026/11/27/gaussian-splatting-endoscopy/"]

    code, markdown, _ = invoke("export")
    assert "## [Sparse autoencoders find interpretable features in protein language models]" \
           "(https://www.nature.com/articles/s42256-026-01101-7)" in markdown
    assert "- Journal: Nature Machine Intelligence" in markdown
    # the DOI as text (Markdown-escaped, so "10." cannot start a list) and as its doi.org link
    assert "- DOI: [10\\.1038/s42256-026-01101-7](https://doi.org/10.1038/s42256-026-01101-7)" in markdown
    code, bib, _ = invoke("export", "--format", "bibtex")
    assert bib.startswith("@article{raman2026sparse,\n")
    assert "  journal = {Nature Machine Intelligence},\n" in bib
    assert "  doi = {10.1038/s42256-026-01101-7},\n" in bib
    assert "eprint" not in bib

    code, out, _ = invoke("feeds", "export")
    outlines = ET.fromstring(out).findall("./body/outline")
    assert [o.attrib["text"] for o in outlines] == [
        "Nature Machine Intelligence", "bioRxiv Bioinformatics", "Vision & Learning Lab", "Lab news"]
    assert all(o.attrib["type"] == "rss" and o.attrib["xmlUrl"].startswith("http://") for o in outlines)


async def test_the_reader_shows_feed_papers(opml_file: Path, paperfeed_home: Path) -> None:
    assert invoke("feeds", "import", str(opml_file))[0] == 0
    assert invoke("fetch")[0] == ExitCode.FETCH_PARTIAL
    config = load(paperfeed_home / "config.toml")
    from paperfeed import clock

    with Store(paperfeed_home / "paperfeed.db") as store:
        digest = today.open_digest(store, config, clock.now(), minutes=30)
        ids = [e.paper.id for e in digest.entries]
        assert any(i.startswith("doi:10.1038/") for i in ids) and any(i.startswith("url:") for i in ids)
        assert len([i for i in ids if i.startswith("doi:10.1101/")]) == 3  # bioRxiv, within its cap
        reader = make_app(store, digest, config)
        async with reader.run_test(size=(120, 50)) as pilot:
            await pilot.pause()
            screen = "\n".join(s.text for s in reader.screen._compositor.render_strips())
            first = digest.entries[0].paper
            assert first.title[:40] in screen
            assert "feeds 3/4 ok failed: Lab news" in screen  # the health line, feeds summed up
            await pilot.press("s")
            await pilot.pause()
        starred = store.get(first.id)
        assert starred is not None and starred.marks.starred


def test_fetch_one_feed_by_name(opml_file: Path, httpserver: HTTPServer) -> None:
    assert invoke("feeds", "import", str(opml_file))[0] == 0
    code, out, err = invoke("fetch", "--source", "bioRxiv Bioinformatics")
    assert code == 0, err
    assert re.search(r"feed:bioRxiv Bioinformatics\s+ok\s+3", out) and "Nature" not in out
    code, _, err = invoke("fetch", "--source", "No such feed")
    assert code == ExitCode.USAGE and "no source named 'No such feed'" in err


def test_feeds_commands_fail_in_one_line(tmp_path: Path) -> None:
    code, _, err = invoke("feeds", "import", str(tmp_path / "missing.opml"))
    assert code == ExitCode.NOT_FOUND and err.count("\n") == 1 and "missing.opml: no such file" in err
    rss = tmp_path / "feed.xml"
    rss.write_bytes((FEEDS / "wordpress_lab_blog.xml").read_bytes())
    code, _, err = invoke("feeds", "import", str(rss))
    assert code == ExitCode.USAGE and "is not OPML (its root element is <rss>)" in err
    code, out, _ = invoke("feeds", "list")
    assert code == 0 and out.startswith("no feeds configured: add [[sources.feeds]] to the config")
    code, out, _ = invoke("feeds", "export")
    assert code == 0 and ET.fromstring(out).findall("./body/outline") == []
