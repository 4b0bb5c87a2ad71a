"""Critical points and their classification, against closed forms."""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.extrema import (
    MAX_DEGREE,
    MAX_POINTS,
    CriticalPoint,
    TooManyCriticalPoints,
    critical_points,
    polynomial_degree,
)

X = sympy.Symbol("x", real=True)


def summary(points: tuple[CriticalPoint, ...]) -> list[tuple]:
    return [(p.x, p.y, p.kind) for p in points]


def test_cubic_has_a_maximum_then_a_minimum() -> None:
    assert summary(critical_points("x^3 - 3*x", (-3, 3))) == [
        (-1, 2, "maximum"),
        (1, -2, "minimum"),
    ]


@given(st.integers(-20, 20), st.integers(1, 20))
def test_cubic_with_chosen_critical_points(p: int, gap: int) -> None:
    # f' = (x - p)(x - q) with p < q: rising, falling, rising, so p is the maximum
    q = p + gap
    f = X**3 / 3 - sympy.Rational(p + q, 2) * X**2 + p * q * X
    points = critical_points(f, (p - 1, q + 1))
    assert summary(points) == [
        (p, f.subs(X, p), "maximum"),
        (q, f.subs(X, q), "minimum"),
    ]


@pytest.mark.parametrize("n", range(2, 9))
def test_powers_of_x_at_zero(n: int) -> None:
    # the second derivative vanishes at 0 from n = 3 on: higher derivatives decide
    kind = "minimum" if n % 2 == 0 else "neither"
    (point,) = critical_points(X**n, (-1, 1))
    assert (point.x, point.y, point.kind) == (0, 0, kind)
    (flipped,) = critical_points(-(X**n), (-1, 1))
    assert flipped.kind == {"minimum": "maximum", "neither": "neither"}[kind]


@st.composite
def factored_slopes(draw):
    """A derivative k * prod (x - r)^m with known roots and multiplicities."""
    roots = draw(st.lists(st.integers(-6, 6), min_size=1, max_size=4, unique=True))
    multiplicities = draw(
        st.lists(st.integers(1, 3), min_size=len(roots), max_size=len(roots))
    )
    k = draw(st.sampled_from([-3, -1, 2]))
    return k, dict(zip(roots, multiplicities, strict=True))


def expected_kind(k: int, roots: dict[int, int], r: int) -> str:
    """First-derivative sign test, in closed form, for a root r of the slope."""
    if roots[r] % 2 == 0:
        return "neither"  # f' keeps its sign through an even root
    rest = k * math.prod((r - s) ** m for s, m in roots.items() if s != r)
    return "minimum" if rest > 0 else "maximum"  # f' goes from -rest to +rest


@settings(max_examples=30, deadline=None)
@given(factored_slopes(), st.integers(-7, 6), st.integers(1, 8))
def test_classification_agrees_with_the_sign_test(slope, a: int, width: int) -> None:
    k, roots = slope
    f = sympy.integrate(k * math.prod((X - r) ** m for r, m in roots.items()), X)
    b = a + width
    inside = sorted(r for r in roots if a <= r <= b)
    points = critical_points(sympy.expand(f), (a, b))
    assert [p.x for p in points] == inside
    assert [p.kind for p in points] == [expected_kind(k, roots, r) for r in inside]
    assert [p.y for p in points] == [f.subs(X, r) for r in inside]


def test_trigonometric_critical_points_are_exact() -> None:
    pi = sympy.pi
    assert summary(critical_points("sin(x)", (0, 2 * pi))) == [
        (pi / 2, 1, "maximum"),
        (3 * pi / 2, -1, "minimum"),
    ]
    # cos(x) + x/2: sin x = 1/2
    points = critical_points("cos(x) + x/2", (0, 2 * pi))
    assert [p.x for p in points] == [pi / 6, 5 * pi / 6]
    assert [p.kind for p in points] == ["maximum", "minimum"]
    assert sympy.simplify(points[0].y - (sympy.sqrt(3) / 2 + pi / 12)) == 0


def test_exponential_and_rational_functions() -> None:
    assert summary(critical_points("x*exp(-x)", (0, 5))) == [
        (1, sympy.exp(-1), "maximum")
    ]
    assert summary(critical_points("(x^2 - 1)/(x^2 + 1)", (-3, 3))) == [
        (0, -1, "minimum")
    ]


