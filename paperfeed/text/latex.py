"""TeX in titles and abstracts, shown as Unicode: `$\\alpha$` as α, `\\mathcal{O}(n^2)` as 𝒪(n²).

arXiv titles and abstracts are written in TeX, and raw `$\\mathcal{O}(n^2)$` is hard to
read in a terminal. pylatexenc does the conversion; this module only decides *what*
it sees, because handing it a whole abstract is both slow (~8 ms for 1,200 chars)
and wrong for prose: `%` starts a TeX comment (it would cut "100% of R&D" to "100"),
and "$5 and $6" is money, not math. So:

- text without a backslash or a dollar sign is returned as it is (the common case);
- math is only `$...$` / `$$...$$` / `\\(...\\)` whose dollars hug non-space text and
  whose closing dollar is not followed by a digit (pandoc's rule);
- prose between math is converted only if it holds a backslash, with `%`, `&`, `#`
  and `~` protected so they keep their everyday meaning;
- super- and subscripts that Unicode can spell (`n^2`, `x_{10}`, `^{-1}`) become ², ₁₀, ⁻¹.

It never raises: on anything pylatexenc chokes on, the original text is returned.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from paperfeed.text import clean

_MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
    r"|(?<!\\)\$(?=[^\s$])(?P<inline>(?:\\\$|[^$])+?)(?<=[^\s\\])\$(?!\d)"
    r"|\\\((?P<paren>.+?)\\\)",
    re.DOTALL,
)
_PROSE_SPECIALS = re.compile(r"(?<!\\)([%&#])")
_TILDE = "\ue000"  # a private-use stand-in for `~`, which TeX would turn into a space

_SUPERSCRIPTS = dict(zip("0123456789+-=()niaeoxhkmpst", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵉᵒˣʰᵏᵐᵖˢᵗ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True))
_SCRIPT = re.compile(r"(?P<macro>\\[A-Za-z]+)?(?P<op>[\^_])(?:\{(?P<group>[^{}]*)\}|(?P<char>[A-Za-z0-9]))")


def to_unicode(text: str | None) -> str:
    """`text` with its TeX rendered as Unicode; plain text comes back unchanged."""
    if not text:
        return text or ""
    if "\\" not in text and "$" not in text:
        return text
    return _convert(text)


@functools.lru_cache(maxsize=4096)
def _convert(text: str) -> str:
    try:
        parts: list[str] = []
        last = 0
        for match in _MATH.finditer(text):
            parts.append(_prose(text[last:match.start()]))
            math = match["display"] or match["inline"] or match["paren"] or ""
            parts.append(_math(math))
            last = match.end()
        parts.append(_prose(text[last:]))
        return clean("".join(parts))
    except Exception:  # pylatexenc has raised IndexError on odd input; show it raw instead
        return text


def _prose(segment: str) -> str:
    if "\\" not in segment:
        return segment
    protected = _PROSE_SPECIALS.sub(r"\\\1", segment).replace("~", _TILDE)
    return _latex_to_text(protected).replace(_TILDE, "~")


def _math(segment: str) -> str:
    return _latex_to_text("$" + _SCRIPT.sub(_script, segment) + "$").strip()


def _script(match: re.Match[str]) -> str:
    table = _SUPERSCRIPTS if match["op"] == "^" else _SUBSCRIPTS
    body = match["group"] if match["group"] is not None else match["char"]
    if not body or any(ch not in table for ch in body):
        return match[0]
    # `{}` ends a preceding macro name, so `\alpha^n` does not become `\alphaⁿ`.
    prefix = match["macro"] + "{}" if match["macro"] else ""
    return prefix + "".join(table[ch] for ch in body)


def _latex_to_text(source: str) -> str:
    result: str = _converter().latex_to_text(source)
    return result


@functools.cache
def _converter() -> Any:
    # Imported on first use: plain titles never pay for loading pylatexenc.
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")
