"""Chapter 4, gradient descent: the stories of the hiker, regression and learning-rate scenes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Annotated

import numpy as np
import sympy
from pydantic import Field, StrictInt

from mathviz.calculus import Function
from mathviz.contours import LevelCurve, bowl_levels, bowl_view, contours
from mathviz.descent import (
    DescentPath,
    Regime,
    classify_path,
    curvature,
    gradient_descent,
    representative_rates,
    stability_limit,
)
from mathviz.expressions import VARIABLES, as_expression, as_text, symbols
from mathviz.extrema import MAX_DEGREE, polynomial_degree
from mathviz.paths import PanelView, along, panel_view, settled, view_around
from mathviz.regression import (
    PARAMETERS,
    Dataset,
    fit_by_descent,
    least_squares,
    mse_cost,
    mse_expression,
)
from mathviz.terrain import winding_valley
from mathviz.ticks import nice_range
from storyboard.checks import counted, inside
from storyboard.data import lecture_dataset
from storyboard.options import (
    FormulaInX,
    FormulaInXY,
    Line,
    Number,
    Point,
    Positive,
    Seed,
    StoryError,
)

__all__ = [
    "MAX_STEPS",
    "TOLERANCE",
    "ComparisonStory",
    "HikerStory",
    "OvershootStory",
    "RateRun",
    "RegressionStory",
    "learning_rate_comparison",
    "learning_rate_overshoot",
    "linear_regression_descent",
    "lost_hiker",
]

Range = tuple[float, float]

#: The budget and the gradient norm by which learning rates are judged.
MAX_STEPS, TOLERANCE = 200, 1e-6


@dataclass(frozen=True, eq=False)
class HikerStory:
    """The lost hiker walking down the valley to the shelter by gradient descent.

    Attributes
    ----------
    title
        The scene's title.
    terrain
        The height h(x, y) of the land (exact).
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

    title: str
    terrain: sympy.Expr
    x_range: Range
    y_range: Range
    height_range: Range
    shelter: tuple[float, float]
    learning_rate: float
    path: DescentPath

    @cached_property
    def height(self) -> Function:
        """``h(x, y)`` as a function value, compiled once: the scene calls it often.

        It gives the height of every vertex of the land and every point of the trail.
        """
        return Function(self.terrain, VARIABLES)

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


VALLEY = winding_valley(
    wall=sympy.Rational(3, 5),
    winding=sympy.Rational(6, 5),
    floor=sympy.Rational(2, 5),
    lowest_x=sympy.Rational(3, 2),
)
"""The hiker's land: a winding valley whose one lowest point is the shelter."""
LAND = ((-3.0, 3.0), (-3.0, 3.0))
"""The stretch of land on show: x from -3 to 3, y from -3 to 3."""
HIKER_STEPS = 60
"""The most steps the hiker may take (each is drawn)."""
HIKER_TOLERANCE = 0.01
"""The hiker stops when the step (or the slope) is shorter than this."""


