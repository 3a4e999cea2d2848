"""Text as a BibTeX field value: arXiv's TeX passed through, anything else escaped (pure).

BibTeX matches braces without regard to backslashes, so every brace must have its
partner or a lone `{` from a title ends the entry early even as `\\{`. Two kinds of
text arrive here:

- arXiv's original TeX (`Schr\\"odinger`, `$\\zeta$-function`, `S{\\o}ren`): it already
  is what LaTeX wants, so it passes through; only what would break the entry or the
  document is escaped: unmatched braces, `\\{` `\\}` (BibTeX counts those braces too),
  a stray `%`, `#` or `&`, `_` and `^` outside math, a `$` that opens no math, a
  trailing backslash, and `<` `>` `|`, which LaTeX's default OT1 encoding misprints;
- plain text (from a source without TeX, or arXiv text that had none): every character
  LaTeX treats specially is escaped, so it prints exactly as the text.

Math shorthands that papers define for themselves (`\\R`, `\\eps`, `\\cO`) are written
in standard LaTeX (`\\mathbb{R}`), since the citing document does not define them.
In both, accented letters are written the way BibTeX counts as one letter (`{\\"u}`,
`{\\l}`), and Greek as math (`$\\zeta$`); BibTeX, biber and pybtex all read them.
"""

from __future__ import annotations

import re

from paperfeed.text import one_line
from paperfeed.text.latex import segments
from paperfeed.text.tex_letters import char_to_tex
from paperfeed.text.tex_macros import STANDARD

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    # LaTeX's default OT1 font encoding prints these three as ¡, ¿ and an em dash
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
_SPECIAL_RE = re.compile(r"[\\{}%&$#_~^<>|]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# In TeX prose: a control word, a control symbol, a brace, or a character to escape.
_TEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\\$|[{}%&#_^<>|$]|~(?=\d)", re.DOTALL)
_PROSE_ESCAPES = {**_SPECIAL, "~": r"\textasciitilde{}", "$": r"\$"}
_MATH_ESCAPES = {"%": r"\%", "#": r"\#", "&": r"\&"}


def plain(text: str | None) -> str:
    """Plain text as a field value that LaTeX prints exactly as the text."""
    return letters(_SPECIAL_RE.sub(lambda m: _SPECIAL[m[0]], one_line(text)))


def tex(text: str | None) -> str:
    """arXiv's TeX as a field value: passed through, with braces balanced and the
    characters that would break an entry or a document escaped."""
    parts: list[str] = []
    for segment, is_math in segments(one_line(text)):
        if is_math:
            parts.append("$" + _tex_run(segment, math=True) + "$")
        else:
            parts.append(_tex_run(segment, math=False))
    return letters(_balance("".join(parts)))


def letters(text: str) -> str:
    """Non-ASCII letters as TeX commands where TeX has one; anything else stays UTF-8."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: char_to_tex(m[0]) or m[0], text)


def _tex_run(text: str, *, math: bool) -> str:
    escapes = _MATH_ESCAPES if math else _PROSE_ESCAPES

    def token(match: re.Match[str]) -> str:
        tok = match[0]
        if tok in (r"\{", r"\}"):
            return _SPECIAL[tok[1]]
        if tok == "\\":
            return _SPECIAL["\\"]
        if math and tok[1:] in STANDARD:
            return STANDARD[tok[1:]]
        if tok.startswith("\\") or tok in "{}":
            return tok
        return escapes.get(tok, tok)

    return _TEX_TOKEN.sub(token, text)


def _balance(text: str) -> str:
    """Every brace without a partner written as `\\textbraceleft{}`/`\\textbraceright{}`."""
    if "{" not in text and "}" not in text:
        return text
    lone: set[int] = set()
    opened: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2  # a control symbol; `\{` and `\}` were already written out
            continue
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                lone.add(i)
        i += 1
    lone.update(opened)
    if not lone:
        return text
    return "".join(_SPECIAL[ch] if i in lone else ch for i, ch in enumerate(text))
