"""Chapter 2, derivatives and partial derivatives: the numbers of its scenes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Annotated

import numpy as np
import sympy
from pydantic import Field

from mathviz import calculus
from mathviz.calculus import (
    Function,
    TangentLine,
    TermByTerm,
    derivative,
    difference_quotient,
    tangent_line,
    term_by_term,
)
from mathviz.expressions import VARIABLES, as_expression, as_text, exact, symbols
from mathviz.extrema import CriticalPoint
from mathviz.paths import View, close_up, graph_view
from storyboard.checks import finite_on, flat_tangents, inside
from storyboard.options import (
    FormulaInX,
    FormulaInXY,
    Interval,
    Line,
    Number,
    Point,
    Positive,
    StoryError,
)

__all__ = [
    "ExerciseStory",
    "PartialStory",
    "SecantStory",
    "Slice",
    "TangentStory",
    "partial_derivative_exercise",
    "partial_derivatives",
    "secant_to_tangent",
    "tangent_slide",
]


@dataclass(frozen=True)
class SecantStory:
    """A secant through ``x0`` and ``x0 + h`` turning into the tangent as ``h`` shrinks.

    Attributes
    ----------
    title
        The scene's title.
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
    view
        The window of the whole curve over ``x_range``.
    close_ups
        The window at each step: the whole curve while P and Q = (x0 + h, f(x0 + h))
        stand apart in it, else a close-up around them (the view zooms in as h
        shrinks).
    """

    title: str
    function: sympy.Expr
    derivative: sympy.Expr
    x_range: tuple[float, float]
    x0: float
    steps: tuple[float, ...]
    quotients: tuple[float, ...]
    tangent: TangentLine
    view: View
    close_ups: tuple[View, ...]

    @cached_property
    def f(self) -> Function:
        """``f`` as a function value: call it on floats or arrays."""
        return Function(self.function)

    def quotient(self, h: float) -> float:
        """Slope of the secant through ``x0`` and ``x0 + h``."""
        return difference_quotient(self.function, self.x0, h)


def secant_to_tangent(
    *,
    title: Line = "From secant to tangent",
    function: FormulaInX = "sin(x) + 2",
    x0: Number = 0.6,
    steps: Annotated[tuple[Positive, ...], Field(min_length=1, max_length=8)] = (
        1.0,
        0.5,
        0.1,
        0.01,
    ),
    x_range: Interval = (-0.5, 4.5),
) -> SecantStory:
    """Return what ``SecantToTangent`` shows: secants through P = (x0, f(x0)) turning into its tangent.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x), differentiable at x0.
    x0
        Where P is.
    steps
        The values of h the secant stops at, decreasing (x0 + h stays in x_range).
    x_range
        The stretch of the curve on show.

    Examples
    --------
    >>> story = secant_to_tangent()
    >>> [round(q, 4) for q in story.quotients], round(story.tangent.slope, 4)
    ([0.4349, 0.6531, 0.7958, 0.8225], 0.8253)
    """
    expression = as_expression(function)
    finite_on(expression, "x", [x_range], "function")
    inside([x0], [x_range], "x0", "x_range")
    if not 1 <= len(steps) <= 8 or list(steps) != sorted(set(steps), reverse=True):
        raise StoryError(
            "steps",
            f"{list(steps)}: give 1 to 8 values of h, each smaller than the last",
        )
    if x0 + steps[0] > x_range[1]:
        raise StoryError(
            "steps",
            f"x0 + h = {x0 + steps[0]:g} is past the end of x_range {list(x_range)}; "
            "take a smaller first h or a wider x_range",
        )
    tangent = tangent_line(expression, x0)
    if not np.isfinite(tangent.slope):
        raise StoryError("x0", f"f has no derivative at x0 = {x0:g}; move x0")
    f = Function(expression)
    view = graph_view(f, x_range)
    return SecantStory(
        title=title,
        function=expression,
        derivative=derivative(expression),
        x_range=x_range,
        x0=x0,
        steps=steps,
        quotients=tuple(difference_quotient(expression, x0, h) for h in steps),
        tangent=tangent,
        view=view,
        close_ups=tuple(close_up(f, x0, h, view) for h in steps),
    )


@dataclass(frozen=True)
class TangentStory:
    """A tangent sliding along a curve while ``f'`` is traced below it.

    Attributes
    ----------
    title
        The scene's title.
    function, derivative
        ``f`` and ``f'`` (exact).
    x_range
        Where the point P travels.
    critical_points
        Where ``f'(x) = 0`` (flat tangents), in increasing order, classified.
    """

    title: str
    function: sympy.Expr
    derivative: sympy.Expr
    x_range: tuple[float, float]
    critical_points: tuple[CriticalPoint, ...]

    @cached_property
    def f(self) -> Function:
        """``f`` as a function value (``f.derivative`` is ``f'``)."""
        return Function(self.function)

    def tangent(self, x0: float) -> TangentLine:
        """The tangent at ``x0``."""
        return tangent_line(self.function, x0)


def tangent_slide(
    *,
    title: Line = "The tangent slides along the curve",
    function: FormulaInX = "x^3/3 - x",
    x_range: Interval = (-2.5, 2.5),
) -> TangentStory:
    """Return what ``TangentSlide`` shows: f, f' and the flat tangents on the way.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x): a curve with at least one flat tangent (f'(x) = 0) inside x_range.
    x_range
        Where the point P travels.

    Examples
    --------
    >>> story = tangent_slide(function="x^4 - 2*x^2", x_range=(-1.6, 1.6))
    >>> story.derivative
    4*x**3 - 4*x
    >>> [(point.x, point.kind) for point in story.critical_points]
    [(-1, 'minimum'), (0, 'maximum'), (1, 'minimum')]
    """
    expression = as_expression(function)
    finite_on(expression, "x", [x_range], "function")
    slope = derivative(expression)
    finite_on(slope, "x", [x_range], "function")
    flats = flat_tangents(expression, x_range)
    inner = tuple(p for p in flats if x_range[0] < p.x < x_range[1])
    if not inner:
        raise StoryError(
            "x_range",
            f"f = {as_text(expression)} has no flat tangent (f'(x) = 0) inside {list(x_range)}; "
            "widen x_range or choose a function that turns there",
        )
    return TangentStory(
        title=title,
        function=expression,
        derivative=slope,
        x_range=x_range,
        critical_points=inner,
    )


@dataclass(frozen=True)
class Slice:
    """The curve a plane holding one variable fixed cuts from a surface z = f(x, y).

    Attributes
    ----------
    variable
        The variable left free along the curve (``"x"`` for the plane y = y0).
    curve
        ``f`` with the other variable fixed, a function of ``variable`` alone.
    tangent
        The curve's tangent at the point; its slope is the partial derivative of
        ``f`` with respect to ``variable`` there.
    """

    variable: str
    curve: sympy.Expr
    tangent: TangentLine


@dataclass(frozen=True)
class PartialStory:
    """The surface z = f(x, y), cut by the planes y = y0 and x = x0 through a point.

    Attributes
    ----------
    title
        The scene's title.
    function
        ``f`` (exact), in x and y.
    partials
        ``(df/dx, df/dy)``, exact, from sympy.
    point
        ``(x0, y0)``, exact (use ``float`` to draw).
    value
        ``f(x0, y0)``, exact.
    slopes
        ``(df/dx, df/dy)`` at the point, exact.
    slices
        The slice along x (plane y = y0) and the slice along y (plane x = x0).
    x_range, y_range
        The square of the (x, y) plane the surface covers.
    z_range
        Whole numbers enclosing every value of f there.
    """

    title: str
    function: sympy.Expr
    partials: tuple[sympy.Expr, sympy.Expr]
    point: tuple[sympy.Expr, sympy.Expr]
    value: sympy.Expr
    slopes: tuple[sympy.Expr, sympy.Expr]
    slices: tuple[Slice, Slice]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    z_range: tuple[float, float]

    @cached_property
    def f(self) -> Function:
        """``f(x, y)`` as a function value: call it on floats or arrays."""
        return Function(self.function, VARIABLES)


def _slice(
    function: sympy.Expr, point: tuple[sympy.Expr, sympy.Expr], free: int
) -> Slice:
    """The slice of ``function`` through ``point`` along variable number ``free``."""
    held = 1 - free
    curve = function.subs(symbols(VARIABLES)[held], point[held])
    return Slice(
        variable=VARIABLES[free],
        curve=curve,
        tangent=tangent_line(curve, float(point[free]), VARIABLES[free]),
    )


def partial_derivatives(
    *,
    title: Line = "Partial derivatives: slicing the surface",
    function: FormulaInXY = "x*y^2 + x^3",
    point: Point = (1.0, -1.0),
    x_range: Interval = (-1.5, 1.5),
    y_range: Interval = (-1.5, 1.5),
) -> PartialStory:
    """Return what ``PartialDerivatives`` shows: a surface sliced along x and y at a point.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x, y), the surface.
    point
        (x0, y0): where the planes y = y0 and x = x0 cut the surface.
    x_range
        The x side of the square of the plane the surface covers.
    y_range
        The y side of that square.

    Examples
    --------
    >>> story = partial_derivatives()
    >>> story.partials, story.slopes
    ((3*x**2 + y**2, 2*x*y), (4, -2))
    """
    expression = as_expression(function, VARIABLES)
    values = finite_on(expression, VARIABLES, [x_range, y_range], "function")
    inside(point, [x_range, y_range], "point", "x_range, y_range")
    at = exact(point)
    partials = tuple(calculus.partial_derivatives(expression, VARIABLES).values())
    values_at = dict(zip(symbols(VARIABLES), at, strict=True))
    slopes = tuple(sympy.simplify(partial.subs(values_at)) for partial in partials)
    if not all(slope.is_finite for slope in slopes):
        raise StoryError(
            "point", f"f has no partial derivatives at {list(point)}; move it"
        )
    return PartialStory(
        title=title,
        function=expression,
        partials=partials,
        point=at,
        value=expression.subs(values_at),
        slopes=slopes,
        slices=(_slice(expression, at, 0), _slice(expression, at, 1)),
        x_range=x_range,
        y_range=y_range,
        z_range=(float(np.floor(values.min())), float(np.ceil(values.max()))),
    )


@dataclass(frozen=True)
class ExerciseStory:
    """The slides' exercise: both partial derivatives of f, term by term.

    Attributes
    ----------
    title
        The scene's title.
    function
        ``f`` (exact), in x and y.
    terms
        The terms of ``f`` in the order sympy prints them.
    solutions
        The partial derivative with respect to x, then y.
    """

    title: str
    function: sympy.Expr
    terms: tuple[sympy.Expr, ...]
    solutions: tuple[TermByTerm, TermByTerm]


MAX_TERMS = 5
"""The most terms an exercise's function may have (each is worked out on screen)."""


def partial_derivative_exercise(
    *,
    title: Line = "Exercise: partial derivatives term by term",
    function: FormulaInXY = "3*x^2*y + 2*x*y^2 + x",
) -> ExerciseStory:
    """Return what ``PartialDerivativeExercise`` shows: both partials of f, term by term.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x, y): a sum of at most five terms, using both x and y.

    Examples
    --------
    >>> story = partial_derivative_exercise()
    >>> [solution.result for solution in story.solutions]
    [6*x*y + 2*y**2 + 1, 3*x**2 + 4*x*y]
    """
    expression = as_expression(function, VARIABLES)
    missing = [v for v in symbols(VARIABLES) if v not in expression.free_symbols]
    if missing:
        raise StoryError(
            "function",
            f"f = {as_text(expression)} does not use {missing[0]}; the exercise differentiates "
            "in both x and y",
        )
    terms = tuple(expression.as_ordered_terms())
    if len(terms) > MAX_TERMS:
        raise StoryError(
            "function",
            f"f has {len(terms)} terms; the exercise works out at most {MAX_TERMS}",
        )
    return ExerciseStory(
        title=title,
        function=expression,
        terms=terms,
        solutions=(term_by_term(terms, "x"), term_by_term(terms, "y")),
    )
