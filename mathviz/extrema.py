"""Exact critical points of a one-variable function, classified as max or min."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import sympy

from mathviz.calculus import derivative
from mathviz.expressions import Formula, as_expression, symbols

__all__ = ["MAX_ORDER", "CriticalPoint", "Kind", "critical_points"]

#: What a critical point is: a local maximum, a local minimum, or neither (x^3 at 0).
Kind = Literal["maximum", "minimum", "neither"]

#: Highest derivative order the classification looks at before giving up.
MAX_ORDER = 24


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the derivative vanishes, with its exact coordinates.

    Attributes
    ----------
    x
        The exact location (a sympy number such as ``-1``, ``pi/2`` or a ``CRootOf``).
    y
        The exact value ``f(x)``.
    kind
        ``"maximum"`` or ``"minimum"`` for a strict local extremum, else ``"neither"``.
    """

    x: sympy.Expr
    y: sympy.Expr
    kind: Kind

    @property
    def point(self) -> tuple[float, float]:
        """The coordinates ``(x, f(x))`` as floats, for drawing."""
        return float(self.x), float(self.y)


def critical_points(
    f: Formula,
    interval: tuple[float | sympy.Expr, float | sympy.Expr],
    var: str = "x",
) -> tuple[CriticalPoint, ...]:
    """Return the exact critical points of ``f`` in a closed interval, classified.

    The critical points are the solutions of f'(x) = 0 in ``[a, b]``: when f' is a
    polynomial with rational coefficients, its real roots (sympy's ``real_roots``:
    integers, rationals, radicals, or ``CRootOf`` where radicals would need complex
    numbers), otherwise sympy's ``solveset``. Each is classified by the first
    derivative of order n >= 2 that does not vanish there: for even n it is a
    minimum if that derivative is positive and a maximum if negative; for odd n it
    is neither (the second-derivative test, extended to points where f'' = 0, like
    x^4 or x^3 at 0).

    Parameters
    ----------
    f
        A formula string in ``var`` or a sympy expression.
    interval
        The closed interval ``(a, b)`` with ``a < b``; floats are read as the exact
        decimals they print as (``0.1`` is 1/10), sympy numbers such as ``pi`` stay
        exact.
    var
        The variable name.

    Returns
    -------
    tuple of CriticalPoint
        In increasing order of ``x``; empty if f' has no zero in the interval.

    Raises
    ------
    ValueError
        If the interval is not a pair ``a < b`` of real numbers, if f is constant on a
        stretch of it, or if sympy cannot list the zeros of f' there exactly or decide
        the sign of a derivative at one of them.

    Examples
    --------
    >>> for point in critical_points("x^3 - 3*x", (-3, 3)):
    ...     print(point)
    CriticalPoint(x=-1, y=2, kind='maximum')
    CriticalPoint(x=1, y=-2, kind='minimum')
    >>> critical_points("x^3", (-1, 1))
    (CriticalPoint(x=0, y=0, kind='neither'),)
    >>> [p.x for p in critical_points("sin(x)", (0, 2 * sympy.pi))]
    [pi/2, 3*pi/2]
    """
    expr = as_expression(f, var)
    (symbol,) = symbols(var)
    a, b = _interval(interval)
    slope = derivative(expr, var)
    if slope.is_zero:
        raise ValueError(f"f = {expr} is constant: every point is critical")
    zeros = _zeros(slope, symbol, a, b)
    return tuple(
        CriticalPoint(
            x=x0,
            y=sympy.simplify(expr.subs(symbol, x0)),
            kind=_classify(slope, symbol, x0),
        )
        for x0 in zeros
    )


def _interval(interval: Iterable[float | sympy.Expr]) -> tuple[sympy.Expr, sympy.Expr]:
    ends = tuple(sympy.nsimplify(end, rational=True) for end in interval)
    if len(ends) != 2 or not all(end.is_real and end.is_finite for end in ends):
        raise ValueError(f"interval must be two finite real numbers, got {interval}")
    a, b = ends
    if not a < b:
        raise ValueError(f"interval must be (a, b) with a < b, got ({a}, {b})")
    return a, b


def _zeros(
    slope: sympy.Expr, symbol: sympy.Symbol, a: sympy.Expr, b: sympy.Expr
) -> list[sympy.Expr]:
    """The distinct zeros of the slope in [a, b], exact, in increasing order."""
    if slope.is_polynomial(symbol):
        polynomial = sympy.Poly(slope, symbol)
        if polynomial.domain in (sympy.ZZ, sympy.QQ):
            # exact even where radicals fail (three real roots of a cubic)
            roots = set(polynomial.real_roots())
            return sorted((r for r in roots if a <= r <= b), key=float)
    zeros = sympy.solveset(slope, symbol, sympy.Interval(a, b))
    if isinstance(zeros, sympy.Interval):
        raise ValueError(f"f is constant on {zeros}: every point there is critical")
    if not zeros.is_finite_set:
        raise ValueError(
            f"cannot list the zeros of f' = {slope} on [{a}, {b}] exactly "
            f"(sympy gives {zeros}); choose another function or interval"
        )
    return sorted(zeros, key=float)


def _classify(slope: sympy.Expr, symbol: sympy.Symbol, x0: sympy.Expr) -> Kind:
    higher = slope
    for order in range(2, MAX_ORDER + 1):
        higher = sympy.diff(higher, symbol)
        value = sympy.simplify(higher.subs(symbol, x0))
        if value.is_zero:
            continue
        if value.is_zero is False and order % 2:
            return "neither"
        if value.is_positive:
            return "minimum"
        if value.is_negative:
            return "maximum"
        break
    raise ValueError(
        f"cannot decide whether the critical point x = {x0} is a maximum or a "
        f"minimum of the function with derivative {slope}"
    )
