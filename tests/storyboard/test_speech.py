"""The spoken form of captions: maths read as words, no symbol left, prose untouched."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyboard.speech import FORBIDDEN, spoken

#: Pieces a caption is made of: maths in ASCII, Unicode and LaTeX, and prose.
MATHS = (
    "f'(x)", "f''(x)", "f'", "x^2", "x^3", "x^n", "x^{k+1}", "x^-1", "e^{-x}", "A^T",
    "x²", "x³", "xⁿ", "alpha", "α", "η", "Δ", "=", ":=", "==", "<=", ">=", "!=", "->",
    "2/L", "1/h", "x/2", "-", "-1", "-f", "x - y", "x-1", "|x|", "|1 - L alpha|",
    "||x||", "‖x‖", "∇f", "∇", "grad f", "grad(f)", "∂f/∂x", "∂", "df/dx", "dJ/da",
    "d/dx", "d^2f/dx^2", "J(p)", "f(x, y)", "sin(x)", "0.25", "-0.5", "(1, -1)",
    "(a, b)", "x_k", "x_{k+1}", "x_0", "x₀", "learning_rate", r"\frac{a}{b}",
    r"\frac{\partial f}{\partial x}", r"\frac{d}{dx}", r"\dfrac{1}{2}", r"\nabla",
    r"\nabla f", r"\alpha", r"\eta", r"\mathbf{x}", r"\sqrt{2}", r"\sum_{i=1}^{n}",
    r"\leq", r"\cdot", r"\left(", r"\right)", r"\,", r"\\", r"\{", "$x^2$", "$",
    "'", "^", "\\", "{", "}", "_", "x·y", "2×3", "≤", "≈", "→", "−", "*", "**", "+",
)  # fmt: skip
PROSE_WORDS = (
    "the", "slope", "of", "a", "curve", "at", "point", "P", "gradient", "descent",
    "walks", "downhill", "step", "by", "minimum", "x", "h", "shrinks", "ML/AI",
    "zig-zags", "least-squares", "x-axis", "L-smooth", "Step", "3:", "200", "0.25",
    "rate", "alpha", "eta", "is", "one", "number", "I", "2024-12-01", "1-2",
)  # fmt: skip
#: Captions of the lecture's scenes as they are today (prose and maths mixed).
CAPTIONS = {
    "It starts at x = 3 with learning rate alpha = 0.1.": (
        "It starts at x equals 3 with learning rate alpha equals 0.1."
    ),
    "Start from a flat line; repeat: a := a - alpha dJ/da, b := b - alpha dJ/db.": (
        "Start from a flat line; repeat: a becomes a minus alpha d J by d a,"
        " b becomes b minus alpha d J by d b."
    ),
    "Between 1/L and 2/L each step overshoots, yet lands closer; past 2/L, farther.": (
        "Between 1 over L and 2 over L each step overshoots, yet lands closer;"
        " past 2 over L, farther."
    ),
    "On a parabola, each step multiplies the distance to the minimum by |1 - L alpha|.": (
        "On a parabola, each step multiplies the distance to the minimum by"
        " the absolute value of 1 minus L alpha."
    ),
    "Flip the curve: the maximum of f is the minimum of -f.": (
        "Flip the curve: the maximum of f is the minimum of minus f."
    ),
    "At the point p = (1, 1), it is a matrix of numbers.": (
        "At the point p equals 1, 1, it is a matrix of numbers."
    ),
    "Map a square around p by f, and look from f(p), magnified by 1/h.": (
        "Map a square around p by f, and look from f of p, magnified by 1 over h."
    ),
    "Near p, J(p) is the best linear approximation of f.": (
        "Near p, J of p is the best linear approximation of f."
    ),
    "As h shrinks, the secant's slope settles on one number.": (
        "As h shrinks, the secant’s slope settles on one number."
    ),
    "Fit a line y = a x + b to the data points.": (
        "Fit a line y equals a x plus b to the data points."
    ),
}


def speakable(text: str) -> None:
    """Assert that a voice can say ``text``: no forbidden symbol, no LaTeX command."""
    assert not set(text) & FORBIDDEN, text
    assert not re.search(r"\\[A-Za-z]", text), text
    assert text == text.strip() and "  " not in text, text


@pytest.mark.parametrize(
    ("caption", "words"),
    [
        ("f'(x)", "f prime of x"),
        ("f''(x) > 0", "f double prime of x is greater than 0"),
        ("x^2", "x squared"),
        ("x^3", "x cubed"),
        ("x^n", "x to the n"),
        ("x^4 and 2^10 and x^20", "x to the fourth and 2 to the tenth and x to the power 20"),
        ("x² + y² = r²", "x squared plus y squared equals r squared"),
        ("alpha", "alpha"),
        ("α and η and Δx", "alpha and eta and Delta x"),
        ("x = 1", "x equals 1"),
        ("a := a - 1", "a becomes a minus 1"),
        ("2/L", "2 over L"),
        ("1/h", "1 over h"),
        ("the minimum of -f", "the minimum of minus f"),
        ("x - y", "x minus y"),
        ("x-1 and x^2-1", "x minus 1 and x squared minus 1"),
        ("|x|", "the absolute value of x"),
        ("‖x - y‖", "the norm of x minus y"),
        ("∇f", "the gradient of f"),
        ("grad f", "the gradient of f"),
        ("∇f(x, y)", "the gradient of f of x, y"),
        ("∂f/∂x", "partial f by partial x"),
        ("df/dx", "d f by d x"),
        ("d^2f/dx^2", "d squared f by d x squared"),
        ("J(p)", "J of p"),
        ("0.25", "0.25"),
        ("(1, -1)", "1, minus 1"),
        ("x_k", "x k"),
        ("x_{k+1}", "x k plus 1"),
        ("x₀", "x 0"),
        (r"\frac{a}{b}", "a over b"),
        (r"\frac{\partial f}{\partial x}", "partial f by partial x"),
        (r"\frac{d}{dx} x^n", "d by d x x to the n"),
        (r"\nabla", "the gradient"),
        (r"$\|\nabla f\|$", "the norm of the gradient of f"),
        (r"\mathbf{x}^\top A \mathbf{x} \leq \sqrt{2}", "x transpose A x is at most the square root of 2"),
        (r"x_{k+1} = x_k - \eta \nabla f(x_k)", "x k plus 1 equals x k minus eta the gradient of f of x k"),
        ("e^{-x} and A^T", "e to the minus x and A transpose"),
    ],
)  # fmt: skip
def test_maths_is_read_as_words(caption, words):
    assert spoken(caption) == words


@pytest.mark.parametrize(
    "prose",
    [
        "Take a point P on a curve.",
        "Too small crawls; good walks in; large zig-zags; too large flies off.",
        "Presented by Moataz Ben Trad, ML/AI mentor at GDG on Campus ISAMM.",
        "Step 3: repeat. Where the slope is gentler, the steps get shorter.",
        "Run each one up to 200 steps.",
        "The learning rate alpha is 0.25, so x closes in on the minimum.",
        "The x-axis, the L-smooth case, 2024-12-01, pages 1-2 - and then more.",
        "Quiz time. What happens if the learning rate is too high?",
    ],
)
def test_prose_passes_through_unchanged(prose):
    assert spoken(prose) == prose


@pytest.mark.parametrize(("caption", "words"), CAPTIONS.items())
def test_the_lecture_captions(caption, words):
    assert spoken(caption) == words


def test_apostrophes_become_typographic_and_quotes_go():
    assert spoken("Don't stop; I'll go: the students' work.") == (
        "Don’t stop; I’ll go: the students’ work."
    )
    assert spoken("the letter 'a' here") == "the letter a here"


def joined(gaps: list[str]) -> st.SearchStrategy[str]:
    """Captions of random pieces, each followed by one of ``gaps``."""
    return st.lists(
        st.tuples(st.sampled_from(MATHS + PROSE_WORDS), st.sampled_from(gaps)),
        min_size=1,
        max_size=12,
    ).map(lambda pairs: "".join(piece + gap for piece, gap in pairs).strip())


#: Pieces glued together too: the property must hold for any mix.
captions = joined(["", " ", " ", ", ", ". "])
#: Pieces as words of a sentence.
sentences = joined([" ", " ", ", ", ". ", "; "])


@settings(max_examples=400, deadline=None)
@given(captions)
def test_no_symbol_survives_any_caption(caption):
    speakable(spoken(caption))


@settings(max_examples=200, deadline=None)
@given(sentences)
def test_speaking_twice_changes_nothing(caption):
    once = spoken(caption)
    assert spoken(once) == once


prose = st.lists(st.sampled_from(PROSE_WORDS), min_size=1, max_size=15).flatmap(
    lambda words: st.sampled_from([".", "!", "?", ""]).map(
        lambda end: " ".join(words) + end
    )
)


@settings(max_examples=300, deadline=None)
@given(prose)
def test_any_prose_passes_through(sentence):
    assert spoken(sentence) == sentence


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_at_all_is_made_speakable(text):
    result = spoken(text)
    assert not set(result) & FORBIDDEN
    assert not re.search(r"\\[A-Za-z]", result)