def lost_hiker(
    *,
    title: Line = "The lost hiker: gradient descent step by step",
    start: Point = (-2.5, 1.5),
    learning_rate: Positive = 0.4,
) -> HikerStory:
    """Return what ``LostHiker`` shows: the valley and the hiker's walk to the shelter.

    Parameters
    ----------
    title
        The scene's title.
    start
        (x, y) where the hiker starts, on the land: x and y between -3 and 3.
    learning_rate
        alpha: each step walks alpha times the gradient downhill (the hiker needs at least 3 and at most 60 steps).

    Examples
    --------
    >>> story = lost_hiker()
    >>> story.path.steps, story.path.converged
    (22, True)
    """
    inside(start, LAND, "start", "the land, [-3, 3] x [-3, 3]")
    path = gradient_descent(
        VALLEY.height,
        VARIABLES,
        start,
        learning_rate,
        max_steps=HIKER_STEPS,
        tolerance=HIKER_TOLERANCE,
    )
    (x_range, y_range) = LAND
    left = np.flatnonzero(
        np.any(
            (path.points < [x_range[0], y_range[0]])
            | (path.points > [x_range[1], y_range[1]]),
            axis=1,
        )
    )
    if path.diverged or left.size:
        raise StoryError(
            "learning_rate",
            f"with alpha = {learning_rate:g} the hiker's steps overshoot and leave the "
            "land; take a smaller learning rate",
        )
    if not path.converged:
        raise StoryError(
            "learning_rate",
            f"with alpha = {learning_rate:g} the hiker takes {HIKER_STEPS} steps and "
            f"still has not arrived; choose a learning rate that arrives in 3 to "
            f"{HIKER_STEPS} steps",
        )
    if path.steps < 3:
        shelter = ", ".join(f"{float(v):.3g}" for v in VALLEY.lowest)
        raise StoryError(
            "start",
            f"the hiker arrives after {counted(path.steps, 'step')}; start farther from "
            f"the shelter at ({shelter}) or take a smaller learning rate",
        )
    height = Function(VALLEY.height, VARIABLES)
    grid = np.meshgrid(np.linspace(*x_range, 31), np.linspace(*y_range, 31))
    return HikerStory(
        title=title,
        terrain=VALLEY.height,
        x_range=x_range,
        y_range=y_range,
        height_range=(0.0, float(np.ceil(np.max(height(*grid))))),
        shelter=(float(VALLEY.lowest[0]), float(VALLEY.lowest[1])),
        learning_rate=learning_rate,
        path=path,
    )


@dataclass(frozen=True, eq=False)
class RegressionStory:
    """Fitting the line y = a x + b to seeded data by gradient descent on J(a, b).

    Attributes
    ----------
    title
        The scene's title.
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
        Level curves of J on the map, the outermost through the start.
    """

    title: str
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

    @property
    def settled(self) -> int:
        """The step from which a and b, to 3 decimals, read as the least-squares line.

        From there on, the readouts show no change: the scene stops counting.
        """
        shown = np.round(self.path.points, 3) != np.round(self.solution, 3)
        off = np.flatnonzero(shown.any(axis=1))
        return min(int(off[-1]) + 1 if len(off) else 0, self.path.steps)


REGRESSION_START = (0.0, 2.5)
"""Where the fit starts: the flat line y = 2.5."""
REGRESSION_STEPS = 1000
"""The most steps the fit may take."""


def linear_regression_descent(
    *,
    title: Line = "Gradient descent fits a line",
    seed: Seed = 7,
    points: Annotated[StrictInt, Field(ge=2, le=200)] = 20,
    learning_rate: Positive = 0.18,
) -> RegressionStory:
    """Return what ``LinearRegressionDescent`` shows: the fit of a line by descent on J(a, b).

    The line starts flat, at (a, b) = (0, 2.5). The default alpha = 0.18 lies just
    below 1/L (about 0.199, with L about 5.03 the largest curvature of the cost),
    past which the steepest direction would zig-zag.

    Parameters
    ----------
    title
        The scene's title.
    seed
        Seed of the random data: points around y = 1.5 x + 0.5 for x in [0, 2].
    points
        How many data points (2 to 200).
    learning_rate
        alpha: must bring the fit to the least-squares line within 1000 steps (below 2/L of the cost).

    Examples
    --------
    >>> story = linear_regression_descent()
    >>> story.path.converged, [round(v, 3) for v in story.solution]
    (True, [1.636, 0.201])
    """
    data = lecture_dataset(seed=seed, points=points)
    cost = mse_expression(data.x, data.y)
    path = fit_by_descent(
        data.x, data.y, learning_rate, REGRESSION_START, max_steps=REGRESSION_STEPS
    )
    if not path.converged:
        limit = stability_limit(cost, PARAMETERS)
        problem = (
            f"past 2/L = {limit:.3g} the fit diverges; take a rate below it"
            if learning_rate >= limit
            else f"too small: the fit needs more than {REGRESSION_STEPS} steps; "
            f"take a rate nearer 1/L = {limit / 2:.3g}"
        )
        raise StoryError("learning_rate", f"alpha = {learning_rate:g} is {problem}")
    solution = least_squares(data.x, data.y)
    x_range = (0.0, 2.0)
    lines = np.array([[a * x + b for x in x_range] for a, b in path.points])
    y_range = nice_range(min(data.y.min(), lines.min()), max(data.y.max(), lines.max()))
    top = float(mse_cost(*REGRESSION_START, data.x, data.y))
    low = float(mse_cost(*solution, data.x, data.y))
    a_range, b_range = bowl_view(cost, PARAMETERS, solution, path.points, top)
    return RegressionStory(
        title=title,
        data=data,
        cost=cost,
        learning_rate=learning_rate,
        path=path,
        solution=solution,
        x_range=x_range,
        y_range=y_range[:2],
        a_range=a_range,
        b_range=b_range,
        levels=contours(cost, PARAMETERS, a_range, b_range, bowl_levels(low, top, 8)),
    )


