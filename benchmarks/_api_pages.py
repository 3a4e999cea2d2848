"""Large arXiv API pages made of real entries: the entries of a recorded page
(../shared/fixtures/arxiv-api) repeated with fresh ids, dates and categories, inside
that page's own feed header with the paging numbers set."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from _common import API_PAGE, need_fixture

_ENTRY = re.compile(rb"<entry>.*?</entry>\s*", re.DOTALL)
_ID = re.compile(rb"<id>[^<]*</id>")
_PUBLISHED = re.compile(rb"<published>[^<]*</published>")
_PRIMARY = re.compile(rb'<arxiv:primary_category term="[^"]*"')


@cache
def _parts() -> tuple[bytes, tuple[bytes, ...], bytes]:
    data = need_fixture(API_PAGE).read_bytes()
    entries = tuple(m.group(0) for m in _ENTRY.finditer(data))
    head = data[:data.index(b"<entry>")]
    tail = data[data.rindex(b"</entry>") + len(b"</entry>"):].lstrip()
    return head, entries, b"  " + tail


def _header(head: bytes, total: int, start: int, per_page: int) -> bytes:
    head = re.sub(rb"<opensearch:totalResults>\d+", b"<opensearch:totalResults>%d" % total, head)
    head = re.sub(rb"<opensearch:startIndex>\d+", b"<opensearch:startIndex>%d" % start, head)
    return re.sub(rb"<opensearch:itemsPerPage>\d+", b"<opensearch:itemsPerPage>%d" % per_page, head)


def page(start: int, count: int, total: int, *, first_day: date = date(2026, 11, 16),
         per_day: int = 1_000_000, categories: tuple[str, ...] = ("cs.LG",)) -> bytes:
    """Entries `start`..`start + count` of a result set of `total` papers, `per_day` of
    them submitted each day from `first_day`, primaries cycling through `categories`."""
    head, entries, tail = _parts()
    out = [_header(head, total, start, count)]
    for n in range(start, min(start + count, total)):
        entry = entries[n % len(entries)]
        day = first_day + timedelta(days=n // per_day)
        cat = categories[n % len(categories)].encode()
        entry = _ID.sub(b"<id>http://arxiv.org/abs/%s.%05dv1</id>"
                        % (f"{day:%y%m}".encode(), n % 100_000), entry, count=1)
        entry = _PUBLISHED.sub(b"<published>%sT12:00:00Z</published>" % day.isoformat().encode(), entry)
        entry = _PRIMARY.sub(b'<arxiv:primary_category term="%s"' % cat, entry)
        out.append(b"  " + entry)
    out.append(tail)
    return b"".join(out)
