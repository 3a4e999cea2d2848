"""TeX in titles, abstracts and names, shown as Unicode: `$\\alpha$` as α, `\\mathcal{O}(n^2)` as 𝒪(n²).

arXiv writes its metadata in TeX, and raw `$\\mathcal{O}(n^2)$` or `G\\"unther` is hard
to read. The store keeps arXiv's original and a readable form made here, once, when
a paper is recorded. pylatexenc does the general conversion; this module decides
*what* it sees, because handing it a whole abstract is both slow (~8 ms for 1,200
chars) and wrong for prose: `%` starts a TeX comment (it would cut "100% of R&D" to
"100"), and "$5 and $6" is money, not math. So:

- text without a backslash or a dollar sign is returned as it is (the common case);
- accent and special-letter commands (`\\"o`, `\\~n`, `\\c{c}`, `{\\o}`, `{\\ss}`) become
  their letters by table (`tex_letters`), which is all most names and many titles need;
- math is only `$...$` / `$$...$$` / `\\(...\\)` whose dollars hug non-space text and
  whose closing dollar is not followed by a digit (pandoc's rule);
- prose between math goes to pylatexenc only if a backslash is left in it, with `%`,
  `&`, `#` and `~` protected so they keep their everyday meaning;
- super- and subscripts that Unicode can spell (`n^2`, `x_{10}`, `^{-1}`) become ², ₁₀, ⁻¹;
- common math macros (`\\R` ℝ, `\\eps` ε, `\\cO` 𝒪, ...) are known, and any macro still
  unknown is shown as written (`\\foo`, `\\foo{x}`), never silently dropped.

It never raises: on anything pylatexenc chokes on, the original text is returned.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from typing import Any

from paperfeed.text import clean, tex_macros
from paperfeed.text.tex_letters import accents_to_unicode

MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
    r"|(?<!\\)\$(?=[^\s$])(?P<inline>(?:\\\$|[^$])+?)(?<=[^\s\\])\$(?!\d)"
    r"|\\\((?P<paren>.+?)\\\)",
    re.DOTALL,
)
_PROSE_SPECIALS = re.compile(r"(?<!\\)([%&#])")
_TILDE = re.compile(r"(?<!\\)~")
_GROUP_BRACES = re.compile(r"(?<!\\)[{}]")
_KEEP = "\ue000"  # private-use stand-ins: `~` in prose, and unknown macros kept as written
_OPEN, _CLOSE = "\ue001", "\ue002"
_PRIVATE = re.compile("[\ue000-\ue002]")
_MACRO = re.compile(r"\\(?P<name>[A-Za-z]+)(?P<space>\s*)(?P<arg>\{[^{}$]*\})?")
# Plain TeX's `{\\Bbb R}` and `{\\cal O}`: the letter after the switch, as LaTeX writes it.
_OLD_FONTS = re.compile(r"\\(Bbb|cal|frak)\s*([A-Za-z])")
_FONT_SWITCH = re.compile(r"\\(?:rm|it|bf|sf|tt|sl|em|sc|mit)(?![A-Za-z])\s*")
_OLD_FONT_NAMES = {"Bbb": "mathbb", "cal": "mathcal", "frak": "mathfrak"}
_SPACE_BEFORE_SCRIPT = re.compile(r"\s+(?=[\^_])")
_ISLAND_START = re.compile(r"[\\{]")
_NAME = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t]*")
_SIMPLE_MATH = re.compile(r"(?:\\[A-Za-z]+(?:\{\}|\s*)|[^\\$%&#~])*")
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+(?:\{\}|\s*)|[^\\{}]+|[{}]")
# A font macro on plain letters (`\\mathbb{R}`, `\\mathrm{d}`), spelled by table before the rest.
_FONT_GROUP = re.compile(r"\\(?P<font>mathbb|mathcal|mathfrak|mathbf|mathrm|mathsf|mathit|text|textrm"
                         r"|operatorname|mathscr|boldsymbol|bm)\s*\{(?P<body>[A-Za-z0-9 .,\-]*)\}")
_STRUCTURE = frozenset(("begin", "end"))  # environments, which pylatexenc parses itself
_RESTORE = re.compile(f"{_OPEN}(\\d+){_CLOSE}")

_SUPERSCRIPTS = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True))
_SCRIPT = re.compile(r"(?P<macro>\\[A-Za-z]+)?(?P<op>[\^_])(?:\{(?P<group>[^{}]*)\}|(?P<char>[A-Za-z0-9]))")


def to_unicode(text: str | None) -> str:
    """`text` with its TeX rendered as Unicode; plain text comes back unchanged."""
    if not text:
        return text or ""
    if "\\" not in text and "$" not in text:
        return text
    return _convert(text)


def segments(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into prose and math: (segment, is_math), math without its delimiters."""
    last = 0
    for match in MATH.finditer(text):
        if match.start() > last:
            yield text[last:match.start()], False
        yield match["display"] or match["inline"] or match["paren"] or "", True
        last = match.end()
    if last < len(text):
        yield text[last:], False


