"""Chapter 2, derivatives and partial derivatives: the numbers of its scenes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from mathviz.calculus import (
    NumericFunction,
    TangentLine,
    derivative,
    difference_quotient,
    numeric,
    partial_derivatives,
    tangent_line,
)
from mathviz.expressions import as_expression, symbols
from mathviz.extrema import CriticalPoint, critical_points

__all__ = [
    "VARIABLES",
    "ExerciseStory",
    "PartialStory",
    "SecantStory",
    "Slice",
    "TangentStory",
    "TermByTerm",
    "TermStep",
    "partial_exercise",
    "partial_slices",
    "secant_to_tangent",
    "tangent_slide",
]


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


#: The variables of the two-variable examples, in order.
VARIABLES = ("x", "y")


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

    function: sympy.Expr
    partials: tuple[sympy.Expr, sympy.Expr]
    point: tuple[sympy.Expr, sympy.Expr]
    value: sympy.Expr
    slopes: tuple[sympy.Expr, sympy.Expr]
    slices: tuple[Slice, Slice]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    z_range: tuple[float, float]

    @property
    def f(self) -> NumericFunction:
        """``f(x, y)`` as a vectorised numpy function."""
        return numeric(self.function, VARIABLES)


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


def partial_slices() -> PartialStory:
    """Return the numbers of ``PartialDerivatives``: f = x y^2 + x^3 at (1, -1).

    Examples
    --------
    >>> story = partial_slices()
    >>> story.partials, story.slopes
    ((3*x**2 + y**2, 2*x*y), (4, -2))
    """
    function = as_expression("x*y^2 + x^3", VARIABLES)
    point = (sympy.Integer(1), sympy.Integer(-1))
    x_range, y_range = (-1.5, 1.5), (-1.5, 1.5)
    partials = tuple(partial_derivatives(function, VARIABLES).values())
    exact = dict(zip(symbols(VARIABLES), point, strict=True))
    grid = np.meshgrid(np.linspace(*x_range, 61), np.linspace(*y_range, 61))
    values = numeric(function, VARIABLES)(*grid)
    return PartialStory(
        function=function,
        partials=partials,
        point=point,
        value=function.subs(exact),
        slopes=tuple(partial.subs(exact) for partial in partials),
        slices=(_slice(function, point, 0), _slice(function, point, 1)),
        x_range=x_range,
        y_range=y_range,
        z_range=(float(np.floor(values.min())), float(np.ceil(values.max()))),
    )


@dataclass(frozen=True)
class TermStep:
    """One term of a sum differentiated with respect to one variable.

    Attributes
    ----------
    term
        The term, ``constant * varying``.
    constant
        Its factor free of the variable: held constant, it comes out of the
        derivative.
    varying
        Its factor that depends on the variable (1 if none does).
    derivative
        The derivative of the term: ``constant * d(varying)``.
    """

    term: sympy.Expr
    constant: sympy.Expr
    varying: sympy.Expr
    derivative: sympy.Expr


@dataclass(frozen=True)
class TermByTerm:
    """A partial derivative of a sum, worked out one term at a time.

    Attributes
    ----------
    variable
        The variable differentiated by; the others are held constant.
    steps
        One step per term of the function, in the order the terms are printed.
    result
        The partial derivative, the sum of the steps' derivatives.
    """

    variable: str
    steps: tuple[TermStep, ...]
    result: sympy.Expr


@dataclass(frozen=True)
class ExerciseStory:
    """The slides' exercise: both partial derivatives of f, term by term.

    Attributes
    ----------
    function
        ``f`` (exact), in x and y.
    terms
        The terms of ``f`` in the order sympy prints them.
    solutions
        The partial derivative with respect to x, then y.
    """

    function: sympy.Expr
    terms: tuple[sympy.Expr, ...]
    solutions: tuple[TermByTerm, TermByTerm]


def _term_by_term(terms: tuple[sympy.Expr, ...], variable: str) -> TermByTerm:
    (symbol,) = symbols(variable)
    steps = []
    for term in terms:
        constant, varying = term.as_independent(symbol, as_Add=False)
        steps.append(
            TermStep(term, constant, varying, constant * sympy.diff(varying, symbol))
        )
    return TermByTerm(
        variable=variable,
        steps=tuple(steps),
        result=sympy.Add(*(step.derivative for step in steps)),
    )


def partial_exercise() -> ExerciseStory:
    """Return the numbers of ``PartialDerivativeExercise``: f = 3x^2 y + 2x y^2 + x.

    Examples
    --------
    >>> story = partial_exercise()
    >>> [solution.result for solution in story.solutions]
    [6*x*y + 2*y**2 + 1, 3*x**2 + 4*x*y]
    """
    function = as_expression("3*x^2*y + 2*x*y^2 + x", VARIABLES)
    terms = tuple(function.as_ordered_terms())
    return ExerciseStory(
        function=function,
        terms=terms,
        solutions=(_term_by_term(terms, "x"), _term_by_term(terms, "y")),
    )
