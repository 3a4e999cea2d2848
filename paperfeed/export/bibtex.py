"""BibTeX export: one `@misc` entry per paper, as arXiv itself exports them (pure);
a feed paper from a journal (no arXiv id, a journal name) is an `@article` with its
`journal` and `doi`.

Titles, authors and abstracts go out as arXiv wrote them, in TeX, when arXiv's
original had TeX (`Paper.title_tex` and friends), and as escaped plain text
otherwise; `tex_field` does both and keeps every brace matched.

Citation keys are `lastname` + `year` + first significant title word, folded to
ASCII (Müller, 2024, "On Diffusion" -> `muller2024diffusion`). Papers whose keys collide
all get a suffix a, b, c... in the order of their ids, so the same set of papers
always gets the same keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from paperfeed.export import tex_field
from paperfeed.models import Paper
from paperfeed.text import one_line

_FOLD = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d",
         "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "ı": "i"}
_STOPWORDS = frozenset((
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "without", "towards",
    "toward", "via", "from", "by", "at", "into", "is", "are", "be", "do", "does", "can", "we",
    "our", "you", "your", "it", "its", "this", "that", "what", "how", "why", "when", "not", "all",
))
_URL_SAFE = ":/?#@!$&*+,;=%-._~()[]"  # braces, backslash and spaces are percent-encoded


def escape(text: str | None) -> str:
    """Remote text as a BibTeX field value that LaTeX prints exactly as the text."""
    return tex_field.plain(text)


def _text(readable: str, original: str | None) -> str:
    """arXiv's TeX where the text had some, else the plain text escaped."""
    return tex_field.tex(original) if original is not None else tex_field.plain(readable)


def ascii_fold(text: str) -> str:
    """`Müller` -> `Muller`: letters that decompose lose their accents, the rest are dropped."""
    mapped = "".join(_FOLD.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFKD", mapped).encode("ascii", "ignore").decode("ascii")


def citation_keys(papers: list[Paper]) -> dict[str, str]:
    """A unique key for each paper id; colliding keys get a, b, c by paper id."""
    groups: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        ids = groups[base_key(paper)]
        if paper.id not in ids:
            ids.append(paper.id)
    keys: dict[str, str] = {}
    used = {base for base, ids in groups.items() if len(ids) == 1}
    for base, ids in sorted(groups.items()):
        if len(ids) == 1:
            keys[ids[0]] = base
            continue
        suffixes = _suffixes()
        for paper_id in sorted(ids):
            key = base + next(suffixes)
            while key in used:
                key = base + next(suffixes)
            used.add(key)
            keys[paper_id] = key
    return keys


def base_key(paper: Paper) -> str:
    return f"{_last_name(paper)}{_year(paper)}{_title_word(paper)}"


def bibtex(papers: list[Paper], *, abstracts: bool = False) -> str:
    keys = citation_keys(papers)
    return "\n".join(_entry(p, keys[p.id], abstracts=abstracts) for p in papers)


def _entry(paper: Paper, key: str, *, abstracts: bool) -> str:
    fields: list[tuple[str, str]] = [("title", _text(paper.title, paper.title_tex) or escape(paper.id))]
    if paper.authors:
        originals = paper.authors_tex or (None,) * len(paper.authors)
        fields.append(("author", " and ".join(
            _author(_text(name, tex)) for name, tex in zip(paper.authors, originals, strict=False))))
    fields.append(("year", _year(paper)))
    article = ":" in paper.id and bool(paper.journal_ref and paper.journal_ref.strip())
    if article:
        fields.append(("journal", escape(paper.journal_ref)))
    if ":" not in paper.id:  # an arXiv id; `<source>:<id>` papers have none
        fields += [("eprint", paper.id), ("archivePrefix", "arXiv")]
        if primary := paper.main_category:
            fields.append(("primaryClass", escape(primary)))
    if link := _url(paper.abs_url) or _url(paper.code_url):
        fields.append(("url", link))
    if paper.doi and (doi := _verbatim(paper.doi)):
        fields.append(("doi", doi))
    if abstracts and paper.abstract.strip():
        fields.append(("abstract", _text(paper.abstract, paper.abstract_tex)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{'article' if article else 'misc'}{{{key},\n{body}}}\n"


def _author(escaped: str) -> str:
    """Brace a name BibTeX would misread: one with a comma or a standalone `and`."""
    if "," in escaped or re.search(r"\band\b", escaped, re.IGNORECASE):
        return "{" + escaped + "}"
    return escaped


def _url(value: str | None) -> str | None:
    try:
        scheme = urlsplit(value.strip()).scheme.lower() if value else ""
    except ValueError:  # 'https://[': an unclosed IPv6 bracket
        return None
    return _verbatim(value) if value and scheme in ("http", "https") else None


def _verbatim(value: str) -> str:
    """URL and DOI fields are read verbatim: only what could unbalance braces is encoded."""
    return quote(one_line(value), safe=_URL_SAFE + "<>;'\"")


def _last_name(paper: Paper) -> str:
    if not paper.authors:
        return "anon"
    first = one_line(paper.authors[0])
    last = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    return _slug(last) or _slug(first) or "anon"


def _year(paper: Paper) -> str:
    if paper.published and paper.published[:4].isdigit():
        return paper.published[:4]
    if re.fullmatch(r"\d{4}\.\d{4,5}", paper.id):
        return "20" + paper.id[:2]
    if paper.first_seen[:4].isdigit():
        return paper.first_seen[:4]
    return "nd"


def _title_word(paper: Paper) -> str:
    for word in re.split(r"[^A-Za-z0-9]+", ascii_fold(one_line(paper.title)).lower()):
        if word and not word.isdigit() and word not in _STOPWORDS:
            return word
    return ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def _suffixes() -> Iterator[str]:
    """a, b, ..., z, aa, ab, ...: enough for any number of collisions."""
    n = 0
    while True:
        n += 1
        label, k = "", n
        while k:
            k, rem = divmod(k - 1, 26)
            label = chr(ord("a") + rem) + label
        yield label
