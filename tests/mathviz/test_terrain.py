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
from mathviz.terrain import (
    HIKER_LEARNING_RATE,
    HIKER_START,
    SHELTER,
    TERRAIN,
    VARIABLES,
    X_RANGE,
    Y_RANGE,
    height,
    height_gradient,
    hiker_path,
)

X, Y = sympy.symbols("x y", real=True)
SHELTER_XY = np.array(SHELTER, dtype=float)
coordinates = st.floats(-3, 3)


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


@given(coordinates, coordinates)
def test_height_gradient_matches_central_differences(x: float, y: float) -> None:
    h = 1e-5
    numeric = [
        (height(x + h, y) - height(x - h, y)) / (2 * h),
        (height(x, y + h) - height(x, y - h)) / (2 * h),
    ]
    np.testing.assert_allclose(height_gradient(x, y), numeric, atol=1e-7)


def test_height_and_gradient_are_vectorised() -> None:
    x = np.linspace(-3, 3, 5)
    y = np.linspace(-3, 3, 4)[:, None]
    assert height(x, y).shape == (4, 5)
    grid = height_gradient(x, y)
    assert grid.shape == (4, 5, 2)
    np.testing.assert_array_equal(grid[2, 3], height_gradient(x[3], y[2, 0]))
    assert isinstance(height(0.0, 0.0), float)


def test_the_hikers_walk_is_watchable_and_ends_at_the_shelter() -> None:
    path = hiker_path()
    np.testing.assert_array_equal(path.points[0], HIKER_START)
    assert 10 <= path.steps <= 25
    assert path.converged and not path.diverged
    assert np.linalg.norm(path.points[-1] - SHELTER_XY) < 0.05
    assert np.all(np.diff(path.values) < 0)  # every step goes down
    x, y = path.points.T
    assert np.all((X_RANGE[0] <= x) & (x <= X_RANGE[1]))
    assert np.all((Y_RANGE[0] <= y) & (y <= Y_RANGE[1]))
    # each step is learning rate x the terrain's own gradient, downhill
    steps = np.diff(path.points, axis=0)
    np.testing.assert_allclose(
        steps, -HIKER_LEARNING_RATE * height_gradient(x[:-1], y[:-1]), atol=1e-12
    )
    np.testing.assert_allclose(path.values, height(x, y))


def test_the_walk_from_another_start_also_finds_the_shelter() -> None:
    path = hiker_path(start=(2.5, -2.5), learning_rate=0.3, tolerance=1e-6)
    assert path.converged
    np.testing.assert_allclose(path.points[-1], SHELTER_XY, atol=1e-4)
