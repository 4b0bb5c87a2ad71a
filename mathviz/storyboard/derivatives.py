"""Chapter 2, derivatives: the numbers of ``SecantToTangent`` and ``TangentSlide``."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from mathviz.calculus import (
    NumericFunction,
    TangentLine,
    derivative,
    difference_quotient,
    numeric,
    tangent_line,
)
from mathviz.expressions import as_expression
from mathviz.extrema import CriticalPoint, critical_points

__all__ = ["SecantStory", "TangentStory", "secant_to_tangent", "tangent_slide"]


@dataclass(frozen=True)
class SecantStory:
    """A secant through ``x0`` and ``x0 + h`` turning into the tangent as ``h`` shrinks.

    Attributes
    ----------
    function, derivative
        ``f`` and ``f'`` (exact).
    x_range
        The stretch of the curve on show.
    x0
        The point P.
    steps
        The values of ``h`` the scene stops at, largest first.
    quotients
        The difference quotient ``(f(x0 + h) - f(x0)) / h`` at each step.
    tangent
        The tangent at P; its slope is the limit of the quotients.
    """

    function: sympy.Expr
    derivative: sympy.Expr
    x_range: tuple[float, float]
    x0: float
    steps: tuple[float, ...]
    quotients: tuple[float, ...]
    tangent: TangentLine

    def f(self, x):
        """Evaluate ``f`` (floats or arrays)."""
        return numeric(self.function)(x)

    def quotient(self, h: float) -> float:
        """Slope of the secant through ``x0`` and ``x0 + h``."""
        return difference_quotient(self.function, self.x0, h)


def secant_to_tangent() -> SecantStory:
    """Return the numbers of ``SecantToTangent``: f = sin x + 2 at x0 = 0.6."""
    function = as_expression("sin(x) + 2")
    x0, steps = 0.6, (1.0, 0.5, 0.1, 0.01)
    return SecantStory(
        function=function,
        derivative=derivative(function),
        x_range=(-0.5, 4.5),
        x0=x0,
        steps=steps,
        quotients=tuple(difference_quotient(function, x0, h) for h in steps),
        tangent=tangent_line(function, x0),
    )


@dataclass(frozen=True)
class TangentStory:
    """A tangent sliding along a cubic while ``f'`` is traced below it.

    Attributes
    ----------
    function, derivative
        ``f`` and ``f'`` (exact).
    x_range
        Where the point P travels.
    critical_points
        Where ``f'(x) = 0`` (flat tangents), in increasing order, classified.
    """

    function: sympy.Expr
    derivative: sympy.Expr
    x_range: tuple[float, float]
    critical_points: tuple[CriticalPoint, ...]

    @property
    def f(self) -> NumericFunction:
        """``f`` as a vectorised numpy function."""
        return numeric(self.function)

    @property
    def df(self) -> NumericFunction:
        """``f'`` as a vectorised numpy function."""
        return numeric(self.derivative)

    def tangent(self, x0: float) -> TangentLine:
        """The tangent at ``x0``."""
        return tangent_line(self.function, x0)


def tangent_slide() -> TangentStory:
    """Return the numbers of ``TangentSlide``: f = x^3/3 - x on [-2.5, 2.5]."""
    function = as_expression("x^3/3 - x")
    slope = derivative(function)
    x_range = (-2.5, 2.5)
    return TangentStory(
        function=function,
        derivative=slope,
        x_range=x_range,
        critical_points=critical_points(function, x_range),
    )
