"""TeX's accented and special letters, both ways, without a TeX parser.

Author names are where arXiv's TeX is most common (`G\\"unther`, `S{\\o}ren`,
`Hajdu\\v{s}ek`: one item in eight), and they hold nothing but letters. Converting
the accent commands here, with a table, keeps names off the slow general parser
and makes every accent command TeX has come out as its letter. The other way,
`to_tex` spells a Unicode name the way BibTeX reads it as one letter (`{\\"u}`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Accent command -> combining character. The symbol accents may touch their letter
# (`\\"o`); the letter ones need a brace or a space (`\\v{s}`, `\\c c`).
SYMBOL_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307",
}
LETTER_ACCENTS = {
    "c": "\u0327", "v": "\u030c", "H": "\u030b", "k": "\u0328", "r": "\u030a",
    "u": "\u0306", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
# Letters TeX writes as a command of their own.
LETTERS = {
    "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "SS": "SS", "aa": "å", "AA": "Å",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
}
_LETTER_NAMES = "|".join(sorted(LETTERS, key=len, reverse=True))
# The base of an accent: a letter, or a dotless \\i / \\j.
_BASE = r"(?:\\[ij](?![A-Za-z])\s*|[A-Za-z])"
_ACCENT = re.compile(
    r"(?P<open>\{)?\\(?:(?P<sym>[\"'`^~=.])\s*|(?P<let>[cvHkrudbt])(?![A-Za-z])\s*)"
    rf"(?:\{{\s*(?P<braced>{_BASE})?\s*\}}|(?P<bare>{_BASE}))"
    r"(?(open)\})"
)
_LETTER = re.compile(rf"(?P<open>\{{)?\\(?P<name>{_LETTER_NAMES})(?![A-Za-z])(?(open)\}}|(?:\{{\}}|[ \t]*))")
# What TeX prints as the character itself.
_ESCAPED = re.compile(r"\\([&%$#_{}])")


def accents_to_unicode(text: str) -> str:
    """Every accent and special-letter command in `text` as its Unicode letter;
    anything else (other macros, math) is left exactly as written."""
    if "\\" not in text:
        return text
    out = _ACCENT.sub(_accent, text)
    out = _LETTER.sub(lambda m: LETTERS[m["name"]], out)
    return unicodedata.normalize("NFC", out)


def _accent(match: re.Match[str]) -> str:
    mark = SYMBOL_ACCENTS[match["sym"]] if match["sym"] else LETTER_ACCENTS[match["let"]]
    base = (match["braced"] or match["bare"] or "").strip()
    if base.startswith("\\"):
        base = base[1:]  # \\'{\\i}: the accent takes the place of the dot
    return (base or "\u00a0") + mark  # an accent on nothing is the accent itself


def unescape_specials(text: str) -> str:
    """`\\&` `\\%` `\\$` `\\#` `\\_` `\\{` `\\}` as the characters they print."""
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


# -- Unicode -> TeX, for BibTeX ----------------------------------------------------------

_MARK_TO_ACCENT = {mark: cmd for cmd, mark in (SYMBOL_ACCENTS | LETTER_ACCENTS).items()}
_LETTER_TO_TEX = {char: name for name, char in LETTERS.items() if len(char) == 1 and name != "SS"}
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "varphi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}


@functools.lru_cache(maxsize=1024)
def char_to_tex(char: str) -> str | None:
    """How BibTeX should read one non-ASCII character: `ü` -> `{\\"u}`, `ł` -> `{\\l}`,
    `ζ` -> `$\\zeta$`; None where TeX has no plain spelling (kept as UTF-8)."""
    if char in _LETTER_TO_TEX:
        return "{\\" + _LETTER_TO_TEX[char] + "}"
    if char in _GREEK:
        return "$\\" + _GREEK[char] + "$"
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if len(marks) != 1 or marks not in _MARK_TO_ACCENT or not base.isascii():
        return None
    cmd = _MARK_TO_ACCENT[marks]
    if cmd in SYMBOL_ACCENTS:  # an accent on i or j replaces its dot: {\\'\\i}
        return "{\\" + cmd + ("\\" + base if base in "ij" else base) + "}"
    return "{\\" + cmd + "{" + base + "}}"
