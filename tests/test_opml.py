"""OPML in (nested folders, duplicates, odd outlines) and out (what feed readers import)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperfeed import opml
from paperfeed.config.feeds import FeedConfig
from paperfeed.errors import UsageError
from paperfeed.feeds import plan_import

SUBSCRIPTIONS = Path(__file__).resolve().parent / "fixtures" / "feeds" / "subscriptions.opml"


def test_nested_outlines_are_all_found() -> None:
    outlines = opml.parse(SUBSCRIPTIONS.read_bytes())
    assert [(o.name, o.folder) for o in outlines] == [
        ("Nature Machine Intelligence", "Journals"),
        ("bioRxiv Bioinformatics", "Journals/Preprints"),
        ("Vision & Learning Lab", ""),
        ("Nature MI again", ""),
        ("Mail list", ""),
    ]


def test_import_plan_skips_duplicates_and_non_http_and_reports() -> None:
    existing = [FeedConfig("bioRxiv Bioinformatics", "https://connect.biorxiv.org/biorxiv_xml/bioinformatics/")]
    report = plan_import(opml.parse(SUBSCRIPTIONS.read_bytes()), existing)
    assert [(f.name, f.url) for f in report.added] == [
        ("Nature Machine Intelligence", "https://www.nature.com/natmachintell.rss"),
        ("Vision & Learning Lab", "https://vllab.example.edu/feed/"),
    ]
    assert report.skipped == (
        ("bioRxiv Bioinformatics", "already in the config"),
        ("Nature MI again", "already in the config"),
        ("Mail list", "'mailto:list@example.org' is not an http(s) URL"),
    )
    assert report.lines()[-1] == "2 added, 3 skipped"


def test_a_taken_name_gets_a_number() -> None:
    existing = [FeedConfig("Lab", "https://a.example/feed")]
    report = plan_import([opml.Outline("Lab", "https://b.example/feed")], existing)
    assert report.added[0].name == "Lab (2)"


def test_export_is_opml_2_that_readers_import() -> None:
    text = opml.write([("Vision & Learning Lab", "https://vllab.example.edu/feed/?a=1&b=2"),
                       ("Nature <MI>", "https://www.nature.com/natmachintell.rss")],
                      datetime(2026, 11, 29, 6, tzinfo=UTC))
    root = ET.fromstring(text)
    assert root.tag == "opml" and root.attrib["version"] == "2.0"
    outlines = root.findall("./body/outline")
    assert [o.attrib for o in outlines] == [
        {"type": "rss", "text": "Vision & Learning Lab", "title": "Vision & Learning Lab",
         "xmlUrl": "https://vllab.example.edu/feed/?a=1&b=2"},
        {"type": "rss", "text": "Nature <MI>", "title": "Nature <MI>",
         "xmlUrl": "https://www.nature.com/natmachintell.rss"},
    ]
    assert root.findtext("./head/dateCreated") == "Sun, 29 Nov 2026 06:00:00 +0000"
    assert [o.url for o in opml.parse(text.encode())] == [o.attrib["xmlUrl"] for o in outlines]


@pytest.mark.parametrize(("data", "message"), [
    (b"<opml><body><outline", "not valid OPML"),
    (b"<rss version='2.0'/>", "not OPML (its root element is <rss>)"),
])
def test_bad_files_are_one_line(data: bytes, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        opml.parse(data)
