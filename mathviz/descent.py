"""Gradient descent with the whole path recorded, and the analysis of learning rates.

The gradient is exact (sympy), evaluated through cached numpy code. A run stops on
convergence (small gradient or small step), on divergence (a point beyond a bound, or
a value that is not finite) or after ``max_steps``; a divergent run ends cleanly, with
finite arrays, no exception and no floating-point warning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.calculus import NumericVectorFunction, gradient, jacobian, numeric_vector
from mathviz.expressions import Formula, as_expression, symbols, variable_names

__all__ = [
    "RATE_MULTIPLES",
    "DescentPath",
    "Parabola",
    "Regime",
    "classify_learning_rate",
    "classify_path",
    "curvature",
    "gradient_descent",
    "parabola",
    "representative_rates",
    "stability_limit",
    "steps_to_converge",
]


@dataclass(frozen=True, eq=False)
class DescentPath:
    """The iterates of one gradient-descent run, start included.

    Attributes
    ----------
    points : numpy.ndarray
        Shape (k + 1, n): ``points[0]`` is the start, ``points[i + 1] = points[i] -
        learning_rate * gradients[i]``.
    values : numpy.ndarray
        Shape (k + 1,): f at each point.
    gradients : numpy.ndarray
        Shape (k + 1, n): the exact gradient of f at each point.
    converged : bool
        The gradient norm or the last step fell to ``tolerance`` or below.
    diverged : bool
        The next point would have left the bound, or f or its gradient would not have
        been finite there; that point is not recorded.
    learning_rate : float
        The step-size factor used.
    variables : tuple of str
        The names of the n coordinates.
    """

    points: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    converged: bool
    diverged: bool
    learning_rate: float
    variables: tuple[str, ...]

    @property
    def steps(self) -> int:
        """The number of steps taken, k."""
        return len(self.points) - 1

    @property
    def step_sizes(self) -> np.ndarray:
        """The length of each step, shape (k,)."""
        return np.linalg.norm(np.diff(self.points, axis=0), axis=1)


def gradient_descent(
    f: Formula,
    variables: str | Iterable[str],
    start: npt.ArrayLike,
    learning_rate: float,
    max_steps: int = 1000,
    tolerance: float = 1e-9,
    *,
    step_tolerance: float | None = None,
    bound: float = 1e6,
) -> DescentPath:
    """Minimise f by gradient descent, ``p := p - learning_rate * grad f(p)``.

    Parameters
    ----------
    f
        Formula string or sympy expression in ``variables``.
    variables
        The names of the n coordinates, in order.
    start
        The starting point, n coordinates.
    learning_rate
        The step-size factor, positive.
    max_steps
        The most steps to take.
    tolerance
        Converged when the gradient norm at a point is at most this (checked before
        each step) or a step is at most ``step_tolerance`` long.
    step_tolerance
        Defaults to ``tolerance``; 0 stops only on the gradient (and on a point that
        does not move).
    bound
        Diverged when a coordinate of the next point would exceed this in absolute
        value, or f or its gradient would not be finite there.

    Returns
    -------
    DescentPath

    Raises
    ------
    ValueError
        If the start has the wrong length or is outside the bound, f is not finite
        there, or a parameter is out of range.

    Examples
    --------
    >>> path = gradient_descent("x^2", "x", [1.0], learning_rate=0.25, max_steps=3)
    >>> path.points[:, 0]
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> path.steps, path.converged, path.diverged
    (3, False, False)
    >>> gradient_descent("x^2", "x", [1.0], learning_rate=1.5).diverged
    True
    """
    names = variable_names(variables)
    evaluate = _value_and_gradient(f, names)
    first = np.asarray(start, dtype=float).reshape(-1)
    _check_parameters(first, len(names), learning_rate, max_steps, tolerance, bound)
    step_tolerance = tolerance if step_tolerance is None else step_tolerance
    # Python floats in the loop: for a few coordinates they are much faster than
    # small numpy arrays, and their overflow gives inf (caught below), not an error.
    point: list[float] = first.tolist()
    with np.errstate(all="ignore"):
        output = evaluate(*point).tolist()
        if not all(map(math.isfinite, output)):
            raise ValueError(f"f or its gradient is not finite at the start {start!s}")
        points, outputs = [point], [output]
        converged = diverged = False
        while True:
            slope = output[1:]
            if math.hypot(*slope) <= tolerance:
                converged = True
                break
            if len(points) > max_steps:
                break
            step = [-learning_rate * component for component in slope]
            point = [old + move for old, move in zip(point, step, strict=True)]
            if not all(abs(coordinate) <= bound for coordinate in point):
                diverged = True
                break
            output = evaluate(*point).tolist()
            if not all(map(math.isfinite, output)):
                diverged = True
                break
            points.append(point)
            outputs.append(output)
            if math.hypot(*step) <= step_tolerance:
                converged = True
                break
    table = np.array(outputs)
    return DescentPath(
        points=_frozen(np.array(points)),
        values=_frozen(table[:, 0]),
        gradients=_frozen(table[:, 1:]),
        converged=converged,
        diverged=diverged,
        learning_rate=float(learning_rate),
        variables=names,
    )


@lru_cache(maxsize=256)
def _value_and_gradient(f: Formula, names: tuple[str, ...]) -> NumericVectorFunction:
    """Return the compiled map from a point to (f, df/dx1, ..., df/dxn), cached."""
    expr = as_expression(f, names)
    return numeric_vector((expr, *gradient(expr, names)), names)


def _check_parameters(
    start: np.ndarray,
    n: int,
    learning_rate: float,
    max_steps: int,
    tolerance: float,
    bound: float,
) -> None:
    if start.shape != (n,):
        raise ValueError(f"the start needs {n} coordinates, got {start.size}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"the learning rate must be positive, got {learning_rate}")
    if max_steps < 0:
        raise ValueError(f"max_steps must be at least 0, got {max_steps}")
    if not tolerance >= 0:
        raise ValueError(f"the tolerance must be at least 0, got {tolerance}")
    if not np.all(np.abs(start) <= bound):
        raise ValueError(f"the start {start} is outside the bound {bound}")


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


class Regime(StrEnum):
    """How gradient descent behaves with a learning rate (see classify_learning_rate)."""

    TOO_SMALL = "too small"
    GOOD = "good"
    OSCILLATING = "oscillating"
    DIVERGING = "diverging"


def classify_learning_rate(
    f: Formula,
    variables: str | Iterable[str],
    start: npt.ArrayLike,
    learning_rate: float,
    max_steps: int = 200,
    tolerance: float = 1e-6,
) -> Regime:
    """Classify a learning rate on f from a start as too small, good, oscillating or diverging.

    The rule: run gradient descent for at most ``max_steps`` steps, stopping only
    when the gradient norm falls to ``tolerance`` (no step criterion). Then, in order:

    1. **diverging** if the run diverged, or it ended higher than it started;
    2. **oscillating** if in more than half of the pairs of consecutive steps the
       second step turns back against the first (negative dot product): the iterates
       overshoot the minimum and zig-zag;
    3. **good** if the gradient norm reached ``tolerance`` within ``max_steps``;
    4. **too small** otherwise: still crawling downhill after ``max_steps`` steps.

    For f = a x^2 (curvature L = 2a) each step multiplies x by r = 1 - L*rate: the
    rate diverges past 2/L, oscillates between 1/L and 2/L, and below 1/L is good or
    too small depending on whether r^k shrinks the gradient to ``tolerance`` within
    ``max_steps`` steps.

    Returns
    -------
    Regime

    Examples
    --------
    >>> [classify_learning_rate("x^2", "x", [1.0], rate).value
    ...  for rate in (0.001, 0.2, 0.8, 1.1)]
    ['too small', 'good', 'oscillating', 'diverging']
    """
    return classify_path(
        gradient_descent(
            f, variables, start, learning_rate, max_steps, tolerance, step_tolerance=0.0
        )
    )


def classify_path(path: DescentPath) -> Regime:
    """Classify a finished run by the rule of :func:`classify_learning_rate`.

    For the rule's meaning, the run must have been made with ``step_tolerance=0``
    (then ``path.converged`` means the gradient norm reached the tolerance): this lets
    a scene show exactly the run it judged.

    Examples
    --------
    >>> path = gradient_descent("x^2", "x", [1.0], 0.8, 200, 1e-6, step_tolerance=0)
    >>> classify_path(path).value
    'oscillating'
    """
    if path.diverged or path.values[-1] > path.values[0]:
        return Regime.DIVERGING
    moves = np.diff(path.points, axis=0)
    turns = np.einsum("ij,ij->i", moves[1:], moves[:-1]) < 0
    if 2 * np.count_nonzero(turns) > len(turns):
        return Regime.OSCILLATING
    return Regime.GOOD if path.converged else Regime.TOO_SMALL


def steps_to_converge(
    f: Formula,
    variables: str | Iterable[str],
    start: npt.ArrayLike,
    learning_rate: float,
    max_steps: int = 1000,
    tolerance: float = 1e-6,
) -> int | None:
    """Return how many steps gradient descent needs to bring the gradient norm to ``tolerance``.

    Returns
    -------
    int or None
        The number of steps, or None if it takes more than ``max_steps`` or the run
        diverges.

    Examples
    --------
    >>> [steps_to_converge("x^2", "x", [1.0], rate) for rate in (0.05, 0.1, 0.25)]
    [138, 66, 21]
    """
    path = gradient_descent(
        f, variables, start, learning_rate, max_steps, tolerance, step_tolerance=0.0
    )
    return path.steps if path.converged else None


def curvature(
    f: Formula, variables: str | Iterable[str], at: npt.ArrayLike | None = None
) -> float:
    """Return L, the largest eigenvalue of the Hessian of f.

    Parameters
    ----------
    f
        Formula string or sympy expression.
    variables
        The variable names.
    at
        The point where to measure it. Required unless f is a quadratic (constant
        Hessian).

    Returns
    -------
    float
        The curvature along the most curved direction; for a*x^2 it is 2a.

    Raises
    ------
    ValueError
        If ``at`` is missing and f is not a quadratic, or if f is not twice
        differentiable (``abs(x)``).

    Examples
    --------
    >>> curvature("3*x^2", "x")
    6.0
    >>> curvature("x^2 + 5*y^2", ("x", "y"))
    10.0
    >>> curvature("x^4", "x", at=[0.5])
    3.0
    """
    names = variable_names(variables)
    hessian = jacobian(gradient(f, names), names)
    if hessian.has(sympy.DiracDelta):
        raise ValueError(
            f"{as_expression(f, names)} is not twice differentiable (it has a corner, "
            "like abs(x) at 0)"
        )
    if at is None:
        if hessian.free_symbols:
            raise ValueError(
                f"{as_expression(f, names)} is not a quadratic: its curvature varies; "
                "give the point to measure it at"
            )
        matrix = np.array(hessian, dtype=float)
    else:
        matrix = np.array(jacobian(gradient(f, names), names, at=at), dtype=float)
    return float(np.linalg.eigvalsh(matrix)[-1])


def stability_limit(
    f: Formula, variables: str | Iterable[str], at: npt.ArrayLike | None = None
) -> float:
    """Return 2/L, the largest learning rate for which descent on a quadratic is stable.

    With curvature L (see :func:`curvature`), each step multiplies the error along
    the most curved direction by 1 - L*rate; past 2/L its size grows.

    Raises
    ------
    ValueError
        If the curvature is not positive (no minimum to converge to).

    Examples
    --------
    >>> stability_limit("3*x^2", "x")
    0.3333333333333333
    """
    value = curvature(f, variables, at)
    if value <= 0:
        raise ValueError(f"the curvature is {value}, not positive: there is no minimum")
    return 2 / value


@dataclass(frozen=True)
class Parabola:
    """A parabola opening upwards, a (x - x*)^2 + c with a > 0.

    Gradient descent on it is exact: x_k - x* = (1 - L rate)^k (x_0 - x*).

    Attributes
    ----------
    curvature : float
        L = f'' = 2a.
    minimum : float
        x*, where f is lowest.
    """

    curvature: float
    minimum: float


def parabola(f: Formula, variable: str = "x") -> Parabola:
    """Read f as a parabola opening upwards: its curvature and its minimum.

    Raises
    ------
    ValueError
        If f is not a polynomial of degree 2 in ``variable``, or opens downwards
        (the message says which, of an f it does not name).

    Examples
    --------
    >>> parabola("2*(x - 1)^2 + 3")
    Parabola(curvature=4.0, minimum=1.0)
    >>> parabola("x^3")
    Traceback (most recent call last):
    ValueError: not a parabola (a polynomial of degree 2 in x)
    """
    expression = as_expression(f, variable)
    (symbol,) = symbols(variable)
    try:
        polynomial = sympy.Poly(expression, symbol)
    except sympy.PolynomialError:
        polynomial = None
    if polynomial is None or polynomial.degree() != 2:
        raise ValueError(f"not a parabola (a polynomial of degree 2 in {variable})")
    a, b, _ = (float(c) for c in polynomial.all_coeffs())
    if not a > 0:
        raise ValueError(f"opens downwards (L = {2 * a:.3g}), no minimum")
    return Parabola(curvature=2 * a, minimum=-b / (2 * a) + 0.0)


#: Candidate learning rates for each regime, as multiples of 1/L, in preference order.
RATE_MULTIPLES: dict[Regime, tuple[float, ...]] = {
    Regime.TOO_SMALL: (0.02, 0.01, 0.005, 0.002, 0.001),
    Regime.GOOD: (0.4, 0.5, 0.3, 0.6, 0.7, 0.8, 0.9, 1.0, 0.2),
    Regime.OSCILLATING: (1.6, 1.5, 1.7, 1.4, 1.8, 1.3, 1.9, 1.2),
    Regime.DIVERGING: (2.2, 2.4, 2.6, 3.0, 4.0, 2.1),
}


def representative_rates(
    f: Formula,
    variables: str | Iterable[str],
    start: npt.ArrayLike,
    max_steps: int = 200,
    tolerance: float = 1e-6,
) -> dict[Regime, float]:
    """Pick one learning rate per regime, confirmed by :func:`classify_learning_rate`.

    For each regime, the first candidate of :data:`RATE_MULTIPLES` (multiples of
    1/L, with L the curvature of f at the start) that
    :func:`classify_learning_rate` puts in that regime.

    Returns
    -------
    dict
        Regime to learning rate, in the order too small, good, oscillating, diverging.

    Raises
    ------
    ValueError
        If the curvature at the start is not positive, or no candidate fits a regime.

    Examples
    --------
    >>> {regime.value: rate for regime, rate in representative_rates("x^2", "x", [1.0]).items()}
    {'too small': 0.01, 'good': 0.2, 'oscillating': 0.8, 'diverging': 1.1}
    """
    unit = stability_limit(f, variables, at=start) / 2  # 1/L
    rates = {}
    for regime, multiples in RATE_MULTIPLES.items():
        candidates = (multiple * unit for multiple in multiples)
        rate = next(
            (
                rate
                for rate in candidates
                if classify_learning_rate(
                    f, variables, start, rate, max_steps, tolerance
                )
                is regime
            ),
            None,
        )
        if rate is None:
            raise ValueError(f"no learning rate among {multiples} x 1/L is {regime}")
        rates[regime] = rate
    return rates
