"""Chapter 3, gradient and Jacobian: the numbers of ``GradientField`` and ``JacobianLocalLinear``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from mathviz.calculus import Function, gradient, jacobian, numeric_vector
from mathviz.contours import LevelCurve, contours
from mathviz.expressions import VARIABLES, as_expression, as_text, exact, symbols
from mathviz.paths import View, filled, widened
from storyboard.checks import finite_on, inside
from storyboard.options import FormulaInXY, Interval, Line, Point, StoryError

__all__ = [
    "GradientFieldStory",
    "JacobianStory",
    "gradient_field",
    "jacobian_local_linear",
]


@dataclass(frozen=True, eq=False)
class GradientFieldStory:
    """Level curves of f(x, y), its gradient on a grid and at one point p.

    Attributes
    ----------
    title
        The scene's title.
    function
        ``f`` (exact).
    partials
        ``df/dx`` and ``df/dy`` (exact).
    x_range, y_range
        The rectangle on show: the options', the shorter side widened if need be
        (see :func:`mathviz.paths.widened`).
    level_curves
        Level curves of ``f`` (contourpy), in increasing order of level.
    grid
        Shape (k, 2): where the field's arrows start.
    gradients
        Shape (k, 2): the gradient of ``f`` at each grid point.
    arrow_scale
        Axis units of arrow per unit of gradient: every arrow is ``arrow_scale``
        times its gradient, so its length is in proportion to the gradient's norm
        and the longest arrow is 90 % of the grid spacing.
    point
        The point p.
    point_gradient
        The gradient of ``f`` at p.
    point_level
        The level curve through p, ``f = f(p)``.
    """

    title: str
    function: sympy.Expr
    partials: tuple[sympy.Expr, sympy.Expr]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    level_curves: tuple[LevelCurve, ...]
    grid: np.ndarray
    gradients: np.ndarray
    arrow_scale: float
    point: np.ndarray
    point_gradient: np.ndarray
    point_level: LevelCurve

    @property
    def rate(self) -> float:
        """``|grad f(p)|``: the rate of increase of ``f`` at p, straight uphill."""
        return float(np.linalg.norm(self.point_gradient))

    @property
    def uphill_angle(self) -> float:
        """The direction of ``grad f(p)``, in radians from the x axis."""
        return float(np.arctan2(self.point_gradient[1], self.point_gradient[0]))

    def directional_derivative(self, angle: float) -> float:
        """Rate of change of ``f`` at p along the unit direction at ``angle``."""
        return float(self.point_gradient @ (np.cos(angle), np.sin(angle)))

    def framed(self, aspect: float) -> GradientFieldStory:
        """The same field on a map ``aspect`` times as wide as high (widened, never cut).

        ``aspect`` is kept within 2:3 to 3:2. Where f is not smooth on the wider
        map, the map stays as it is.
        """
        x_range, y_range = filled(
            self.x_range, self.y_range, np.clip(aspect, 2 / 3, 1.5)
        )
        if (x_range, y_range) == (self.x_range, self.y_range):
            return self
        try:
            return gradient_field(
                title=self.title,
                function=as_text(self.function),
                point=(float(self.point[0]), float(self.point[1])),
                x_range=x_range,
                y_range=y_range,
            )
        except StoryError:
            return self


GRID_SPACING = 8
"""Arrows of the gradient field along each side of the map."""


def gradient_field(
    *,
    title: Line = "The gradient field",
    function: FormulaInXY = "x*exp(-x^2 - y^2)",
    point: Point = (0.3, 0.5),
    x_range: Interval = (-2.0, 2.0),
    y_range: Interval = (-2.0, 2.0),
) -> GradientFieldStory:
    """Return what ``GradientField`` shows: level curves, the gradient field and grad f(p).

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x, y), drawn as its level curves.
    point
        p = (x, y), inside the map, where the gradient is not zero.
    x_range
        The map's x side (the shorter side is widened to keep the map at most 3:2).
    y_range
        The map's y side.

    Examples
    --------
    >>> story = gradient_field()
    >>> story.point_gradient.round(4).tolist(), round(story.rate, 4)
    ([0.5837, -0.2135], 0.6215)
    """
    expression = as_expression(function, VARIABLES)
    inside(point, [x_range, y_range], "point", "x_range, y_range")
    x_range, y_range = widened(x_range, y_range)
    finite_on(expression, VARIABLES, [x_range, y_range])
    spacing = np.array([np.ptp(x_range), np.ptp(y_range)]) / GRID_SPACING
    xs = np.arange(x_range[0] + spacing[0] / 2, x_range[1], spacing[0])
    ys = np.arange(y_range[0] + spacing[1] / 2, y_range[1], spacing[1])
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    with np.errstate(all="ignore"):
        gradients = gradient(expression, VARIABLES, at=grid)
        p = np.array(point, dtype=float)
        at_p = gradient(expression, VARIABLES, at=p)
    if not np.isfinite(at_p).all():
        raise StoryError(
            "point",
            f"f has no finite gradient at {list(point)}; move the point where f is "
            "smooth",
        )
    if not np.isfinite(gradients).all():
        where = grid[~np.isfinite(gradients).all(axis=1)][0]
        raise StoryError(
            "function",
            f"the gradient of f is not finite at ({where[0]:.3g}, {where[1]:.3g}) of "
            "the arrows' grid; choose a function that is smooth on the whole map",
        )
    if not np.linalg.norm(at_p) > 1e-9:
        raise StoryError(
            "point",
            f"the gradient of f is zero at {list(point)}: f is flat there; choose a "
            "point on a slope",
        )
    level = float(Function(expression, VARIABLES)(*p))
    (point_level,) = contours(expression, VARIABLES, x_range, y_range, [level])
    return GradientFieldStory(
        title=title,
        function=expression,
        partials=gradient(expression, VARIABLES),
        x_range=x_range,
        y_range=y_range,
        level_curves=contours(expression, VARIABLES, x_range, y_range, 8),
        grid=grid,
        gradients=gradients,
        arrow_scale=0.9 * spacing.min() / np.linalg.norm(gradients, axis=1).max(),
        point=p,
        point_gradient=at_p,
        point_level=point_level,
    )


@dataclass(frozen=True, eq=False)
class JacobianStory:
    """A map f: R^2 -> R^2 near a point p, against its Jacobian J(p).

    A square of half-side h around p, ``p + h s`` for s in [-1, 1]^2, is mapped by f.
    Seen from f(p) and magnified by 1/h, its image ``(f(p + h s) - f(p)) / h`` tends
    to ``J(p) s`` as h shrinks: J(p) is the best linear map near p.

    Attributes
    ----------
    title
        The scene's title.
    components
        ``f1`` and ``f2`` (exact).
    matrix
        The Jacobian of f (exact, sympy).
    point
        p.
    value
        f(p).
    exact_at_point
        J(p), exact (sympy).
    at_point
        J(p) as numbers, shape (2, 2).
    sizes
        The half-sides h the scene stops at, largest first.
    divisions
        Grid cells along each side of the square.
    """

    title: str
    components: tuple[sympy.Expr, sympy.Expr]
    matrix: sympy.Matrix
    point: np.ndarray
    value: np.ndarray
    exact_at_point: sympy.Matrix
    at_point: np.ndarray
    sizes: tuple[float, ...]
    divisions: int

    def input_view(self, h: float) -> View:
        """The input plane's window around the square of half-side ``h``, with room."""
        x, y = (float(value) for value in self.point)
        ends = [
            round(value + side * 1.4 * h, 12) for value in (x, y) for side in (-1, 1)
        ]
        return (ends[0], ends[1]), (ends[2], ends[3])

    @property
    def output_spans(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The output plane's extent in x and y: both images, at every size, with room.

        The shorter side is widened to keep the plane at most 3:2.
        """
        images = np.concatenate(
            [self.image(h) for h in self.sizes] + [self.linear_image()]
        ).reshape(-1, 2)
        margin = 0.5 * self.sizes[0]
        low, high = images.min(axis=0) - margin, images.max(axis=0) + margin
        return widened((float(low[0]), float(high[0])), (float(low[1]), float(high[1])))

    @property
    def rounded_at_point(self) -> sympy.Matrix:
        """J(p) for display: integers exact, other entries to three significant digits."""
        return self.exact_at_point.applyfunc(
            lambda entry: entry if entry.is_Integer else entry.evalf(3)
        )

    def offsets(self, samples: int = 24) -> np.ndarray:
        """The square's grid lines as offsets s in [-1, 1]^2.

        Returns
        -------
        numpy.ndarray
            Shape (2 (divisions + 1), samples, 2): the lines of constant s1, then
            those of constant s2, each sampled at ``samples`` points.
        """
        levels = np.linspace(-1.0, 1.0, self.divisions + 1)
        along = np.linspace(-1.0, 1.0, samples)
        fixed, moving = np.meshgrid(levels, along, indexing="ij")
        return np.concatenate(
            [np.stack([fixed, moving], -1), np.stack([moving, fixed], -1)]
        )

    def square(self, h: float) -> np.ndarray:
        """The grid lines of the square of half-side ``h`` around p: ``p + h s``."""
        return self.point + h * self.offsets()

    def image(self, h: float) -> np.ndarray:
        """``(f(p + h s) - f(p)) / h`` along the grid lines: f's image, magnified."""
        points = self.square(h)
        mapped = numeric_vector(self.components, VARIABLES)(*np.moveaxis(points, -1, 0))
        return (np.moveaxis(mapped, 0, -1) - self.value) / h

    def linear_image(self) -> np.ndarray:
        """``J(p) s`` along the grid lines: the image under the linear map."""
        return self.offsets() @ self.at_point.T

    def gap(self, h: float) -> float:
        """The largest distance between the two images for half-side ``h``."""
        return float(np.linalg.norm(self.image(h) - self.linear_image(), axis=-1).max())


SIZES = (1.0, 0.5, 0.2, 0.05)
"""The half-sides h the square shrinks through, largest first."""


def jacobian_local_linear(
    *,
    title: Line = "The Jacobian: the best local linear map",
    functions: tuple[FormulaInXY, FormulaInXY] = ("x^2*y", "5*x + sin(y)"),
    point: Point = (1.0, 1.0),
) -> JacobianStory:
    """Return what ``JacobianLocalLinear`` shows: f and J(p) on a shrinking square at p.

    Parameters
    ----------
    title
        The scene's title.
    functions
        (f1, f2): the map f(x, y) = (f1, f2) of the plane, defined on a square of half-side 1 around p.
    point
        p = (x, y).

    Examples
    --------
    >>> story = jacobian_local_linear()
    >>> story.matrix.tolist()
    [[2*x*y, x**2], [5, cos(y)]]
    >>> story.input_view(1.0)
    ((-0.4, 2.4), (-0.4, 2.4))
    """
    components = tuple(as_expression(f, VARIABLES) for f in functions)
    p = np.array(point, dtype=float)
    around = [(value - SIZES[0], value + SIZES[0]) for value in p]
    for component in components:
        finite_on(component, VARIABLES, around, "functions")
    matrix = jacobian(components, VARIABLES)
    exact_at_point = matrix.subs(
        dict(zip(symbols(VARIABLES), exact(point), strict=True))
    )
    if not all(entry.is_finite for entry in exact_at_point):
        raise StoryError("point", f"f has no Jacobian at {list(point)}; move it")
    if exact_at_point.det().is_zero:
        raise StoryError(
            "point",
            f"J(p) is singular at {list(point)} (its determinant is 0): the square's "
            "image collapses onto a line; move p or choose another map",
        )
    return JacobianStory(
        title=title,
        components=components,
        matrix=matrix,
        point=p,
        value=numeric_vector(components, VARIABLES)(*p),
        exact_at_point=exact_at_point,
        at_point=jacobian(components, VARIABLES, at=p),
        sizes=SIZES,
        divisions=4,
    )