def test_the_interval_is_closed_and_filters() -> None:
    assert [p.x for p in critical_points("x^2", (0, 1))] == [0]
    assert critical_points("x^2", (0.5, 1)) == ()
    assert [p.x for p in critical_points("sin(x)", (0, 3))] == [sympy.pi / 2]
    assert [p.x for p in critical_points("x^3 - 3*x", (-0.5, 1.5))] == [1]
    # floats are read as the decimals they print as; exact endpoints stay exact
    assert [p.x for p in critical_points("(x - 0.1)^2", (0.1, 1))] == [
        sympy.Rational(1, 10)
    ]
    assert [p.x for p in critical_points("cos(x)", (2, sympy.pi))] == [sympy.pi]


def test_other_variable_names_and_float_coordinates() -> None:
    (point,) = critical_points("(t - 2)^2 + 1", (0, 5), var="t")
    assert point.point == (2.0, 1.0)
    assert isinstance(point.point[0], float)


def test_cubic_slope_with_three_real_roots_gives_exact_roots() -> None:
    # f' = 4x^3 - 8x + 1: Cardano's radicals would need complex numbers
    points = critical_points("x^4 - 4*x^2 + x", (-3, 3))
    slope = 4 * X**3 - 8 * X + 1
    assert all(abs(slope.subs(X, p.x).evalf(60)) < 1e-50 for p in points)
    assert [p.kind for p in points] == ["minimum", "maximum", "minimum"]
    numeric_roots = sorted(sympy.Poly(slope).nroots())
    assert [float(p.x) for p in points] == pytest.approx(numeric_roots)


def test_max_f_is_minus_min_of_minus_f() -> None:
    f = "3*x^4 - 4*x^3 - 12*x^2"  # f' = 12 x (x - 2) (x + 1)
    up = critical_points(f, (-3, 3))
    assert [p.x for p in up] == [-1, 0, 2]
    down = critical_points(f"-({f})", (-3, 3))
    assert [p.x for p in up] == [p.x for p in down]
    assert [sympy.simplify(p.y + q.y) for p, q in zip(up, down, strict=True)] == [0] * 3
    flip = {"maximum": "minimum", "minimum": "maximum"}
    assert [flip[p.kind] for p in up] == [q.kind for q in down]


@pytest.mark.parametrize(
    ("f", "interval", "message"),
    [
        ("3", (-1, 1), "constant"),
        ("abs(x) + abs(x - 1)", (-2, 2), "constant on"),
        ("x^2", (1, 1), "a < b"),
        ("x^2", (2, 1), "a < b"),
        ("x^2", (0, float("inf")), "finite"),
        ("x^2", (0, 1, 2), "two"),
        ("x^2/2 - sin(x)", (-2, 2), "cannot list"),  # x = cos x has no closed form
    ],
)
def test_unanswerable_questions_raise_clear_errors(f, interval, message) -> None:
    with pytest.raises(ValueError, match=message):
        critical_points(f, interval)


@pytest.mark.parametrize(
    "f", ["sin(1000000*x)", "sin(10000*x)", "x*sin(1/x)", "sin(100*x) + x/1000"]
)
def test_too_many_critical_points_are_refused_before_sympy_solves(f) -> None:
    # sin(k x) has k (b - a) / pi flat tangents in [a, b]: far more than MAX_POINTS.
    with pytest.raises(TooManyCriticalPoints, match=f"more than {MAX_POINTS}"):
        critical_points(f, (-2.5, 2.5))


def test_twenty_critical_points_are_still_listed() -> None:
    # cos(4 x) on [0, 5 pi/4 + 1/10]: flat at k pi/4 for k = 0..5, all listed exactly.
    points = critical_points("cos(4*x)", (0, 5 * sympy.pi / 4 + sympy.Rational(1, 10)))
    assert [p.x for p in points] == [k * sympy.pi / 4 for k in range(6)]


@pytest.mark.parametrize(
    ("f", "degree"), [("x^999", 999), ("(x + 1)^999 - x", 999), ("(x^2 + 1)^13", 26)]
)
def test_polynomials_of_high_degree_are_refused_unexpanded(f, degree) -> None:
    assert polynomial_degree(f) == degree
    with pytest.raises(ValueError, match=f"degree {degree}; .* up to {MAX_DEGREE}"):
        critical_points(f, (-1, 1))


def test_the_highest_degree_is_classified() -> None:
    # x^24 - x^2: flat at 0 (a maximum) and at +-(1/12)^(1/22) (minima).
    points = critical_points(f"x^{MAX_DEGREE} - x^2", (-2, 2))
    assert [p.kind for p in points] == ["minimum", "maximum", "minimum"]
    root = sympy.Rational(1, 12) ** sympy.Rational(1, 22)
    assert [float(p.x) for p in points] == pytest.approx([-float(root), 0, float(root)])
