"""Every parser, fed random bytes and mutated real samples, returns papers or raises
its source's FetchError: never another exception, never a hang (hypothesis).

What a parser returns must also be storable: a sighting that makes the store fail
would abort the whole fetch, so each example's papers are recorded too.
"""

from __future__ import annotations

import json
import signal
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperfeed.errors import FetchError
from paperfeed.models import Sighting
from paperfeed.sources.arxiv_api import parse_api_page
from paperfeed.sources.arxiv_feed import parse_announcements
from paperfeed.sources.feed_parse import parse as parse_feed
from paperfeed.sources.huggingface import parse_daily
from paperfeed.sources.paperswithcode import parse_pwc_page, parse_trending
from paperfeed.store import Store

from .support import FIXTURES, SHARED_FIXTURES, memory_tmpdir

DAY = "2026-11-26"
NOW = "2026-11-26T06:00:00+00:00"
HANG_SECONDS = 10  # far beyond any real parse of these sizes (milliseconds)


def _sightings(result: object) -> tuple[Sighting, ...]:
    found = result if isinstance(result, tuple) else result.sightings
    assert isinstance(found, tuple)
    return found


Parser = Callable[[bytes], object]
PARSERS: dict[str, tuple[Parser, str, str]] = {
    "arxiv-feed": (lambda b: parse_announcements(b, announce_types=("new", "cross"), fallback_day=DAY),
                   "arxiv-rss", "xml"),
    "arxiv-api": (lambda b: parse_api_page(b, fallback_day=DAY, categories=("cs.LG", "cs.CV")),
                  "arxiv-api", "xml"),
    "huggingface": (lambda b: parse_daily(b, day=DAY), "hf-daily", "json"),
    "pwc-trending": (lambda b: parse_trending(b, day=DAY), "hf-daily", "json"),
    "pwc-v1": (lambda b: parse_pwc_page(b, day=DAY), "pwc", "json"),
    "feeds": (lambda b: parse_feed(b, source="feed:f", feed_name="f", day=DAY), "feeds", "xml"),
}


def samples(folder: str, root: Path = FIXTURES) -> list[bytes]:
    return [p.read_bytes() for p in sorted((root / folder).glob("*")) if p.is_file()]


class HangError(Exception):
    pass


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Fail (rather than wait forever) if the block runs longer than `seconds`."""
    def alarm(signum: int, frame: object) -> None:
        raise HangError(f"still parsing after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def sink() -> Iterator[Store]:
    """One store the parsed papers are recorded into, as a fetch would."""
    folder = memory_tmpdir("paperfeed-fuzz-")
    store = Store(folder / "fuzz.db")
    yield store
    store.close()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def check(name: str, data: bytes, sink: Store) -> None:
    parse = PARSERS[name][0]
    try:
        with bounded(HANG_SECONDS):
            result = parse(data)
    except FetchError as exc:
        assert exc.message and "\n" not in exc.message, repr(exc.message)
        return
    sightings = _sightings(result)
    for s in sightings:
        assert isinstance(s, Sighting) and s.paper_id and isinstance(s.title, str)
        for url in (s.abs_url, s.pdf_url, s.code_url):
            if url is not None:  # links are opened and exported: only splittable http(s)
                assert urlsplit(url).scheme in ("http", "https"), url
    with bounded(HANG_SECONDS):
        sink.record(sightings, NOW)


# -- mutations -------------------------------------------------------------------------

TOKENS = [b"<", b">", b"&", b"]]>", b"<![CDATA[", b"&amp;", b"&nbsp;", b"&#x9b;", b"&#0;", b"&#27;",
          b"\x00", b"\x1b[31m", b"\xff\xfe", b"\xc3", b"{", b"}", b"[", b"]", b'"', b",", b":",
          b"null", b"true", b"1e999999", b"-1", b"99999999999999999999999", b"\\u0000",
          b"\\ud800", b"\\u001b]8;;javascript:alert(1)\\u0007", b"<item>", b"</item>", b"<entry>",
          b"<!-- ", b"<?xml version='1.0'?>", b"\xe2\x80\xae"]


@st.composite
def mutated_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate", "token"]))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "truncate":
            del data[at:]
        elif op == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 512))]
        else:
            data[at:at] = draw(st.sampled_from(TOKENS))
    return bytes(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=40) | st.sampled_from(["2408.06070", "2408.06070v99999999999999999999",
                                               "javascript:alert(1)", "\x1b]0;pwned\x07", "\u202e",
                                               "https://[oops", "https://github.com/[x", "https://[::1]/a",
                                               "2026-13-45T99:99:99Z", "huggingface:x", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["paper", "id", "title", "summary", "authors", "name", "upvotes",
                         "githubRepo", "githubStars", "ai_summary", "ai_keywords", "numComments",
                         "submittedOnDailyAt", "publishedAt", "projectPage", "organization",
                         "results", "next", "count", "arxiv_id", "url_abs", "url_pdf", "published",
                         "error"]) | st.text(max_size=8), inner, max_size=5),
    max_leaves=12,
)


@st.composite
def mutated_json(draw: st.DrawFn, base: bytes) -> bytes:
    """A real answer with a few of its values, anywhere in the tree, replaced."""
    doc: Any = json.loads(base)
    for _ in range(draw(st.integers(1, 4))):
        node: Any = doc
        path: list[Any] = []
        while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)) > 0:
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            path.append(key)
            node = node[key]
        if not path:
            doc = draw(json_values)
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = draw(json_values)
    return json.dumps(doc).encode()


xml_texts = st.text(max_size=60) | st.sampled_from(
    ["oai:arXiv.org:2411.17700v999999999999999999999", "2411.17700", "", "Announce Type: new",
     "\u202eevil", "\x9b31m", "[bold red]x[/]", "javascript:alert(1)", "cs.LG", "0"])


@st.composite
def mutated_xml(draw: st.DrawFn, base: bytes) -> bytes:
    """A real feed with some elements' text replaced, or elements dropped or doubled."""
    try:
        root = ET.fromstring(base)
    except ET.ParseError:
        return base
    elements = list(root.iter())
    for _ in range(draw(st.integers(1, 5))):
        el = draw(st.sampled_from(elements))
        op = draw(st.sampled_from(["text", "drop-children", "double", "attr"]))
        if op == "text":
            el.text = "".join(c for c in draw(xml_texts) if c.isprintable() or c in "\n\t")
        elif op == "drop-children" and len(el):
            del el[draw(st.integers(0, len(el) - 1))]
        elif op == "double" and len(el):
            el.append(el[draw(st.integers(0, len(el) - 1))])
        else:
            el.set("term", draw(st.sampled_from(["", "cs.LG", "x" * 300])))
    return ET.tostring(root)


