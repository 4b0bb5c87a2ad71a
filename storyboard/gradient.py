"""Chapter 3, gradient and Jacobian: the numbers of ``GradientField`` and ``JacobianLocalLinear``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from mathviz.calculus import gradient, jacobian, numeric, numeric_vector
from mathviz.contours import LevelCurve, contours
from mathviz.expressions import as_expression, symbols

__all__ = [
    "GradientFieldStory",
    "JacobianStory",
    "gradient_field",
    "jacobian_local_linear",
]

VARIABLES = ("x", "y")


@dataclass(frozen=True, eq=False)
class GradientFieldStory:
    """Level curves of f(x, y), its gradient on a grid and at one point p.

    Attributes
    ----------
    function
        ``f`` (exact).
    partials
        ``df/dx`` and ``df/dy`` (exact).
    x_range, y_range
        The rectangle on show.
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


def gradient_field() -> GradientFieldStory:
    """Return the numbers of ``GradientField``: f = x exp(-x^2 - y^2), p = (0.3, 0.5)."""
    function = as_expression("x*exp(-x^2 - y^2)", VARIABLES)
    x_range = y_range = (-2.0, 2.0)
    spacing = 0.5
    ticks = np.arange(x_range[0] + spacing / 2, x_range[1], spacing)
    grid = np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)
    gradients = gradient(function, VARIABLES, at=grid)
    point = np.array([0.3, 0.5])
    level = numeric(function, VARIABLES)(*point)
    (point_level,) = contours(function, VARIABLES, x_range, y_range, [level])
    return GradientFieldStory(
        function=function,
        partials=gradient(function, VARIABLES),
        x_range=x_range,
        y_range=y_range,
        level_curves=contours(function, VARIABLES, x_range, y_range, 8),
        grid=grid,
        gradients=gradients,
        arrow_scale=0.9 * spacing / np.linalg.norm(gradients, axis=1).max(),
        point=point,
        point_gradient=gradient(function, VARIABLES, at=point),
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

    components: tuple[sympy.Expr, sympy.Expr]
    matrix: sympy.Matrix
    point: np.ndarray
    value: np.ndarray
    exact_at_point: sympy.Matrix
    at_point: np.ndarray
    sizes: tuple[float, ...]
    divisions: int

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


def jacobian_local_linear() -> JacobianStory:
    """Return the numbers of ``JacobianLocalLinear``: f = (x^2 y, 5x + sin y), p = (1, 1)."""
    components = tuple(as_expression(f, VARIABLES) for f in ("x^2*y", "5*x + sin(y)"))
    point = np.array([1.0, 1.0])
    matrix = jacobian(components, VARIABLES)
    return JacobianStory(
        components=components,
        matrix=matrix,
        point=point,
        value=numeric_vector(components, VARIABLES)(*point),
        exact_at_point=matrix.subs(
            dict(zip(symbols(VARIABLES), map(sympy.Rational, point), strict=True))
        ),
        at_point=jacobian(components, VARIABLES, at=point),
        sizes=(1.0, 0.5, 0.2, 0.05),
        divisions=4,
    )
