"""The lost hiker's terrain: one shelter, found every way we can look for it."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.calculus import gradient, jacobian, numeric
from mathviz.contours import contours
from mathviz.descent import gradient_descent
from mathviz.expressions import VARIABLES
from mathviz.terrain import winding_valley

X, Y = sympy.symbols("x y", real=True)
# A valley like the lecture's: h = 3/5 (y - 6/5 sin x)^2 + 2/5 (x - 3/2)^2.
VALLEY = winding_valley(
    sympy.Rational(3, 5),
    sympy.Rational(6, 5),
    sympy.Rational(2, 5),
    sympy.Rational(3, 2),
)
TERRAIN, SHELTER = VALLEY.height, VALLEY.lowest
SHELTER_XY = np.array(SHELTER, dtype=float)
X_RANGE = Y_RANGE = (-3.0, 3.0)
coordinates = st.floats(-3, 3)


def height(x, y):
    return numeric(TERRAIN, VARIABLES)(x, y)


def test_the_valley_is_written_as_its_docstring_says() -> None:
    a, b, c, x0 = 2, sympy.Rational(1, 2), 3, -1
    valley = winding_valley(a, b, c, x0)
    assert (
        sympy.expand(
            valley.height - (a * (Y - b * sympy.sin(X)) ** 2 + c * (X - x0) ** 2)
        )
        == 0
    )
    assert valley.lowest == (x0, b * sympy.sin(x0))


@pytest.mark.parametrize(("wall", "floor"), [(0, 1), (1, -1)])
def test_walls_and_floor_must_slope(wall, floor) -> None:
    with pytest.raises(ValueError, match="positive"):
        winding_valley(wall, 1, floor, 0)


def test_the_shelter_is_at_height_zero_and_the_land_is_never_lower() -> None:
    assert sympy.simplify(TERRAIN.subs(dict(zip((X, Y), SHELTER, strict=True)))) == 0
    # a sum of two squares with positive weights
    assert all(term.is_nonnegative for term in sympy.Add.make_args(TERRAIN))


def test_in_valley_coordinates_the_terrain_is_a_bowl() -> None:
    # u = y - floor(x), v = x - x0 has Jacobian determinant 1 and turns h into
    # a u^2 + c v^2, whose only critical point is u = v = 0
    u, v = sympy.symbols("u v", real=True)
    floor = sympy.solve(sympy.diff(TERRAIN, Y), Y)
    assert len(floor) == 1
    (floor,) = floor
    x0 = SHELTER[0]
    assert sympy.simplify(floor.subs(X, x0) - SHELTER[1]) == 0
    change = sympy.Matrix([Y - floor, X - x0]).jacobian([X, Y])
    assert sympy.simplify(change.det()) in (1, -1)
    bowl = sympy.expand(sympy.simplify(TERRAIN.subs(Y, u + floor).subs(X, v + x0)))
    assert bowl.free_symbols == {u, v}
    assert sympy.Poly(bowl, u, v).monoms() == [(2, 0), (0, 2)]
    assert all(coefficient > 0 for coefficient in sympy.Poly(bowl, u, v).coeffs())


def test_sympy_solves_the_gradient_for_the_shelter_alone() -> None:
    solutions = sympy.solve(gradient(TERRAIN, VARIABLES), [X, Y], dict=True)
    assert solutions == [{X: SHELTER[0], Y: SHELTER[1]}]


def test_the_hessian_at_the_shelter_is_positive_definite() -> None:
    hessian = jacobian(gradient(TERRAIN, VARIABLES), VARIABLES, at=SHELTER_XY)
    assert np.all(np.linalg.eigvalsh(hessian) > 0.1)


def test_a_dense_grid_search_finds_the_shelter() -> None:
    x = np.linspace(*X_RANGE, 1201)
    y = np.linspace(*Y_RANGE, 1201)
    z = height(x[None, :], y[:, None])
    i, j = np.unravel_index(np.argmin(z), z.shape)
    spacing = (X_RANGE[1] - X_RANGE[0]) / 1200
    np.testing.assert_allclose([x[j], y[i]], SHELTER_XY, atol=spacing)
    assert z.min() >= 0


def test_newton_from_the_grid_minimum_lands_on_the_shelter() -> None:
    x = np.linspace(*X_RANGE, 61)
    z = height(x[None, :], x[:, None])
    i, j = np.unravel_index(np.argmin(z), z.shape)
    root = sympy.nsolve(gradient(TERRAIN, VARIABLES), [X, Y], [x[j], x[i]], prec=30)
    np.testing.assert_allclose(np.array(root, dtype=float).ravel(), SHELTER_XY)


def test_the_gradient_vanishes_nowhere_else_in_a_wide_box() -> None:
    # a critical point lies on the zero curve of dh/dy (traced by contourpy) and
    # dh/dx changes sign there: along that curve, count the sign changes
    dh_dx, dh_dy = gradient(TERRAIN, VARIABLES)
    (zero_curve,) = contours(dh_dy, VARIABLES, (-8, 8), (-8, 8), [0.0], resolution=401)
    assert zero_curve.lines
    crossings = []
    for line in zero_curve.lines:
        signs = np.sign(numeric(dh_dx, VARIABLES)(*line.T))
        crossings += [line[i] for i in np.nonzero(signs[:-1] != signs[1:])[0]]
    assert len(crossings) == 1
    np.testing.assert_allclose(crossings[0], SHELTER_XY, atol=0.05)


@pytest.mark.parametrize("learning_rate", [0.1, 0.3])
def test_descent_from_every_start_reaches_the_shelter(learning_rate: float) -> None:
    starts = np.linspace(-3, 3, 7)
    for start in np.stack(np.meshgrid(starts, starts), axis=-1).reshape(-1, 2):
        path = gradient_descent(
            TERRAIN, VARIABLES, start, learning_rate, max_steps=5000, tolerance=1e-10
        )
        assert path.converged and not path.diverged
        np.testing.assert_allclose(path.points[-1], SHELTER_XY, atol=1e-8)


@settings(max_examples=40)
@given(coordinates, coordinates)
def test_height_matches_sympy(x: float, y: float) -> None:
    exact = TERRAIN.subs({X: x, Y: y}).evalf(30)
    assert height(x, y) == pytest.approx(float(exact), rel=1e-12, abs=1e-12)


def test_the_exact_gradient_matches_central_differences() -> None:
    slope = gradient(TERRAIN, VARIABLES)
    h = 1e-5
    for x, y in np.random.default_rng(0).uniform(-3, 3, (20, 2)):
        central = [
            (height(x + h, y) - height(x - h, y)) / (2 * h),
            (height(x, y + h) - height(x, y - h)) / (2 * h),
        ]
        exact = [float(part.subs({X: x, Y: y})) for part in slope]
        np.testing.assert_allclose(exact, central, atol=1e-7)
