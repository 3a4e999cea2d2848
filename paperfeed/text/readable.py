"""The one rule for remote text: arXiv's TeX is kept, and a readable form is made once.

The store calls these when it records a paper, so every screen, `list`, `search`
(what is indexed and the snippets), `show`, plain mode and JSON read the same
readable text, and only BibTeX goes back to the original. Names get one more step:
arXiv's feed writes affiliations into `dc:creator` (`Benjamin R\\'emy (LEMTA)`), and
an affiliation is not part of a name.
"""

from __future__ import annotations

import re

from paperfeed.text import clean, one_line
from paperfeed.text.latex import to_unicode

_AFFILIATION = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<affiliation>.*)\)\s*$", re.DOTALL)


def readable_line(text: str) -> str:
    """A title, name or affiliation as a reader sees it: one line, TeX as Unicode."""
    flat = one_line(text)
    if "\\" not in flat and "$" not in flat:
        return flat
    return one_line(to_unicode(flat))


def readable_text(text: str) -> str:
    """An abstract as a reader sees it. Display math in an abstract would leave line
    breaks; converted text is folded to single spaces like the feed's own abstracts."""
    cleaned = clean(text).strip()
    if "\\" not in cleaned and "$" not in cleaned:
        return cleaned
    converted = to_unicode(cleaned)
    return cleaned if converted == cleaned else " ".join(converted.split())


def split_affiliation(name: str) -> tuple[str, str]:
    """`Benjamin R\\'emy (LEMTA)` -> (`Benjamin R\\'emy`, `LEMTA`); a name without one -> (name, "")."""
    text = one_line(name)
    match = _AFFILIATION.match(text) if text.endswith(")") else None
    if match is None or not match["name"]:
        return text, ""
    return match["name"], one_line(match["affiliation"])
