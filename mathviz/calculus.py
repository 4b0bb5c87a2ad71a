"""Exact derivatives, gradients and Jacobians (sympy), evaluated through cached numpy code.

Every function accepts a formula string (parsed safely by
:func:`mathviz.expressions.parse_expression`) or a sympy expression. Symbolic results come
from sympy; numbers come from :func:`numeric`, which turns an expression into a vectorised
numpy function once (``sympy.lambdify``) and caches it. A :class:`Function` carries an
expression with its variables, its numpy code and its derivative, as one value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, SupportsFloat, cast, overload

import numpy as np
import numpy.typing as npt
import sympy
from sympy.printing.numpy import NumPyPrinter

from mathviz.expressions import Formula, as_expression, symbols, variable_names

__all__ = [
    "Function",
    "NumericFunction",
    "NumericVectorFunction",
    "TangentLine",
    "TermByTerm",
    "TermStep",
    "derivative",
    "difference_quotient",
    "gradient",
    "jacobian",
    "numeric",
    "numeric_vector",
    "partial_derivatives",
    "tangent_line",
    "term_by_term",
]

#: A vectorised function: floats or broadcastable arrays in, a float or an array out.
NumericFunction = Callable[..., float | np.ndarray]

#: A vectorised function of several components: an array of shape ``(m, *shape)`` out.
NumericVectorFunction = Callable[..., np.ndarray]


def numeric(f: Formula, variables: str | Iterable[str] = ("x",)) -> NumericFunction:
    """Return a cached, vectorised numpy function evaluating ``f``.

    Parameters
    ----------
    f
        Formula string or sympy expression.
    variables
        Names of the arguments, in order.

    Returns
    -------
    callable
        ``g(*values)``: each value a float or an array; the arguments broadcast together
        and the result has their broadcast shape, also when ``f`` is a constant. All
        scalar arguments give a Python float.

    Examples
    --------
    >>> g = numeric("x^2 + y", ("x", "y"))
    >>> g(3.0, 1.0)
    10.0
    >>> numeric("7")(np.zeros(3))
    array([7., 7., 7.])
    """
    names = variable_names(variables)
    return _numeric(as_expression(f, names), names)


@lru_cache(maxsize=1024)
def _numeric(expr: sympy.Expr, names: tuple[str, ...]) -> NumericFunction:
    compiled = _compile(expr, names)

    def evaluate(*values: npt.ArrayLike) -> float | np.ndarray:
        arguments, shape = _arguments(values)
        result = compiled(*arguments)
        if not shape:
            return float(result)
        return np.array(np.broadcast_to(result, shape), dtype=float)

    return evaluate


def numeric_vector(
    fs: Iterable[Formula], variables: str | Iterable[str] = ("x",)
) -> NumericVectorFunction:
    """Return a cached, vectorised numpy function evaluating several formulas at once.

    Parameters
    ----------
    fs
        Formula strings or sympy expressions (m of them).
    variables
        Names of the arguments, in order.

    Returns
    -------
    callable
        ``g(*values)`` returning an array of shape ``(m, *broadcast shape)``.

    Examples
    --------
    >>> numeric_vector(["2*x*y", "x^2"], ("x", "y"))(1.0, 3.0)
    array([6., 1.])
    """
    names = variable_names(variables)
    return _numeric_vector(tuple(as_expression(f, names) for f in fs), names)


@lru_cache(maxsize=1024)
def _numeric_vector(
    exprs: tuple[sympy.Expr, ...], names: tuple[str, ...]
) -> NumericVectorFunction:
    compiled = _compile(list(exprs), names)

    def evaluate(*values: npt.ArrayLike) -> np.ndarray:
        arguments, shape = _arguments(values)
        parts = compiled(*arguments)
        if not shape:
            return np.array(parts, dtype=float)
        return np.array([np.broadcast_to(part, shape) for part in parts], dtype=float)

    return evaluate


def _compile(
    expr: sympy.Expr | list[sympy.Expr], names: tuple[str, ...]
) -> Callable[..., Any]:
    """Lambdify with numpy's printer and only ``numpy`` in the namespace.

    The code is what ``modules="numpy"`` writes (``numpy.sin(x)``, ...), without the
    import of numpy's whole namespace that costs a third of a second on first use.

    Raises
    ------
    ValueError
        If the expression holds a function numpy cannot evaluate (``DiracDelta``).
    """
    try:
        return sympy.lambdify(
            symbols(names), expr, modules=[{"numpy": np}], printer=NumPyPrinter
        )
    except NotImplementedError as error:  # DiracDelta, the derivative of abs
        unsupported = str(error).splitlines()[0].rpartition(": ")[2]
        raise ValueError(
            f"{sympy.sstr(expr)} has no numeric value ({unsupported} cannot be "
            "evaluated)"
        ) from None


def _arguments(
    values: Sequence[npt.ArrayLike],
) -> tuple[list[np.float64] | list[np.ndarray], tuple[int, ...]]:
    """Return the arguments as float64 scalars (fast) or arrays, and their broadcast shape."""
    if all(np.ndim(value) == 0 for value in values):
        # 0-d: Python or numpy scalars, or 0-d arrays, all of which have __float__.
        return [np.float64(cast(SupportsFloat, value)) for value in values], ()
    arrays = [np.asarray(value, dtype=float) for value in values]
    return arrays, np.broadcast_shapes(*(array.shape for array in arrays))


def _at_points(
    function: NumericVectorFunction, at: npt.ArrayLike, n: int
) -> np.ndarray:
    """Evaluate a vector function at points of shape ``(..., n)``; components go last."""
    points = np.asarray(at, dtype=float)
    if points.shape[-1:] != (n,):
        raise ValueError(
            f"expected points with {n} coordinates, got shape {points.shape}"
        )
    return np.moveaxis(function(*np.moveaxis(points, -1, 0)), 0, -1)


def derivative(f: Formula, var: str = "x") -> sympy.Expr:
    """Return the exact derivative of ``f`` with respect to ``var``.

    Parameters
    ----------
    f
        Formula string in ``var`` alone, or a sympy expression (other symbols are held
        constant).
    var
        The variable name.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> derivative("x^3 - 3*x")
    3*x**2 - 3
    """
    (symbol,) = symbols(var)
    return sympy.diff(as_expression(f, var), symbol)


@dataclass(frozen=True)
class Function:
    """A function as a value: exact in its variables, evaluated by compiled numpy code.

    Calling it evaluates the expression (floats or broadcastable arrays in, as for
    :func:`numeric`); the numpy code and the derivative are made once, when first
    used, and kept.

    Attributes
    ----------
    expression
        The function (sympy).
    variables
        The names of its arguments, in order.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> f = Function(x**3 - 3 * x)
    >>> f(2.0), f.derivative(2.0), f.derivative.expression
    (2.0, 9.0, 3*x**2 - 3)
    >>> Function(x * y, ("x", "y"))(np.array([1.0, 2.0]), 3.0)
    array([3., 6.])
    """

    expression: sympy.Expr
    variables: tuple[str, ...] = ("x",)

    def __call__(self, *values: npt.ArrayLike) -> float | np.ndarray:
        """Evaluate the function at ``values``, one per variable."""
        return self._evaluate(*values)

    @cached_property
    def _evaluate(self) -> NumericFunction:
        return numeric(self.expression, self.variables)

    @cached_property
    def derivative(self) -> Function:
        """The exact derivative, as a function value (one variable only).

        Raises
        ------
        ValueError
            If the function has several variables (take partial derivatives).
        """
        if len(self.variables) != 1:
            raise ValueError(
                f"{sympy.sstr(self.expression)} has the variables {self.variables}; "
                "a derivative needs exactly one"
            )
        return Function(derivative(self.expression, self.variables[0]), self.variables)


def difference_quotient(f: Formula, x0: float, h: float, var: str = "x") -> float:
    """Return the forward difference quotient ``(f(x0 + h) - f(x0)) / h``.

    This is the slope of the secant through ``x0`` and ``x0 + h``.

    Parameters
    ----------
    f
        Formula string in ``var`` or a sympy expression in ``var``.
    x0
        The base point.
    h
        The step; must be non-zero.
    var
        The variable name.

    Returns
    -------
    float

    Examples
    --------
    >>> difference_quotient("x^2", 1.0, 0.5)
    2.5
    """
    if h == 0:
        raise ValueError("the step h of a difference quotient must be non-zero")
    value = numeric(f, var)
    return float((value(x0 + h) - value(x0)) / h)


@dataclass(frozen=True)
class TangentLine:
    """The tangent line ``y = y0 + slope * (x - x0)`` to a curve at ``x0``.

    Attributes
    ----------
    x0, y0
        The point of tangency.
    slope
        The exact derivative at ``x0``.
    """

    x0: float
    y0: float
    slope: float

    def at(self, x: npt.ArrayLike) -> float | np.ndarray:
        """Return the line's height at ``x`` (a float or an array of any shape)."""
        values = self.y0 + self.slope * (np.asarray(x, dtype=float) - self.x0)
        return float(values) if values.ndim == 0 else values


