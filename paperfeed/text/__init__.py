"""Core: cleaning untrusted text from the network, and TeX made readable (`latex`).
May import: the standard library and pylatexenc; nothing else of paperfeed but errors.

Titles, abstracts, author names and AI summaries are written by strangers. An
escape sequence in them could recolour the terminal, move the cursor, retitle the
window or plant an OSC 8 hyperlink; a bidirectional override could make text read
differently from what it is. They are removed here, once, before storing; the
display layers additionally escape markup (rich, Markdown, BibTeX) for their target.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-byte escapes (ESC + one char).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d.*?(?:\x07|\x9c|$)"
    r"|\x1b.?",
    re.DOTALL,
)
# C0 and C1 controls except tab and newline, DEL, the bidi controls (LRE..RLO,
# LRI..PDI, LRM/RLM/ALM) that can disguise text, and lone surrogates (JSON's
# "\ud800" decodes to one; it is no character and cannot be written as UTF-8).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                       r"\ud800-\udfff]")


# Controls that `str.split` treats as whitespace; `clean` removes them instead.
_SPLIT_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"


def clean(text: str | None) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs."""
    if not text:
        return "" if text is None else text
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))


def one_line(text: str | None) -> str:
    """Clean text folded to a single line (titles, author names).

    Hot: parsing a big API page calls it on ~30,000 fields, most of them already one
    clean line. Printable text has no whitespace but spaces, so without doubled or
    outer spaces it is returned as it is; otherwise split/join, several times faster
    than a regular expression."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    # Text whose only non-printables are line breaks and tabs (an abstract from HTML): once
    # split, it is printable. `clean` deletes the controls that `split` takes for spaces
    # (`\x0b`, `\x1c`, NEL...), so with one of those it must run; every other control
    # survives the split and leaves the result unprintable.
    joined = " ".join(text.split())
    if joined.isprintable() and not any(c in text for c in _SPLIT_CONTROLS):
        return joined
    return " ".join(clean(text).split())


def plural(n: int, word: str) -> str:
    """`1 paper`, `2 papers`: the one English plural every screen and report uses."""
    return f"{n} {word}{'' if n == 1 else 's'}"