def clear_cache() -> None:
    """Forget converted texts (benchmarks measure a first conversion with it)."""
    _convert.cache_clear()


@functools.lru_cache(maxsize=4096)
def _convert(text: str) -> str:
    return clean("".join(math(s) if is_math else prose(s) for s, is_math in segments(text)))


def prose(segment: str) -> str:
    """Prose (text outside math) as Unicode; on input pylatexenc cannot read, the
    segment with only its accents converted."""
    try:
        return _prose(segment)
    except Exception:  # pylatexenc has raised IndexError on odd input
        return accents_to_unicode(segment)


def math(segment: str) -> str:
    """Math (without its dollars) as Unicode; as written if pylatexenc cannot read it."""
    try:
        return _math(segment)
    except Exception:
        return segment


def _prose(segment: str) -> str:
    if "\\" not in segment:
        return segment
    segment = accents_to_unicode(_PRIVATE.sub("", segment))
    if "\\" not in segment:
        return _GROUP_BRACES.sub("", segment)
    segment = segment.replace("{\\deg}", "°")  # arXiv's own spelling of the degree sign
    if "\\begin" in segment:  # an environment spans words: pylatexenc reads it all
        return _prose_tex(segment)
    return "".join(_prose_tex(part) if tex else part for part, tex in _islands(segment))


def _prose_tex(tex: str) -> str:
    protected = _TILDE.sub(_KEEP, _PROSE_SPECIALS.sub(r"\\\1", tex))
    return _latex_to_text(protected).replace(_KEEP, "~")


def _islands(segment: str) -> Iterator[tuple[str, bool]]:
    """Prose cut into plain runs and TeX islands (a macro with the groups after it, or a
    braced group): pylatexenc reads text a character at a time, so handing it only the
    islands of a 1,000-character abstract is ~10x faster than handing it everything."""
    i, n = 0, len(segment)
    while i < n:
        start = _ISLAND_START.search(segment, i)
        if start is None:
            break
        if start.start() > i:
            yield segment[i:start.start()], False
        j = start.start()
        while j < n and segment[j] in "\\{":
            if segment[j] == "{":
                j = _group_end(segment, j)
            else:
                name = _NAME.match(segment, j + 1)
                j = name.end() if name else j + 2
                spaces = _SPACES.match(segment, j)
                if spaces and spaces.end() < n and segment[spaces.end()] in "{\\":
                    j = spaces.end()
        yield segment[start.start():j], True
        i = j
    if i < n:
        yield segment[i:], False


def _group_end(text: str, start: int) -> int:
    depth = 0
    for k in range(start, len(text)):
        ch = text[k]
        if ch == "\\":
            continue
        if ch == "{" and text[k - 1:k] != "\\":
            depth += 1
        elif ch == "}" and text[k - 1:k] != "\\":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(text)


