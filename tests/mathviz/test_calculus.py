"""Derivatives, tangents, gradients, Jacobians: vs sympy, closed forms, finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.calculus import (
    Function,
    TangentLine,
    derivative,
    difference_quotient,
    gradient,
    jacobian,
    numeric,
    numeric_vector,
    partial_derivatives,
    tangent_line,
    term_by_term,
)
from mathviz.expressions import parse_expression

X, Y = sympy.symbols("x y", real=True)
XS = np.linspace(-2.0, 2.0, 41)

coefficients = st.floats(-5, 5, allow_nan=False)
points = st.floats(-2, 2, allow_nan=False)


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


# --- derivative ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "closed_form"),
    [
        ("x^3 - 3*x", 3 * X**2 - 3),
        ("x^5", 5 * X**4),
        ("sin(x)*exp(x)", sympy.exp(X) * (sympy.sin(X) + sympy.cos(X))),
        ("log(x^2 + 1)", 2 * X / (X**2 + 1)),
        ("sqrt(x^2 + 1)", X / sympy.sqrt(X**2 + 1)),
        ("1/x", -1 / X**2),
        ("abs(x)", sympy.sign(X)),
        ("7", sympy.Integer(0)),
    ],
)
def test_derivative_matches_closed_forms(text: str, closed_form: sympy.Expr) -> None:
    assert sympy.simplify(derivative(text) - closed_form) == 0


def test_derivative_in_another_variable_and_of_sympy_input() -> None:
    t = sympy.Symbol("t")  # a plain symbol, as a user of sympy would make it
    assert derivative(t**2 * sympy.cos(t), "t") == sympy.diff(
        sympy.Symbol("t", real=True) ** 2 * sympy.cos(sympy.Symbol("t", real=True)),
        sympy.Symbol("t", real=True),
    )


def test_slides_worked_example_holds_y_constant() -> None:
    assert sympy.expand(derivative(X * Y**2 + X**3, "x")) == Y**2 + 3 * X**2


@pytest.mark.parametrize(
    "text", ["x^3 - 3*x", "sin(3*x) + x^2", "exp(-x^2)", "atan(x)"]
)
def test_derivative_matches_finite_differences(text: str) -> None:
    f = numeric(text)
    np.testing.assert_allclose(
        numeric(derivative(text))(XS), central_difference(f, XS), atol=1e-7
    )


# --- numeric -------------------------------------------------------------------------


def test_numeric_is_cached_and_vectorised() -> None:
    assert numeric("x^2 + 1") is numeric(X**2 + 1)
    np.testing.assert_array_equal(numeric("x^2 + 1")(XS), XS**2 + 1)
    assert isinstance(numeric("x^2 + 1")(2), float)


@pytest.mark.parametrize("shape", [(), (5,), (3, 4)])
def test_constants_broadcast_to_the_input_shape(shape: tuple[int, ...]) -> None:
    value = numeric(derivative("3*x + 1"))(np.zeros(shape))
    np.testing.assert_array_equal(value, np.full(shape, 3.0))
    vector = numeric_vector(["x*y", "2", "y"], ("x", "y"))(np.ones(shape), 4.0)
    np.testing.assert_array_equal(
        vector, np.stack([np.full(shape, v) for v in (4, 2, 4)])
    )


def test_numeric_broadcasts_several_arguments() -> None:
    grid = numeric("x - y", ("x", "y"))(XS[:, None], XS[None, :])
    np.testing.assert_array_equal(grid, XS[:, None] - XS[None, :])


# --- Function ------------------------------------------------------------------------


def test_function_evaluates_like_numpy_and_differentiates_like_the_closed_form() -> (
    None
):
    f = Function(sympy.sin(X) * sympy.exp(X))
    np.testing.assert_allclose(f(XS), np.sin(XS) * np.exp(XS), rtol=1e-12)
    assert f(0.5) == pytest.approx(np.sin(0.5) * np.exp(0.5), rel=1e-12)
    closed_form = (np.cos(XS) + np.sin(XS)) * np.exp(XS)
    np.testing.assert_allclose(f.derivative(XS), closed_form, rtol=1e-12)
    np.testing.assert_allclose(f.derivative(XS), central_difference(f, XS), rtol=1e-6)
    assert f.derivative.derivative(0.0) == pytest.approx(2.0)  # 2 cos(x) e^x at 0


def test_function_of_two_variables_broadcasts() -> None:
    f = Function(X**2 * Y - Y, ("x", "y"))
    x, y = np.meshgrid(XS, XS[::4])
    np.testing.assert_allclose(f(x, y), x**2 * y - y, rtol=1e-12)
    assert f(XS, 2.0).shape == XS.shape
    with pytest.raises(ValueError, match="exactly one"):
        f.derivative  # noqa: B018


def test_function_is_a_value_that_keeps_its_derivative() -> None:
    x = sympy.Symbol("x")  # a plain symbol reads as the variable x
    f, g = Function(x**3), Function(x**3)
    assert f == g and hash(f) == hash(g)
    assert f.derivative is f.derivative
    assert f.derivative.expression == 3 * X**2
    assert f.derivative(2.0) == 12.0


# --- difference quotient and tangent -------------------------------------------------


@settings(deadline=None)
@given(
    coefficients, coefficients, coefficients, coefficients, points, st.floats(0.01, 1)
)
def test_difference_quotient_of_a_cubic_closed_form(c3, c2, c1, c0, x0, h) -> None:
    x = sympy.Symbol("x")
    f = c3 * x**3 + c2 * x**2 + c1 * x + c0
    # (f(x0+h) - f(x0))/h = f'(x0) + (3 c3 x0 + c2) h + c3 h^2, exactly.
    expected = 3 * c3 * x0**2 + 2 * c2 * x0 + c1 + (3 * c3 * x0 + c2) * h + c3 * h**2
    assert difference_quotient(f, x0, h) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_difference_quotient_converges_with_order_one() -> None:
    steps = np.logspace(-1, -5, 9)
    exact = np.cos(1.0)
    errors = [abs(difference_quotient("sin(x)", 1.0, h) - exact) for h in steps]
    order = np.polyfit(np.log(steps), np.log(errors), 1)[0]
    assert order == pytest.approx(1.0, abs=0.05)


def test_difference_quotient_rejects_a_zero_step() -> None:
    with pytest.raises(ValueError, match="non-zero"):
        difference_quotient("x^2", 1.0, 0.0)


@settings(deadline=None)
@given(
    st.lists(coefficients, min_size=1, max_size=4),
    st.sampled_from(["sin", "exp", "atan", "cos"]),
    points,
    st.floats(1e-4, 1e-1),
)
def test_tangent_slope_matches_shrinking_difference_quotient(poly, name, x0, h) -> None:
    x = sympy.Symbol("x")
    f = sum(c * x**k for k, c in enumerate(poly)) + getattr(sympy, name)(x)
    line = tangent_line(f, x0)
    # Taylor: |DQ(h) - f'(x0)| <= h/2 * max |f''| on [x0, x0 + h], plus rounding.
    second = numeric(derivative(derivative(f)))(np.linspace(x0, x0 + h, 201))
    bound = h / 2 * np.max(np.abs(second)) * 1.01 + 1e-9 * (1 + abs(line.y0))
    assert abs(difference_quotient(f, x0, h) - line.slope) <= bound
    assert abs(difference_quotient(f, x0, h / 100) - line.slope) <= bound / 100 + 1e-7


def test_tangent_line_values() -> None:
    line = tangent_line("x^3 - 3*x", 2.0)
    assert line == TangentLine(x0=2.0, y0=2.0, slope=9.0)
    assert line.at(3.0) == 11.0
    assert isinstance(line.at(3.0), float)
    np.testing.assert_allclose(line.at(XS), 2.0 + 9.0 * (XS - 2.0))
    assert line.at(np.ones((2, 3))).shape == (2, 3)


def test_tangent_line_is_frozen() -> None:
    with pytest.raises(AttributeError):
        tangent_line("x^2", 1.0).slope = 0.0  # type: ignore[misc]


@settings(deadline=None)
@given(points)
def test_tangent_touches_the_curve_to_second_order(x0: float) -> None:
    f = numeric("sin(2*x) + x^2/3")
    line = tangent_line("sin(2*x) + x^2/3", x0)
    assert line.y0 == pytest.approx(f(x0))
    # Taylor: the gap between curve and tangent is at most h^2/2 * max |f''|
    second = numeric(derivative(derivative("sin(2*x) + x^2/3")))
    for h in (1e-1, 1e-2, 1e-3):
        curvature = np.max(np.abs(second(np.linspace(x0, x0 + h, 201))))
        gap = abs(f(x0 + h) - line.at(x0 + h))
        assert gap <= h**2 / 2 * curvature * 1.01 + 1e-12


# --- partial derivatives, gradient ---------------------------------------------------


def test_partial_derivatives_of_the_slides_examples() -> None:
    assert partial_derivatives("x*y^2 + x^3", ("x", "y")) == {
        "x": Y**2 + 3 * X**2,
        "y": 2 * X * Y,
    }
    exercise = partial_derivatives("3*x^2*y + 2*x*y^2 + x", ("x", "y"))
    assert sympy.expand(exercise["x"] - (6 * X * Y + 2 * Y**2 + 1)) == 0
    assert sympy.expand(exercise["y"] - (3 * X**2 + 4 * X * Y)) == 0


def test_gradient_symbolic_matches_sympy() -> None:
    f = sympy.exp(X * Y) + sympy.sin(X)
    assert gradient(f, ("x", "y")) == (sympy.diff(f, X), sympy.diff(f, Y))


@settings(deadline=None)
@given(points, points)
def test_gradient_at_a_point_matches_finite_differences(x0: float, y0: float) -> None:
    text = "x*y^2 + x^3 + cos(x*y)"
    f = numeric(text, ("x", "y"))
    expected = [
        central_difference(lambda t: f(t, y0), x0),
        central_difference(lambda t: f(x0, t), y0),
    ]
    np.testing.assert_allclose(
        gradient(text, ("x", "y"), at=(x0, y0)), expected, rtol=1e-6, atol=1e-6
    )


def test_gradient_on_a_grid_of_points() -> None:
    gx, gy = np.meshgrid(XS, XS[:7])
    grid = np.stack([gx, gy], axis=-1)
    values = gradient("x^2 + 3*y", ("x", "y"), at=grid)
    assert values.shape == (7, 41, 2)
    np.testing.assert_array_equal(values[..., 0], 2 * gx)
    np.testing.assert_array_equal(values[..., 1], np.full_like(gy, 3.0))


def test_gradient_rejects_points_of_the_wrong_dimension() -> None:
    with pytest.raises(ValueError, match="2 coordinates"):
        gradient("x + y", ("x", "y"), at=(1.0, 2.0, 3.0))


# --- Jacobian -------------------------------------------------------------------------

SLIDES_MAP = ["x^2*y", "5*x + sin(y)"]


def test_jacobian_of_the_slides_example() -> None:
    assert jacobian(SLIDES_MAP, ("x", "y")) == sympy.Matrix(
        [[2 * X * Y, X**2], [5, sympy.cos(Y)]]
    )


@settings(deadline=None)
@given(points, points)
def test_jacobian_at_a_point_matches_closed_form_and_differences(x0, y0) -> None:
    value = jacobian(SLIDES_MAP, ("x", "y"), at=(x0, y0))
    np.testing.assert_allclose(value, [[2 * x0 * y0, x0**2], [5.0, np.cos(y0)]])
    f = numeric_vector(SLIDES_MAP, ("x", "y"))
    columns = [
        central_difference(lambda t: f(t, y0), x0),
        central_difference(lambda t: f(x0, t), y0),
    ]
    np.testing.assert_allclose(value, np.stack(columns, axis=1), atol=1e-6)


def test_jacobian_shapes() -> None:
    fs = ["x*y*z", "x + z", "3"]
    names = ("x", "y", "z")
    assert jacobian(fs, names).shape == (3, 3)
    assert jacobian(fs, names, at=np.ones((4, 5, 3))).shape == (4, 5, 3, 3)
    np.testing.assert_array_equal(jacobian(fs, names, at=(1, 2, 3))[2], [0, 0, 0])


def test_jacobian_of_a_gradient_is_the_symmetric_hessian() -> None:
    f = "x^3*y + exp(x - y)"
    hessian = jacobian(gradient(f, ("x", "y")), ("x", "y"))
    assert hessian == sympy.hessian(parse_expression(f, ("x", "y")), (X, Y))
    assert hessian == hessian.T


# --- term by term ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["3*x^2*y + 2*x*y^2 + x", "sin(x)*exp(y) - 5*y^3 + 7", "x*y/(1 + y^2) + cos(x*y)"],
)
@pytest.mark.parametrize("variable", ["x", "y"])
def test_term_by_term_adds_up_to_sympys_partial(text: str, variable: str) -> None:
    f = parse_expression(text, ("x", "y"))
    symbol = {"x": X, "y": Y}[variable]
    working = term_by_term(sympy.Add.make_args(f), variable)
    assert sympy.simplify(working.result - sympy.diff(f, symbol)) == 0
    for step in working.steps:
        assert symbol not in step.constant.free_symbols
        assert sympy.simplify(step.constant * step.varying - step.term) == 0
        assert sympy.simplify(step.derivative - sympy.diff(step.term, symbol)) == 0


def test_term_by_term_reads_plain_symbols_as_the_variable() -> None:
    x, y = sympy.symbols("x y")
    (step,) = term_by_term([4 * x**3 * y], "x").steps
    assert step.constant == 4 * y and step.derivative == 12 * X**2 * y
