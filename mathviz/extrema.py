"""Exact critical points of a one-variable function, classified as max or min.

The search is bounded, so that no formula makes it run long: polynomials up to
degree :data:`MAX_DEGREE`, at most :data:`MAX_POINTS` critical points in the
interval (counted numerically before sympy lists them exactly).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from mathviz.calculus import derivative, numeric
from mathviz.expressions import Formula, as_expression, symbols

__all__ = [
    "MAX_DEGREE",
    "MAX_ORDER",
    "MAX_POINTS",
    "CriticalPoint",
    "Kind",
    "TooManyCriticalPoints",
    "critical_points",
    "polynomial_degree",
]

#: What a critical point is: a local maximum, a local minimum, or neither (x^3 at 0).
Kind = Literal["maximum", "minimum", "neither"]

#: Highest derivative order the classification looks at before giving up.
MAX_ORDER = 24
#: Highest degree of a polynomial whose critical points are listed (every one of
#: them is then classified within :data:`MAX_ORDER` derivatives).
MAX_DEGREE = MAX_ORDER
#: Most critical points listed in one interval.
MAX_POINTS = 20
#: Points at which f' is sampled to count its sign changes, before solving exactly.
SCAN_SAMPLES = 4001


class TooManyCriticalPoints(ValueError):
    """f' changes sign more than :data:`MAX_POINTS` times in the interval."""


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
    TooManyCriticalPoints
        If f' changes sign more than :data:`MAX_POINTS` times in the interval
        (counted on :data:`SCAN_SAMPLES` points before any exact work).
    ValueError
        If the interval is not a pair ``a < b`` of real numbers, if f is a
        polynomial of degree above :data:`MAX_DEGREE`, if f is constant on a
        stretch of the interval, or if sympy cannot list the zeros of f' there
        exactly or decide the sign of a derivative at one of them.

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
    return _critical_points(as_expression(f, var), *_interval(interval), var)


@functools.lru_cache(maxsize=64)
def _critical_points(
    expr: sympy.Expr, a: sympy.Expr, b: sympy.Expr, var: str
) -> tuple[CriticalPoint, ...]:
    (symbol,) = symbols(var)
    degree = polynomial_degree(expr, var)
    if degree is not None and degree > MAX_DEGREE:
        raise ValueError(
            f"f is a polynomial of degree {degree}; critical points are listed for "
            f"degrees up to {MAX_DEGREE}"
        )
    slope = derivative(expr, var)
    if slope.is_zero:
        raise ValueError(f"f = {expr} is constant: every point is critical")
    _count_sign_changes(slope, var, a, b)
    zeros = _zeros(slope, symbol, a, b)
    if len(zeros) > MAX_POINTS:
        raise _too_many(a, b)
    return tuple(
        CriticalPoint(
            x=x0, y=_value(expr, symbol, x0), kind=_classify(slope, symbol, x0)
        )
        for x0 in zeros
    )


_SIMPLIFY_OPS = 20
"""Operations up to which f's value at a critical point is simplified."""


def _value(expr: sympy.Expr, symbol: sympy.Symbol, x0: sympy.Expr) -> sympy.Expr:
    """f(x0), simplified when it is short.

    A long closed form (a polynomial's root without radicals, nested arctangents)
    is kept as sympy gives it: simplifying it takes seconds and seldom helps.
    """
    value = expr.subs(symbol, x0)
    return sympy.simplify(value) if sympy.count_ops(value) <= _SIMPLIFY_OPS else value


def polynomial_degree(f: Formula, var: str = "x") -> int | None:
    """The degree of ``f`` as a polynomial in ``var``, or ``None`` if it is not one.

    Read from the expression's shape, without expanding it: ``(x + 1)^999`` has
    degree 999 however long its expansion. Terms that cancel are counted.

    Examples
    --------
    >>> polynomial_degree("(x + 1)^3 * x - 2"), polynomial_degree("sin(x)")
    (4, None)
    """
    (symbol,) = symbols(var)
    expr = as_expression(f, var)

    def degree(node: sympy.Expr) -> int | None:
        if not node.has(symbol):
            return 0
        if node == symbol:
            return 1
        if node.is_Add or node.is_Mul:
            parts = [degree(arg) for arg in node.args]
            if any(part is None for part in parts):
                return None
            known = [part for part in parts if part is not None]
            return max(known) if node.is_Add else sum(known)
        if node.is_Pow and node.exp.is_Integer and node.exp >= 0:
            inner = degree(node.base)
            return None if inner is None else inner * int(node.exp)
        return None

    return degree(expr)


def _count_sign_changes(
    slope: sympy.Expr, var: str, a: sympy.Expr, b: sympy.Expr
) -> None:
    """Check that f' changes sign at most :data:`MAX_POINTS` times in [a, b].

    f' is sampled at :data:`SCAN_SAMPLES` points, evenly spread but each moved by
    a fixed random fraction of the spacing, so that no periodic f' (sin(10^6 x))
    can hide between the samples.

    Raises
    ------
    TooManyCriticalPoints
        If it changes sign more often.
    """
    low, high = float(a), float(b)
    spacing = (high - low) / (SCAN_SAMPLES - 1)
    jitter = np.random.default_rng(0).uniform(-0.4, 0.4, SCAN_SAMPLES)
    jitter[[0, -1]] = 0.0
    xs = np.linspace(low, high, SCAN_SAMPLES) + jitter * spacing
    try:
        with np.errstate(all="ignore"):
            values = np.asarray(numeric(slope, var)(xs), dtype=float)
    except (TypeError, ValueError, NameError):  # not numeric everywhere: no count
        return
    signs = np.sign(values[np.isfinite(values) & (values != 0)])
    if np.count_nonzero(signs[1:] != signs[:-1]) > MAX_POINTS:
        raise _too_many(a, b)


def _too_many(a: sympy.Expr, b: sympy.Expr) -> TooManyCriticalPoints:
    return TooManyCriticalPoints(
        f"f has more than {MAX_POINTS} critical points in [{float(a):g}, {float(b):g}]"
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
            f"sympy cannot list the zeros of f' = {slope} on "
            f"[{float(a):g}, {float(b):g}] exactly"
        )
    return sorted(zeros, key=float)


def _classify(slope: sympy.Expr, symbol: sympy.Symbol, x0: sympy.Expr) -> Kind:
    higher = slope
    for order in range(2, MAX_ORDER + 1):
        higher = sympy.diff(higher, symbol)
        sign = _sign(higher.subs(symbol, x0))
        if sign == 0:
            continue
        if sign is not None and order % 2:
            return "neither"
        if sign == 1:
            return "minimum"
        if sign == -1:
            return "maximum"
        break
    raise ValueError(
        f"cannot decide whether the critical point x = {x0} is a maximum or a "
        f"minimum of the function with derivative {slope}"
    )


def _sign(value: sympy.Expr) -> int | None:
    """The sign of an exact number (1, -1 or 0), or ``None`` if sympy cannot tell.

    Thirty digits decide it when the number is clearly away from 0 (cheap); only
    a number that looks like 0 is simplified, to tell 0 from a tiny number.
    """
    approx = value.evalf(30)
    if approx.is_comparable and abs(approx) > 1e-20:
        return 1 if approx > 0 else -1
    exact = sympy.simplify(value)
    if exact.is_zero:
        return 0
    if exact.is_positive:
        return 1
    if exact.is_negative:
        return -1
    return None
