"""Chapter 4, gradient descent: the numbers of the hiker, regression and learning-rate scenes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.calculus import NumericFunction, numeric
from mathviz.contours import LevelCurve, contours
from mathviz.descent import (
    DescentPath,
    Regime,
    curvature,
    gradient_descent,
    representative_rates,
    stability_limit,
)
from mathviz.expressions import as_expression
from mathviz.regression import (
    PARAMETERS,
    Dataset,
    fit_by_descent,
    least_squares,
    make_dataset,
    mse_cost,
    mse_expression,
)

__all__ = [
    "MAX_STEPS",
    "TOLERANCE",
    "ComparisonStory",
    "HikerStory",
    "OvershootStory",
    "PanelView",
    "RateRun",
    "RegressionStory",
    "along",
    "learning_rate_comparison",
    "learning_rate_overshoot",
    "linear_regression_descent",
    "lost_hiker",
    "panel_view",
]

Range = tuple[float, float]

#: The budget and the gradient norm by which learning rates are judged.
MAX_STEPS, TOLERANCE = 200, 1e-6


@dataclass(frozen=True, eq=False)
class PanelView:
    """The part of a path that a rectangular panel shows.

    Attributes
    ----------
    shown
        How many points of the path, from the start, lie inside the panel.
    exit
        Where the path first leaves the panel (nothing after it is shown): the point
        of the panel's border on the segment from the last point shown to the next
        one; None if every point is inside.
    """

    shown: int
    exit: np.ndarray | None

    @property
    def leaves(self) -> bool:
        """Whether the path leaves the panel."""
        return self.exit is not None


def panel_view(points: npt.ArrayLike, x_range: Range, y_range: Range) -> PanelView:
    """Return how much of a 2D path the panel ``x_range`` x ``y_range`` shows.

    The path is shown up to its first point outside the panel; the segment towards
    that point is cut where it crosses the border.

    Parameters
    ----------
    points
        Shape (k, 2): the path, its start inside the panel.
    x_range, y_range
        The panel.

    Returns
    -------
    PanelView

    Examples
    --------
    >>> view = panel_view([[0.0, 0.0], [0.5, 0.5], [2.0, 0.5]], (-1, 1), (-1, 1))
    >>> view.shown, view.exit.tolist()
    (2, [1.0, 0.5])
    >>> panel_view([[0.0, 0.0], [0.5, 0.5]], (-1, 1), (-1, 1)).leaves
    False
    """
    points = np.asarray(points, dtype=float)
    low = np.array([x_range[0], y_range[0]])
    high = np.array([x_range[1], y_range[1]])
    outside = np.any((points < low) | (points > high), axis=1)
    if not outside.any():
        return PanelView(len(points), None)
    shown = int(np.argmax(outside))
    if shown == 0:
        raise ValueError(f"the path starts outside the panel, at {points[0]}")
    last, move = points[shown - 1], points[shown] - points[shown - 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        reach = np.where(move > 0, (high - last) / move, (low - last) / move)
    fraction = np.min(np.where(move != 0, reach, np.inf))
    return PanelView(shown, last + fraction * move)


def along(points: npt.ArrayLike, t: npt.ArrayLike) -> np.ndarray:
    """Return the positions ``t`` steps along a path.

    At a whole number ``t = k`` the position is the path's point k; in between it is
    on the straight step from one point to the next. ``t`` is clipped to the path.

    Parameters
    ----------
    points
        Shape (k + 1, n): the path.
    t
        The times, a float or an array of them.

    Returns
    -------
    numpy.ndarray
        Shape (n,) for a float ``t``, else (len(t), n).

    Examples
    --------
    >>> along([[0.0, 0.0], [2.0, 0.0], [2.0, 4.0]], [0.0, 0.5, 1.25, 9.0]).tolist()
    [[0.0, 0.0], [1.0, 0.0], [2.0, 1.0], [2.0, 4.0]]
    """
    points = np.asarray(points, dtype=float)
    last = len(points) - 1
    t = np.clip(np.asarray(t, dtype=float), 0, last)
    k = np.minimum(np.floor(t).astype(int), max(last - 1, 0))
    fraction = (t - k)[..., np.newaxis]
    return points[k] + fraction * (points[np.minimum(k + 1, last)] - points[k])


def _levels(low: float, high: float, count: int) -> tuple[float, ...]:
    """``count`` levels between a minimum and a top value, evenly spaced in sqrt.

    For a quadratic bowl that spaces the level curves evenly across the map.
    """
    return tuple(low + (high - low) * (k / count) ** 2 for k in range(1, count + 1))


@dataclass(frozen=True, eq=False)
class HikerStory:
    """The lost hiker walking down the valley to the shelter by gradient descent.

    Attributes
    ----------
    terrain
        The height h(x, y) of the land (exact).
    height
        h as a vectorised numpy function of (x, y), compiled once (the scene calls it
        for every vertex of the land).
    x_range, y_range
        The stretch of land on show.
    height_range
        From the lowest to the highest point of that land.
    shelter
        Where the shelter stands: the one minimum of h, (x, y).
    learning_rate
        alpha: each step walks alpha times the gradient downhill.
    path
        The walk: points (x, y), heights and gradients of every step.
    """

    terrain: sympy.Expr
    height: NumericFunction
    x_range: Range
    y_range: Range
    height_range: Range
    shelter: tuple[float, float]
    learning_rate: float
    path: DescentPath

    def position(self, t: float) -> np.ndarray:
        """Where the hiker is ``t`` steps into the walk: (x, y, height).

        Between steps the hiker walks the straight line (seen from above) from one
        point of the path to the next, on the ground; at a whole number ``t = k`` it
        stands on the path's point k.
        """
        return self._ground(np.array([self._checked(t)]))[0]

    def trail(self, t: float, samples: int = 6) -> np.ndarray:
        """The ground walked in the first ``t`` steps, ``samples`` points per step.

        Returns
        -------
        numpy.ndarray
            Shape (m, 3): points (x, y, height) from the start to :meth:`position`,
            the path's points among them.
        """
        t = self._checked(t)
        ts = np.arange(int(np.floor(t)) * samples + 1) / samples
        return self._ground(ts if ts[-1] == t else np.append(ts, t))

    def _checked(self, t: float) -> float:
        if not 0 <= t <= self.path.steps:
            raise ValueError(f"t must be in [0, {self.path.steps}], got {t}")
        return float(t)

    def _ground(self, ts: np.ndarray) -> np.ndarray:
        """Positions at times ``ts`` along the walk, vectorised."""
        xy = along(self.path.points, ts)
        return np.column_stack([xy, self.height(xy[:, 0], xy[:, 1])])


def lost_hiker() -> HikerStory:
    """Return the numbers of ``LostHiker``: mathviz's valley and the hiker's walk."""
    # Imported here: the terrain module differentiates the land when it loads,
    # which the other scenes of the chapter need not pay for.
    from mathviz.terrain import (
        HIKER_LEARNING_RATE,
        SHELTER,
        TERRAIN,
        VARIABLES,
        X_RANGE,
        Y_RANGE,
        height,
        hiker_path,
    )

    xs = np.linspace(*X_RANGE, 31)
    ys = np.linspace(*Y_RANGE, 31)
    heights = height(xs[np.newaxis, :], ys[:, np.newaxis])
    return HikerStory(
        terrain=TERRAIN,
        height=numeric(TERRAIN, VARIABLES),
        x_range=X_RANGE,
        y_range=Y_RANGE,
        height_range=(0.0, float(np.ceil(heights.max()))),
        shelter=(float(SHELTER[0]), float(SHELTER[1])),
        learning_rate=HIKER_LEARNING_RATE,
        path=hiker_path(),
    )


@dataclass(frozen=True, eq=False)
class RegressionStory:
    """Fitting the line y = a x + b to seeded data by gradient descent on J(a, b).

    Attributes
    ----------
    data
        The points.
    cost
        J(a, b), the mean squared error (exact in a and b).
    learning_rate
        alpha in a := a - alpha dJ/da, b := b - alpha dJ/db.
    path
        The (a, b) of every iteration, J there (values) and (dJ/da, dJ/db).
    solution
        The least-squares line (a, b): where the descent ends.
    x_range, y_range
        The data plot.
    a_range, b_range
        The contour map of J.
    levels
        Level curves of J on the map.
    """

    data: Dataset
    cost: sympy.Expr
    learning_rate: float
    path: DescentPath
    solution: tuple[float, float]
    x_range: Range
    y_range: Range
    a_range: Range
    b_range: Range
    levels: tuple[LevelCurve, ...]


def linear_regression_descent() -> RegressionStory:
    """Return the numbers of ``LinearRegressionDescent``.

    The data are mathviz's seeded dataset; the line starts flat at (a, b) = (0, 2.5)
    and alpha = 0.18, just below 1/L (about 0.199, with L about 5.03 the largest
    curvature of the cost), past which the steepest direction would zig-zag.
    """
    data = make_dataset()
    cost = mse_expression(data.x, data.y)
    start = (0.0, 2.5)
    learning_rate = 0.18
    path = fit_by_descent(data.x, data.y, learning_rate, start=start)
    solution = least_squares(data.x, data.y)
    a_range, b_range = (-1.0, 3.0), (-1.0, 3.0)
    top = float(mse_cost(*start, data.x, data.y))
    low = float(mse_cost(*solution, data.x, data.y))
    return RegressionStory(
        data=data,
        cost=cost,
        learning_rate=learning_rate,
        path=path,
        solution=solution,
        x_range=(0.0, 2.0),
        y_range=(-1.0, 4.0),
        a_range=a_range,
        b_range=b_range,
        levels=contours(cost, PARAMETERS, a_range, b_range, _levels(low, 1.5 * top, 8)),
    )


@dataclass(frozen=True, eq=False)
class RateRun:
    """One learning rate on a function, with mathviz's verdict.

    Attributes
    ----------
    regime
        The verdict of :func:`mathviz.descent.classify_learning_rate` (the rate is
        :func:`mathviz.descent.representative_rates`' pick for it, so confirmed).
    learning_rate
        alpha.
    path
        The run the verdict judged: at most :data:`MAX_STEPS` steps, stopping only
        when the gradient norm falls to :data:`TOLERANCE`.
    view
        How much of the path its panel shows: of the points (x, y) for a function
        of two variables, of the points (x, f(x)) on the graph for one variable.
    """

    regime: Regime
    learning_rate: float
    path: DescentPath
    view: PanelView


def _judged_runs(
    function: sympy.Expr,
    variables: str | tuple[str, ...],
    start: tuple[float, ...],
    x_range: Range,
    y_range: Range,
) -> dict[Regime, RateRun]:
    """One learning rate per regime, each run framed in a panel."""
    rates = representative_rates(function, variables, start, MAX_STEPS, TOLERANCE)
    return {
        regime: _framed_run(function, variables, start, regime, rate, x_range, y_range)
        for regime, rate in rates.items()
    }


def _framed_run(
    function: sympy.Expr,
    variables: str | tuple[str, ...],
    start: tuple[float, ...],
    regime: Regime,
    learning_rate: float,
    x_range: Range,
    y_range: Range,
) -> RateRun:
    """The run by which ``regime`` was judged, framed in a panel."""
    path = gradient_descent(
        function,
        variables,
        start,
        learning_rate,
        MAX_STEPS,
        TOLERANCE,
        step_tolerance=0.0,
    )
    on_panel = (
        path.points
        if path.points.shape[1] == 2
        else np.column_stack([path.points[:, 0], path.values])
    )
    return RateRun(
        regime=regime,
        learning_rate=learning_rate,
        path=path,
        view=panel_view(on_panel, x_range, y_range),
    )


@dataclass(frozen=True, eq=False)
class ComparisonStory:
    """One function, one start, four learning rates: one per regime.

    Attributes
    ----------
    function
        f(x, y), a bowl (exact).
    variables
        Its variables.
    start
        Where every run starts.
    curvature
        L, the largest curvature of f; the regimes' boundaries are 1/L and 2/L.
    max_steps, tolerance
        The budget and the gradient norm the verdicts are judged by.
    x_range, y_range
        Each panel's map.
    levels
        Level curves of f on the map.
    runs
        Too small, good, oscillating, diverging, in that order.
    """

    function: sympy.Expr
    variables: tuple[str, str]
    start: tuple[float, float]
    curvature: float
    max_steps: int
    tolerance: float
    x_range: Range
    y_range: Range
    levels: tuple[LevelCurve, ...]
    runs: tuple[RateRun, ...]


def learning_rate_comparison() -> ComparisonStory:
    """Return the numbers of ``LearningRateComparison``: f = x^2/4 + y^2 from (-3.5, 1)."""
    variables = ("x", "y")
    function = as_expression("x^2/4 + y^2", variables)
    start = (-3.5, 1.0)
    x_range, y_range = (-4.5, 4.5), (-2.25, 2.25)
    runs = tuple(_judged_runs(function, variables, start, x_range, y_range).values())
    top = numeric(function, variables)(*start)
    return ComparisonStory(
        function=function,
        variables=variables,
        start=start,
        curvature=curvature(function, variables),
        max_steps=MAX_STEPS,
        tolerance=TOLERANCE,
        x_range=x_range,
        y_range=y_range,
        levels=contours(function, variables, x_range, y_range, _levels(0, top, 6)),
        runs=runs,
    )


@dataclass(frozen=True, eq=False)
class OvershootStory:
    """A parabola, a learning rate past 2/L, and a safe one, from the same start.

    Attributes
    ----------
    function
        f(x), a parabola (exact).
    curvature
        L = f''.
    limit
        2/L: past it each jump lands farther from the minimum than the last.
    unsafe, safe
        The runs past the limit and below it, each with its verdict
        (:class:`RateRun`, shown on the curve: the view is of the points (x, f(x))).
    x_range, y_range
        The plot.
    """

    function: sympy.Expr
    curvature: float
    limit: float
    unsafe: RateRun
    safe: RateRun
    x_range: Range
    y_range: Range

    def factor(self, run: RateRun) -> float:
        """What each step of ``run`` multiplies x by: x_{k+1} = (1 - alpha L) x_k."""
        return 1 - run.learning_rate * self.curvature

    def f(self, x: npt.ArrayLike) -> float | np.ndarray:
        """Evaluate f (floats or arrays)."""
        return numeric(self.function)(x)


def learning_rate_overshoot() -> OvershootStory:
    """Return the numbers of ``LearningRateOvershoot``: f = x^2 from x = 1.

    The rates are mathviz's representatives of the diverging and the good regime.
    """
    function = as_expression("x^2")
    start, x_range = (1.0,), (-4.0, 4.0)
    y_range = (0.0, numeric(function)(x_range[1]))
    runs = _judged_runs(function, "x", start, x_range, y_range)

    return OvershootStory(
        function=function,
        curvature=curvature(function, "x"),
        limit=stability_limit(function, "x"),
        unsafe=runs[Regime.DIVERGING],
        safe=runs[Regime.GOOD],
        x_range=x_range,
        y_range=y_range,
    )