@dataclass(frozen=True, eq=False)
class RateRun:
    """One learning rate on a function, with mathviz's verdict.

    Attributes
    ----------
    regime
        The verdict of :func:`mathviz.descent.classify_path` on ``path``.
    learning_rate
        alpha.
    path
        The run the verdict judged: at most :data:`MAX_STEPS` steps, stopping only
        when the gradient norm falls to :data:`TOLERANCE`.
    view
        How much of the path its panel shows: of the points (x, y) for a function
        of two variables, of the points (x, f(x)) on the graph for one variable.
    last_step
        The last step worth counting: where the path leaves its panel, or settles
        (within a five-hundredth of the panel) if it stays.
    """

    regime: Regime
    learning_rate: float
    path: DescentPath
    view: PanelView
    last_step: int


def _judged(
    function: sympy.Expr,
    variables: str | tuple[str, ...],
    start: tuple[float, ...],
    rate: float,
) -> tuple[Regime, DescentPath]:
    """The run of ``rate`` by which it is judged, and mathviz's verdict on it."""
    path = gradient_descent(
        function, variables, start, rate, MAX_STEPS, TOLERANCE, step_tolerance=0.0
    )
    return classify_path(path), path


def _framed(
    regime: Regime, path: DescentPath, rate: float, x_range: Range, y_range: Range
) -> RateRun:
    """A judged run with the part of it a panel over ``x_range`` x ``y_range`` shows."""
    on_panel = (
        path.points
        if path.points.shape[1] == 2
        else np.column_stack([path.points[:, 0], path.values])
    )
    view = panel_view(on_panel, x_range, y_range)
    span = min(np.ptp(x_range), np.ptp(y_range))
    last = view.shown - 1 if view.leaves else settled(on_panel, span / 500)
    return RateRun(regime, rate, path, view, last)


def _positive_curvature(
    function: sympy.Expr, variables: str | tuple[str, ...], start: tuple[float, ...]
) -> float:
    """L at the start, checked to be positive: the descent has a bowl to go down."""
    try:
        value = curvature(function, variables, at=start)
    except ValueError as error:
        raise StoryError(
            "function", f"{error}; choose a smooth bowl, e.g. x^2/4 + y^2"
        ) from None
    if not np.isfinite(value):
        raise StoryError(
            "function",
            f"f = {as_text(function)} has no finite curvature at the start; choose "
            "a bowl, e.g. x^2/4 + y^2",
        )
    if not value > 0:
        raise StoryError(
            "function",
            f"f = {as_text(function)} does not curve upwards at the start "
            f"(curvature L = {value + 0.0:.3g}); choose a bowl, e.g. x^2/4 + y^2",
        )
    return value


