"""The math macros arXiv authors define for themselves, as pylatexenc specs.

Papers define shorthands in their preamble (`\\R` for ℝ, `\\eps` for ε, `\\cO` for 𝒪)
and then use them in the abstract they paste into arXiv. pylatexenc does not know
them and would drop them ("N Brownian motions in ^d"); these are the common ones.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

_DOUBLE_STRUCK = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          "𝔸𝔹ℂ𝔻𝔼𝔽𝔾ℍ𝕀𝕁𝕂𝕃𝕄ℕ𝕆ℙℚℝ𝕊𝕋𝕌𝕍𝕎𝕏𝕐ℤ", strict=True))
_SCRIPT = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   "𝒜ℬ𝒞𝒟ℰℱ𝒢ℋℐ𝒥𝒦ℒℳ𝒩𝒪𝒫𝒬ℛ𝒮𝒯𝒰𝒱𝒲𝒳𝒴𝒵", strict=True))
_BOLD = {c: chr(0x1D400 + i) for i, c in enumerate(string.ascii_uppercase)}
_FRAKTUR = dict(zip(string.ascii_uppercase + string.ascii_lowercase,
                    "𝔄𝔅ℭ𝔇𝔈𝔉𝔊ℌℑ𝔍𝔎𝔏𝔐𝔑𝔒𝔓𝔔ℜ𝔖𝔗𝔘𝔙𝔚𝔛𝔜ℨ𝔞𝔟𝔠𝔡𝔢𝔣𝔤𝔥𝔦𝔧𝔨𝔩𝔪𝔫𝔬𝔭𝔮𝔯𝔰𝔱𝔲𝔳𝔴𝔵𝔶𝔷", strict=True))
_FONTS = {"mathbb": _DOUBLE_STRUCK | {"1": "𝟙"}, "mathcal": _SCRIPT, "mathscr": _SCRIPT,
          "mathfrak": _FRAKTUR, "mathbf": {**_BOLD, **{c: chr(0x1D41A + i) for i, c in
                                                     enumerate(string.ascii_lowercase)}}}

# Symbols: macro name -> text.
SYMBOLS: dict[str, str] = {
    "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "F": "𝔽", "T": "𝕋",
    "eps": "ε", "veps": "ε", "vareps": "ε",
    "ne": "≠", "neq": "≠", "nin": "∉", "lesssim": "≲", "gtrsim": "≳", "lsim": "≲", "gsim": "≳",
    "coloneqq": "≔", "eqqcolon": "≕", "defeq": "≔", "iff": "⟺", "implies": "⟹",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "vert": "|",
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "varnothing": "∅", "emptyset": "∅", "dagger": "†", "ddagger": "‡", "ell": "ℓ",
    "hbar": "ħ", "nabla": "∇", "partial": "∂", "infty": "∞", "top": "⊤", "bot": "⊥",
    "sqcup": "⊔", "sqcap": "⊓", "otimes": "⊗", "oplus": "⊕", "odot": "⊙", "circ": "∘",
    "star": "⋆", "ast": "∗", "dots": "…", "ldots": "…", "cdots": "⋯", "vdots": "⋮",
    "ddots": "⋱", "prime": "′", "leftrightarrow": "↔", "Leftrightarrow": "⇔",
    "rightsquigarrow": "⇝", "hookrightarrow": "↪", "twoheadrightarrow": "↠",
    "models": "⊨", "vdash": "⊢", "propto": "∝", "simeq": "≃", "cong": "≅", "equiv": "≡",
    "ll": "≪", "gg": "≫", "preceq": "⪯", "succeq": "⪰", "prec": "≺", "succ": "≻",
    "LaTeX": "LaTeX", "TeX": "TeX", "Pr": "Pr", "poly": "poly", "polylog": "polylog",
    "argmin": "argmin", "argmax": "argmax",
    "tr": "tr", "Tr": "Tr", "Var": "Var", "Cov": "Cov", "diag": "diag", "sgn": "sgn",
    "sign": "sign", "rank": "rank", "supp": "supp", "dist": "dist", "softmax": "softmax",
    "KL": "KL", "OPT": "OPT", "ReLU": "ReLU", "TV": "TV", "Lip": "Lip", "vol": "vol",
    "erf": "erf", "Re": "Re", "Im": "Im", "cosh": "cosh", "sinh": "sinh", "tanh": "tanh",
    "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan", "lcm": "lcm",
}
for _letter, _char in _SCRIPT.items():
    SYMBOLS["c" + _letter] = _char
    SYMBOLS["mc" + _letter] = _char
for _letter, _char in _DOUBLE_STRUCK.items():
    SYMBOLS["bb" + _letter] = _char
    SYMBOLS["mbb" + _letter] = _char
for _letter, _char in _BOLD.items():
    SYMBOLS["b" + _letter] = _char
    SYMBOLS["bf" + _letter] = _char

# The shorthands above in standard LaTeX, for BibTeX: a document that cites the paper
# does not define `\\R`, and an undefined macro stops LaTeX.
STANDARD: dict[str, str] = {
    "R": r"\mathbb{R}", "N": r"\mathbb{N}", "Z": r"\mathbb{Z}", "Q": r"\mathbb{Q}",
    "C": r"\mathbb{C}", "E": r"\mathbb{E}", "F": r"\mathbb{F}", "T": r"\mathbb{T}",
    "eps": r"\varepsilon", "veps": r"\varepsilon", "vareps": r"\varepsilon", "ne": r"\neq",
    **{f"c{c}": rf"\mathcal{{{c}}}" for c in string.ascii_uppercase},
    **{f"mc{c}": rf"\mathcal{{{c}}}" for c in string.ascii_uppercase},
    **{f"bb{c}": rf"\mathbb{{{c}}}" for c in string.ascii_uppercase},
    **{f"mbb{c}": rf"\mathbb{{{c}}}" for c in string.ascii_uppercase},
}

def font_group(match: re.Match[str]) -> str:
    """`\\mathbb{R}` as ℝ, `\\mathrm{d}` as d: a font macro on plain letters, by table."""
    table = _FONTS.get(match["font"], {})
    # Braced, so that `\\to\\mathrm{GL}` does not become the macro `\\toGL`.
    return "{" + "".join(table.get(c, c) for c in match["body"]) + "}"


_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")


def standardize(tex: str) -> str:
    """Math with the shorthands in `STANDARD` spelled in standard LaTeX."""
    return _CONTROL_WORD.sub(lambda m: STANDARD.get(m[1], m[0]), tex) if "\\" in tex else tex


# Font and size switches: they change how text looks, not what it says.
SWITCHES = frozenset((
    "rm", "it", "bf", "sc", "em", "sf", "tt", "sl", "cal", "small", "normalsize", "large",
    "Large", "LARGE", "footnotesize", "scriptsize", "tiny", "huge", "Huge", "bfseries",
    "itshape", "rmfamily", "upshape", "mdseries", "sffamily", "ttfamily", "slshape",
    "scshape", "boldmath", "unboldmath", "noindent", "hfill", "smallskip", "medskip",
    "bigskip", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "left",
    "right", "middle", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
    "big", "Big", "bigg", "Bigg", "bigm", "Bigm",
))
SYMBOLS.update({name: "" for name in SWITCHES})
SYMBOLS.update({
    "colon": ":", "dim": "dim", "ker": "ker", "det": "det", "deg": "deg", "hom": "hom",
    "Hom": "Hom", "End": "End", "Aut": "Aut", "id": "id", "bmod": "mod", "over": "/",
    "atop": " ", "choose": " choose ", "imath": "ı", "jmath": "ȷ", "Bbbk": "𝕜", "coth": "coth",
    "degree": "°", "textdegree": "°", "par": " ", "newline": " ",
})

# Macros with arguments: name -> (argument count, str.format template of the arguments).
WITH_ARGS: dict[str, tuple[int, str]] = {
    "tfrac": (2, "{0}/{1}"), "dfrac": (2, "{0}/{1}"), "cfrac": (2, "{0}/{1}"),
    "binom": (2, "({0} choose {1})"), "pmod": (1, " (mod {0})"),
    "bm": (1, "{0}"), "mathds": (1, "{0}"), "boldsymbol": (1, "{0}"), "pmb": (1, "{0}"),
    "operatorname": (1, "{0}"), "mathbfit": (1, "{0}"), "textnormal": (1, "{0}"),
    "mbox": (1, "{0}"), "hbox": (1, "{0}"), "norm": (1, "‖{0}‖"), "abs": (1, "|{0}|"),
    "ket": (1, "|{0}⟩"), "bra": (1, "⟨{0}|"), "braket": (1, "⟨{0}⟩"), "ceil": (1, "⌈{0}⌉"),
    "floor": (1, "⌊{0}⌋"), "texorpdfstring": (2, "{0}"), "href": (2, "{1} ({0})"),
    "cite": (1, "[{0}]"), "citep": (1, "[{0}]"), "citet": (1, "[{0}]"), "citealt": (1, "[{0}]"),
    "citealp": (1, "[{0}]"), "textsf": (1, "{0}"), "texttt": (1, "{0}"), "textup": (1, "{0}"),
    "textsl": (1, "{0}"), "textmd": (1, "{0}"), "SI": (2, "{0} {1}"), "si": (1, "{0}"), "num": (1, "{0}"),
}


def text_specs() -> list[Any]:
    from pylatexenc.latex2text import MacroTextSpec

    specs = [MacroTextSpec(name, text) for name, text in SYMBOLS.items()]
    specs += [MacroTextSpec(name, simplify_repl=_formatter(fmt)) for name, (_, fmt) in WITH_ARGS.items()]
    return specs


def parse_specs() -> list[Any]:
    from pylatexenc.macrospec import std_macro

    specs = [std_macro(name, False, count) for name, (count, _) in WITH_ARGS.items()]
    specs += [std_macro(name, False, 0) for name in SYMBOLS]
    return specs


def _formatter(template: str) -> Callable[..., str]:
    def render(node: Any, l2tobj: Any) -> str:
        args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
        texts = [l2tobj.nodelist_to_text([a]) if a is not None else "" for a in args]
        texts += [""] * (template.count("{") - len(texts))
        return template.format(*texts)
    return render
