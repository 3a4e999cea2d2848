"""What a user types into `search`, made into an FTS5 query (pure).

FTS5's own syntax rejects much of what people search for: `self-supervised`,
`GPT-4`, `C++`, `2408.06070` and `it's` are all syntax errors there. So words
with punctuation are quoted into phrases (`"self-supervised"` matches the words
self and supervised, next to each other, exactly as the text was indexed),
while the syntax people use on purpose passes through: "phrases", prefix*,
field:word, AND/OR/NOT, parentheses and NEAR(...).

A query that is malformed on purpose or by accident (an unclosed quote, a lone
AND, a field that does not exist) is refused with a UsageError that says how to
write it, before SQLite sees it.
"""

from __future__ import annotations

import re

from paperfeed.errors import UsageError
from paperfeed.text.tex_letters import accents_to_unicode

FIELDS = {"title": "title", "abstract": "abstract", "authors": "authors", "author": "authors"}
OPERATORS = ("AND", "OR", "NOT")
HOW = 'write words, "a phrase", a prefix like diffus*, or a field like title:word'

_BAREWORD = re.compile(r"[\w\u0080-\U0010ffff]+", re.UNICODE)
_WORDLIKE = re.compile(r"[^\W_]")
_FIELD = re.compile(r"(?P<field>[A-Za-z]+):(?P<rest>.*)", re.DOTALL)


def to_fts(query: str) -> str:
    """The FTS5 MATCH expression for `query`; UsageError if it cannot be one.

    The index holds readable text with accents folded, so a name typed the way arXiv
    writes it (`G\\"unther`) is read as the letters it spells first."""
    if "\\" in query:
        query = accents_to_unicode(query)
    tokens = _tokens(query)
    _check_operators(tokens, query)
    if not any(_WORDLIKE.search(t) for t in tokens if t not in OPERATORS and not t.endswith(":")):
        raise UsageError(f"nothing to search for in {query!r}; {HOW}")
    return " ".join(tokens)


def _tokens(query: str) -> list[str]:
    tokens: list[str] = []
    depth = 0
    near_depth: list[int] = []  # paren depths opened by NEAR(, inside which commas are syntax
    i = 0
    while i < len(query):
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = _closing_quote(query, i)
            star = "*" if query[end + 1:end + 2] == "*" else ""
            tokens.append(query[i:end + 1] + star)
            i = end + 1 + len(star)
        elif ch == "(":
            depth += 1
            if tokens and tokens[-1] == "NEAR":
                near_depth.append(depth)
            tokens.append(ch)
            i += 1
        elif ch == ")":
            if depth == 0:
                raise UsageError(f"cannot search for {query!r}: a ')' has no '(' before it; "
                                 "balance the parentheses, like (graph OR mesh) AND diffusion")
            if near_depth and near_depth[-1] == depth:
                near_depth.pop()
            depth -= 1
            tokens.append(ch)
            i += 1
        elif ch == ",":
            if near_depth:
                tokens.append(ch)
            i += 1
        else:
            end = i
            while end < len(query) and not query[end].isspace() and query[end] not in '"(),':
                end += 1
            tokens.extend(_word(query[i:end], query))
            i = end
    if depth:
        raise UsageError(f"cannot search for {query!r}: a '(' is never closed; "
                         "balance the parentheses, like (graph OR mesh) AND diffusion")
    return tokens


def _closing_quote(query: str, start: int) -> int:
    """FTS5 writes a quote inside a phrase as two quotes: skip those."""
    i = start + 1
    while True:
        end = query.find('"', i)
        if end < 0:
            raise UsageError(f'cannot search for {query!r}: a quote (") is not closed; '
                             'write a phrase with a quote on each side, like "graph neural"')
        if query[end + 1:end + 2] == '"':
            i = end + 2
            continue
        return end


def _word(word: str, query: str) -> list[str]:
    if word in OPERATORS or word == "NEAR":
        return [word]
    field = _FIELD.fullmatch(word)
    if field:
        name = field["field"].lower()
        if name not in FIELDS:
            raise UsageError(f"cannot search for {query!r}: there is no field '{field['field']}:'; "
                             "use title:, abstract: or authors: (or quote the word)")
        rest = field["rest"]
        return [f"{FIELDS[name]}:", *(_term(rest),)] if rest else [f"{FIELDS[name]}:"]
    return [_term(word)]


def _term(word: str) -> str:
    caret = "^" if word.startswith("^") and len(word) > 1 else ""
    body = word[len(caret):]
    star = "*" if body.endswith("*") and len(body) > 1 else ""
    stem = body[:-1] if star else body
    if _BAREWORD.fullmatch(stem) and stem not in OPERATORS and stem != "NEAR":
        return caret + stem + star
    return caret + '"' + stem.replace('"', '""') + '"' + star


def _check_operators(tokens: list[str], query: str) -> None:
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.endswith(":") and (after is None or after in OPERATORS or after in (")", ",")):
            raise UsageError(f"cannot search for {query!r}: {token} needs a word after it, "
                             f"like {token}diffusion or {token}\"graph neural\"")
        if token in OPERATORS and (
                before is None or before in OPERATORS or before == "(" or before.endswith(":")
                or after is None or after in OPERATORS or after == ")"):
            raise UsageError(
                f"cannot search for {query!r}: {token} needs a word on each side, like "
                f"'graph {token} diffusion'; to search for the word itself, write it in "
                f'lower case or quote it ("{token}")'
            )