def inputs(name: str, root: Path = FIXTURES) -> st.SearchStrategy[bytes]:
    folder, kind = PARSERS[name][1], PARSERS[name][2]
    bases = samples(folder, root)
    structural = mutated_xml if kind == "xml" else mutated_json
    return st.one_of(
        st.binary(max_size=2048),
        st.sampled_from(bases).flatmap(mutated_bytes),
        st.sampled_from([b for b in bases if _decodes(b, kind)]).flatmap(structural),
    )


def _decodes(data: bytes, kind: str) -> bool:
    try:
        if kind == "json":
            json.loads(data)
        else:
            ET.fromstring(data)
    except (ValueError, ET.ParseError):
        return False
    return True


FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=1500)


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_parsers_return_papers_or_their_fetch_error(name: str, sink: Store) -> None:
    @FAST
    @given(inputs(name))
    def run(data: bytes) -> None:
        check(name, data, sink)

    run()


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("name", sorted(PARSERS))
def test_parsers_many_hostile_inputs(name: str, sink: Store) -> None:
    @SLOW
    @given(inputs(name))
    def run(data: bytes) -> None:
        check(name, data, sink)

    run()


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("name", sorted(PARSERS))
def test_parsers_on_mutated_recordings_from_the_live_services(name: str, sink: Store) -> None:
    """Conformance: the recordings in ../shared/fixtures, mutated the same way."""
    if not (SHARED_FIXTURES / PARSERS[name][1]).is_dir():
        pytest.skip("../shared/fixtures is not here")

    @settings(SLOW, max_examples=400)
    @given(inputs(name, SHARED_FIXTURES))
    def run(data: bytes) -> None:
        check(name, data, sink)

    run()


# -- hostile documents, by name ---------------------------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                  + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
                             for i in range(9))
                  + b']><rss><channel><title>&j;</title><item><title>&j;</title></item></channel></rss>')
QUADRATIC = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"x" * 50_000 + b'">]>'
             b"<rss><channel><item><title>" + b"&a;" * 50_000 + b"</title></item></channel></rss>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b"<rss><channel><item><guid>oai:arXiv.org:2411.17700v1</guid><title>&x;</title></item>"
       b"</channel></rss>")
DEEP_XML = b"<rss><channel>" + b"<item>" * 100_000 + b"</item>" * 100_000 + b"</channel></rss>"
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
HUGE_NUMBERS = json.dumps([{"paper": {"id": "2408.06070v99999999999999999999", "title": "t",
                                      "upvotes": 10**30, "githubStars": -10**30,
                                      "githubRepo": "https://github.com/a/b"},
                            "numComments": 10**40}]).encode()
HOSTILE = {"billion-laughs": BILLION_LAUGHS, "quadratic-blowup": QUADRATIC, "xxe": XXE,
           "deep-xml": DEEP_XML, "deep-json": DEEP_JSON, "huge-numbers": HUGE_NUMBERS}


@pytest.mark.parametrize("doc", sorted(HOSTILE))
@pytest.mark.parametrize("name", sorted(PARSERS))
def test_hostile_documents(name: str, doc: str, sink: Store) -> None:
    check(name, HOSTILE[doc], sink)


def test_an_external_entity_is_never_read() -> None:
    try:
        result = parse_announcements(XXE, announce_types=("new",), fallback_day=DAY)
    except FetchError:
        return
    assert all("root:" not in s.title for s in result.sightings)
