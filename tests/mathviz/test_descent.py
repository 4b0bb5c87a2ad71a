"""Gradient descent against exact iterates, and the learning-rate analysis against theory."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathviz.descent import (
    RATE_MULTIPLES,
    DescentPath,
    Regime,
    classify_learning_rate,
    classify_path,
    curvature,
    gradient_descent,
    representative_rates,
    stability_limit,
    steps_to_converge,
)

# No floating-point warning may escape from a descent run.
pytestmark = pytest.mark.filterwarnings("error")

curvatures = st.floats(0.1, 5.0)
starts = st.floats(0.5, 10.0).flatmap(lambda v: st.sampled_from([v, -v]))
BOUND = 1e6


def rate_for(a: float, r: float) -> float:
    """The rate that makes one step on a*x^2 multiply x by r: r = 1 - 2*a*rate."""
    return (1 - r) / (2 * a)


def steps_needed(gradient0: float, r: float, tolerance: float) -> int:
    """Smallest k with |gradient0| * |r|^k <= tolerance."""
    return max(0, math.ceil(math.log(tolerance / abs(gradient0)) / math.log(abs(r))))


# --- the exact iterate on a*x^2 ------------------------------------------------------


@settings(deadline=None)
@given(curvatures, starts, st.floats(-3.0, 0.99))
def test_matches_the_exact_iterate_in_every_regime(a, x0, r) -> None:
    eta = rate_for(a, r)
    r = 1 - 2 * a * eta  # the factor as the floats give it
    path = gradient_descent(
        sympy.Float(a) * sympy.Symbol("x") ** 2, "x", [x0], eta, 40, 0
    )
    k = np.arange(path.steps + 1)
    x = path.points[:, 0]
    # rounding errors scale with the running size of the iterate
    error = np.abs(x - x0 * r**k)
    assert np.all(error <= 1e-12 * abs(x0) * np.maximum(1.0, abs(r)) ** k)
    np.testing.assert_allclose(path.values, a * x**2, rtol=1e-12)
    np.testing.assert_allclose(path.gradients[:, 0], 2 * a * x, rtol=1e-12)
    next_size = abs(x0 * r ** (path.steps + 1))
    if path.diverged:
        assert next_size >= BOUND * (1 - 1e-9) and not path.converged
    elif path.steps < 40:  # with tolerance 0 only an exact zero gradient stops it
        assert path.converged and path.gradients[-1, 0] == 0


@pytest.mark.parametrize(
    ("r", "signs", "grows"),
    [(0.5, {1}, False), (-0.5, {1, -1}, False), (-1.5, {1, -1}, True)],
    ids=["monotone", "oscillating", "divergent"],
)
def test_regimes_on_a_parabola(r: float, signs: set[int], grows: bool) -> None:
    path = gradient_descent("3*x^2", "x", [2.0], rate_for(3, r), max_steps=10)
    np.testing.assert_allclose(path.points[:, 0], 2.0 * r ** np.arange(11))
    assert set(np.sign(path.points[:, 0]).astype(int)) == signs
    assert (np.diff(np.abs(path.points[:, 0])) > 0).all() == grows


@settings(deadline=None)
@given(curvatures, curvatures, starts, starts, st.floats(0.01, 1.2))
def test_separable_quadratics_follow_the_iterate_per_coordinate(a, c, x0, y0, scale):
    eta = scale / max(a, c)
    f = f"{a!r}*(x - 1)^2 + {c!r}*(y + 2)^2"
    path = gradient_descent(f, ("x", "y"), [x0, y0], eta, max_steps=25, tolerance=0)
    k = np.arange(path.steps + 1)
    np.testing.assert_allclose(
        path.points,
        np.stack(
            [
                1 + (x0 - 1) * (1 - 2 * a * eta) ** k,
                -2 + (y0 + 2) * (1 - 2 * c * eta) ** k,
            ],
            axis=1,
        ),
        rtol=1e-9,
        atol=1e-9,
    )


def test_rosenbrock_approaches_its_minimum() -> None:
    path = gradient_descent(
        "(1 - x)^2 + 100*(y - x^2)^2", ("x", "y"), [-1.2, 1.0], 1e-3, max_steps=20000
    )
    distances = np.linalg.norm(path.points - [1.0, 1.0], axis=1)
    assert distances[-1] < 1e-3
    assert distances[-1] < distances[len(distances) // 2] < distances[0]
    assert np.all(np.diff(path.values) <= 0)  # a small rate never goes uphill here


# --- divergence and convergence -------------------------------------------------------


@settings(deadline=None)
@given(curvatures, starts, st.floats(-4.0, -1.05))
def test_divergent_runs_end_flagged_finite_and_quickly(a, x0, r) -> None:
    path = gradient_descent(f"{a!r}*x^2", "x", [x0], rate_for(a, r), max_steps=10**6)
    assert path.diverged and not path.converged
    for array in (path.points, path.values, path.gradients):
        assert np.all(np.isfinite(array))
    assert np.all(np.abs(path.points) <= BOUND)
    # it stops at the first step that would leave the bound
    assert path.steps <= math.log(BOUND / abs(x0)) / math.log(abs(r)) + 1


@pytest.mark.parametrize(
    ("f", "start", "rate"),
    [
        ("exp(x^2)", 1.0, 10.0),  # the next value overflows to inf
        ("x^4", 3.0, 1.0),  # the next point leaves the bound
        ("cosh(10*x)", 1.0, 1.0),  # the gradient overflows
        ("x^2", 1.0, 1e300),  # the step itself overflows
        ("sqrt(x^2 + 1) + x^6", 2.0, 5.0),
    ],
)
def test_divergence_without_overflow(f: str, start: float, rate: float) -> None:
    path = gradient_descent(f, "x", [start], rate)
    assert path.diverged
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.values))
    assert np.all(np.isfinite(path.gradients))


def _quadratic(matrix: np.ndarray) -> str:
    p, q, s = (float(v) for v in (matrix[0, 0], matrix[0, 1], matrix[1, 1]))
    return f"{p!r}*x^2 + {2 * q!r}*x*y + {s!r}*y^2"


spd_matrices = st.tuples(
    st.floats(0.2, 4.0), st.floats(0.2, 4.0), st.floats(0.0, 2 * math.pi)
).map(
    lambda t: (lambda rotation: rotation @ np.diag(t[:2]) @ rotation.T)(
        np.array([[math.cos(t[2]), -math.sin(t[2])], [math.sin(t[2]), math.cos(t[2])]])
    )
)


@settings(deadline=None)
@given(spd_matrices, starts, starts, st.floats(0.1, 1.0), st.floats(1e-8, 1e-3))
def test_converged_runs_stop_on_the_tolerance(matrix, x0, y0, scale, tolerance):
    f = _quadratic(matrix)
    rate = scale / curvature(f, ("x", "y"))
    path = gradient_descent(f, ("x", "y"), [x0, y0], rate, 10**5, tolerance)
    assert path.converged and not path.diverged
    gradient_norms = np.linalg.norm(path.gradients, axis=1)
    step_sizes = np.append(np.inf, path.step_sizes)
    # it stops at the first point where the gradient or the step is small enough
    assert gradient_norms[-1] <= tolerance or step_sizes[-1] <= tolerance
    assert np.all(gradient_norms[:-1] > tolerance)
    assert np.all(step_sizes[:-1] > tolerance)


def test_step_tolerance_zero_stops_on_the_gradient_only() -> None:
    path = gradient_descent("x^2", "x", [1.0], 1e-4, 10**6, 1e-3, step_tolerance=0)
    assert path.converged
    assert abs(path.gradients[-1, 0]) <= 1e-3 < abs(path.gradients[-2, 0])
    early = gradient_descent("x^2", "x", [1.0], 1e-4, 10**6, 1e-3)
    assert early.steps == 0 or early.step_sizes[-1] <= 1e-3
    assert early.steps < path.steps


def test_edges() -> None:
    at_minimum = gradient_descent("(x - 2)^2 + y^2", ("x", "y"), [2.0, 0.0], 0.1)
    assert (at_minimum.steps, at_minimum.converged) == (0, True)
    assert at_minimum.points.shape == (1, 2)
    no_steps = gradient_descent("x^2", "x", [1.0], 0.1, max_steps=0)
    assert (no_steps.steps, no_steps.converged) == (0, False)
    assert no_steps.gradients.shape == (1, 1)


def test_path_fields() -> None:
    path = gradient_descent("x^2 + 3*y^2", ["x", "y"], (1.0, 1.0), 0.1, max_steps=5)
    assert isinstance(path, DescentPath)
    assert path.variables == ("x", "y") and path.learning_rate == 0.1
    assert path.points.shape == (6, 2) and path.values.shape == (6,)
    np.testing.assert_allclose(
        path.step_sizes, 0.1 * np.linalg.norm(path.gradients[:-1], axis=1)
    )
    np.testing.assert_allclose(
        path.gradients, np.stack([2 * path.points[:, 0], 6 * path.points[:, 1]], 1)
    )
    with pytest.raises(ValueError, match="read-only"):
        path.points[0, 0] = 5.0
    with pytest.raises(AttributeError):
        path.converged = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": [1.0, 2.0]}, "needs 1 coordinates"),
        ({"learning_rate": 0.0}, "must be positive"),
        ({"learning_rate": float("nan")}, "must be positive"),
        ({"max_steps": -1}, "at least 0"),
        ({"tolerance": -1.0}, "at least 0"),
        ({"start": [2e6]}, "outside the bound"),
        ({"f": "sqrt(x)", "start": [-1.0]}, "not finite at the start"),
        ({"f": "log(x)", "start": [0.0]}, "not finite at the start"),
    ],
)
def test_bad_arguments(kwargs: dict, message: str) -> None:
    arguments = {"f": "x^2", "variables": "x", "start": [1.0], "learning_rate": 0.1}
    with pytest.raises(ValueError, match=message):
        gradient_descent(**(arguments | kwargs))


# --- learning-rate analysis ----------------------------------------------------------


@settings(deadline=None)
@given(curvatures, starts, st.floats(-3.0, -1.05))
def test_classify_diverging(a, x0, r) -> None:
    assert (
        classify_learning_rate(f"{a!r}*x^2", "x", [x0], rate_for(a, r))
        is Regime.DIVERGING
    )


@settings(deadline=None)
@given(curvatures, starts, st.floats(-0.95, -0.05))
def test_classify_oscillating(a, x0, r) -> None:
    assert (
        classify_learning_rate(f"{a!r}*x^2", "x", [x0], rate_for(a, r))
        is Regime.OSCILLATING
    )


@settings(deadline=None)
@given(curvatures, starts, st.floats(0.05, 0.97), st.integers(5, 300))
def test_classify_good_or_too_small_by_the_step_budget(a, x0, r, budget) -> None:
    eta = rate_for(a, r)
    r = 1 - 2 * a * eta
    exact = math.log(1e-6 / abs(2 * a * x0)) / math.log(r)
    assume(abs(exact - round(exact)) > 1e-6)  # not on the edge of an integer
    expected = (
        Regime.GOOD if steps_needed(2 * a * x0, r, 1e-6) <= budget else Regime.TOO_SMALL
    )
    assert (
        classify_learning_rate(f"{a!r}*x^2", "x", [x0], eta, max_steps=budget)
        is expected
    )


@settings(deadline=None)
@given(curvatures, starts, st.floats(-0.95, 0.95).filter(lambda r: abs(r) > 0.05))
def test_steps_to_converge_closed_form(a, x0, r) -> None:
    eta = rate_for(a, r)
    r = 1 - 2 * a * eta
    exact = math.log(1e-6 / abs(2 * a * x0)) / math.log(abs(r))
    assume(abs(exact - round(exact)) > 1e-6)
    needed = steps_needed(2 * a * x0, r, 1e-6)
    assert steps_to_converge(f"{a!r}*x^2", "x", [x0], eta) == needed
    assert steps_to_converge(f"{a!r}*x^2", "x", [x0], eta, max_steps=needed - 1) is None


def test_ending_higher_than_the_start_is_diverging_even_within_the_bound() -> None:
    path = gradient_descent("x^2", "x", [1.0], 1.01, 5, 1e-6, step_tolerance=0)
    assert not path.diverged and path.values[-1] > path.values[0]
    assert classify_path(path) is Regime.DIVERGING
    assert (
        classify_learning_rate("x^2", "x", [1.0], 1.01, max_steps=5) is Regime.DIVERGING
    )


@settings(deadline=None)
@given(spd_matrices, starts, starts, st.floats(0.005, 2.5))
def test_classify_path_judges_the_run_it_is_given(matrix, x0, y0, scale) -> None:
    f = _quadratic(matrix)
    rate = scale / curvature(f, ("x", "y"))
    path = gradient_descent(f, ("x", "y"), [x0, y0], rate, 200, 1e-6, step_tolerance=0)
    assert classify_path(path) is classify_learning_rate(f, ("x", "y"), [x0, y0], rate)


def test_steps_to_converge_of_a_divergent_rate_is_none() -> None:
    assert steps_to_converge("x^2", "x", [1.0], 1.5) is None


def test_smaller_rates_need_more_steps() -> None:
    rates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.4]
    steps = [
        steps_to_converge("x^2 + y^2/2", ("x", "y"), [1.0, 1.0], r, 5000) for r in rates
    ]
    assert all(s is not None for s in steps)
    assert steps == sorted(steps, reverse=True) and steps[0] > 10 * steps[-1]


@settings(deadline=None)
@given(curvatures)
def test_curvature_and_stability_limit_of_a_parabola(a) -> None:
    assert curvature(f"{a!r}*x^2 + 3*x - 1", "x") == pytest.approx(2 * a)
    assert stability_limit(f"{a!r}*x^2", "x") == pytest.approx(1 / a)


@settings(deadline=None)
@given(spd_matrices)
def test_curvature_is_the_largest_hessian_eigenvalue(matrix) -> None:
    assert curvature(_quadratic(matrix), ("x", "y")) == pytest.approx(
        2 * np.linalg.eigvalsh(matrix)[-1]
    )


@settings(deadline=None)
@given(spd_matrices, starts, starts)
def test_the_stability_limit_separates_converging_from_diverging(matrix, x0, y0):
    top = np.linalg.eigh(matrix)[1][:, -1]
    assume(abs(top @ [x0, y0]) > 1e-3 * math.hypot(x0, y0))
    f = _quadratic(matrix)
    limit = stability_limit(f, ("x", "y"))
    below = gradient_descent(f, ("x", "y"), [x0, y0], 0.95 * limit, 10**5)
    above = gradient_descent(f, ("x", "y"), [x0, y0], 1.05 * limit, 10**5)
    assert below.converged and above.diverged


def test_curvature_needs_a_point_unless_quadratic() -> None:
    with pytest.raises(ValueError, match="not a quadratic"):
        curvature("x^4", "x")
    assert curvature("x^4", "x", at=[2.0]) == pytest.approx(48.0)
    with pytest.raises(ValueError, match="no minimum"):
        stability_limit("-x^2", "x")


@settings(deadline=None)
@given(curvatures, starts)
def test_representative_rates_on_a_parabola_follow_theory(a, x0) -> None:
    rates = representative_rates(f"{a!r}*x^2", "x", [x0])
    assert list(rates) == list(RATE_MULTIPLES)
    limit = 1 / a  # 2/L with L = 2a
    assert rates[Regime.TOO_SMALL] < rates[Regime.GOOD] <= limit / 2
    assert limit / 2 < rates[Regime.OSCILLATING] < limit < rates[Regime.DIVERGING]
    for regime, rate in rates.items():
        assert classify_learning_rate(f"{a!r}*x^2", "x", [x0], rate) is regime


def test_representative_rates_on_a_bowl() -> None:
    rates = representative_rates("x^2 + 4*y^2", ("x", "y"), [2.0, 1.0])
    assert set(rates) == set(Regime)
    assert sorted(rates.values()) == list(rates.values())


def test_representative_rates_report_an_impossible_regime() -> None:
    with pytest.raises(ValueError, match="is good"):
        representative_rates("x^2 + 1000*y^2", ("x", "y"), [1.0, 1.0])
