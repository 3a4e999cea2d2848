"""Reading a reference list: BibTeX (Zotero, Better BibTeX, a thesis .bib), Zotero's
CSL JSON, or plain lines of arXiv ids and URLs. Pure: text in, references out.

BibTeX is read with bibtexparser (maintained, and it survives a broken entry by
reporting it as a failed block while parsing the rest); titles and names are TeX,
turned readable by paperfeed.text.latex. Every way a reference can name its arXiv
id is tried: `eprint` (with or without `archivePrefix`), an arxiv.org `url`, a
`doi` of the form 10.48550/arXiv.ID, and `note`/`journal`/`number` text such as
"arXiv:2408.06070" (Zotero writes it there for preprints).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from paperfeed.errors import InvalidIdError
from paperfeed.models import parse_paper_id
from paperfeed.text import one_line
from paperfeed.text.latex import to_unicode

_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.|arxiv\s*[:.]\s*)"
    r"((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)", re.IGNORECASE)
_BARE = re.compile(r"^\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)\s*$", re.IGNORECASE)
_ID_FIELDS = ("eprint", "url", "doi", "note", "journal", "journaltitle", "number", "howpublished",
              "archiveprefix", "URL", "DOI")


@dataclass(frozen=True, slots=True)
class Reference:
    key: str  # the entry's citation key, or a stable key made from its title
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    references: tuple[Reference, ...]
    skipped: tuple[str, ...] = field(default=())  # one line per malformed entry


def parse(text: str) -> Parsed:
    """Whichever of the three formats `text` is."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return parse_csl_json(stripped)
    if re.search(r"^\s*@\w+\s*[{(]", text, re.MULTILINE):
        return parse_bibtex(text)  # unstripped, so reported line numbers are the file's
    return parse_id_lines(text)


def parse_bibtex(text: str) -> Parsed:
    from bibtexparser.entrypoint import parse_string

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # failures are reported below
    library = parse_string(text)
    refs, skipped = [], []
    for entry in library.entries:
        fields = {k.lower(): str(f.value) for k, f in entry.fields_dict.items()}
        title = _tex(fields.get("title", ""))
        if not title and not _arxiv_in(fields):
            skipped.append(f"{entry.key}: no title and no arXiv id")
            continue
        authors = tuple(_name(a) for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip())
        refs.append(Reference(entry.key, title, _tex(fields.get("abstract", "")), authors, _arxiv_in(fields)))
    for block in library.failed_blocks:
        first = one_line(block.raw)[:60]
        skipped.append(f"malformed entry at line {(block.start_line or 0) + 1}: {first}")
    return Parsed(tuple(refs), tuple(skipped))


def parse_csl_json(text: str) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Parsed((), (f"not valid JSON (line {exc.lineno}): {exc.msg}",))
    items = data if isinstance(data, list) else data.get("items", []) if isinstance(data, dict) else []
    refs, skipped = [], []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            skipped.append(f"item {i + 1}: not an object")
            continue
        fields = {k.lower(): str(v) for k, v in item.items() if isinstance(v, str | int)}
        title = one_line(fields.get("title", ""))
        arxiv = _arxiv_in(fields)
        if not title and not arxiv:
            skipped.append(f"item {i + 1}: no title and no arXiv id")
            continue
        authors = tuple(_csl_name(a) for a in item.get("author", []) if isinstance(a, dict))
        key = str(item.get("id") or "") or _key(title)
        refs.append(Reference(key, title, one_line(fields.get("abstract", "")), authors, arxiv))
    return Parsed(tuple(refs), tuple(skipped))


def parse_id_lines(text: str) -> Parsed:
    refs, skipped = [], []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = _arxiv_in({"line": line})
        if found is None:
            skipped.append(f"line {n}: no arXiv id in {one_line(line)[:60]!r}")
            continue
        refs.append(Reference(found, "", arxiv_id=found))
    return Parsed(tuple(refs), tuple(skipped))


def _arxiv_in(fields: Mapping[str, str]) -> str | None:
    """The canonical arXiv id named anywhere in the reference's fields, if any."""
    eprint = fields.get("eprint", "")
    prefix = (fields.get("archiveprefix", "") + fields.get("eprinttype", "")).lower()
    candidates: Iterable[str] = []
    if eprint and (not prefix or "arxiv" in prefix):
        candidates = [m.group(1) for m in (_BARE.match(eprint),) if m]
    values = list(fields.values())
    found = [*candidates, *(m.group(1) for v in values for m in _ARXIV.finditer(v))]
    if not found and "line" in fields:
        found = [m.group(1) for m in (_BARE.match(fields["line"]),) if m]
    for raw in found:
        try:
            return parse_paper_id(raw).id
        except InvalidIdError:
            continue
    return None


def _tex(value: str) -> str:
    return one_line(to_unicode(value)).replace("{", "").replace("}", "")


def _name(raw: str) -> str:
    """`Doe, Jane` as `Jane Doe`, TeX accents resolved."""
    name = _tex(raw)
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}".strip()
    return name


def _csl_name(author: Mapping[str, object]) -> str:
    name = f"{author.get('given', '')} {author.get('family', '')}".strip()
    return one_line(name or str(author.get("literal", "")))


def _key(title: str) -> str:
    return "title:" + hashlib.sha256(" ".join(title.lower().split()).encode()).hexdigest()[:16]
