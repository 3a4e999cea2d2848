"""TeX in titles and abstracts reads naturally; plain prose and odd input come through intact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperfeed.text.latex import to_unicode


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"$\alpha$-stable processes", "α-stable processes"),
        (r"in $\mathcal{O}(n^2)$ time", "in 𝒪(n²) time"),
        (r"$\mathbb{R}^d$ and $x^{10}$ and $W^{-1}$", "ℝᵈ and x¹⁰ and W⁻¹"),
        (r"the $\ell_2$ norm of $x_{ij}$", "the ℓ₂ norm of xᵢⱼ"),
        (r"$\alpha^n$", "αⁿ"),
        (r"$k$-NN with $k \geq 3$", "k-NN with k ≥ 3"),
        (r"$$E = mc^2$$", "E = mc²"),
        (r"\(a \leq b\)", "a ≤ b"),
        (r"\textbf{Bert} beats \emph{GPT}", "Bert beats GPT"),
        (r"100\% of R\&D on \textsc{ImageNet}", "100% of R&D on ImageNet"),
        (r"~10% faster than \textsc{Bert}", "~10% faster than Bert"),
        (r"Schr\"odinger bridges", "Schrödinger bridges"),
        (r"cost $\$5$", "cost $5"),
    ],
)
def test_tex_becomes_unicode(tex: str, shown: str) -> None:
    assert to_unicode(tex) == shown


@pytest.mark.parametrize(
    "plain",
    [
        "We reach 100% of R&D budgets (#1 on the board) in ~2x less time.",
        "It costs $5 and $6, or $10-20 in bulk.",
        "snake_case and x^2 outside math stay as written",
        "",
        "A title with [bold]markup[/bold] and {braces}",
    ],
)
def test_plain_text_is_left_alone(plain: str) -> None:
    assert to_unicode(plain) == plain


@pytest.mark.parametrize(
    "odd",
    [r"\href{a}", r"\textbf{unclosed", r"$unclosed \alpha", "\\", r"\begin{itemize}", "$$", r"\\\\",
     r"$\frac{1}{$", r"\verb|x", "\\\x1b[31mred"],
)
def test_odd_input_never_raises(odd: str) -> None:
    assert isinstance(to_unicode(odd), str)


def test_an_escape_sequence_does_not_survive_conversion() -> None:
    assert "\x1b" not in to_unicode("$\\alpha$ \x1b]8;;http://evil\x07click")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab $\\{}^_%&~#α\n", "\\alpha", "\\mathcal{O}", "\\href"]),
                max_size=40).map("".join))
def test_never_raises_on_generated_tex(text: str) -> None:
    result = to_unicode(text)
    assert isinstance(result, str)
    if "\\" not in text and "$" not in text:
        assert result == text



# -- nothing lost: every accent command, the special letters, the math shorthands --------


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"Nu\~nez", "Nuñez"),
        (r"A Precis\~ao da Metrologia Qu\^antica, Informa\c{c}\~ao",
         "A Precisão da Metrologia Quântica, Informação"),
        (r"S{\o}ren {\O}rsted", "Søren Ørsted"),
        (r"Stanis{\l}aw {\L}\'od\'z", "Stanisław Łódź"),
        (r"Gau{\ss} {\aa}ngstr\"om {\AA}", "Gauß ångström Å"),
        (r"\c{S}tefan Fran\c{c}ois \c c", "Ştefan François ç"),
        (r"Hajdu\v{s}ek Dvo\v{r}\'ak", "Hajdušek Dvořák"),
        (r"\.Zygierewicz \.{z}", "Żygierewicz ż"),
        (r"Erd\H{o}s", "Erdős"),
        (r"\k{a} \k{e}", "ą ę"),
        (r"Ko\r{u}t \r{a}", "Koůt å"),
        (r"Do\u{g}an B\u{a}l\u{a}nescu", "Doğan Bălănescu"),
        (r"\'{\i}ndice \"\i", "índice ï"),
        (r"{\ae}ther {\oe}uvre", "æther œuvre"),
        (r"Mar\'ia L\'opez Lef\`evre \=a", "María López Lefèvre ā"),
    ],
)
def test_every_accent_command_becomes_its_letter(tex: str, shown: str) -> None:
    assert to_unicode(tex) == shown


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"$N$ Brownian motions in $\R ^d$", "N Brownian motions in ℝᵈ"),
        (r"$\cO(\log n)$ time", "𝒪(log n) time"),
        (r"$\eps$-net", "ε-net"),
        (r"over $\N$, $\Z$, $\Q$ and $\C$", "over ℕ, ℤ, ℚ and ℂ"),
        (r"$n \ne m$", "n ≠ m"),
        (r"$\tfrac12$", "1/2"),
        (r"$x^T$ and $u^{2k-1}$", "xᵀ and u²ᵏ⁻¹"),
        (r"$\zeta$-function", "ζ-function"),
        (r"$M_{\rm vir}$", "Mᵥᵢᵣ"),
        (r"see \cite{Chen2019}", "see [Chen2019]"),
        (r"360{\deg} cameras", "360° cameras"),
    ],
)
def test_common_math_macros_become_symbols(tex: str, shown: str) -> None:
    assert to_unicode(tex) == shown


@pytest.mark.parametrize(
    ("tex", "kept"),
    [(r"the constant $\foo$ here", r"\foo"), (r"a \foo{bar} b", r"\foo{bar}"), (r"$\s + \la_1$", r"\la")],
)
def test_an_unknown_macro_stays_visible_as_written(tex: str, kept: str) -> None:
    assert kept in to_unicode(tex)


def test_no_word_of_the_recorded_quant_ph_feed_is_lost() -> None:
    """Every word of every title, abstract and name of a real physics feed is still there,
    accents folded, after conversion; and no accent command is left in a name."""
    import re
    import unicodedata
    from pathlib import Path
    from xml.etree import ElementTree

    feed = (Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "realworld" / "arxiv-rss"
            / "rssfeedsjl_2025-04-28_quant-ph_81items_new_cross_replace_replace-cross.xml")
    root = ElementTree.parse(feed).getroot()
    checked = 0
    for item in root.iter("item"):
        for tag in ("title", "description", "{http://purl.org/dc/elements/1.1/}creator"):
            text = " ".join((item.findtext(tag) or "").split())
            if "\\" not in text and "$" not in text:
                continue
            shown = to_unicode(text)
            folded = "".join(c for c in unicodedata.normalize("NFKD", shown)
                             if not unicodedata.combining(c)).casefold()
            words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\\[A-Za-z]+|\\.", " ", text))
            assert [w for w in words if w.casefold() not in folded] == [], text
            if tag.endswith("creator"):
                assert "\\" not in shown and "{" not in shown, shown
            checked += 1
    assert checked >= 40