@dataclass(frozen=True, eq=False)
class ComparisonStory:
    """One function, one start, four learning rates: one per regime.

    Attributes
    ----------
    title
        The scene's title.
    function
        f(x, y), a bowl (exact).
    variables
        Its variables.
    start
        Where every run starts.
    curvature
        L, the largest curvature of f at the start; the regimes' boundaries are
        1/L and 2/L.
    max_steps, tolerance
        The budget and the gradient norm the verdicts are judged by.
    x_range, y_range
        Each panel's map, twice as wide as high (see :meth:`framed`), centred on
        the minimum.
    levels
        Level curves of f on the map.
    runs
        Too small, good, oscillating, diverging, in that order.
    """

    title: str
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

    @cached_property
    def f(self) -> Function:
        """``f`` as a function value of its variables."""
        return Function(self.function, self.variables)

    def framed(self, aspect: float) -> ComparisonStory:
        """The same comparison on maps ``aspect`` times as wide as high.

        The maps keep their centre (the minimum) and hold the start; a tall frame
        shows squarer maps than a wide one.
        """
        centre = np.array([sum(self.x_range), sum(self.y_range)]) / 2
        x_range, y_range = view_around(centre, self.start, aspect)
        top = float(self.f(*self.start))
        low = float(self.runs[1].path.values[-1])
        return replace(
            self,
            x_range=x_range,
            y_range=y_range,
            levels=contours(
                self.function,
                self.variables,
                x_range,
                y_range,
                bowl_levels(low, top, 6),
            ),
            runs=tuple(
                _framed(run.regime, run.path, run.learning_rate, x_range, y_range)
                for run in self.runs
            ),
        )


REGIMES = tuple(Regime)
"""The four verdicts, in the order the comparison shows them."""


def learning_rate_comparison(
    *,
    title: Line = "Four learning rates, four verdicts",
    function: FormulaInXY = "x^2/4 + y^2",
    start: Point = (-3.5, 1.0),
    learning_rates: tuple[Positive, Positive, Positive, Positive] = (
        0.01,
        0.2,
        0.8,
        1.1,
    ),
) -> ComparisonStory:
    """Return what ``LearningRateComparison`` shows: four rates from one start, judged.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x, y): a bowl, curving upwards at the start.
    start
        (x, y) where every run starts.
    learning_rates
        Four rates that mathviz judges too small, good, oscillating and diverging, in that order.

    Examples
    --------
    >>> story = learning_rate_comparison()
    >>> [run.regime.value for run in story.runs]
    ['too small', 'good', 'oscillating', 'diverging']
    """
    variables = VARIABLES
    expression = as_expression(function, variables)
    L = _positive_curvature(expression, variables, start)
    judged = [_judged(expression, variables, start, rate) for rate in learning_rates]
    for (regime, _), wanted, rate in zip(judged, REGIMES, learning_rates, strict=True):
        if regime is not wanted:
            try:
                rates = representative_rates(
                    expression, variables, start, MAX_STEPS, TOLERANCE
                )
                example = f", e.g. {[float(f'{r:.3g}') for r in rates.values()]}"
            except ValueError:
                example = ""
            raise StoryError(
                "learning_rates",
                f"alpha = {rate:g} is {regime.value}, not {wanted.value} "
                f"(1/L = {1 / L:.3g}, 2/L = {2 / L:.3g}); give a too small, a good, an "
                f"oscillating and a diverging rate{example}",
            )
    good = judged[1][1]
    x_range, y_range = view_around(good.points[-1].round(6), start, 2.0)
    top = float(Function(expression, variables)(*start))
    low = float(good.values[-1])
    return ComparisonStory(
        title=title,
        function=expression,
        variables=variables,
        start=start,
        curvature=L,
        max_steps=MAX_STEPS,
        tolerance=TOLERANCE,
        x_range=x_range,
        y_range=y_range,
        levels=contours(
            expression, variables, x_range, y_range, bowl_levels(low, top, 6)
        ),
        runs=tuple(
            _framed(regime, path, rate, x_range, y_range)
            for (regime, path), rate in zip(judged, learning_rates, strict=True)
        ),
    )


