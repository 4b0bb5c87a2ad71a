"""Safe parsing of formula strings into sympy expressions, without ``eval``.

User text (a lecture file, the command line) is parsed with Python's :mod:`ast` and the
sympy tree is built node by node from a whitelist: numbers, ``+ - * / **`` (``^`` is
accepted as a power), unary minus, the given variables, ``pi`` and ``E``, and a few
named functions. ``eval``, ``sympify`` and ``parse_expr`` never see the text.
:func:`as_text` writes an expression back the way a formula string would.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeAlias

import sympy

__all__ = [
    "compact",
    "CONSTANTS",
    "FUNCTIONS",
    "REFUSED_SYNTAX",
    "MAX_BITS",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_NODES",
    "VARIABLES",
    "ExpressionError",
    "Formula",
    "as_expression",
    "as_text",
    "exact",
    "parse_expression",
    "symbols",
    "syntax_tree",
    "variable_names",
]

#: Longest formula accepted, in characters.
MAX_LENGTH = 500
#: Largest syntax tree accepted, in :mod:`ast` nodes.
MAX_NODES = 300
#: Largest absolute value of a numeric exponent.
MAX_EXPONENT = 1000
#: Largest size, in bits, of a number computed from a numeric power.
MAX_BITS = 4096
#: Largest absolute value of a constant part (``pi^1000`` is past what a float holds).
MAX_MAGNITUDE = 1e300

#: Named functions a formula may call (each takes one argument).
FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "Abs": sympy.Abs,
}

#: Named constants a formula may use.
CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "E": sympy.E}

#: What mathviz functions accept as a function: a formula string or a sympy expression.
Formula: TypeAlias = str | sympy.Expr

#: The variables of a function of the plane: x (east-west), then y (north-south).
VARIABLES = ("x", "y")

_OPERATORS: dict[type[ast.operator], Callable[[sympy.Expr, sympy.Expr], sympy.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}

REFUSED_SYNTAX: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Lambda: "lambda",
    ast.Compare: "comparison",
    ast.BoolOp: "boolean operator",
    ast.IfExp: "conditional expression",
    ast.Tuple: "tuple",
    ast.List: "list",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.Starred: "starred expression",
    ast.NamedExpr: "assignment",
    ast.JoinedStr: "f-string",
    ast.ListComp: "comprehension",
    ast.GeneratorExp: "comprehension",
}
"""Python syntax a formula may not hold, as a refusal names it."""

_NOT_REAL = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ExpressionError(ValueError):
    """A formula that is not allowed; the message names the offending part."""


def variable_names(variables: str | Iterable[str]) -> tuple[str, ...]:
    """Normalise variable names to a tuple and check them.

    Parameters
    ----------
    variables
        One name or a sequence of names.

    Returns
    -------
    tuple of str
        The names, in order.

    Raises
    ------
    ExpressionError
        If a name is not an identifier, is repeated, or is a function or constant name.

    Examples
    --------
    >>> variable_names("x")
    ('x',)
    >>> variable_names(["x", "y"])
    ('x', 'y')
    """
    names = (variables,) if isinstance(variables, str) else tuple(variables)
    for name in names:
        if not isinstance(name, str) or not name.isidentifier():
            raise ExpressionError(f"variable name {name!r} is not a valid identifier")
        if name in FUNCTIONS or name in CONSTANTS:
            raise ExpressionError(f"variable name {name!r} is reserved")
    if len(set(names)) != len(names):
        raise ExpressionError(f"variable names {names} are repeated")
    return names


def symbols(variables: str | Iterable[str]) -> tuple[sympy.Symbol, ...]:
    """Return the real sympy symbols that mathviz uses for the given names.

    Examples
    --------
    >>> symbols(("x", "y"))
    (x, y)
    >>> symbols("x")[0].is_real
    True
    """
    return tuple(sympy.Symbol(name, real=True) for name in variable_names(variables))


def parse_expression(text: str, variables: str | Iterable[str] = ("x",)) -> sympy.Expr:
    """Parse a formula string into a sympy expression, safely.

    Parameters
    ----------
    text
        The formula, for example ``"x^3 - 3*x"``. Allowed: numbers, ``+ - * / **``
        (``^`` means power), unary minus, parentheses, the given variables, ``pi``,
        ``E`` and the functions in :data:`FUNCTIONS`.
    variables
        The variable names the formula may use. They become real sympy symbols.

    Returns
    -------
    sympy.Expr
        The expression (symbols are real, decimals become exact rationals).

    Raises
    ------
    ExpressionError
        If the text is too long or too large, is not valid syntax, uses anything outside
        the whitelist, has an exponent or number that is too large, or is not a finite
        real value (for example ``1/0``). The message names the offending part.

    Examples
    --------
    >>> parse_expression("x^3 - 3*x")
    x**3 - 3*x
    >>> parse_expression("x*y^2 + 0.5*sin(y)", ("x", "y"))
    x*y**2 + sin(y)/2
    >>> parse_expression("x.real")
    Traceback (most recent call last):
    ...
    mathviz.expressions.ExpressionError: attribute access not allowed in 'x.real'
    """
    if not isinstance(text, str):
        raise ExpressionError(f"a formula must be a string, not {type(text).__name__}")
    return _parse(text, variable_names(variables))


@lru_cache(maxsize=512)
def _parse(text: str, names: tuple[str, ...]) -> sympy.Expr:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"formula is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    source = text.strip().replace("^", "**")
    tree = syntax_tree(text, source)
    return _Builder(source, names, caret="^" in text).build(tree.body)


def syntax_tree(text: str, source: str) -> ast.Expression:
    """The :mod:`ast` tree of ``source`` (``text`` as Python reads it), size-checked.

    Raises
    ------
    ExpressionError
        If ``text`` is empty, ``source`` is not valid syntax (the message shows
        ``text``) or its tree has more than :data:`MAX_NODES` nodes.
    """
    if not text.strip():
        raise ExpressionError("formula is empty")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        detail = getattr(error, "msg", None) or str(error) or type(error).__name__
        column = getattr(error, "offset", None)
        where = f" at column {column}" if column else ""
        raise ExpressionError(
            f"cannot parse formula {_shorten(text)!r}: {detail}{where} "
            "(write products with '*', for example 2*x)"
        ) from None
    size = sum(1 for _ in ast.walk(tree))
    if size > MAX_NODES:
        raise ExpressionError(f"formula has {size} parts; the limit is {MAX_NODES}")
    return tree


class _Builder:
    """Turns a whitelisted :mod:`ast` tree into a sympy expression."""

    def __init__(self, source: str, names: tuple[str, ...], caret: bool) -> None:
        self.source = source
        self.caret = caret
        self.names = dict(zip(names, symbols(names), strict=True))

    def part(self, node: ast.AST) -> str:
        segment = ast.get_source_segment(self.source, node) or type(node).__name__
        return _shorten(segment.replace("**", "^") if self.caret else segment)

    def fail(self, node: ast.AST, problem: str) -> ExpressionError:
        return ExpressionError(f"{problem} in {self.part(node)!r}")

    def build(self, node: ast.AST) -> sympy.Expr:
        match node:
            case ast.Constant(value=bool() | complex() | str() | bytes() | None):
                raise self.fail(
                    node, f"{type(node.value).__name__} constant not allowed"
                )
            case ast.Constant(value=int() | float() as value):
                if not math.isfinite(value):
                    raise self.fail(node, "number too large")
                return sympy.Rational(repr(value))
            case ast.Name(id=name):
                return self.name(node, name)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -self.build(operand)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return self.build(operand)
            case ast.BinOp(left=left, op=op, right=right) if type(op) in _OPERATORS:
                base, other = self.build(left), self.build(right)
                if isinstance(op, ast.Pow):
                    self.check_power(node, base, other)
                return self.checked(node, _OPERATORS[type(op)](base, other))
            case ast.Call():
                return self.call(node)
            case ast.BinOp(op=op):
                raise self.fail(node, f"operator {type(op).__name__} not allowed")
        description = REFUSED_SYNTAX.get(type(node), type(node).__name__)
        raise self.fail(node, f"{description} not allowed")

    def name(self, node: ast.AST, name: str) -> sympy.Expr:
        if name in self.names:
            return self.names[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        allowed = ", ".join([*self.names, *CONSTANTS])
        if name in FUNCTIONS:
            raise self.fail(node, f"function {name!r} used without an argument")
        raise ExpressionError(f"unknown name {name!r}; allowed names: {allowed}")

    def call(self, node: ast.Call) -> sympy.Expr:
        allowed = f"allowed functions: {', '.join(FUNCTIONS)}"
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, f"only named functions may be called ({allowed})")
        if node.func.id not in FUNCTIONS:
            raise self.fail(node, f"unknown function {node.func.id!r} ({allowed})")
        if node.keywords or len(node.args) != 1:
            raise self.fail(node, f"{node.func.id} takes exactly one argument")
        return self.checked(node, FUNCTIONS[node.func.id](self.build(node.args[0])))

    def check_power(
        self, node: ast.AST, base: sympy.Expr, exponent: sympy.Expr
    ) -> None:
        if not exponent.is_Number:
            return
        if abs(exponent) > MAX_EXPONENT:
            raise self.fail(
                node, f"exponent {exponent} is too large (the limit is {MAX_EXPONENT})"
            )
        if base.is_Rational:
            bits = max(abs(base.p).bit_length(), base.q.bit_length()) * abs(exponent)
            if bits > MAX_BITS:
                raise self.fail(node, "number too large")

    def checked(self, node: ast.AST, value: sympy.Expr) -> sympy.Expr:
        if value.has(*_NOT_REAL):
            raise self.fail(node, "not a finite number (division by zero?)")
        if not value.free_symbols:
            if value.is_extended_real is False:
                raise self.fail(node, "not a real number")
            size = abs(value) if value.is_Rational else abs(value.evalf(5))
            if size > MAX_MAGNITUDE:
                raise self.fail(node, "number too large")
        return value


def as_expression(f: Formula, variables: str | Iterable[str] = ("x",)) -> sympy.Expr:
    """Return ``f`` as a sympy expression in mathviz's real symbols.

    Parameters
    ----------
    f
        A formula string (parsed by :func:`parse_expression`) or a sympy expression.
    variables
        The variable names. Symbols of ``f`` with these names are replaced by the real
        symbols of :func:`symbols`, so ``sympy.Symbol("x")`` and a parsed ``x`` agree.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> as_expression(x**2) == parse_expression("x^2")
    True
    """
    names = variable_names(variables)
    if isinstance(f, str):
        return parse_expression(f, names)
    if not isinstance(f, sympy.Expr):
        raise TypeError(
            f"expected a formula string or a sympy expression, not {type(f).__name__}"
        )
    real = dict(zip(names, symbols(names), strict=True))
    return f.xreplace({s: real[s.name] for s in f.free_symbols if s.name in real})


def compact(expression: sympy.Expr) -> sympy.Expr:
    """The shortest to print of ``expression``, its factored and its expanded form.

    All three are equal; a formula on screen reads best in the shortest.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> compact(-2 * x**2 * sympy.exp(-(x**2)) + sympy.exp(-(x**2)))
    -(2*x**2 - 1)*exp(-x**2)
    """
    forms = [expression, sympy.factor(expression), sympy.expand(expression)]
    return min(forms, key=lambda form: len(sympy.sstr(form)))


def exact(values: Iterable[float]) -> tuple[sympy.Expr, ...]:
    """Decimals as the exact rationals they print as (0.3 is 3/10).

    Examples
    --------
    >>> exact((1.0, -0.25))
    (1, -1/4)
    """
    return tuple(sympy.nsimplify(value, rational=True) for value in values)


def as_text(expression: sympy.Expr) -> str:
    """A formula as a formula string writes it, for messages: ``x^3/3 - x``.

    :func:`parse_expression` reads it back.

    Examples
    --------
    >>> as_text(sympy.Symbol("x") ** 3 / 3), as_text(abs(sympy.Symbol("x")))
    ('x^3/3', 'abs(x)')
    """
    return sympy.sstr(expression).replace("**", "^").replace("Abs(", "abs(")
