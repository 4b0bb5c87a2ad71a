"""The Slide story against sympy and numpy: formulas as written, the plotted curve, limits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy

from lecture.project.manifest import load_lecture
from storyboard.catalog import tell
from storyboard.options import StoryError
from storyboard.slide import (
    MAX_ITEMS_BESIDE_PLOT,
    ROOM,
    ROOM_BESIDE_PLOT,
    room_taken,
    slide,
)

ROOT = Path(__file__).parents[2]
a, b, h, i, n, x = sympy.symbols("a b h i n x")
f, J = sympy.Function("f"), sympy.Function("J")
alpha = sympy.Symbol("alpha")


def product(*factors):
    return sympy.Mul(*factors, evaluate=False)


def total(*terms):
    return sympy.Add(*terms, evaluate=False)


def lecture_slide(entry_id: str):
    """The inputs of the default lecture's slide ``entry_id`` and the story they tell."""
    (entry,) = [
        e for e in load_lecture(ROOT / "lecture.toml").scenes if e.id == entry_id
    ]
    return entry.inputs, tell(entry.name, entry.inputs)


def test_the_derivative_slide_shows_its_notation_and_definition():
    inputs, story = lecture_slide("derivative")
    prime = sympy.Function("f'")(x)
    quotient = product(
        total(f(total(x, h)), product(-1, f(x))), sympy.Pow(h, -1, evaluate=False)
    )
    assert [formula.sides for formula in story.formulas] == [
        (prime, sympy.Derivative(f(x), x)),
        (prime, sympy.Limit(quotient, h, 0, "+-")),
    ]
    # sympy's LaTeX of each side (primes in italics, as f is)
    assert story.formulas[0].latex == r"f'{\left(x \right)} = " + sympy.latex(
        sympy.Derivative(f(x), x)
    )
    assert story.formulas[1].latex.endswith(
        sympy.latex(sympy.Limit(quotient, h, 0, "+-"), order="none")
    )
    assert story.bullets == tuple(slide.__kwdefaults__["bullets"])
    assert story.captions == (
        *story.bullets,
        "f'(x) = df/dx",
        "f'(x) = the limit as h → 0 of (f(x + h) - f(x))/h",
    )
    assert story.plot is None and story.view is None


def test_the_goal_slide_is_the_mean_squared_error_and_its_updates():
    inputs, story = lecture_slide("goal")
    xs, ys = sympy.IndexedBase("x"), sympy.IndexedBase("y")
    error = total(product(a, xs[i]), b, product(-1, ys[i]))
    cost = product(
        sympy.Pow(n, -1, evaluate=False),
        sympy.Sum(sympy.Pow(error, 2, evaluate=False), (i, 1, n)),
    )
    sides = [formula.sides for formula in story.formulas]
    assert sides[0] == (J(a, b), cost)
    for variable, rule in zip((a, b), sides[1:], strict=True):
        step = product(-1, alpha, sympy.Derivative(J(a, b), variable))
        assert rule == (variable, total(variable, step))
    assert story.formulas[0].latex == (
        sympy.latex(J(a, b)) + " = " + sympy.latex(cost, order="none")
    )
    assert story.formulas[1].latex == (
        r"a = a - \alpha " + sympy.latex(sympy.Derivative(J(a, b), a))
    )
    assert story.bullets == tuple(inputs["bullets"])


def test_a_plotted_formula_is_sampled_and_framed_as_numpy_computes_it():
    story = tell(
        "Slide",
        {"bullets": [], "formulas": [], "plot": "x^3/3 - x", "x_range": [-2, 2.5]},
    )
    real = sympy.Symbol("x", real=True)  # (what is computed is in real symbols)
    assert sympy.simplify(story.function - (real**3 / 3 - real)) == 0
    assert story.plot.sides == (
        sympy.Symbol("y"),
        total(
            product(sympy.Pow(x, 3, evaluate=False), sympy.Pow(3, -1, evaluate=False)),
            product(-1, x),
        ),
    )
    assert story.plot.latex == r"y = \frac{x^{3}}{3} - x"
    assert story.captions == ("The curve y = (x³)/3 - x.",)
    xs = np.linspace(-2, 2.5, 201)
    values = xs**3 / 3 - xs
    np.testing.assert_allclose(story.f(xs), values)
    low, high = values.min(), values.max()
    pad = 0.1 * (high - low)
    assert story.view[0] == (-2.0, 2.5)
    np.testing.assert_allclose(story.view[1], (low - pad, high + pad))


@pytest.mark.parametrize(
    ("options", "option", "problem"),
    [
        ({"bullets": [], "formulas": []}, "bullets", "the slide shows nothing"),
        (
            {"bullets": ["x" * 100] * 6, "formulas": ["y = " + "x + " * 20 + "1"] * 4},
            "bullets",
            f"a slide holds {ROOM}: shorten it",
        ),
        (
            {"bullets": [], "formulas": ["y = " + "x + " * 13 + "1"] * 4, "plot": "x"},
            "formulas",
            f"a slide holds {ROOM_BESIDE_PLOT} beside a plot",
        ),
        (
            {"bullets": ["A point."] * 4, "formulas": ["a = b"] * 3, "plot": "x"},
            "bullets",
            f"7 bullets and formulas beside a plot; at most {MAX_ITEMS_BESIDE_PLOT}",
        ),
        (
            {"bullets": [], "formulas": [], "plot": "1/x", "x_range": [-1, 1]},
            "plot",
            "f = 1/x is infinite or too large to draw",
        ),
    ],
    ids=["nothing", "too-much-text", "too-much-beside-a-plot", "too-many-items", "1/x"],
)
def test_what_a_slide_cannot_show_is_one_clear_line(options, option, problem):
    with pytest.raises(StoryError) as refusal:
        tell("Slide", options)
    assert refusal.value.option == option
    assert problem in refusal.value.problem


def test_the_room_counts_a_formulas_characters_twice():
    assert room_taken(("abc", "de"), ("x^2",), "") == 5 + 6
    assert room_taken((), ("a = b",), "x^2") == 2 * (5 + 3)
