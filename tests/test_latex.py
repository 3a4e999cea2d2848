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