def tangent_line(f: Formula, x0: float, var: str = "x") -> TangentLine:
    """Return the tangent line to ``y = f(x)`` at ``x0``, with the exact slope.

    Examples
    --------
    >>> line = tangent_line("x^2", 3.0)
    >>> line.x0, line.y0, line.slope
    (3.0, 9.0, 6.0)
    >>> line.at(np.array([0.0, 1.0]))
    array([-9., -3.])
    """
    expr = as_expression(f, var)
    return TangentLine(
        x0=float(x0),
        y0=float(numeric(expr, var)(x0)),
        slope=float(numeric(derivative(expr, var), var)(x0)),
    )


def partial_derivatives(
    f: Formula, variables: str | Iterable[str]
) -> dict[str, sympy.Expr]:
    """Return the exact partial derivative of ``f`` with respect to each variable.

    Examples
    --------
    >>> partial_derivatives("x*y^2 + x^3", ("x", "y"))
    {'x': 3*x**2 + y**2, 'y': 2*x*y}
    """
    names = variable_names(variables)
    expr = as_expression(f, names)
    return {
        name: sympy.diff(expr, symbol)
        for name, symbol in zip(names, symbols(names), strict=True)
    }


@overload
def gradient(
    f: Formula, variables: str | Iterable[str], at: None = None
) -> tuple[sympy.Expr, ...]: ...
@overload
def gradient(
    f: Formula, variables: str | Iterable[str], at: npt.ArrayLike
) -> np.ndarray: ...
@overload
def gradient(
    f: Formula, variables: str | Iterable[str], at: npt.ArrayLike | None = None
) -> tuple[sympy.Expr, ...] | np.ndarray: ...
def gradient(
    f: Formula, variables: str | Iterable[str], at: npt.ArrayLike | None = None
) -> tuple[sympy.Expr, ...] | np.ndarray:
    """Return the gradient of ``f``: symbolic, or evaluated at points.

    Parameters
    ----------
    f
        Formula string or sympy expression.
    variables
        The variable names, in order (n of them).
    at
        Optional point of shape ``(n,)``, or points of shape ``(..., n)``.

    Returns
    -------
    tuple of sympy.Expr or numpy.ndarray
        Without ``at``, the n partial derivatives. With ``at``, an array of shape
        ``(..., n)``: the gradient at each point.

    Examples
    --------
    >>> gradient("x^2 + 3*y", ("x", "y"))
    (2*x, 3)
    >>> gradient("x^2 + 3*y", ("x", "y"), at=(1.0, 5.0))
    array([2., 3.])
    """
    names = variable_names(variables)
    partials = tuple(partial_derivatives(f, names).values())
    if at is None:
        return partials
    return _at_points(numeric_vector(partials, names), at, len(names))