def _math(segment: str) -> str:
    segment = _SPACE_BEFORE_SCRIPT.sub("", _PRIVATE.sub("", segment))
    segment = _OLD_FONTS.sub(lambda m: f"\\{_OLD_FONT_NAMES[m[1]]}{{{m[2]}}}", segment)
    segment = _FONT_SWITCH.sub("", segment)
    segment = _SCRIPT.sub(_script, _FONT_GROUP.sub(tex_macros.font_group, segment))
    simple = _simple_math(segment)
    if simple is not None:
        return simple.strip()
    return _latex_to_text("$" + segment + "$", math=True).strip()


def _simple_math(segment: str) -> str | None:
    """Math that is only letters, operators and argument-less symbol macros (`k \\geq 3`,
    `\\alpha`), spelled by table: a third of the cost of asking pylatexenc. None otherwise."""
    if not _SIMPLE_MATH.fullmatch(segment):
        return None
    symbols = _symbols()
    out: list[str] = []
    for piece in _MATH_TOKEN.findall(segment):
        if piece in ("{", "}"):
            continue  # grouping, which pylatexenc drops too
        if piece.startswith("\\"):
            name = piece[1:].removesuffix("{}").rstrip()
            if name not in symbols:
                return None
            out.append(symbols[name] + (" " if piece[-1].isspace() and symbols[name] else ""))
        else:
            out.append(piece)
    return "".join(out)


@functools.cache
def _symbols() -> dict[str, str]:
    """Every argument-less macro whose text is a fixed string, by name."""
    converter, walker_context = _converter()
    found: dict[str, str] = {}
    for spec in converter.latex_context.iter_macro_specs():
        repl = spec.simplify_repl
        if spec.macroname in found or not isinstance(repl, str) or "%" in repl:
            continue
        if _takes_no_args(walker_context, spec.macroname):
            found[spec.macroname] = repl
    return found


def _script(match: re.Match[str]) -> str:
    table = _SUPERSCRIPTS if match["op"] == "^" else _SUBSCRIPTS
    body = match["group"] if match["group"] is not None else match["char"]
    if not body or any(ch not in table for ch in body):
        if body and len(body) > 1 and match["group"] is not None:
            # pylatexenc drops the braces: `u^{2k-1}` would read "u^2k-1"
            return (match["macro"] or "") + match["op"] + "(" + body + ")"
        return match[0]
    # `{}` ends a preceding macro name, so `\alpha^n` does not become `\alphaⁿ`.
    prefix = match["macro"] + "{}" if match["macro"] else ""
    return prefix + "".join(table[ch] for ch in body)


def _latex_to_text(source: str, *, math: bool = False) -> str:
    converter, walker_context = _converter()
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in _STRUCTURE and converter.latex_context.get_macro_spec(name) is None:
            kept.append(match[0])
            return f"{_OPEN}{len(kept) - 1}{_CLOSE}"
        if (math and match["space"] and not match["arg"] and name not in tex_macros.SWITCHES
                and _takes_no_args(walker_context, name)):
            # pylatexenc eats the space after a macro in math (`\\ne \\Pr` read "≠Pr").
            return "\\" + name + "\\ "
        return match[0]

    source = _MACRO.sub(keep, source)
    from pylatexenc.latexwalker import LatexWalker

    nodes = LatexWalker(source, latex_context=walker_context, tolerant_parsing=True).get_latex_nodes()[0]
    result: str = converter.nodelist_to_text(nodes)
    return _RESTORE.sub(lambda m: kept[int(m[1])], result) if kept else result


def _takes_no_args(walker_context: Any, name: str) -> bool:
    spec = walker_context.get_macro_spec(name)
    return spec is None or not getattr(spec.args_parser, "argspec", "")


@functools.cache
def _converter() -> tuple[Any, Any]:
    # Imported on first use: plain titles never pay for loading pylatexenc.
    from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db
    from pylatexenc.latexwalker import get_default_latex_context_db as walker_db

    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)  # it warns on stderr
    text_db = get_default_latex_context_db()
    text_db.add_context_category("paperfeed", prepend=True, macros=tex_macros.text_specs())
    parse_db = walker_db()
    parse_db.add_context_category("paperfeed", prepend=True, macros=tex_macros.parse_specs())
    return LatexNodes2Text(latex_context=text_db, math_mode="text"), parse_db
