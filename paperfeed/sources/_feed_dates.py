"""Feed dates as feedparser's `_parse_date` reads them, for the two formats feeds use
(pure; the fast feed path's helper).

RFC 822 (`Sat, 28 Nov 2026 10:00:00 +0000`, RSS 2.0's pubDate) and W3C-DTF / ISO 8601
(`2026-11-28`, `2026-11-28T10:30:00-05:00`, Atom and Dublin Core). Anything else raises
ValueError, so the fast path declines the feed and feedparser, with its dozen date
handlers, reads it: a date is never guessed differently by the two paths.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

_W3DTF = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[Tt](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?"
                    r"(?:([Zz])|([+-])(\d\d):(\d\d))?)?")
_RFC822 = re.compile(r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(\d{1,2})\s+([a-z]+)\s+(\d{4})\s+"
                     r"(\d{1,2}):(\d\d)(?::(\d\d))?\s+(?:(gmt|ut|utc|z|[ecmp][sd]t)|([+-])(\d\d)(\d\d))",
                     re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                       "oct", "nov", "dec"), 1)}
_ZONES = {"gmt": 0, "ut": 0, "utc": 0, "z": 0, "edt": -4, "est": -5, "cdt": -5, "cst": -6,
          "mdt": -6, "mst": -7, "pdt": -7, "pst": -8}


def parse(value: str) -> time.struct_time | None:
    """The date in UTC as feedparser gives it; None for an empty value; ValueError when
    the value is in neither format (the caller then lets feedparser read the feed)."""
    if not value:
        return None
    if m := _W3DTF.fullmatch(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        hour, minute, second = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
        sign, hours, minutes = m[8], int(m[9] or 0), int(m[10] or 0)
    elif m := _RFC822.fullmatch(value):
        month = _MONTHS.get(m[2][:3].lower(), 0)
        if not month or (len(m[2]) > 3 and m[2].lower() not in _FULL_MONTHS):
            raise ValueError("an unknown month")
        year, day = int(m[3]), int(m[1])
        hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
        if m[7]:
            sign, hours, minutes = ("-" if _ZONES[m[7].lower()] < 0 else "+"), abs(_ZONES[m[7].lower()]), 0
        else:
            sign, hours, minutes = m[8], int(m[9]), int(m[10])
    else:
        raise ValueError("a date format the fast path does not read")
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    return (datetime(year, month, day, hour, minute, second) - offset).utctimetuple()


_FULL_MONTHS = {"january", "february", "march", "april", "june", "july", "august", "september",
                "sept", "october", "november", "december"}