@overload
def jacobian(
    fs: Iterable[Formula], variables: str | Iterable[str], at: None = None
) -> sympy.Matrix: ...
@overload
def jacobian(
    fs: Iterable[Formula], variables: str | Iterable[str], at: npt.ArrayLike
) -> np.ndarray: ...
@overload
def jacobian(
    fs: Iterable[Formula],
    variables: str | Iterable[str],
    at: npt.ArrayLike | None = None,
) -> sympy.Matrix | np.ndarray: ...
def jacobian(
    fs: Iterable[Formula],
    variables: str | Iterable[str],
    at: npt.ArrayLike | None = None,
) -> sympy.Matrix | np.ndarray:
    """Return the Jacobian matrix of the functions ``fs``: symbolic, or evaluated.

    Parameters
    ----------
    fs
        The m component functions (formula strings or sympy expressions).
    variables
        The n variable names, in order.
    at
        Optional point of shape ``(n,)``, or points of shape ``(..., n)``.

    Returns
    -------
    sympy.Matrix or numpy.ndarray
        Without ``at``, the m x n matrix of partial derivatives ``d f_i / d x_j``.
        With ``at``, an array of shape ``(..., m, n)``.

    Examples
    --------
    >>> jacobian(["x^2*y", "5*x + sin(y)"], ("x", "y"))
    Matrix([
    [2*x*y,   x**2],
    [    5, cos(y)]])
    >>> jacobian(["x^2*y", "5*x + sin(y)"], ("x", "y"), at=(1.0, 0.0))
    array([[0., 1.],
           [5., 1.]])
    """
    names = variable_names(variables)
    exprs = [as_expression(f, names) for f in fs]
    matrix = sympy.Matrix(exprs).jacobian(symbols(names))
    if at is None:
        return matrix
    m, n = matrix.shape
    values = _at_points(numeric_vector(list(matrix), names), at, n)
    return values.reshape(*values.shape[:-1], m, n)


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
        One step per term, in the order given.
    result
        The partial derivative, the sum of the steps' derivatives.
    """

    variable: str
    steps: tuple[TermStep, ...]
    result: sympy.Expr


def term_by_term(terms: Iterable[sympy.Expr], variable: str = "x") -> TermByTerm:
    """Return the derivative of a sum of ``terms`` by ``variable``, one term at a time.

    Each term is split into a factor free of the variable, held constant, and the
    factor that varies; only the latter is differentiated. Other symbols are held
    constant.

    Examples
    --------
    >>> x, y = symbols(("x", "y"))
    >>> working = term_by_term([3 * x**2 * y, x], "x")
    >>> [(step.constant, step.varying, step.derivative) for step in working.steps]
    [(3*y, x**2, 6*x*y), (1, x, 1)]
    >>> working.result
    6*x*y + 1
    """
    (symbol,) = symbols(variable)
    steps = []
    for term in (as_expression(t, variable) for t in terms):
        constant, varying = term.as_independent(symbol, as_Add=False)
        steps.append(
            TermStep(term, constant, varying, constant * sympy.diff(varying, symbol))
        )
    return TermByTerm(
        variable=variable,
        steps=tuple(steps),
        result=sympy.Add(*(step.derivative for step in steps)),
    )
