"""Linear regression: cost against its definition, gradient against finite differences,
the exact fit against numpy.polyfit, and descent ending at the exact fit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathviz import regression
from mathviz.calculus import gradient
from mathviz.descent import curvature
from mathviz.regression import (
    PARAMETERS,
    Dataset,
    cost_grid,
    fit_by_descent,
    least_squares,
    mse_cost,
    mse_expression,
    mse_gradient,
)

pytestmark = pytest.mark.filterwarnings("error")

SOME_DATA = {"slope": 1.5, "intercept": 0.5, "noise": 0.3, "n": 20, "seed": 7}
"""A dataset's parameters; tests change some of them."""


def make_dataset(**changes) -> Dataset:
    """mathviz's dataset with :data:`SOME_DATA`, changed by ``changes``, on [0, 2]."""
    return regression.make_dataset(**{**SOME_DATA, "x_range": (0.0, 2.0), **changes})


datasets = st.builds(
    make_dataset,
    slope=st.floats(-3, 3),
    intercept=st.floats(-3, 3),
    noise=st.floats(0, 1),
    n=st.integers(2, 40),
    seed=st.integers(0, 2**32 - 1),
)
parameters = st.floats(-5, 5)


def definition(a: float, b: float, x: np.ndarray, y: np.ndarray) -> float:
    """J(a, b) written as the slides write it."""
    return sum((a * xi + b - yi) ** 2 for xi, yi in zip(x, y, strict=True)) / len(x)


# --- the dataset ---------------------------------------------------------------------


def test_dataset_is_seeded() -> None:
    first, again, other = (
        make_dataset(seed=3),
        make_dataset(seed=3),
        make_dataset(seed=4),
    )
    np.testing.assert_array_equal(first.x, again.x)
    np.testing.assert_array_equal(first.y, again.y)
    assert not np.array_equal(first.y, other.y)


@settings(deadline=None)
@given(datasets)
def test_dataset_shape_and_spread(data: Dataset) -> None:
    assert data.x.shape == data.y.shape == (len(data.x),)
    assert np.all(np.diff(data.x) >= 0) and np.all((data.x >= 0) & (data.x <= 2))


def test_noise_free_data_lies_on_the_line_and_noise_has_its_size() -> None:
    exact = make_dataset(slope=-1.0, intercept=4.0, noise=0.0, n=10)
    np.testing.assert_allclose(exact.y, -exact.x + 4.0)
    noisy = make_dataset(slope=0.0, intercept=0.0, noise=0.5, n=20000, seed=1)
    assert np.std(noisy.y) == pytest.approx(0.5, rel=0.03)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1}, "at least 2 points"),
        ({"noise": -1}, "noise"),
        ({"x_range": (1, 1)}, "x_range"),
    ],
)
def test_bad_dataset_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_dataset(**kwargs)


# --- cost and gradient ---------------------------------------------------------------


@settings(deadline=None)
@given(datasets, parameters, parameters)
def test_cost_matches_its_definition(data: Dataset, a: float, b: float) -> None:
    assert mse_cost(a, b, data.x, data.y) == pytest.approx(
        definition(a, b, data.x, data.y), rel=1e-9, abs=1e-9
    )


@settings(deadline=None)
@given(datasets, parameters, parameters)
def test_gradient_matches_finite_differences(data: Dataset, a: float, b: float) -> None:
    h = 1e-5
    da = (mse_cost(a + h, b, data.x, data.y) - mse_cost(a - h, b, data.x, data.y)) / (
        2 * h
    )
    db = (mse_cost(a, b + h, data.x, data.y) - mse_cost(a, b - h, data.x, data.y)) / (
        2 * h
    )
    np.testing.assert_allclose(mse_gradient(a, b, data.x, data.y), (da, db), atol=1e-5)


def test_cost_and_gradient_are_vectorised() -> None:
    data = make_dataset()
    a = np.linspace(-1, 3, 5)[:, None]
    b = np.linspace(-2, 2, 4)[None, :]
    cost = mse_cost(a, b, data.x, data.y)
    assert cost.shape == (5, 4)
    assert cost[2, 3] == pytest.approx(definition(a[2, 0], b[0, 3], data.x, data.y))
    da, db = mse_gradient(a, b, data.x, data.y)
    assert da.shape == db.shape == (5, 4)
    assert (da[1, 2], db[1, 2]) == pytest.approx(
        mse_gradient(a[1, 0], b[0, 2], data.x, data.y)
    )


