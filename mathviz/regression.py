"""Linear regression y = a*x + b by mean squared error: data, cost, gradient, exact fit.

The cost J(a, b) = (1/m) * sum((a*x_i + b - y_i)^2) is a quadratic in (a, b); it is
evaluated from the data's moments, so it is vectorised over any array of (a, b) at a
cost independent of the number of data points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.descent import DescentPath, gradient_descent
from mathviz.expressions import symbols

__all__ = [
    "PARAMETERS",
    "Dataset",
    "cost_grid",
    "fit_by_descent",
    "least_squares",
    "make_dataset",
    "mse_cost",
    "mse_expression",
    "mse_gradient",
]

#: The names of the line's parameters, slope first, as descent variables.
PARAMETERS = ("a", "b")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points scattered around a known line.

    Attributes
    ----------
    x, y : numpy.ndarray
        Shape (n,): the points, sorted by x.
    slope, intercept : float
        The line the points were drawn around.
    """

    x: np.ndarray
    y: np.ndarray
    slope: float
    intercept: float


def make_dataset(
    *,
    slope: float,
    intercept: float,
    noise: float,
    n: int,
    seed: int,
    x_range: tuple[float, float],
) -> Dataset:
    """Draw a seeded synthetic dataset ``y = slope*x + intercept + noise*N(0, 1)``.

    Parameters
    ----------
    slope, intercept
        The true line.
    noise
        Standard deviation of the Gaussian noise added to y, at least 0.
    n
        Number of points, at least 2.
    seed
        Seed of numpy's default generator: the same seed gives the same data.
    x_range
        The x values are uniform in this interval.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> data = make_dataset(
    ...     slope=2.0, intercept=1.0, noise=0.0, n=3, seed=1, x_range=(0.0, 2.0)
    ... )
    >>> bool(np.allclose(data.y, 2.0 * data.x + 1.0))
    True
    """
    if n < 2:
        raise ValueError(f"a dataset needs at least 2 points, got n={n}")
    if not noise >= 0:
        raise ValueError(f"the noise must be at least 0, got {noise}")
    low, high = x_range
    if not low < high:
        raise ValueError(f"x_range must be increasing, got {x_range}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, n))
    y = slope * x + intercept + noise * rng.standard_normal(n)
    return Dataset(x=x, y=y, slope=float(slope), intercept=float(intercept))


def _moments(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, ...]:
    """Return the means of x, y, x^2, x*y and y^2."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or len(x) == 0:
        raise ValueError(
            f"x and y must be 1-D arrays of the same non-zero length, "
            f"got shapes {x.shape} and {y.shape}"
        )
    return tuple(float(np.mean(v)) for v in (x, y, x * x, x * y, y * y))


def mse_cost(
    a: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, y: npt.ArrayLike
) -> float | np.ndarray:
    """Return J(a, b) = (1/m) * sum((a*x_i + b - y_i)^2), vectorised over a and b.

    Parameters
    ----------
    a, b
        Slope and intercept: floats or arrays that broadcast together.
    x, y
        The data, 1-D arrays of length m.

    Returns
    -------
    float or numpy.ndarray
        The cost, with the broadcast shape of a and b.

    Examples
    --------
    >>> mse_cost(1.0, 0.0, [0.0, 1.0], [1.0, 1.0])
    0.5
    """
    mx, my, mxx, mxy, myy = _moments(x, y)
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    cost = a * a * mxx + 2 * a * b * mx + b * b - 2 * a * mxy - 2 * b * my + myy
    return float(cost) if cost.ndim == 0 else cost


def mse_gradient(
    a: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, y: npt.ArrayLike
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Return (dJ/da, dJ/db) = ((2/m) sum(r_i x_i), (2/m) sum(r_i)), r_i = a x_i + b - y_i.

    Vectorised over a and b like :func:`mse_cost`.

    Examples
    --------
    >>> mse_gradient(1.0, 0.0, [0.0, 1.0], [1.0, 1.0])
    (0.0, -1.0)
    """
    mx, my, mxx, mxy, _ = _moments(x, y)
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    da = 2 * (a * mxx + b * mx - mxy)
    db = 2 * (a * mx + b - my)
    if da.ndim == 0:
        return float(da), float(db)
    return da, db


def least_squares(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, float]:
    """Return the exact minimiser (a, b) of the mean squared error.

    a = sum((x_i - mean x)(y_i - mean y)) / sum((x_i - mean x)^2), b = mean y - a mean x.

    Raises
    ------
    ValueError
        If all x are equal (no unique line).

    Examples
    --------
    >>> least_squares([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    (2.0, 1.0)
    """
    _moments(x, y)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    dx = x - x.mean()
    spread = float(dx @ dx)
    if spread == 0:
        raise ValueError("all x values are equal: no unique least-squares line")
    a = float(dx @ (y - y.mean())) / spread
    return a, float(y.mean() - a * x.mean())


def mse_expression(x: npt.ArrayLike, y: npt.ArrayLike) -> sympy.Expr:
    """Return J(a, b) as a sympy expression in the symbols named by :data:`PARAMETERS`.

    Use it wherever mathviz takes a formula: gradient descent, contours, curvature.

    Examples
    --------
    >>> mse_expression([0.0, 1.0], [1.0, 1.0])
    0.5*a**2 + 1.0*a*b - 1.0*a + b**2 - 2.0*b + 1.0
    """
    mx, my, mxx, mxy, myy = (sympy.Float(m) for m in _moments(x, y))
    a, b = symbols(PARAMETERS)
    return mxx * a**2 + 2 * mx * a * b + b**2 - 2 * mxy * a - 2 * my * b + myy


def cost_grid(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    a_range: tuple[float, float],
    b_range: tuple[float, float],
    resolution: int = 201,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate J on a regular grid of (a, b), vectorised, for contour maps.

    Returns
    -------
    tuple of numpy.ndarray
        The axes ``a`` (resolution,) and ``b`` (resolution,) and the costs of shape
        (resolution, resolution) with ``cost[i, j] = J(a[j], b[i])`` (the layout of
        :func:`mathviz.contours.grid_values` and contourpy).

    Examples
    --------
    >>> a, b, cost = cost_grid([0.0, 1.0], [1.0, 1.0], (0, 1), (0, 2), resolution=3)
    >>> cost[:, 0]
    array([1., 0., 1.])
    """
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    a = np.linspace(*a_range, resolution)
    b = np.linspace(*b_range, resolution)
    return a, b, np.asarray(mse_cost(a[np.newaxis, :], b[:, np.newaxis], x, y))


def fit_by_descent(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    learning_rate: float,
    start: tuple[float, float] = (0.0, 0.0),
    max_steps: int = 1000,
    tolerance: float = 1e-9,
) -> DescentPath:
    """Fit the line by gradient descent on J(a, b) from ``start``.

    The path's points are (a, b), its values the cost per iteration (the loss
    curve), its gradients (dJ/da, dJ/db).

    Examples
    --------
    >>> path = fit_by_descent([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], learning_rate=0.2)
    >>> path.converged, [round(float(v), 6) for v in path.points[-1]]
    (True, [2.0, 1.0])
    """
    return gradient_descent(
        mse_expression(x, y), PARAMETERS, start, learning_rate, max_steps, tolerance
    )
