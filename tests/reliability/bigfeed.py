"""A big announcement feed in arXiv's RSS wire format, made from the real items of
`tests/fixtures/arxiv-rss/excerpt.xml` with their ids renumbered, so that a fetch
has thousands of papers to parse and write."""

from __future__ import annotations

import re

from .support import FIXTURES

_ITEM = re.compile(rb"<item>.*?</item>", re.DOTALL)
_ID = re.compile(rb"\d{4}\.\d{5}")


def _templates() -> tuple[bytes, list[bytes], bytes]:
    data = (FIXTURES / "arxiv-rss" / "excerpt.xml").read_bytes()
    items = [m.group(0) for m in _ITEM.finditer(data)]
    new = [i for i in items if b"<arxiv:announce_type>new<" in i]
    head = data[: data.index(b"<item>")]
    tail = data[data.rindex(b"</item>") + len(b"</item>"):]
    return head, new, tail


HEAD, TEMPLATES, TAIL = _templates()


def paper_id(n: int) -> str:
    return f"2412.{n:05d}"


def feed(trial: int, batch: int) -> bytes:
    """Trial t lists ids [t*batch, (t+2)*batch), titled with t, as arXiv would."""
    parts = [HEAD]
    for n in range(trial * batch, (trial + 2) * batch):
        item = TEMPLATES[n % len(TEMPLATES)]
        old = _ID.search(item)
        assert old is not None
        item = item.replace(old.group(0), paper_id(n).encode())
        item = re.sub(rb"<title>(.*?)</title>", rb"<title>trial %d: \1</title>" % trial, item, count=1,
                      flags=re.DOTALL)
        parts.append(item)
    parts.append(TAIL)
    return b"\n".join(parts)