@dataclass(frozen=True, eq=False)
class OvershootStory:
    """A parabola, a learning rate past 2/L, and a safe one, from the same start.

    Attributes
    ----------
    title
        The scene's title.
    function
        f(x), a parabola (exact).
    curvature
        L = f''.
    limit
        2/L: past it each jump lands farther from the minimum than the last.
    minimum
        x*, where f is lowest.
    unsafe, safe
        The runs past the limit and below it, each with its verdict
        (:class:`RateRun`, shown on the curve: the view is of the points (x, f(x))).
    x_range, y_range
        The plot: the minimum in the middle, four times the start's distance to it
        on each side.
    """

    title: str
    function: sympy.Expr
    curvature: float
    limit: float
    minimum: float
    unsafe: RateRun
    safe: RateRun
    x_range: Range
    y_range: Range

    def factor(self, run: RateRun) -> float:
        """What each step of ``run`` multiplies x - x* by: 1 - alpha L."""
        return 1 - run.learning_rate * self.curvature

    @cached_property
    def f(self) -> Function:
        """``f`` as a function value: call it on floats or arrays."""
        return Function(self.function)


def _bowl_curvature(function: sympy.Expr) -> float:
    """L = 2a of a quadratic bowl a x^2 + b x + c with a > 0, checked.

    Raises
    ------
    StoryError
        Naming ``function``, if it is not such a quadratic.
    """
    (x,) = symbols("x")
    degree = polynomial_degree(function)  # from its shape: (x + 1)^999 is not expanded
    polynomial = (
        sympy.Poly(function, x) if degree is not None and degree <= MAX_DEGREE else None
    )
    a = polynomial.coeff_monomial(x**2) if polynomial else 0
    if polynomial is None or polynomial.degree() != 2 or not a > 0:
        raise StoryError(
            "function",
            "needs a quadratic bowl a*x^2 + b*x + c with a > 0; got "
            f"{as_text(function)}",
        )
    return float(2 * a)


def learning_rate_overshoot(
    *,
    title: Line = "Too large: past the stability limit",
    function: FormulaInX = "x^2",
    start: Number = 1.0,
    learning_rate: Positive = 1.1,
    safe_learning_rate: Positive = 0.2,
) -> OvershootStory:
    """Return what ``LearningRateOvershoot`` shows: jumps past 2/L, then a safe rate.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x): a parabola curving upwards (curvature L = f'' > 0).
    start
        x where both runs start (not the minimum).
    learning_rate
        alpha past the stability limit: above 2/L.
    safe_learning_rate
        A rate below 2/L, for contrast.

    Examples
    --------
    >>> story = learning_rate_overshoot()
    >>> story.limit, story.unsafe.regime.value, story.safe.regime.value
    (1.0, 'diverging', 'good')
    """
    expression = as_expression(function)
    L = _bowl_curvature(expression)
    limit = 2 / L
    if not learning_rate > limit:
        raise StoryError(
            "learning_rate",
            f"alpha = {learning_rate:g} is not past 2/L = {limit:g}; take a rate above it, e.g. {1.1 * limit:.3g}",
        )
    if not safe_learning_rate < limit:
        raise StoryError(
            "safe_learning_rate",
            f"alpha = {safe_learning_rate:g} is not below 2/L = {limit:g}; take a rate below it, e.g. {0.2 * limit:.3g}",
        )
    centre = float(-sympy.Poly(expression, *symbols("x")).nth(1) / L)  # -b/(2a)
    if start == centre:
        raise StoryError(
            "start", f"x = {start:g} is the minimum already; start elsewhere"
        )
    half = 4 * abs(start - centre)
    x_range = (centre - half, centre + half)
    f = Function(expression)
    y_range = (float(f(centre)), float(f(x_range[1])))
    unsafe, safe = (
        _framed(*_judged(expression, "x", (start,), rate), rate, x_range, y_range)
        for rate in (learning_rate, safe_learning_rate)
    )
    return OvershootStory(
        title=title,
        function=expression,
        curvature=L,
        limit=limit,
        minimum=centre,
        unsafe=unsafe,
        safe=safe,
        x_range=x_range,
        y_range=y_range,
    )