def test_mismatched_data_is_rejected() -> None:
    with pytest.raises(ValueError, match="same non-zero length"):
        mse_cost(1.0, 1.0, [1.0, 2.0], [1.0])


@settings(deadline=None)
@given(datasets, parameters, parameters)
def test_symbolic_cost_agrees_with_the_numeric_one(data: Dataset, a: float, b: float):
    expr = mse_expression(data.x, data.y)
    values = {"a": a, "b": b}
    assert float(
        expr.subs({s: values[s.name] for s in expr.free_symbols})
    ) == pytest.approx(mse_cost(a, b, data.x, data.y), rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(
        gradient(expr, PARAMETERS, at=(a, b)),
        mse_gradient(a, b, data.x, data.y),
        atol=1e-9,
    )


def test_cost_grid_layout() -> None:
    data = make_dataset()
    a, b, cost = cost_grid(data.x, data.y, (-1, 3), (-2, 2), resolution=7)
    assert a.shape == b.shape == (7,) and cost.shape == (7, 7)
    for i, j in [(0, 0), (2, 5), (6, 1)]:
        assert cost[i, j] == pytest.approx(definition(a[j], b[i], data.x, data.y))
    with pytest.raises(ValueError, match="resolution"):
        cost_grid(data.x, data.y, (0, 1), (0, 1), resolution=1)


# --- the exact fit and descent -------------------------------------------------------


@settings(deadline=None)
@given(datasets)
def test_least_squares_matches_polyfit(data: Dataset) -> None:
    a, b = least_squares(data.x, data.y)
    np.testing.assert_allclose(
        (a, b), np.polyfit(data.x, data.y, 1), rtol=1e-7, atol=1e-7
    )
    np.testing.assert_allclose(mse_gradient(a, b, data.x, data.y), (0, 0), atol=1e-9)


def test_least_squares_needs_two_distinct_x() -> None:
    with pytest.raises(ValueError, match="all x values are equal"):
        least_squares([1.0, 1.0, 1.0], [0.0, 1.0, 2.0])


@settings(deadline=None, max_examples=50)
@given(datasets, st.floats(0.2, 1.9))
def test_descent_ends_at_least_squares(data: Dataset, scale: float) -> None:
    # The Hessian of J, from its definition: 2 * [[mean x^2, mean x], [mean x, 1]].
    hessian = 2 * np.array(
        [[np.mean(data.x**2), np.mean(data.x)], [np.mean(data.x), 1]]
    )
    smallest, largest = np.linalg.eigvalsh(hessian)
    assume(largest / smallest < 200)  # well enough conditioned to finish quickly
    rate = scale / curvature(mse_expression(data.x, data.y), PARAMETERS)
    tolerance = 1e-9
    path = fit_by_descent(data.x, data.y, rate, max_steps=10**5, tolerance=tolerance)
    assert path.converged and not path.diverged
    # it stopped with |grad J| <= max(tol, tol / rate), so |p - p*| <= that / smallest
    error = max(tolerance, tolerance / rate) / smallest
    np.testing.assert_allclose(
        path.points[-1], np.polyfit(data.x, data.y, 1), rtol=0, atol=error + 1e-9
    )
    np.testing.assert_allclose(
        path.points[-1], least_squares(data.x, data.y), rtol=0, atol=error
    )
    # below 2/L the cost of a quadratic falls at every step
    assert np.all(np.diff(path.values) <= 1e-12 * path.values[0])


def test_lecture_fit_loss_curve() -> None:
    data = make_dataset()
    rate = 1 / curvature(mse_expression(data.x, data.y), PARAMETERS)
    path = fit_by_descent(data.x, data.y, rate)
    np.testing.assert_allclose(path.values, mse_cost(*path.points.T, data.x, data.y))
    assert path.values[-1] == pytest.approx(
        mse_cost(*least_squares(data.x, data.y), data.x, data.y), rel=1e-9
    )
    assert path.values[0] > 10 * path.values[-1]
